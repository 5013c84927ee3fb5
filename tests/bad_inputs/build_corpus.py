"""Regenerate the hostile-input corpus: one directory per case under tests/bad_inputs/<case>/ and cases.json.

    python -m tests.bad_inputs.build_corpus      (from the repository root)

A "dataset" case holds the files that replace (or are added to) the small valid dataset of tests/helpers.py; the
whole set is then loaded as an upload (dashboard.importers.tables.load_uploads). A "page" case holds one or two
portal pages for the importer; a "url" case is a query string for dashboard.state.parse. Cases marked "generate"
are built at test time (too big to commit): a 100,000-row table, an XLSX zip bomb, an XLSX with formulas, an
over-size upload. tests/test_bad_inputs.py asserts every case's expected outcome.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers import minimal_files, minimal_rows, to_csv

HERE = Path(__file__).resolve().parent

BASE = {name: data.decode("utf-8") for name, data in minimal_files().items()}
C = BASE["commitments.csv"]
M = BASE["milestones.csv"]
CASES: list[dict] = []


def case(cid: str, files: dict[str, bytes | str], expect: dict, kind: str = "dataset", note: str = "") -> None:
    d = HERE / cid
    d.mkdir()
    for name, data in files.items():
        (d / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    CASES.append({"id": cid, "kind": kind, "note": note, "files": sorted(files), **expect})


def err(*problems: tuple) -> dict:
    """Expected problems: (file, row or None, column or None, substring of the message)."""
    return {"outcome": "error", "problems": [dict(zip(("file", "row", "column", "message"), p)) for p in problems]}


def ok(sql: str | None = None, equals=None) -> dict:
    out: dict = {"outcome": "ok"}
    if sql:
        out["check"] = {"sql": sql, "equals": equals}
    return out


def sub(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def title_sql(cid: str = "GE0065") -> str:
    return f"select title_en from commitments where commitment_id = '{cid}'"


def build() -> None:
    for p in HERE.iterdir():
        if p.is_dir() and p.name != "__pycache__":
            shutil.rmtree(p)

    # ---------------------------------------------------------------- encodings, BOMs, line ends
    case("utf16_bom", {"commitments.csv": C.encode("utf-16")}, err(("commitments.csv", 1, None, "UTF-16")),
         note="Excel 'Unicode text'")
    case("utf16_be_bom", {"commitments.csv": b"\xfe\xff" + C.encode("utf-16-be")},
         err(("commitments.csv", 1, None, "not UTF-8")))
    case("utf16_le_no_bom", {"commitments.csv": C.encode("utf-16-le")}, err(("commitments.csv", 1, None, "")))
    case("windows_1251", {"commitments.csv": sub(C, "Open budget", "Открытый бюджет").encode("cp1251", "replace")},
         err(("commitments.csv", 3, None, "not UTF-8")), note="Cyrillic saved as Windows-1251")
    mixed = sub(C, "Open budget", "ღია ბიუჯეტი").encode("utf-8").replace(
        b"Tbilisi open data", "Tbilisi открытые данные".encode("cp1251"))
    case("mixed_utf8_and_1251", {"commitments.csv": mixed}, err(("commitments.csv", None, None, "not UTF-8")))
    case("latin1_accent", {"commitments.csv": sub(C, "Open budget", "Café budget").encode("latin-1", "replace")},
         err(("commitments.csv", 3, None, "not UTF-8")))
    case("utf8_bom", {"commitments.csv": "\ufeff" + C}, ok("select count(*) from commitments", 3),
         note="Excel 'CSV UTF-8' writes a BOM: accepted")
    case("utf8_bom_every_file", {n: "\ufeff" + t for n, t in BASE.items()}, ok("select count(*) from milestones", 3))
    case("crlf", {"commitments.csv": C.replace("\n", "\r\n")}, ok(title_sql(), "Open budget"))
    case("crlf_everywhere_with_bom", {n: "\ufeff" + t.replace("\n", "\r\n") for n, t in BASE.items()},
         ok("select count(*) from commitment_themes", 3))
    case("cr_only_line_ends", {"commitments.csv": C.replace("\n", "\r")}, err(("commitments.csv", None, None, "")))
    case("double_bom", {"commitments.csv": "\ufeff\ufeff" + C}, err(("commitments.csv", 1, None, "")))

    # ---------------------------------------------------------------- columns and rows
    header, *rows = C.splitlines()
    cols = header.split(",")
    no_title = tuple(c for c in cols if c != "title_en")
    case("missing_required_column", {"commitments.csv": to_csv("commitments", minimal_rows()["commitments"],
                                                               no_title)},
         err(("commitments.csv", 1, "title_en", "missing column")))
    case("extra_column", {"commitments.csv": "\n".join([header + ",secret"] + [r + ",x" for r in rows]) + "\n"},
         err(("commitments.csv", 1, "secret", "unknown column")))
    case("duplicate_column", {"commitments.csv": "\n".join([header + ",title_en"] + [r + ",x" for r in rows]) + "\n"},
         err(("commitments.csv", 1, "title_en", "duplicated column")))
    case("header_wrong_case", {"commitments.csv": sub(C, "title_en", "Title_EN")},
         err(("commitments.csv", 1, None, "")))
    case("empty_file", {"commitments.csv": b""}, err(("commitments.csv", 1, None, "empty")))
    case("header_only_referenced", {"commitments.csv": header + "\n"},
         err(("commitment_jurisdictions.csv", None, "commitment_id", "not in commitments.csv")))
    case("row_too_many_fields", {"commitments.csv": C.rstrip("\n") + ",x,y\n"},
         err(("commitments.csv", 5, None, "fields")))
    case("unterminated_quote", {"commitments.csv": sub(C, "Open budget", '"Open budget')},
         err(("commitments.csv", None, None, "")))
    case("binary_garbage", {"milestones.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40},
         err(("milestones.csv", None, None, "")))

    # ---------------------------------------------------------------- keys
    case("duplicate_commitment_id", {"commitments.csv": C + rows[-1] + "\n"},
         err(("commitments.csv", 6, "commitment_id", "")))
    t = BASE["commitment_themes.csv"]
    case("duplicate_link_row", {"commitment_themes.csv": t + t.splitlines()[1] + "\n"},
         err(("commitment_themes.csv", 5, None, "")))
    orphan = dict(milestone_id="NOPE-1/1", commitment_id="NOPE-1", number="1", title_en="Orphan",
                  planned_start="2019-01", planned_end="2019-02")
    case("orphan_milestone", {"milestones.csv": M + to_csv("milestones", [orphan]).decode().split("\n", 1)[1]},
         err(("milestones.csv", 5, "commitment_id", "not in commitments.csv")))
    j = BASE["commitment_jurisdictions.csv"]
    case("orphan_jurisdiction", {"commitment_jurisdictions.csv": j + "GE0065,atlantis\n"},
         err(("commitment_jurisdictions.csv", 5, "jurisdiction_id", "")))
    case("orphan_plan", {"commitments.csv": sub(C, "tbilisi-2017", "tbilisi-2099")},
         err(("commitments.csv", None, "plan_id", "")))
    case("empty_key", {"commitments.csv": sub(C, "TBI0001,", ",")},
         err(("commitments.csv", 5, "commitment_id", "empty")))
    case("key_with_spaces", {"commitments.csv": sub(C, "TBI0001,", " TBI0001,")},
         err(("commitments.csv", 5, "commitment_id", "spaces")))

    # ---------------------------------------------------------------- dates
    case("month_13", {"commitments.csv": sub(C, "2018-06", "2018-13")},
         err(("commitments.csv", 2, "planned_start", "not a month")))
    case("year_out_of_range_past", {"commitments.csv": sub(C, "2018-06", "1850-06")},
         err(("commitments.csv", 2, "planned_start", "out of range")))
    case("year_out_of_range_future", {"milestones.csv": sub(M, "2018-12", "2999-12")},
         err(("milestones.csv", 2, "planned_end", "out of range")))
    case("dates_wrong_order", {"commitments.csv": sub(C, "2018-06,2019-06", "2019-06,2018-06")},
         err(("commitments.csv", 2, "planned_start", "after")))
    case("actual_end_before_start", {"milestones.csv": sub(M, "2019-02,2019-03-15", "2019-04,2019-03-15")},
         err(("milestones.csv", 4, None, "")))
    case("february_30", {"milestones.csv": sub(M, "2019-09-10", "2019-02-30")},
         err(("milestones.csv", 2, "actual_start", "not a valid date")))
    case("date_wrong_format", {"commitments.csv": sub(C, "2018-06", "06/2018")},
         err(("commitments.csv", 2, "planned_start", "")))
    p = BASE["periods.csv"]
    case("as_of_not_a_date", {"periods.csv": sub(p, "2019-12-31", "31.12.2019")},
         err(("periods.csv", 2, "as_of", "")))

    # ---------------------------------------------------------------- codes
    cp = BASE["commitment_progress.csv"]
    case("unknown_state", {"commitment_progress.csv": sub(cp, "completed", "finished")},
         err(("commitment_progress.csv", 2, "state", "")))
    case("unknown_rating", {"commitment_progress.csv": sub(cp, "mostly_implemented", "excellent")},
         err(("commitment_progress.csv", 2, "rating", "")))
    case("rating_wrong_case", {"commitment_progress.csv": sub(cp, "mostly_implemented", "Mostly_Implemented")},
         err(("commitment_progress.csv", 2, "rating", "")))
    case("unknown_level", {"commitments.csv": sub(C, "municipal", "galactic")},
         err(("commitments.csv", 2, "level", "")))
    case("unknown_theme", {"commitment_themes.csv": sub(t, "transparency", "astrology")},
         err(("commitment_themes.csv", None, "theme_id", "")))
    s = BASE["commitment_sdgs.csv"]
    case("sdg_18", {"commitment_sdgs.csv": sub(s, ",11", ",18")}, err(("commitment_sdgs.csv", 3, "sdg", "")))

    # ---------------------------------------------------------------- untrusted text (loaded as data, verbatim)
    html = "<script>alert(1)</script><img src=x onerror=alert(2)><b>bold</b>"
    case("html_in_title", {"commitments.csv": sub(C, "Open budget", html)}, ok(title_sql(), html))
    md = "[click me](javascript:alert(1)) **bold** ![x](http://evil.example/x.png) <https://evil.example>"
    case("markdown_link_in_title", {"commitments.csv": sub(C, "Open budget", md)}, ok(title_sql(), md))
    formula = '=HYPERLINK("http://evil.example","click")'
    case("formula_in_title", {"commitments.csv": sub(C, "Open budget", '"' + formula.replace('"', '""') + '"')},
         ok(title_sql(), formula))
    sql = "x'); DROP TABLE commitments; --"
    case("sql_in_title", {"commitments.csv": sub(C, "Open budget", sql)}, ok(title_sql(), sql))
    case("over_long_title", {"commitments.csv": sub(C, "Open budget", "A" * 100_000)},
         err(("commitments.csv", 3, "title_en", "too long")))
    case("over_long_id", {"commitments.csv": sub(C, "TBI0001,", "T" * 5000 + ",")},
         err(("commitments.csv", 5, "commitment_id", "too long")))
    ctl = "Open\u202ebudget\u200b\x1b[31m"
    case("control_and_bidi_chars", {"commitments.csv": sub(C, "Open budget", ctl)}, ok(title_sql(), ctl))

    # ---------------------------------------------------------------- archives and workbooks (uploads)
    case("zip_not_a_zip", {"data.zip": b"PK\x03\x04 this is not really a zip"}, err(("data.zip", None, None, "zip")))
    case("unknown_file_name", {"passwords.csv": "user,password\nadmin,admin\n"},
         err(("passwords.csv", None, None, "unknown file name")))
    case("csv_named_xlsx", {"data.xlsx": C}, err(("data.xlsx", None, None, "")))

    # ---------------------------------------------------------------- generated at test time
    for gid, expect in (
        ("rows_100k", {"outcome": "ok", "check": {"sql": "select count(*) from milestones", "equals": 100_003}}),
        ("xlsx_zip_bomb", err(("bomb.xlsx", None, None, ""))),
        ("xlsx_formulas", {"outcome": "formulas_as_text"}),
        ("upload_too_big", err(("upload", None, None, "at most 20.0 MB"))),
    ):
        CASES.append({"id": gid, "kind": "dataset", "generate": gid, "files": [], **expect})

    # ---------------------------------------------------------------- portal pages
    case("page_in_russian", {"page.txt": "Обязательство 6.2\nЭлектронные услуги в Рустави\nСтатус: завершено\n"
                                         "Этапы\n6.2.1. Анализ\n"}, {"outcome": "refused"}, kind="page",
         note="neither English nor Georgian")
    case("page_in_french", {"page.txt": "Engagement 6.2\nServices électroniques à Roustavi\nÉtat : terminé\n"
                                        "Jalons\n6.2.1. Analyse\n"}, {"outcome": "refused"}, kind="page")
    case("page_empty", {"page.txt": ""}, {"outcome": "refused"}, kind="page")
    case("page_binary", {"page.txt": b"\x00\x01\x02\xff" * 100}, {"outcome": "refused"}, kind="page")

    # ---------------------------------------------------------------- URL parameters
    for uid, query, dropped in (
        ("url_sql_in_jurisdiction", "jurisdiction=rustavi%27%3B%20DROP%20TABLE%20commitments%3B--", "jurisdiction"),
        ("url_sql_or_1_1", "theme=transparency%27%20OR%20%271%27%3D%271", "theme"),
        ("url_html_in_lang", "lang=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "lang"),
        ("url_over_long_value", "commitment=" + "A" * 5000, "commitment"),
    ):
        case(uid, {"query.txt": query + "\n"}, {"outcome": "dropped", "param": dropped}, kind="url")

    from tests.bad_inputs.hostile_cases import add as add_round_two  # issue 16's cases
    add_round_two(case, err, ok, sub, BASE, title_sql, CASES)

    (HERE / "cases.json").write_text(json.dumps(CASES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(CASES)} cases")


if __name__ == "__main__":
    build()
