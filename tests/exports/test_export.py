"""Downloads and exports: CSV/XLSX safety and encoding, slide-size images through one renderer, the PPTX deck."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import exports, i18n
from dashboard.exports import renderer

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2", "@SUM(A1:A2)", '=HYPERLINK("http://evil.example","click")',
            "\tx", "\rx"]
KA_TITLE = "შესრულება მუნიციპალიტეტების მიხედვით"
KA_SOURCE = "წყარო: OGP საქართველო · 2019 წლის 31 დეკემბრის მდგომარეობით"


def _browser_available() -> bool:
    return exports.find_browser() is not None


needs_chromium = pytest.mark.skipif(
    not _browser_available(),
    reason="needs Chromium for kaleido (apt-get install chromium, or set BROWSER_PATH); CI installs it",
)


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "commitment_id": ["GE-2018-6.2"] * len(FORMULAS),
        "title_ka": ["ღია მმართველობა რუსთავში"] * len(FORMULAS),
        "payload": FORMULAS,
        "score": [-1.5, 0.0, 2.0, -3.0, 1.0, 0.5, -0.25],
        "count": pd.array([-2, 1, 2, 3, 4, 5, None], dtype="Int64"),
        "planned_end": pd.to_datetime(["2019-12-31"] * len(FORMULAS)),
    })


# ----------------------------------------------------------------------------------------------------------------- CSV


def test_csv_starts_with_bom_and_round_trips_georgian():
    data = exports.csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == list(_frame().columns)
    assert back["title_ka"].iloc[0] == "ღია მმართველობა რუსთავში"


def test_csv_neutralises_formulas_but_keeps_negative_numbers():
    text = exports.csv_bytes(_frame()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    payloads = [r["payload"] for r in rows]
    assert payloads == ["'" + f for f in FORMULAS]
    # numeric columns stay numbers, negatives included
    assert [r["score"] for r in rows][:4] == ["-1.5", "0.0", "2.0", "-3.0"]
    assert rows[0]["count"] == "-2" and rows[-1]["count"] == ""
    # dates are ISO
    assert rows[0]["planned_end"] == "2019-12-31"


def test_csv_dates_in_object_columns_are_iso():
    df = pd.DataFrame({"d": [dt.date(2019, 9, 10), None], "ts": [pd.Timestamp("2019-09-10 13:45"), pd.NaT]})
    text = exports.csv_bytes(df).decode("utf-8-sig")
    assert "2019-09-10," in text and "2019-09-10T13:45:00" in text


def test_csv_formula_in_header_is_neutralised():
    text = exports.csv_bytes(pd.DataFrame({"=cmd": [1]})).decode("utf-8-sig")
    assert text.splitlines()[0] == "'=cmd"


# ---------------------------------------------------------------------------------------------------------------- XLSX


def test_xlsx_formula_cells_are_text_and_georgian_intact():
    from openpyxl import load_workbook

    data = exports.xlsx_bytes({"commitments": _frame(), "ვალდებულებები": _frame().head(1)})
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["commitments", "ვალდებულებები"]
    ws = wb["commitments"]
    header = [c.value for c in ws[1]]
    assert header == list(_frame().columns)
    assert all(c.font.bold for c in ws[1])
    payload_col = header.index("payload") + 1
    for i, formula in enumerate(FORMULAS, start=2):
        cell = ws.cell(row=i, column=payload_col)
        assert cell.data_type == "s", (formula, cell.data_type)
        assert cell.value == formula  # stored as text, unchanged (no apostrophe inside the value)
    assert ws.cell(row=2, column=header.index("title_ka") + 1).value == "ღია მმართველობა რუსთავში"
    score = ws.cell(row=2, column=header.index("score") + 1)
    assert score.data_type == "n" and score.value == -1.5
    count = ws.cell(row=2, column=header.index("count") + 1)
    assert count.data_type == "n" and count.value == -2
    assert ws.cell(row=8, column=header.index("count") + 1).value is None
    end = ws.cell(row=2, column=header.index("planned_end") + 1)
    assert end.is_date and end.value.date() == dt.date(2019, 12, 31) and end.number_format == "yyyy-mm-dd"
    # no formula anywhere in the XML
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name)
    width = ws.column_dimensions["B"].width
    assert 8 <= width <= 60


def test_xlsx_sheet_names_sanitised_and_unique():
    from openpyxl import load_workbook

    long_name = "a/very:long*name?[with]bad\\characters and more text"
    data = exports.xlsx_bytes({long_name: pd.DataFrame({"x": [1]}), long_name + "2": pd.DataFrame({"x": [2]}),
                              "": pd.DataFrame({"x": [3]})})
    names = load_workbook(io.BytesIO(data)).sheetnames
    assert len(names) == 3 and len({n.lower() for n in names}) == 3
    for n in names:
        assert len(n) <= 31 and not set(n) & set("[]:*?/\\")


def test_xlsx_control_characters_do_not_break_the_file():
    from openpyxl import load_workbook

    data = exports.xlsx_bytes({"t": pd.DataFrame({"x": ["bad\x01text"]})})
    assert load_workbook(io.BytesIO(data))["t"]["A2"].value == "badtext"


# --------------------------------------------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("stem", "ext", "expected"),
    [
        ("Completion by jurisdiction", "png", "completion-by-jurisdiction.png"),
        (KA_TITLE, "svg", "შესრულება-მუნიციპალიტეტების-მიხედვით.svg"),
        ('a/b\\c:d*e?f"g<h>i|j', "csv", "a-b-c-d-e-f-g-h-i-j.csv"),
        ("CON", "txt", "_con.txt"),
        ("", "pptx", "export.pptx"),
        ("...", "xlsx", "export.xlsx"),
    ],
)
def test_export_filename(stem, ext, expected):
    assert exports.export_filename(stem, "en", ext) == expected


def test_export_filename_empty_georgian_and_length():
    assert exports.export_filename("", "ka", "png").endswith(".png")
    assert exports.export_filename("", "ka", "png") != "export.png"
    assert len(exports.export_filename("x" * 500, "en", "png")) <= 104


def test_plotly_config_by_language():
    en = exports.plotly_config("en", "Completion by jurisdiction")
    ka = exports.plotly_config("ka", KA_TITLE)
    assert en["displaylogo"] is False and ka["displaylogo"] is False
    assert en["toImageButtonOptions"] == {"format": "png", "filename": "completion-by-jurisdiction", "scale": 2}
    assert ka["toImageButtonOptions"]["filename"] == "შესრულება-მუნიციპალიტეტების-მიხედვით"
    assert ka["toImageButtonOptions"]["scale"] == 2
    assert (en["locale"], ka["locale"]) == ("en", "ka")


# ------------------------------------------------------------------------------------------------- layout (no browser)


def _figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=["რუსთავი", "ბათუმი"], y=[3, 4], name="სრულად", textfont={"size": 10}))
    fig.update_layout(title="small", font={"size": 11}, xaxis={"tickfont": {"size": 9}},
                      xaxis_title="მუნიციპალიტეტი", legend={"font": {"size": 10}})
    return fig


def test_slide_layout_large_type_title_source_and_watermark():
    fig = _figure()
    before = fig.to_dict()
    spec = exports.slide_layout(fig, title=KA_TITLE, source_line=KA_SOURCE, lang="ka", synthetic=True)
    assert fig.to_dict() == before  # the page's figure is not changed
    layout = spec["layout"]
    assert (layout["width"], layout["height"]) == (1920, 1080)
    assert layout["title"]["text"] == KA_TITLE and layout["title"]["font"]["size"] >= 20
    assert layout["font"]["size"] >= 20
    assert layout["xaxis"]["tickfont"]["size"] >= 20 and layout["legend"]["font"]["size"] >= 20
    assert spec["data"][0]["textfont"]["size"] >= 20
    texts = [a["text"] for a in layout["annotations"]]
    assert KA_SOURCE in texts
    assert i18n.t("export.synthetic_watermark", "ka") in texts
    assert spec["data"][0]["textangle"] == 0  # bar labels stay upright at the larger size
    assert "meta" not in layout


def test_slide_layout_moves_a_bottom_legend_and_keeps_the_subtitle():
    fig = _figure()
    fig.update_layout(legend={"orientation": "h", "y": -0.12, "yanchor": "top"},
                      title={"text": "x", "subtitle": {"text": "როგორ გამოითვლება", "font": {"size": 12}}},
                      meta={"table": {"rows": [[1]]}})
    layout = exports.slide_layout(fig, title="T", source_line="S", lang="ka")["layout"]
    assert layout["legend"]["orientation"] == "v" and layout["legend"]["x"] > 1
    assert layout["title"]["subtitle"]["text"] == "როგორ გამოითვლება"
    assert layout["title"]["subtitle"]["font"]["size"] >= 20
    assert "meta" not in layout


def test_renderer_page_loads_nothing_from_the_internet():
    import kaleido

    index = kaleido.PageGenerator(mathjax=False).generate_index()
    assert "http://" not in index and "https://" not in index
    assert "plotly.min.js" in index


def test_slide_layout_without_synthetic_has_only_the_source_line():
    fig = _figure()
    plain = exports.slide_layout(fig, title="T", source_line="S", lang="en")
    assert [a["text"] for a in plain["layout"]["annotations"]] == ["S"]


# --------------------------------------------------------------------------------------------------- images (Chromium)


@needs_chromium
def test_png_is_slide_size_and_renderer_is_reused():
    stats0 = exports.renderer_stats()
    images = [
        exports.figure_image(_figure(), "png", title=KA_TITLE, source_line=KA_SOURCE, lang="ka", synthetic=True),
        exports.figure_image(_figure(), "png", title="Completion by jurisdiction", source_line="Source: x",
                            lang="en"),
        exports.figure_image(_figure(), "svg", title="Third", source_line="Source: y", lang="en"),
    ]
    assert exports.png_size(images[0]) == (1920, 1080)
    assert exports.png_size(images[1]) == (1920, 1080)
    stats = exports.renderer_stats()
    assert stats["running"]
    assert stats["starts"] <= max(stats0["starts"], 1)  # started at most once, then reused
    assert stats["renders"] - stats0["renders"] == 3


@needs_chromium
def test_svg_holds_title_and_georgian_text():
    svg = exports.figure_image(_figure(), "svg", title=KA_TITLE, source_line=KA_SOURCE, lang="ka").decode("utf-8")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:500]
    assert 'width="1920"' in svg and 'height="1080"' in svg
    assert KA_TITLE in svg
    assert "რუსთავი" in svg and "მუნიციპალიტეტი" in svg
    assert "2019 წლის 31 დეკემბრის" in svg


@needs_chromium
def test_renderer_is_thread_safe():
    from concurrent.futures import ThreadPoolExecutor

    def one(i: int) -> bytes:
        return exports.figure_image(_figure(), "png", title=f"Chart {i}", source_line="s", lang="en",
                                   width=800, height=450)

    starts = exports.renderer_stats()["starts"]
    with ThreadPoolExecutor(4) as pool:
        out = list(pool.map(one, range(4)))
    assert all(exports.png_size(b) == (800, 450) for b in out)
    assert exports.renderer_stats()["starts"] <= max(starts, 1)


def test_missing_browser_gives_a_clear_error(monkeypatch):
    monkeypatch.setattr(renderer, "find_browser", lambda: None)
    fresh = renderer._Renderer()
    with pytest.raises(exports.ExportUnavailable, match="Chromium"):
        fresh.render({"data": [], "layout": {}}, {"format": "png"})


# ---------------------------------------------------------------------------------------------------------------- PPTX


def _tiny_png(w: int = 1920, h: int = 1080) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 220, 240)).save(buf, "PNG")
    return buf.getvalue()


def _deck(lang: str, synthetic: bool = False, n: int = 2) -> bytes:
    ka = lang == "ka"
    slides = [
        exports.Slide(
            title=(KA_TITLE if ka else "Completion by jurisdiction") + f" {i}",
            finding="რუსთავმა 6-დან 3 ეტაპი ვადაგადაცილებით შეასრულა." if ka else "Rustavi: 3 of 6 milestones overdue.",
            figure_png=_tiny_png(),
            caption="როგორ გამოითვლება: შეფასებების რაოდენობა" if ka else "How computed: counts of ratings",
        )
        for i in range(n)
    ]
    return exports.pptx_bytes(
        lang=lang,
        title="OGP საქართველო: ვალდებულებების შესრულება" if ka else "OGP Georgia: commitment progress",
        subtitle_lines=["სამოქმედო გეგმა 2018–2019", "ფილტრები: რუსთავი", "2019-12-31 მდგომარეობით"] if ka
        else ["Action plan 2018–2019", "Filters: Rustavi", "As of 31 December 2019"],
        slides=slides,
        methodology_lines=["ქულა: სრულად = 1"] if ka else ["Score: fully = 1"],
        sources_lines=["https://ogp.gov.ge"],
        synthetic=synthetic,
    )


def _runs(shape):
    for p in shape.text_frame.paragraphs:
        yield from p.runs


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_deck_structure_titles_language_and_fonts(lang):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pptx.oxml.ns import qn

    prs = Presentation(io.BytesIO(_deck(lang)))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    slides = list(prs.slides)
    assert len(slides) == 1 + 2 + 1
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in slides]
    if lang == "ka":
        assert texts[0][0] == "OGP საქართველო: ვალდებულებების შესრულება"
        assert texts[1][0] == KA_TITLE + " 0" and texts[2][0] == KA_TITLE + " 1"
        assert texts[3][0] == "მეთოდოლოგია · წყაროები"
        assert prs.core_properties.language == "ka-GE"
    else:
        assert texts[1][0] == "Completion by jurisdiction 0"
        assert texts[3][0].startswith("Methodology")
    assert "2019" in "\n".join(texts[0])
    for s in slides[1:3]:
        pics = [sh for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pics) == 1
        assert pics[0].width / pics[0].height == pytest.approx(16 / 9, rel=0.01)
    for s in slides:
        for sh in s.shapes:
            if not sh.has_text_frame:
                continue
            for run in _runs(sh):
                rpr = run._r.find(qn("a:rPr"))
                assert run.font.size.pt >= 20
                georgian = exports.has_georgian(run.text)
                expected_font = "Noto Sans Georgian" if georgian else "Arial"
                assert run.font.name == expected_font
                assert rpr.find(qn("a:ea")).get("typeface") == expected_font
                assert rpr.find(qn("a:cs")).get("typeface") == expected_font
                expected_lang = "ka-GE" if (georgian or lang == "ka") else "en-US"
                assert rpr.get("lang") == expected_lang
    if lang == "ka":  # Georgian titles are in Georgian runs
        title_runs = list(_runs(next(sh for sh in slides[1].shapes if sh.has_text_frame)))
        assert title_runs[0].font.name == "Noto Sans Georgian" \
            and title_runs[0]._r.find(qn("a:rPr")).get("lang") == "ka-GE"


def test_deck_synthetic_banner_on_every_slide():
    from pptx import Presentation

    prs = Presentation(io.BytesIO(_deck("ka", synthetic=True)))
    banner = i18n.t("export.synthetic_banner", "ka")
    for s in prs.slides:
        assert any(sh.has_text_frame and sh.text_frame.text == banner for sh in s.shapes)


def test_deck_long_methodology_continues_on_more_slides():
    from pptx import Presentation

    data = exports.pptx_bytes(lang="en", title="T", subtitle_lines=["a"], slides=[],
                             methodology_lines=[f"Line {i} " + "x" * 80 for i in range(20)], sources_lines=["s"])
    assert len(Presentation(io.BytesIO(data)).slides) >= 3


@needs_chromium
def test_deck_with_a_rendered_chart(tmp_path: Path):
    from pptx import Presentation

    png = exports.figure_image(_figure(), "png", title=KA_TITLE, source_line=KA_SOURCE, lang="ka")
    data = exports.pptx_bytes(lang="ka", title=KA_TITLE, subtitle_lines=["x"],
                             slides=[exports.Slide(KA_TITLE, "მიგნება.", png, "")], methodology_lines=["m"],
                             sources_lines=["s"])
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 3
    pic = [sh for sh in prs.slides[1].shapes if sh.shape_type == 13][0]
    assert pic.image.blob == png


def test_every_script_of_a_run_is_named():
    """pptx_file.name_every_script: python-pptx sets only the Latin typeface; ea and cs get the same one."""
    from pptx import Presentation
    from pptx.oxml.ns import qn

    from dashboard.exports import pptx_file

    prs = Presentation()
    box = prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_textbox(0, 0, 100, 100)
    run = box.text_frame.paragraphs[0].add_run()
    run.text, run.font.name = "ქართული", "Noto Sans Georgian"
    pptx_file.name_every_script(box)
    pptx_file.name_every_script(box)  # idempotent
    rpr = run._r.find(qn("a:rPr"))
    assert [el.tag for el in rpr][-3:] == [qn("a:latin"), qn("a:ea"), qn("a:cs")]
    assert {rpr.find(qn(t)).get("typeface") for t in ("a:ea", "a:cs")} == {"Noto Sans Georgian"}
    assert rpr.get("altLang") == "en-US"
