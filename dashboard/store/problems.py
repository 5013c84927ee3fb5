"""What is wrong with the data: one ``Problem`` per finding, ``DataError`` carrying all of them.

The cost of a bad file is bounded: ``Problems`` keeps at most ``KEPT_PER_FILE`` problems per file and only counts
the rest (``more``), so a 20 MB file of empty cells gives a thousand messages and a count, not millions of objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

KEPT_PER_FILE = 1000   # problems kept per file; the others are counted ("… and N more")
SHOWN = 20             # problems in the text of a DataError


@dataclass(frozen=True)
class Problem:
    """One problem in the data: renders as ``file:row: column: message (expected …)``.

    ``row`` is the line number in the file (the header is line 1); ``None`` for a problem with the whole file.
    ``column`` is ``None`` when the problem is not about one column.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}:" if self.row is not None else f"{self.file}:"
        text = f"{where} {self.column}: {self.message}" if self.column else f"{where} {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class Problems(list):
    """A list of problems that keeps at most ``limit`` per file and counts the others in ``more``."""

    def __init__(self, items: Iterable[Problem] = (), limit: int = KEPT_PER_FILE):
        super().__init__()
        self.limit = limit
        self.more = 0
        self._per_file: Counter = Counter()
        self.extend(items)

    def append(self, p) -> None:
        file = getattr(p, "file", "")
        if self._per_file[file] >= self.limit:
            self.more += 1
            return
        self._per_file[file] += 1
        super().append(p)

    def extend(self, items: Iterable) -> None:
        if isinstance(items, Problems):   # already capped (with its "reading stopped" marker): kept as it is
            list.extend(self, items)
            self._per_file.update(getattr(p, "file", "") for p in items)
            self.more += items.more
            return
        for p in items:
            self.append(p)

    def room(self, file: str) -> int:
        """How many more problems of ``file`` are kept."""
        return max(self.limit - self._per_file[file], 0)

    def skipped(self, n: int) -> None:
        """Count ``n`` problems that were found but not built (beyond the limit)."""
        self.more += int(n)

    @property
    def total(self) -> int:
        return len(self) + self.more

    def sorted(self, key) -> Problems:
        out = Problems(limit=self.limit)
        list.extend(out, sorted(self, key=key))
        out.more, out._per_file = self.more, Counter(self._per_file)
        return out


def room(problems: list, file: str) -> int:
    """How many more problems of ``file`` ``problems`` keeps (unbounded for a plain list)."""
    return problems.room(file) if isinstance(problems, Problems) else 1 << 62


def skipped(problems: list, n: int) -> None:
    if isinstance(problems, Problems):
        problems.skipped(n)


def more_line(n: int) -> str:
    """The English line that stands for ``n`` problems not listed (CLI and plain messages)."""
    return f"… and {n:,} more"


class DataError(Exception):
    """The data is not valid; ``.problems`` lists the problems kept, ``.total`` counts every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        self.total = len(self.problems) + getattr(problems, "more", 0)
        n = self.total
        head = "\n".join(str(p) for p in self.problems[:SHOWN])
        more = "\n" + more_line(n - SHOWN) if n > SHOWN else ""
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the data:\n{head}{more}")


def show(value: str, limit: int = 60) -> str:
    """A value as quoted in a message: repr, cut to ``limit`` characters."""
    value = str(value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return repr(value)
