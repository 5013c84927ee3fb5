"""dashboard.importers.tables: uploads of CSV files, a zip of CSVs, or an XLSX workbook."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from dashboard.importers.tables import load_uploads, uploads_to_files
from dashboard.store import DataError
from tests import helpers


def problems(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(p) for p in exc.value.problems]


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def make_xlsx(files: dict[str, bytes], extra_sheets=(), edit=None) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, data in files.items():
        ws = wb.create_sheet(name.removesuffix(".csv"))
        for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
            ws.append(row)
    for title in extra_sheets:
        wb.create_sheet(title).append(["notes", "for", "people"])
    if edit:
        edit(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_problems(edit, name: str = "workbook.xlsx") -> list[str]:
    """The problems of uploading the minimal dataset as one workbook after edit(wb) (it must be rejected)."""
    with pytest.raises(DataError) as err:
        load_uploads([(name, make_xlsx(helpers.minimal_files(), edit=edit))])
    return problems(err)


def test_several_csv_files():
    files = [(name, data) for name, data in helpers.minimal_files().items()]
    ds = load_uploads(files)
    assert ds.counts["commitments"] == 3 and ds.counts["milestones"] == 3


def test_zip_with_folder_and_readme():
    members = {f"data/{n}": d for n, d in helpers.minimal_files().items()}
    members["data/README.md"] = b"# notes"
    members["__MACOSX/data/._commitments.csv"] = b"junk"
    ds = load_uploads([("my data.zip", make_zip(members))])
    assert ds.counts["sdgs"] == 17
    assert ds.con.execute("SELECT count(*) FROM commitments").fetchone() == (3,)


def test_zip_problems_are_reported_by_the_loader():
    files = helpers.minimal_files()
    files["commitments.csv"] = files["commitments.csv"].replace(b"2019-06,", b"2019-06-30,", 1)
    with pytest.raises(DataError) as err:
        load_uploads([("data.zip", make_zip(files))])
    assert problems(err) == ["commitments.csv:2: planned_end: '2019-06-30' is a day date in a month column "
                             "(expected YYYY-MM, e.g. 2019-07 (months are stored as published))"]


def test_zip_bomb_rejected():
    members = dict(helpers.minimal_files())
    members["milestones.csv"] = b"0" * (30 * 1024 * 1024)  # 30 MB of zeros compress to ~30 KB
    bomb = make_zip(members)
    assert len(bomb) < 200_000
    with pytest.raises(DataError) as err:
        uploads_to_files([("bomb.zip", bomb)], max_uncompressed=10 * 1024 * 1024)
    msg = problems(err)
    assert len(msg) == 1 and msg[0].startswith("bomb.zip: the archive unpacks to 30.") and "zip bomb" in msg[0]
    with pytest.raises(DataError) as err:  # within the total but an absurd compression ratio
        uploads_to_files([("bomb.zip", bomb)])
    assert "zip bomb" in problems(err)[0] and "compression ratio below" in problems(err)[0]


def test_zip_lying_about_sizes_is_capped():
    data = bytearray(make_zip({"commitments.csv": b"a" * 500_000}))
    # Forge the declared uncompressed size (local header and central directory) to look small.
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = data.find(sig)
        data[i + off:i + off + 4] = (1000).to_bytes(4, "little")
    with pytest.raises(DataError) as err:
        uploads_to_files([("liar.zip", bytes(data))], max_uncompressed=10_000)
    assert problems(err)[0].startswith("liar.zip")


def test_too_many_members():
    members = {f"x{i}.md": b"" for i in range(20)}
    with pytest.raises(DataError) as err:
        uploads_to_files([("many.zip", make_zip(members))], max_members=10)
    assert problems(err) == ["many.zip: the archive has 20 entries (expected at most 10)"]


def test_xlsx_one_sheet_per_table():
    files = helpers.minimal_files()

    def edit(wb):
        ws = wb["jurisdictions"]
        ws["G2"] = 42.25   # a number cell
        ws["F3"] = "=1+1"  # a formula is read as its text (as data, never evaluated)
    data = make_xlsx(files, extra_sheets=("README",), edit=edit)
    ds = load_uploads([("workbook.xlsx", data)])
    assert ds.counts["commitments"] == 3
    con = ds.con
    assert con.execute("SELECT lat FROM jurisdictions WHERE jurisdiction_id = 'georgia'").fetchone() == (42.25,)
    assert con.execute("SELECT region_ka FROM jurisdictions WHERE jurisdiction_id = 'rustavi'").fetchone() == (
        "=1+1",)
    assert con.execute("SELECT description_en FROM commitments WHERE commitment_id = 'GE0065'").fetchone() == (
        "A line, with a comma\nand two lines",)


def test_xlsx_problem_names_sheet_and_row():
    def edit(wb):
        wb["commitment_progress"]["C3"] = "finished"
    assert xlsx_problems(edit) == ["commitment_progress.csv:3: state: 'finished' is not an accepted value "
                                   "(expected one of: completed, in_progress, not_started, suspended)"]


def test_xlsx_bomb_rejected():
    big = {"commitments.csv": helpers.minimal_files()["commitments.csv"]}

    def edit(wb):
        ws = wb["commitments"]
        for _ in range(20_000):
            ws.append(["x"] * 20)
    data = make_xlsx(big, edit=edit)
    with pytest.raises(DataError) as err:
        uploads_to_files([("big.xlsx", data)], max_uncompressed=1024 * 1024)
    msg = problems(err)
    assert len(msg) == 1 and msg[0].startswith("big.xlsx: the archive unpacks to ") and "zip bomb" in msg[0]


def test_unknown_file_names_and_types():
    with pytest.raises(DataError) as err:
        uploads_to_files([("commitment.csv", b"a"), ("notes.docx", b"x"), ("old.xls", b"x")])
    msg = problems(err)
    assert msg[0].startswith("commitment.csv: unknown file name (expected one of: periods.csv, themes.csv")
    assert msg[1] == "notes.docx: unsupported file type (expected CSV files, a .zip of CSV files or an .xlsx workbook)"
    assert msg[2].startswith("old.xls: unsupported spreadsheet type")
    with pytest.raises(DataError) as err:
        uploads_to_files([("data.zip", make_zip({"stuff/commitmentz.csv": b"a"}))])
    assert problems(err)[0].startswith("data.zip/stuff/commitmentz.csv: unknown file name")


def test_too_large_and_duplicates():
    with pytest.raises(DataError) as err:
        uploads_to_files([("commitments.csv", b"x" * 2000)], max_bytes=1000)
    assert problems(err) == ["upload: the uploads are 2.0 KB in total (expected at most 1.0 KB)"]
    files = helpers.minimal_files()
    with pytest.raises(DataError) as err:
        uploads_to_files([("data.zip", make_zip(files)), ("commitments.csv", files["commitments.csv"])])
    assert problems(err) == [
        "commitments.csv: given twice (in data.zip and commitments.csv) (expected each table once)"]


def test_not_a_zip():
    with pytest.raises(DataError) as err:
        uploads_to_files([("data.zip", b"not a zip")])
    assert problems(err)[0].startswith("data.zip: not a readable zip file")
    with pytest.raises(DataError) as err:
        uploads_to_files([("data.xlsx", b"not a workbook")])
    assert problems(err)[0].startswith("data.xlsx: not a readable .xlsx workbook")


def test_partial_upload_lists_missing_tables():
    with pytest.raises(DataError) as err:
        load_uploads([("commitments.csv", helpers.minimal_files()["commitments.csv"])])
    msg = problems(err)
    assert any(m.startswith("periods.csv: missing file") for m in msg)


def test_xlsx_blank_rows_keep_row_numbers_and_names_ignore_case():
    def edit(wb):
        ws = wb["milestone_progress"]
        ws.title = "tmp"  # openpyxl would add a suffix when renaming to a name differing only in case
        ws.title = "Milestone_Progress"
        ws.insert_rows(3)  # a blank row between the data rows
        ws["C5"] = "finito"
    assert xlsx_problems(edit, "Workbook.XLSX") == [
        "milestone_progress.csv:5: state: 'finito' is not an accepted value "
        "(expected one of: completed, in_progress, not_started, suspended)"]


def test_csv_names_ignore_case():
    files = [(name.upper() if name.startswith("c") else name, data) for name, data in helpers.minimal_files().items()]
    assert load_uploads(files).counts["commitments"] == 3
