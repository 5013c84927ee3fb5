"""Issue 16's cases of the hostile-input corpus (round two), added by build_corpus.build through ``add``.

Kinds: "dataset", "url" and "page" as in build_corpus (tests/test_bad_inputs.py asserts them); "app_url" is a query
string that every page must open without an exception element and without a live link made from it; "upload" is
generated at test time (too big to commit) and asserted by tests/test_hostile_inputs.py, which also uploads every
dataset case through the app. A dataset case with "capped" must keep at most the per-file limit of problems and
count the rest (``DataError.total`` >= "capped").
"""

from __future__ import annotations

import io
import re
import zipfile


def _bad_sheet_xlsx(good: bytes, sheet_xml: bytes) -> bytes:
    """``good`` with its first worksheet's XML replaced by ``sheet_xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        first = sorted(n for n in src.namelist() if n.startswith("xl/worksheets/sheet"))[0]
        for info in src.infolist():   # fixed dates: the corpus rebuilds byte for byte
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info)
            if info.filename == "docProps/core.xml":   # openpyxl writes the time of saving into it
                data = re.sub(rb">\d{4}-\d\d-\d\dT[\d:]+Z<", b">2020-01-01T00:00:00Z<", data)
            dst.writestr(fixed, sheet_xml if info.filename == first else data)
    return out.getvalue()


def _workbook(base: dict[str, str]) -> bytes:
    import csv
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = dt.datetime(2020, 1, 1)
    for name, text in base.items():
        if name.endswith(".csv"):
            ws = wb.create_sheet(name[:-4])
            for row in csv.reader(io.StringIO(text)):
                ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                           for i in range(1, 10))
                + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
_EXTERNAL_ENTITY = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&ext;</t></is></c></row></sheetData></worksheet>')


def add(case, err, ok, sub, base: dict[str, str], title_sql, cases: list[dict]) -> None:  # long: the cases
    C, M = base["commitments.csv"], base["milestones.csv"]
    C_ROW = 5   # the row of TBI0001 in commitments.csv

    # ------------------------------------------------------------ ids: one form, the URL's; look-alikes refused
    for cid, bad, what in (
        ("id_zero_width_space", "TBI\u200b0001", "U+200B"),
        ("id_cyrillic_lookalike", "TB\u04270001", "U+0427"),
        ("id_georgian_letters", "\u10d7\u10d10001", "U+10D7"),
        ("id_fullwidth_digits", "TBI\uff10\uff10\uff10\uff11", "U+FF10"),
        ("id_bom_inside", "\ufeffTBI0001", "U+FEFF"),
        ("id_nul_inside", "TBI\x000001", "U+0000"),
        ("id_space_inside", "TBI 0001", "required form"),
        ("id_slash", "TBI/0001", "required form"),
        ("id_percent_and_hash", "TBI%23#1", "required form"),
    ):
        case(cid, {"commitments.csv": sub(C, "TBI0001,", bad + ",")},
             err(("commitments.csv", C_ROW, "commitment_id", what)),
             note="a key a link cannot carry, or a look-alike of another: refused at its own row")
    case("id_comma_quoted", {"commitments.csv": sub(C, "TBI0001,", '"TBI,0001",')},
         err(("commitments.csv", C_ROW, "commitment_id", "required form")))
    case("milestone_id_without_slash", {"milestones.csv": sub(M, "GE-2018-6.2/6.2.2,", "GE-2018-6.2-6.2.2,")},
         err(("milestones.csv", 3, "milestone_id", "required form")))
    case("nul_in_title", {"commitments.csv": sub(C, "Open budget", "Open\x00budget")},
         err(("commitments.csv", 3, "title_en", "U+0000")), note="NUL is refused in any text")
    case("bom_in_middle_of_file", {"commitments.csv": sub(C, "Open budget", "\ufeffOpen budget")},
         err(("commitments.csv", 3, "title_en", "U+FEFF")),
         note="a BOM pasted into the middle of a file is named at its row, not at a later reference")

    # ------------------------------------------------------------ text is text (loaded verbatim, shown inert)
    for cid, text in (
        ("autolinks_in_title", "see https://evil.example/x www.evil.example mail x@evil.example"),
        ("directives_in_title", ":material/home: :red[alert] :smile: :+1:"),
        ("entities_in_title", "A & B <C> &amp; &lt;b&gt; &#58;"),
    ):
        case(cid, {"commitments.csv": sub(C, "Open budget", f'"{text}"')}, ok(title_sql(), text))

    # ------------------------------------------------------------ cost bounded: capped problem lists
    head = C.split("\n", 1)[0]
    width = head.count(",")
    case("empty_rows_3000", {"commitments.csv": head + "\n" + ("," * width + "\n") * 3000},
         {**err(("commitments.csv", 2, "commitment_id", "empty value")), "capped": 3000 * 3},
         note="every required cell of 3,000 rows is empty: at most 1,000 problems kept, the rest counted")
    case("malformed_rows_3000", {"commitments.csv": head + "\n" + ",\n" * 3000},
         {**err(("commitments.csv", None, None, "reading stopped")), "capped": 1000},
         note="reading stops after 1,000 malformed rows")
    case("header_line_of_commas", {"commitments.csv": "," * 100_000},
         err(("commitments.csv", 1, None, "first line")), note="a header of 100,001 columns is not parsed")

    # ------------------------------------------------------------ workbooks
    book = _workbook(base)
    case("xlsx_malformed_sheet", {"data.xlsx": _bad_sheet_xlsx(book, b"<worksheet><sheetData><row><c>")},
         err(("data.xlsx", None, None, "not a readable")), note="bad XML found while the rows are read")
    case("xlsx_entity_bomb", {"data.xlsx": _bad_sheet_xlsx(book, _ENTITY_BOMB)}, err(("data.xlsx", None, None, "")),
         note="billion laughs: never expanded, one message")
    case("xlsx_external_entity", {"data.xlsx": _bad_sheet_xlsx(book, _EXTERNAL_ENTITY)},
         err(("data.xlsx", None, None, "")), note="an external entity is never fetched")

    # ------------------------------------------------------------ URL values dropped with a notice
    for uid, query, dropped in (
        ("url_as_of_9999", "as_of=9999-12-31", "as_of"),
        ("url_as_of_0001", "as_of=0001-01-01", "as_of"),
        ("url_as_of_3100", "as_of=3100-01-01", "as_of"),
        ("url_as_of_1989", "as_of=1989-12-31", "as_of"),
        ("url_commitment_zero_width", "commitment=GE0065%E2%80%8B", "commitment"),
        ("url_commitment_cyrillic", "commitment=GE006%D0%97", "commitment"),
        ("url_commitment_email", "commitment=x%40evil.example", "commitment"),
        ("url_commitment_directive", "commitment=%3Amaterial%2Fhome%3A", "commitment"),
    ):
        case(uid, {"query.txt": query + "\n"}, {"outcome": "dropped", "param": dropped}, kind="url")

    # ------------------------------------------------------------ every page opens: no exception, no live link
    for uid, query in (
        ("app_as_of_9999_present", "as_of=9999-12-31&present=1"),
        ("app_as_of_0001", "as_of=0001-01-01"),
        ("app_as_of_3100_timeline", "as_of=3100-01-01&lang=ka"),
        ("app_commitment_www", "commitment=www.evil.example"),
        ("app_commitment_https_like", "commitment=https.evil.example"),
        ("app_directive_in_lang", "lang=%3Amaterial%2Fhome%3A"),
        ("app_page_huge", "present=1&page=99999999999999999999"),
    ):
        case(uid, {"query.txt": query + "\n"}, {"outcome": "no_exception"}, kind="app_url")

    # ------------------------------------------------------------ page encodings (the CLI and the web app)
    from pathlib import Path

    seed = (Path(__file__).resolve().parent.parent / "fixtures" / "seed_en.txt").read_text(encoding="utf-8")
    case("page_cp1252", {"page.txt": seed.replace("Rustavi", "Rustavi – café").encode("cp1252")},
         {"outcome": "refused"}, kind="page", note="not UTF-8: refused, never decoded by a guessed code page")
    case("page_utf16_no_bom", {"page.txt": seed.encode("utf-16-le")}, {"outcome": "refused"}, kind="page",
         note="UTF-16 without a byte order mark: NUL characters, refused")
    case("page_utf16_with_bom", {"page.txt": seed.encode("utf-16")},
         {"outcome": "imported", "title": "Introduction and development of electronic services in Rustavi "
                                          "Municipality"}, kind="page_imported",
         note="UTF-16 with a BOM (Notepad's 'Unicode') is decoded properly")

    # ------------------------------------------------------------ generated at test time (tests/test_hostile_*)
    for gid, expect in (
        ("upload_commas_20mb", {"outcome": "error", "capped": 1}),
        ("upload_short_rows_20mb", {"outcome": "error", "capped": 1000}),
        ("upload_xlsx_too_many_cells", {"outcome": "error", "message": "cells"}),
    ):
        cases.append({"id": gid, "kind": "upload", "generate": gid, "files": [], **expect})

