"""What is wrong with the data: one ``Problem`` per finding, ``DataError`` carrying all of them."""

from __future__ import annotations

from dataclasses import dataclass


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


class DataError(Exception):
    """The data is not valid; ``.problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = "\n".join(str(p) for p in self.problems[:20])
        more = f"\n… and {n - 20} more" if n > 20 else ""
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the data:\n{head}{more}")


def show(value: str, limit: int = 60) -> str:
    """A value as quoted in a message: repr, cut to ``limit`` characters."""
    value = str(value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return repr(value)
