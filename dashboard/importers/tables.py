"""Turn uploaded files (CSV files, a zip of CSVs, or an XLSX workbook) into a validated Dataset.

    ds = load_uploads([("commitments.csv", b"..."), ("milestones.csv", b"..."), ...])
    ds = load_uploads([("data.zip", zip_bytes)])
    ds = load_uploads([("data.xlsx", xlsx_bytes)])       # one sheet per table, sheet name = table name

Everything becomes the same ``{file name: bytes}`` mapping that ``store.load_dataset`` reads, so an upload is
checked exactly like the bundled data. Problems with the upload itself (unknown file name, too large, an
unsupported type, a zip bomb) raise ``DataError`` with a clear message before anything is parsed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import PurePosixPath

from dashboard import schema
from dashboard.store import DataError, Dataset, Problem, load_dataset

UPLOAD_LIMIT_MB = 20                  # per upload and in total, as uploaded (the upload widgets' limit too)
MAX_BYTES = UPLOAD_LIMIT_MB * 1000 * 1000  # Streamlit counts a megabyte of max_upload_size as 10**6 bytes
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # total size of what a zip / xlsx unpacks to
MAX_MEMBERS = 200                     # entries in a zip / xlsx
MAX_RATIO = 200                       # uncompressed : compressed, per member larger than 1 MB
# Cells read from a workbook: openpyxl reads ~60,000 cells a second here, so this bounds an XLSX upload to a few
# seconds; larger tables go as CSV (or a zip of CSVs), which is read at ~100 MB a second.
MAX_XLSX_CELLS = 150_000
# What a workbook may unpack to: openpyxl scans every sheet once when it opens the workbook (~10 MB a second).
MAX_XLSX_UNCOMPRESSED = 10 * 1024 * 1024

TABLE_FILES = {t.file: t for t in schema.TABLES}
ACCEPTED_FILES = (*TABLE_FILES, schema.METADATA_FILE)
_CANONICAL = {n.lower(): n for n in ACCEPTED_FILES}  # "Commitments.CSV" is commitments.csv
# Files inside a zip that are not data and are skipped without complaint.
_IGNORED_SUFFIXES = (".md", ".txt", ".pdf", ".html", ".png", ".svg")


def _mb(n: int, kilo: int = 1024) -> str:
    """A size in kilobytes or megabytes (binary; kilo=1000 for the upload limit, which the widgets count in
    decimal megabytes)."""
    if n < kilo * kilo:
        return f"{n / kilo:.1f} KB"
    return f"{n / (kilo * kilo):.1f} MB"


def _unknown(name: str) -> Problem:
    return Problem(name, None, None, "unknown file name",
                   "one of: " + ", ".join(ACCEPTED_FILES) + ", a .zip of them or an .xlsx with one sheet per table")


def _base_name(name: str) -> str:
    return PurePosixPath(str(name).replace("\\", "/")).name


def _read_zip_members(name: str, data: bytes, max_uncompressed: int, max_members: int) -> dict[str, bytes]:
    """Members of a zip of CSV files, by base name; directories and folders inside the zip are ignored."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DataError([Problem(name, None, None, f"not a readable zip file ({exc})",
                                 "a .zip of CSV files")]) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        _guard_archive(name, infos, max_uncompressed, max_members)
        out: dict[str, bytes] = {}
        problems: list[Problem] = []
        budget = max_uncompressed
        for info in infos:
            base = _base_name(info.filename)
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if not base or base.startswith(".") or "__MACOSX" in parts:
                continue
            if base.lower().endswith(_IGNORED_SUFFIXES):
                continue
            where = f"{name}/{info.filename}"
            base = _CANONICAL.get(base.lower(), base)
            if base not in ACCEPTED_FILES:
                problems.append(_unknown(where))
                continue
            if base in out:
                problems.append(Problem(where, None, None, f"{base} appears twice in the zip", "each table once"))
                continue
            if info.flag_bits & 0x1:
                problems.append(Problem(where, None, None, "the file is encrypted", "an unencrypted zip"))
                continue
            try:
                with zf.open(info) as fh:
                    content = fh.read(budget + 1)  # never trust the declared size alone
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
                problems.append(Problem(where, None, None, f"cannot be unpacked ({exc})", "a plain zip of CSV files"))
                continue
            if len(content) > budget:
                raise DataError([Problem(name, None, None, "the zip unpacks to more than "
                                         f"{_mb(max_uncompressed)} (a zip bomb?)",
                                         f"at most {_mb(max_uncompressed)} of CSV in total")])
            budget -= len(content)
            out[base] = content
        if problems:
            raise DataError(problems)
        return out


def _guard_archive(name: str, infos: list[zipfile.ZipInfo], max_uncompressed: int, max_members: int) -> None:
    """Reject archives that would unpack to too much, before unpacking anything."""
    if len(infos) > max_members:
        raise DataError([Problem(name, None, None, f"the archive has {len(infos)} entries",
                                 f"at most {max_members}")])
    total = sum(i.file_size for i in infos)
    if total > max_uncompressed:
        raise DataError([Problem(name, None, None, f"the archive unpacks to {_mb(total)} (a zip bomb?)",
                                 f"at most {_mb(max_uncompressed)} uncompressed")])
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise DataError([Problem(name, None, None,
                                     f"{i.filename} is compressed {i.file_size // max(i.compress_size, 1)}:1 "
                                     "(a zip bomb?)", f"a compression ratio below {MAX_RATIO}:1")])


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold (formulas stay as their formula text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(name: str, data: bytes, max_uncompressed: int, max_members: int) -> dict[str, bytes]:
    """One CSV per sheet named like a table; other sheets are ignored."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _guard_archive(name, zf.infolist(), max_uncompressed, max_members)
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DataError([Problem(name, None, None, f"not a readable .xlsx workbook ({exc})",
                                 "an .xlsx saved by Excel or LibreOffice")]) from None
    import openpyxl  # imported here: only uploads need it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise DataError([Problem(name, None, None, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})",
                                 "an .xlsx saved by Excel or LibreOffice")]) from None
    out: dict[str, bytes] = {}
    try:
        tables = {t.name.lower(): t.name for t in schema.TABLES}
        budget = [MAX_XLSX_CELLS]
        for ws in wb.worksheets:
            title = tables.get(ws.title.strip().lower())
            if title is None or f"{title}.csv" in out:
                continue
            out[f"{title}.csv"] = _sheet_csv(name, ws, budget)
    except DataError:
        raise
    except Exception as exc:  # a malformed sheet (bad XML, bad cell) fails while its rows are read
        raise DataError([Problem(name, None, None, f"not a readable .xlsx workbook ({type(exc).__name__}: "
                                 f"{str(exc)[:200]})", "an .xlsx saved by Excel or LibreOffice")]) from None
    finally:
        wb.close()
    return out


def _sheet_rows(name: str, ws, budget: list[int]) -> list[list[str]]:
    """The cells of one sheet as text; DataError once the workbook passes ``MAX_XLSX_CELLS`` cells."""
    ws.reset_dimensions()  # do not trust the stored dimension: read every cell there is
    rows = []
    for row in ws.iter_rows(values_only=True):
        budget[0] -= len(row)
        if budget[0] < 0:
            raise DataError([Problem(name, None, None, f"the workbook has more than {MAX_XLSX_CELLS:,} cells",
                                     f"at most {MAX_XLSX_CELLS:,} cells in an .xlsx; larger tables as CSV files "
                                     "or a .zip of them")])
        rows.append([_cell_text(v) for v in row])
    return rows


def _sheet_csv(name: str, ws, budget: list[int]) -> bytes:
    """One sheet as the bytes of a CSV file (row numbers kept: blank rows stay blank lines)."""
    rows = _sheet_rows(name, ws, budget)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows[:1]), default=0)
    if rows:  # trailing empty header cells are not columns
        header = rows[0]
        while header and not header[-1].strip():
            header = header[:-1]
        width = len(header)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    for i, row in enumerate(rows):
        row = row + [""] * (width - len(row))
        extra = row[width:]
        if any(c.strip() for c in extra):
            writer.writerow(row)  # reported as a malformed row by the loader
        elif any(c.strip() for c in row[:width]) or i == 0:
            writer.writerow(row[:width])
        else:
            writer.writerow([])  # a blank line keeps the row numbers of the sheet
    return buf.getvalue().encode("utf-8")


def uploads_to_files(files: list[tuple[str, bytes]], max_bytes: int = MAX_BYTES,
                     max_uncompressed: int = MAX_UNCOMPRESSED,
                     max_members: int = MAX_MEMBERS) -> dict[str, bytes]:
    """The uploads as ``{file name: bytes}`` (the input of ``store.load_dataset``); DataError on a bad upload."""
    problems: list[Problem] = []
    out: dict[str, bytes] = {}
    origin: dict[str, str] = {}
    if not files:
        raise DataError([Problem("upload", None, None, "no files", "CSV files, a .zip or an .xlsx")])
    total = sum(len(d) for _, d in files)
    if total > max_bytes:
        raise DataError([Problem("upload", None, None, f"the uploads are {_mb(total, 1000)} in total",
                                 f"at most {_mb(max_bytes, 1000)}")])
    for raw_name, data in files:
        name = _base_name(raw_name)
        lower = name.lower()
        if len(data) > max_bytes:
            problems.append(Problem(name, None, None, f"the file is too large ({_mb(len(data), 1000)})",
                                    f"at most {_mb(max_bytes, 1000)}"))
            continue
        try:
            if lower.endswith(".zip"):
                members = _read_zip_members(name, data, max_uncompressed, max_members)
            elif lower.endswith((".xlsx", ".xlsm")):
                members = _read_xlsx(name, data, min(max_uncompressed, MAX_XLSX_UNCOMPRESSED), max_members)
            elif lower.endswith(".csv") or lower == schema.METADATA_FILE:
                name = _CANONICAL.get(lower, name)
                if name not in ACCEPTED_FILES:
                    problems.append(_unknown(name))
                    continue
                members = {name: data}
            elif lower.endswith((".xls", ".ods", ".numbers")):
                problems.append(Problem(name, None, None, "unsupported spreadsheet type",
                                        "an .xlsx workbook or CSV files (save as .xlsx or \"CSV UTF-8\")"))
                continue
            else:
                problems.append(Problem(name, None, None, "unsupported file type",
                                        "CSV files, a .zip of CSV files or an .xlsx workbook"))
                continue
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        for member, content in members.items():
            if member in out:
                problems.append(Problem(member, None, None, f"given twice (in {origin[member]} and {name})",
                                        "each table once"))
                continue
            out[member] = content
            origin[member] = name
    if problems:
        raise DataError(problems)
    return out


def load_uploads(files: list[tuple[str, bytes]], max_bytes: int = MAX_BYTES, **limits) -> Dataset:
    """Validate and load uploaded files (see the module docstring); DataError lists every problem."""
    mapping = uploads_to_files(files, max_bytes=max_bytes, **limits)
    names = sorted({_base_name(n) for n, _ in files})
    return load_dataset(mapping, label="upload: " + ", ".join(names) if len(names) <= 3 else
                        f"upload: {len(names)} files")
