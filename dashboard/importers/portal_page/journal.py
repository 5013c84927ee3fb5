"""Writing an import plan all-or-nothing, with a journal to undo an interrupted write.

The resulting set of files is validated with `dashboard.store.load_dataset` before anything is touched. Then every
changed file is written to a temp file in the data directory, the originals are copied into
`DATA_DIR/.import-journal/` and a manifest is written (atomically) before the temp files are moved over the
originals with `os.replace`. The manifest is removed once every file is in place (the commit point). If the
process dies in between, `recover(data_dir)` (run at the start of the next import) copies the originals back, so
the data is as it was before the interrupted import. `has_pending_journal()` lets a loader detect an interrupted
import.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from dashboard import store
from dashboard.importers.portal_page.errors import ImportError_
from dashboard.importers.portal_page.merge import ImportPlan

JOURNAL_DIR = ".import-journal"
MANIFEST = "manifest.json"
_TMP_RE = re.compile(r"^\..+\.import-\d+\.tmp$")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def has_pending_journal(data_dir: str | Path) -> bool:
    """True when an import was interrupted mid-replace and `recover()` has not yet restored the data."""
    return (Path(data_dir) / JOURNAL_DIR / MANIFEST).exists()


def recover(data_dir: str | Path) -> list[str]:
    """Undo an interrupted import: restore the journalled originals and clean temp files. Idempotent."""
    data_dir = Path(data_dir)
    jdir = data_dir / JOURNAL_DIR
    msgs = []
    manifest = jdir / MANIFEST
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        for e in entries:
            target = data_dir / e["name"]
            if e["existed"]:
                backup = jdir / e["backup"]
                if backup.exists():
                    shutil.copyfile(backup, target)  # copy, not move: a crash here can simply be recovered again
            elif target.exists():
                target.unlink()
        _fsync_dir(data_dir)
        manifest.unlink()
        msgs.append(f"recovered an interrupted import: restored {len(entries)} file(s) in {data_dir.name}/")
    if jdir.exists():
        shutil.rmtree(jdir, ignore_errors=True)
    for p in data_dir.iterdir() if data_dir.exists() else []:
        if _TMP_RE.match(p.name):
            p.unlink(missing_ok=True)
    return msgs


def _validate(plan: ImportPlan) -> None:
    """Validate the whole resulting set (unchanged files + new bytes) with the store's loader."""
    try:
        store.load_dataset(plan.resulting_files())
    except store.DataError as exc:
        problems = exc.problems or [exc]
        raise ImportError_("the imported data would not be valid; nothing was written:\n  "
                           + "\n  ".join(str(p) for p in problems[:30])) from None


def write_import(plan: ImportPlan) -> list[str]:
    """Write the changed files all-or-nothing. Returns the names written."""
    data_dir = plan.data_dir
    files = plan.changed_files
    if not files:
        return []
    _validate(plan)
    recover(data_dir)  # leftovers of an earlier interrupted run
    temps = _stage(data_dir, files)
    try:
        for name, tmp in temps.items():
            os.replace(tmp, data_dir / name)
        _fsync_dir(data_dir)
    except BaseException as exc:
        recover(data_dir)
        raise ImportError_(f"writing was interrupted ({exc!r}); the data directory was restored") from exc
    (data_dir / JOURNAL_DIR / MANIFEST).unlink()  # commit point
    shutil.rmtree(data_dir / JOURNAL_DIR, ignore_errors=True)
    return list(files)


def _stage(data_dir: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Write the new files as temp files and journal the originals; returns the temp file of each name. Nothing
    of the data is changed yet: on failure the temp files and the journal are removed."""
    temps = {}
    try:
        for name, data in files.items():
            tmp = data_dir / f".{name}.import-{os.getpid()}.tmp"
            _write_file(tmp, data)
            temps[name] = tmp
        jdir = data_dir / JOURNAL_DIR
        jdir.mkdir(exist_ok=True)
        entries = []
        for name in files:
            target = data_dir / name
            e = {"name": name, "existed": target.exists(), "backup": f"{name}.orig"}
            if e["existed"]:
                _write_file(jdir / e["backup"], target.read_bytes())
            entries.append(e)
        _write_file(jdir / (MANIFEST + ".tmp"), json.dumps({"files": entries}).encode())
        os.replace(jdir / (MANIFEST + ".tmp"), jdir / MANIFEST)
        _fsync_dir(jdir)
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        shutil.rmtree(data_dir / JOURNAL_DIR, ignore_errors=True)
        raise
    return temps
