"""Isolation between real sessions: two websocket clients (benchmarks/streamlit_client.py) on one `streamlit run`
server. One session's filters, language and upload never appear in the other's (nor in a session opened after).
Exports of user text are formula-safe."""

from __future__ import annotations

import io
import threading
import uuid

import pandas as pd
import pytest

from benchmarks.streamlit_client import RunResult, StreamlitClient
from dashboard import exports
from tests.helpers import minimal_files, minimal_rows, to_csv
from tools.serving import streamlit_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("isolation") / "streamlit.log"
    with streamlit_server(log_path=log) as srv:
        yield srv


def _blob(result: RunResult) -> bytes:
    """Everything the session was sent in a run (text, options, dataframe cells, chart specs)."""
    return b"".join(el.SerializeToString() for _, el in result.elements)


def _upload_files(marker: str) -> list[tuple[str, bytes]]:
    rows = minimal_rows()
    rows["commitments"][1]["title_en"] = rows["commitments"][1]["title_ka"] = marker
    files = minimal_files()
    files["commitments.csv"] = to_csv("commitments", rows["commitments"])
    return list(files.items())


def test_two_sessions_filters_language_and_upload_stay_apart(server):
    marker = f"ISOLATION-{uuid.uuid4().hex[:12]}"
    a = StreamlitClient(server.url, timeout=90)
    b = StreamlitClient(server.url, timeout=90)
    with a, b:
        ra, rb = a.connect(), b.connect()
        assert ra.ok and rb.ok and a.session_id and b.session_id and a.session_id != b.session_id

        # A: a filter and Georgian. B sees neither.
        w = a.widgets["w_jurisdiction"]
        ra = a.set_multiselect("w_jurisdiction", [0])
        assert ra.ok and "jurisdiction=" in a.query_string
        ra = a.set_radio("w_lang", 1)
        assert ra.ok and "lang=ka" in a.query_string
        rb = b.rerun()
        assert rb.ok
        assert "jurisdiction=" not in b.query_string and "lang=ka" not in b.query_string
        assert b.widgets["w_jurisdiction"].options == w.options        # English labels still
        assert b.widgets["w_lang"].label != a.widgets["w_lang"].label

        # A: uploads its own data on the Data & methodology page and uses it.
        ra = a.open_page("data")
        assert ra.ok and "up_tables" in a.widgets, sorted(a.widgets)
        ra = a.upload("up_tables", _upload_files(marker))
        assert ra.ok, ra.exceptions
        ra = a.click("up_tables_go")
        assert ra.ok, ra.exceptions
        ra = a.open_page("commitments")
        assert ra.ok and marker.encode() in _blob(ra), "A does not see its own upload"

        # B, on every page, sees the bundled data only.
        for page in b.pages:
            rb = b.open_page(page)
            assert rb.ok, rb.exceptions
            assert marker.encode() not in _blob(rb), f"A's upload leaked into B on page {page!r}"
        # And a session opened afterwards too.
        with StreamlitClient(server.url, timeout=90) as c:
            rc = c.connect()
            assert rc.ok and marker.encode() not in _blob(rc)
            rc = c.open_page("commitments")
            assert marker.encode() not in _blob(rc) and "jurisdiction=" not in c.query_string

        # A still has its own view after B's runs.
        ra = a.rerun()
        assert marker.encode() in _blob(ra) and "lang=ka" in a.query_string


def test_concurrent_sessions_keep_their_own_filters(server):
    """Several sessions change filters at the same time; each ends with exactly its own URL state."""
    errors: list[str] = []
    start = threading.Barrier(4)

    def session(i: int) -> None:
        try:
            with StreamlitClient(server.url, timeout=90) as c:
                c.connect(query_string="lang=ka" if i % 2 else "")
                start.wait(timeout=60)
                for step in range(4):
                    key = ("w_plan", "w_level", "w_theme", "w_rating")[(i + step) % 4]
                    opts = c.widgets[key].options
                    c.set_multiselect(key, [i % len(opts)])
                    c.click("w_reset") if step == 2 else None
                c.set_multiselect("w_jurisdiction", [i % len(c.widgets["w_jurisdiction"].options)])
                r = c.rerun()
                mine = c.query_string
                assert r.ok, r.exceptions
                assert ("lang=ka" in mine) == bool(i % 2), (i, mine)
                assert mine.count("jurisdiction=") == 1, (i, mine)
                seen[i] = mine
        except Exception as exc:
            errors.append(f"session {i}: {type(exc).__name__}: {exc}")

    seen: dict[int, str] = {}
    threads = [threading.Thread(target=session, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert not errors, errors
    assert len(seen) == 4
    # Sessions that chose different jurisdictions ended with different URLs.
    assert len({q for q in seen.values()}) >= 2, seen


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "=1+1"]


def test_exports_of_user_text_are_formula_safe():
    df = pd.DataFrame({"title_en": FORMULAS + ["plain", "ღია ბიუჯეტი", "3-4 May"],
                       "n": list(range(len(FORMULAS) + 3))})
    text = exports.csv_bytes(df).decode("utf-8-sig")
    cells = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)["title_en"].tolist()
    for original, cell in zip(FORMULAS, cells):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (original, cell)
        assert original in cell or original.strip() in cell
    assert cells[-3:] == ["plain", "ღია ბიუჯეტი", "3-4 May"]

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exports.xlsx_bytes({"commitments": df})))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = header.index("title_en")
    for row, original in zip(ws.iter_rows(min_row=2), FORMULAS):
        cell = row[col]
        assert cell.data_type == "s", (original, cell.data_type)      # a text cell, never a formula
        assert not str(cell.value).startswith("=") or cell.quotePrefix, (original, cell.value)
