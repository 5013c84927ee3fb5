"""The bad-input corpus (tests/bad_inputs/: one folder per case, cases.json with the asserted outcomes, built by
`python -m tests.bad_inputs.build_corpus`) and the files one case uploads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from dashboard import schema
from tests.helpers import minimal_files, minimal_rows, to_csv

CORPUS = Path(__file__).resolve().parent
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
BY_ID = {c["id"]: c for c in CASES}


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _table_rows(name: str) -> list[list]:
    cols = schema.TABLES_BY_NAME[name].column_names
    return [list(cols)] + [[r.get(c, "") or None for c in cols] for r in minimal_rows()[name]]


def _generated(gid: str) -> list[tuple[str, bytes]]:
    base = minimal_files()
    if gid == "rows_100k":
        rows = minimal_rows()
        extra = [{"milestone_id": f"GE0065/{i}", "commitment_id": "GE0065", "number": str(i),
                  "title_en": f"Generated milestone {i}", "planned_start": "2019-01", "planned_end": "2019-06"}
                 for i in range(100_000)]
        base["milestones.csv"] = to_csv("milestones", rows["milestones"] + extra)
        return list(base.items())
    if gid == "xlsx_zip_bomb":
        # A valid workbook with one extra member that unpacks to 200 MB of zeros.
        good = _xlsx({name: _table_rows(name) for name in minimal_rows()})
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info))
            bomb = zipfile.ZipInfo("xl/media/bomb.bin")
            bomb.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(bomb, "w", force_zip64=True) as f:
                chunk = b"\0" * (1 << 20)
                for _ in range(200):   # 200 MB of zeros (the limit is 100 MB unpacked), about 200 KB packed
                    f.write(chunk)
        return [("bomb.xlsx", out.getvalue())]
    if gid == "xlsx_formulas":
        sheets = {name: _table_rows(name) for name in minimal_rows()}
        com = sheets["commitments"]
        ti = com[0].index("title_en")
        com[2][ti] = '=HYPERLINK("http://evil.example","click")'
        com[3][ti] = "=1+1"
        return [("data.xlsx", _xlsx(sheets))]
    if gid == "upload_too_big":
        big = minimal_files()["commitments.csv"] + b"#" * (21 * 1024 * 1024)
        return [("commitments.csv", big)]
    raise KeyError(gid)


def case_files(c: dict) -> list[tuple[str, bytes]]:
    """The files a case uploads: the minimal valid dataset with the case's files in place of its own (a zip or an
    XLSX alone), or the generated files of a "generate" case."""
    if c.get("generate"):
        return _generated(c["generate"])
    files = minimal_files()
    uploads = {}
    for name in c["files"]:
        data = (CORPUS / c["id"] / name).read_bytes()
        if name in files:
            files[name] = data
        else:
            uploads[name] = data
    if any(n.endswith((".zip", ".xlsx")) for n in uploads):
        return list(uploads.items())
    return list(files.items()) + list(uploads.items())


# ------------------------------------------------------------------------------------------------ dataset cases
