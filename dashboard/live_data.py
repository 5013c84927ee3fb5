"""The served data directory, reloaded only when a new valid set is in place.

One LiveData per data directory and process (the app frame keeps it in st.cache_resource). `current()` returns
the last good (Dataset, version key):

  * the directory is checked at most every `check_every` seconds (a stat of its files, no reading);
  * a change is loaded only once it has been stable for `settle` seconds and no import is half-way
    (`.import-journal/` of dashboard.importers.portal_page), so a copy in progress is not read mid-way;
  * the new set replaces the old only if `store.load_dataset` accepts it; a bad set is logged and the last
    good data keeps being served (each session switches to a new set on its next run, through the version key);
    the same bad set is not retried until the directory changes again;
  * before any good load the error is raised, and the app shows its error page (retried on the next run).
Thread-safe: sessions run on their own threads; one of them loads while the others keep the current data.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

JOURNAL_DIR = ".import-journal"


def dir_version(path: Path) -> str:
    """Version of a data directory: names, sizes and modification times of its files."""
    h = hashlib.sha256(str(path.resolve()).encode())
    try:
        if path.is_dir():
            for f in sorted(path.iterdir()):
                if f.is_file():
                    s = f.stat()
                    h.update(f"{f.name}:{s.st_size}:{s.st_mtime_ns}".encode())
                elif f.name == JOURNAL_DIR:
                    h.update(b"journal")
    except OSError:
        h.update(b"unreadable")
    return "bundled:" + h.hexdigest()[:32]


def import_in_progress(path: Path) -> bool:
    try:
        return (path / JOURNAL_DIR).exists()
    except OSError:
        return False


class LiveData:
    def __init__(self, path: str | Path, *, check_every: float = 2.0, settle: float = 1.0,
                 loader: Callable[[Path], Any] | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = Path(path)
        self.check_every = check_every
        self.settle = settle
        self._loader = loader
        self._clock = clock
        self._lock = threading.Lock()
        self._good: tuple[Any, str] | None = None
        self._checked_at = float("-inf")
        self._seen: tuple[str, float] | None = None      # (version, first seen) of a pending change
        self._rejected: str | None = None                 # version that failed validation
        self.last_error: BaseException | None = None

    def _load(self, path: Path) -> Any:
        if self._loader is not None:
            return self._loader(path)
        from dashboard.store import load_dataset

        return load_dataset(path)

    def current(self) -> tuple[Any, str]:
        now = self._clock()
        good = self._good
        if good is not None and now - self._checked_at < self.check_every:
            return good
        with self._lock:
            good = self._good
            if good is not None and now - self._checked_at < self.check_every:
                return good
            self._checked_at = now
            version = dir_version(self.path)
            if good is None:
                return self._first_load(version)
            if version == good[1] or version == self._rejected:
                self._seen = None
                return good
            if import_in_progress(self.path):
                return good
            if self._seen is None or self._seen[0] != version:
                self._seen = (version, now)
                if self.settle > 0:
                    return good
            if now - self._seen[1] < self.settle:
                return good
            self._seen = None
            try:
                dataset = self._load(self.path)
            except Exception as exc:  # any failure: keep serving the last good data
                self._rejected = version
                self.last_error = exc
                log.warning("data in %s changed but does not validate; still serving the previous data: %s",
                            self.path.name, exc)
                return good
            if dir_version(self.path) != version:
                return good          # changed again while loading: load it once it is stable
            self._good = (dataset, version)
            self._rejected = None
            self.last_error = None
            log.info("data in %s reloaded (%s)", self.path.name, version)
            return self._good

    def _first_load(self, version: str) -> tuple[Any, str]:
        dataset = self._load(self.path)     # raises: the caller shows the error page and retries next run
        self._good = (dataset, version)
        self.last_error = None
        return self._good
