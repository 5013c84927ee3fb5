"""A 16:9 PPTX file: a title slide, one slide per chart (title, finding, picture, caption), then methodology and
sources. Every run of text names its font (Noto Sans Georgian for Georgian, Arial otherwise) and its language
(``ka-GE`` / ``en-US``), so Georgian shows in PowerPoint, LibreOffice and Keynote alike; text is >= 20 pt."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dashboard import i18n
from dashboard.exports.filenames import lang_code
from dashboard.exports.images import png_size

GEORGIAN_FONT = "Noto Sans Georgian"
LATIN_FONT = "Arial"
_GEORGIAN_CHARS = "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f"
_GEORGIAN_SEGMENT = re.compile(
    rf"[{_GEORGIAN_CHARS}]+(?:[\s\-–—,.;:()«»„“\"'!?№0-9]+[{_GEORGIAN_CHARS}]+)*"
)
_DRAWINGML = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def has_georgian(text: str) -> bool:
    return bool(re.search(f"[{_GEORGIAN_CHARS}]", text or ""))


def _segments(text: str) -> list[tuple[str, bool]]:
    """Split text into (segment, is_georgian) so Georgian gets the Georgian font and the rest a Latin one."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _GEORGIAN_SEGMENT.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out or [("", False)]


@dataclass(frozen=True)
class Slide:
    """One chart slide: its title, the one-sentence finding, the chart as PNG and a caption (how computed)."""

    title: str
    finding: str
    figure_png: bytes
    caption: str = ""


def _set_run_font(run: Any, text: str, *, georgian: bool, deck_lang: str, size_pt: float, bold: bool = False,
                  color: Any = None) -> None:
    from pptx.enum.lang import MSO_LANGUAGE_ID
    from pptx.util import Pt

    run.text = text
    font = run.font
    font.size = Pt(size_pt)
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    font.name = GEORGIAN_FONT if georgian else LATIN_FONT  # <a:latin typeface=...>
    font.language_id = MSO_LANGUAGE_ID.GEORGIAN if georgian or deck_lang == "ka" else MSO_LANGUAGE_ID.ENGLISH_US


def name_every_script(shape: Any) -> None:
    """Give every run of ``shape`` the typeface of its Latin script for East Asian and complex scripts too
    (``<a:ea>``, ``<a:cs>``) and English as the alternative language (``altLang``).

    python-pptx sets only the Latin typeface (``font.name``) and the language (``font.language_id``) of a run; some
    programs pick the font of Georgian text from ``<a:cs>``/``<a:ea>``, so they are written here on the XML of the
    shape (``shape.element``, python-pptx's public handle on it). tests/exports/test_export.py checks the result.
    """
    for rpr in shape.element.iter(f"{_DRAWINGML}rPr"):
        latin = rpr.find(f"{_DRAWINGML}latin")
        if latin is None:
            continue
        rpr.set("altLang", "en-US")
        previous = latin
        for tag in ("ea", "cs"):  # schema order inside rPr: ... latin, ea, cs, sym, hlinkClick ...
            el = rpr.find(f"{_DRAWINGML}{tag}")
            if el is None:
                el = rpr.makeelement(f"{_DRAWINGML}{tag}", {})
                previous.addnext(el)
            el.set("typeface", latin.get("typeface"))
            previous = el


def _write_paragraph(paragraph: Any, text: str, *, deck_lang: str, size_pt: float, bold: bool = False,
                     color: Any = None) -> None:
    for segment, georgian in _segments(text):
        run = paragraph.add_run()
        _set_run_font(run, segment, georgian=georgian, deck_lang=deck_lang, size_pt=size_pt, bold=bold, color=color)


def _textbox(slide: Any, left: int, top: int, width: int, height: int, lines: Sequence[str], *, deck_lang: str,
             size_pt: float, bold: bool = False, color: Any = None, bullets: bool = False) -> Any:
    from pptx.enum.text import MSO_AUTO_SIZE

    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    for i, line in enumerate(lines or [""]):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        _write_paragraph(p, ("• " + line) if bullets and line else line, deck_lang=deck_lang, size_pt=size_pt,
                         bold=bold, color=color)
        p.space_after = 6 if bullets else 0
    name_every_script(box)
    return box


def _estimated_lines(lines: Sequence[str], chars_per_line: int) -> int:
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in lines)


def _pages(lines: Sequence[str], capacity: int, chars_per_line: int) -> list[list[str]]:
    """The lines cut into pages of at most ``capacity`` estimated lines of ``chars_per_line`` characters."""
    pages: list[list[str]] = [[]]
    used = 0
    for line in lines:
        need = _estimated_lines([line], chars_per_line)
        if pages[-1] and used + need > capacity:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += need
    return pages


class _Deck:
    """The presentation being written: its size, colours, language and the synthetic-data banner."""

    def __init__(self, lang: str, synthetic: bool, banner: str):
        from pptx import Presentation
        from pptx.dml.color import RGBColor
        from pptx.util import Inches

        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)
        self.sw, self.sh = self.prs.slide_width, self.prs.slide_height
        self.margin = Inches(0.5)
        self.inner_w = self.sw - 2 * self.margin
        self.dark = RGBColor(0x1F, 0x2A, 0x44)
        self.grey = RGBColor(0x55, 0x55, 0x55)
        self.red = RGBColor(0xC0, 0x00, 0x00)
        self.lang, self.synthetic, self.banner = lang, synthetic, banner

    def new_slide(self) -> Any:
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Inches

        s = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        if self.synthetic:
            box = _textbox(s, self.sw - self.margin - Inches(6.5), Inches(0.05), Inches(6.5), Inches(0.45),
                           [self.banner], deck_lang=self.lang, size_pt=20, bold=True, color=self.red)
            box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
        return s

    def title_slide(self, title: str, subtitle_lines: Sequence[str]) -> None:
        from pptx.util import Inches

        s = self.new_slide()
        _textbox(s, self.margin, Inches(2.0), self.inner_w, Inches(1.6), [title], deck_lang=self.lang, size_pt=40,
                 bold=True, color=self.dark)
        _textbox(s, self.margin, Inches(3.8), self.inner_w, Inches(3.0), list(subtitle_lines), deck_lang=self.lang,
                 size_pt=24, color=self.grey)

    def chart_slide(self, item: Slide) -> None:
        from pptx.util import Emu, Inches

        s = self.new_slide()
        margin, inner_w, sw, sh = self.margin, self.inner_w, self.sw, self.sh
        _textbox(s, margin, Inches(0.45), inner_w, Inches(0.8), [item.title], deck_lang=self.lang, size_pt=32,
                 bold=True, color=self.dark)
        _textbox(s, margin, Inches(1.2), inner_w, Inches(0.75), [item.finding], deck_lang=self.lang, size_pt=22)
        top, bottom = Inches(2.0), sh - Inches(0.85 if item.caption else 0.3)
        box_w, box_h = inner_w, bottom - top
        if item.figure_png:
            try:
                w_px, h_px = png_size(item.figure_png)
            except ValueError:
                w_px, h_px = 16, 9
            scale = min(box_w / w_px, box_h / h_px)
            pic_w, pic_h = int(w_px * scale), int(h_px * scale)
            s.shapes.add_picture(io.BytesIO(item.figure_png), Emu(int((sw - pic_w) / 2)), Emu(int(top)),
                                 Emu(pic_w), Emu(pic_h))
        if item.caption:
            _textbox(s, margin, sh - Inches(0.8), inner_w, Inches(0.6), [item.caption], deck_lang=self.lang,
                     size_pt=20, color=self.grey)

    def methodology_slides(self, m_head: str, s_head: str, methodology_lines: Sequence[str],
                           sources_lines: Sequence[str]) -> None:
        """Two columns; more slides only when the text would not fit at 20 pt."""
        from pptx.util import Inches

        col_w = int((self.inner_w - Inches(0.4)) / 2)
        chars_per_line, capacity = 48, 12
        m_pages = _pages(list(methodology_lines), capacity, chars_per_line)
        s_pages = _pages(list(sources_lines), capacity, chars_per_line)
        for n in range(max(len(m_pages), len(s_pages))):
            s = self.new_slide()
            heading = f"{m_head} · {s_head}" if n == 0 else i18n.t("export.methodology_continued", self.lang)
            _textbox(s, self.margin, Inches(0.45), self.inner_w, Inches(0.8), [heading], deck_lang=self.lang,
                     size_pt=32, bold=True, color=self.dark)
            for k, (head, pages) in enumerate(((m_head, m_pages), (s_head, s_pages))):
                left = self.margin + k * (col_w + Inches(0.4))
                if n < len(pages) and pages[n]:
                    _textbox(s, left, Inches(1.4), col_w, Inches(0.6), [head], deck_lang=self.lang, size_pt=24,
                             bold=True)
                    _textbox(s, left, Inches(2.0), col_w, self.sh - Inches(2.4), pages[n], deck_lang=self.lang,
                             size_pt=20, bullets=True)


def pptx_bytes(
    *,
    lang: str,
    title: str,
    subtitle_lines: Sequence[str],
    slides: Sequence[Slide],
    methodology_lines: Sequence[str],
    sources_lines: Sequence[str],
    synthetic: bool = False,
    methodology_heading: str | None = None,
    sources_heading: str | None = None,
    synthetic_banner: str | None = None,
) -> bytes:
    """A 16:9 deck: a title slide (title + plan, filters, as-of lines), one slide per chart (title, finding,
    picture, caption), then methodology and sources (continued on further slides only when they do not fit).

    Every run names its font ("Noto Sans Georgian" for Georgian text, Arial otherwise; latin, ea and cs typefaces
    all set) and its language (``ka-GE`` / ``en-US``); text is >= 20 pt.
    """
    lang = lang_code(lang)
    deck = _Deck(lang, synthetic, synthetic_banner or i18n.t("export.synthetic_banner", lang))
    deck.title_slide(title, subtitle_lines)
    for item in slides:
        deck.chart_slide(item)
    deck.methodology_slides(methodology_heading or i18n.t("export.methodology", lang),
                            sources_heading or i18n.t("export.sources", lang), methodology_lines, sources_lines)
    props = deck.prs.core_properties
    props.title = title
    props.language = "ka-GE" if lang == "ka" else "en-US"
    props.subject = " · ".join(subtitle_lines)[:255]
    buf = io.BytesIO()
    deck.prs.save(buf)
    return buf.getvalue()
