"""Downloads and slide-quality exports: CSV, XLSX, PNG/SVG chart images and a PPTX deck.

Pure module (no Streamlit): pages call these functions and hand the bytes to ``st.download_button``.

- ``csv_bytes(df)``: UTF-8 with a BOM (Excel then shows Georgian), formula-looking text neutralised, ISO dates.
- ``xlsx_bytes({sheet: df})``: one sheet per table, formula-looking text stored as text, bold header.
- ``figure_image(fig, "png"|"svg", title=..., source_line=..., lang=...)``: a copy of the figure laid out for a
  1920x1080 slide, rendered server-side by kaleido through ONE persistent headless Chromium per process, started
  lazily on first use and shared by all threads (no browser start per image, no MathJax, plotly.js from the
  installed plotly package, so nothing is fetched from the internet).
- ``plotly_config(lang, filename)``: the ``config`` for ``st.plotly_chart`` (modebar download name, scale 2).
- ``pptx_bytes(...)``: a 16:9 deck (title, one slide per chart, methodology and sources).
- ``export_filename(stem, lang, ext)``: a file name that is safe on any OS (Georgian letters kept).

User-facing words that this module writes itself (the watermark, the headings of the methodology slide) come from
the catalogs (``export.*`` keys) when they are there, else from the English/Georgian defaults below; every such
text can also be passed in by the caller.
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import datetime as _dt
import io
import json
import math
import os
import re
import shutil
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

# --------------------------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------------------------

_LOCALES_DIR = Path(__file__).resolve().parent / "locales"

# Defaults for the catalog keys this module uses (the catalogs win when they hold the key).
_DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "export.synthetic_watermark": "Synthetic data",
        "export.synthetic_banner": "Synthetic data — not real results",
        "export.methodology": "Methodology",
        "export.sources": "Sources",
        "export.methodology_continued": "Methodology and sources (continued)",
        "export.default_filename": "export",
    },
    "ka": {
        "export.synthetic_watermark": "სინთეზური მონაცემები",
        "export.synthetic_banner": "სინთეზური მონაცემები — არა რეალური შედეგები",
        "export.methodology": "მეთოდოლოგია",
        "export.sources": "წყაროები",
        "export.methodology_continued": "მეთოდოლოგია და წყაროები (გაგრძელება)",
        "export.default_filename": "ექსპორტი",
    },
}
_catalog_cache: dict[str, dict[str, str]] = {}


def _norm_lang(lang: str | None) -> str:
    return "ka" if str(lang or "").lower().startswith("ka") else "en"


def label(key: str, lang: str) -> str:
    """The catalog text for ``key`` (an ``export.*`` key) in ``lang``, else this module's default."""
    lang = _norm_lang(lang)
    if lang not in _catalog_cache:
        try:
            data = json.loads((_LOCALES_DIR / f"{lang}.json").read_text(encoding="utf-8"))
            _catalog_cache[lang] = {k: v for k, v in data.items() if isinstance(v, str)}
        except (OSError, ValueError):
            _catalog_cache[lang] = {}
    return _catalog_cache[lang].get(key) or _DEFAULT_LABELS[lang].get(key) or _DEFAULT_LABELS["en"][key]


# --------------------------------------------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------------------------------------------

_UNSAFE_FILENAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_MAX_STEM = 100


def export_filename(stem: str, lang: str, ext: str) -> str:
    """A file name safe on Windows, macOS and Linux: ``"Completion by jurisdiction"`` -> ``completion-by-jurisdiction.png``.

    Letters of any script are kept (Georgian titles give Georgian names; Georgian is never upper- or lower-cased
    into Mtavruli: ``str.lower`` leaves Mkhedruli alone), reserved characters and control characters are removed,
    whitespace becomes ``-``, the length is bounded, and Windows device names are avoided.
    """
    text = unicodedata.normalize("NFC", str(stem or ""))
    text = _UNSAFE_FILENAME.sub(" ", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"[\s_]+", "-", text.strip()).lower()
    text = re.sub(r"[^\w.\-()]+", "", text)  # \w is Unicode-aware: keeps Georgian letters and digits
    text = re.sub(r"-{2,}", "-", text).strip(" .-")
    text = text[:_MAX_STEM].rstrip(" .-")
    if not text:
        text = label("export.default_filename", lang)
    if text.split(".")[0] in _WINDOWS_RESERVED:
        text = f"_{text}"
    ext = re.sub(r"[^0-9A-Za-z]", "", str(ext or ""))
    return f"{text}.{ext.lower()}" if ext else text


# --------------------------------------------------------------------------------------------------------------
# CSV and XLSX
# --------------------------------------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text value that a spreadsheet would run as a formula, prefixed with an apostrophe; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _is_datetime_dtype(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series.dtype)


def _iso(value: Any) -> Any:
    """Dates and timestamps as ISO text (a date when there is no time of day); other values unchanged."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        if value.tzinfo is None and value == value.normalize():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None and value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return value


def _text_for_export(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with dates as ISO text and formula-looking text neutralised; numeric columns untouched."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
            continue
        if _is_datetime_dtype(col):
            values = [_iso(v) for v in col]
        else:
            values = [neutralise(_iso(v)) for v in col]
        out.isetitem(i, pd.Series(values, index=out.index, dtype=object))
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as CSV: UTF-8 with a BOM, one header row, no index, ISO dates, formulas neutralised."""
    text = _text_for_export(df).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """An Excel-valid sheet name (<= 31 characters, no ``[]:*?/\\``, not empty, unique ignoring case)."""
    base = _SHEET_BAD.sub("_", str(name or "")).strip().strip("'").strip() or "Sheet"
    if base.lower() == "history":  # reserved by Excel
        base = "History_"
    base = base[:31]
    used = {t.lower() for t in taken}
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"~{n}"
        candidate = base[: 31 - len(suffix)] + suffix
    return candidate


def _xlsx_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, (list, tuple, dict, set)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if isinstance(value, _dt.timedelta):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
    return value


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, _dt.datetime):
        return 19 if value.time() != _dt.time(0) else 10
    if isinstance(value, _dt.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per table.

    Sheet names are made valid (<= 31 characters, unique); text that looks like a formula is stored as a text cell
    (``data_type 's'`` with the quote prefix style, so Excel never evaluates it, even after an edit); dates are
    real dates shown as ``yyyy-mm-dd``; the header row is bold and frozen; column widths follow the content.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    if not sheets:
        wb.create_sheet("Sheet")
    taken: list[str] = []
    for raw_name, df in sheets.items():
        name = sheet_name(raw_name, taken)
        taken.append(name)
        ws = wb.create_sheet(name)
        widths: list[int] = []
        header = [str(c) for c in df.columns]
        for j, head in enumerate(header, start=1):
            cell = ws.cell(row=1, column=j, value=_xlsx_value(head))
            if looks_like_formula(head):
                cell.data_type = "s"
                cell.quotePrefix = True
            cell.font = bold
            cell.alignment = Alignment(vertical="top", wrap_text=False)
            widths.append(_display_width(head))
        date_cols = {j for j in range(df.shape[1]) if _is_datetime_dtype(df.iloc[:, j])}
        for i, row in enumerate(df.itertuples(index=False, name=None), start=2):
            for j, raw in enumerate(row):
                value = _xlsx_value(raw)
                cell = ws.cell(row=i, column=j + 1, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    if looks_like_formula(value):
                        cell.quotePrefix = True
                elif isinstance(value, _dt.datetime):
                    cell.number_format = (
                        "yyyy-mm-dd" if value.time() == _dt.time(0) else "yyyy-mm-dd hh:mm:ss"
                    )
                elif isinstance(value, _dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif j in date_cols:
                    cell.number_format = "yyyy-mm-dd"
                if i <= 1001:  # widths from the first thousand rows are enough
                    widths[j] = max(widths[j], _display_width(value))
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"
        if df.shape[1]:
            ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------------------
# Plotly modebar config
# --------------------------------------------------------------------------------------------------------------


def plotly_config(lang: str, filename: str) -> dict[str, Any]:
    """``config`` for ``st.plotly_chart``: the modebar's "download as PNG" uses a language-appropriate file name
    (the chart title in the chosen language, made safe) at scale 2, plotly.js's locale follows the language, and
    the Plotly logo is hidden."""
    lang = _norm_lang(lang)
    stem = export_filename(filename, lang, "")
    return {
        "displaylogo": False,
        "locale": lang,
        "toImageButtonOptions": {"format": "png", "filename": stem, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "responsive": True,
    }


# --------------------------------------------------------------------------------------------------------------
# Static chart images through one persistent kaleido renderer
# --------------------------------------------------------------------------------------------------------------

SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
FONT_FAMILY = "Noto Sans, Noto Sans Georgian, DejaVu Sans, Arial, sans-serif"
BASE_FONT_PX = 22
MIN_FONT_PX = 20
TITLE_FONT_PX = 40
FOOTER_MARGIN_PX = 230


class ExportUnavailable(RuntimeError):
    """Static image export cannot run here (no Chromium found, or it failed to start)."""


def find_browser() -> str | None:
    """The Chromium/Chrome executable kaleido should drive: ``$BROWSER_PATH``, else one on PATH, else Debian's."""
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).is_file():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if Path(path).is_file():
            return path
    return None


class _Renderer:
    """One kaleido (headless Chromium, one tab) per process, on its own event-loop thread.

    Started lazily by the first ``render``; ``render`` may be called from any thread (Streamlit runs each session
    in its own thread): the calls are handed to the loop with ``run_coroutine_threadsafe`` and kaleido's single tab
    serialises them. If the browser dies it is restarted once on the next call.
    """

    START_TIMEOUT = 60.0
    RENDER_TIMEOUT = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.starts = 0
        self.renders = 0
        self.start_seconds: list[float] = []
        self.render_seconds: list[float] = []

    def is_running(self) -> bool:
        return self._kaleido is not None

    def _start_locked(self) -> None:
        browser = find_browser()
        if browser is None:
            raise ExportUnavailable(
                "Static image export needs Chromium: install it (Debian: apt-get install chromium) "
                "or set BROWSER_PATH to a Chrome/Chromium executable."
            )
        import kaleido  # imported lazily: it loads choreographer and plotly's encoder

        t0 = time.perf_counter()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido-renderer", daemon=True)
        thread.start()

        async def _open() -> Any:
            # mathjax=False: the default would load MathJax from a CDN. plotlyjs=None: the plotly.min.js shipped
            # with the installed plotly package (a local file), never the CDN.
            k = kaleido.Kaleido(n=1, mathjax=False, timeout=self.RENDER_TIMEOUT, path=browser)
            await k.open()
            return k

        try:
            k = asyncio.run_coroutine_threadsafe(_open(), loop).result(self.START_TIMEOUT)
        except BaseException as exc:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            raise ExportUnavailable(f"Could not start the image renderer ({browser}): {exc!r}") from exc
        self._loop, self._thread, self._kaleido = loop, thread, k
        self.starts += 1
        self.start_seconds.append(time.perf_counter() - t0)

    def _stop_locked(self) -> None:
        loop, thread, k = self._loop, self._thread, self._kaleido
        self._loop = self._thread = self._kaleido = None
        if loop is None:
            return
        try:
            if k is not None:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(20)
        except BaseException:  # noqa: BLE001 - best effort on shutdown
            pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def _ensure(self) -> tuple[asyncio.AbstractEventLoop, Any]:
        with self._lock:
            if self._kaleido is None:
                self._start_locked()
            return self._loop, self._kaleido  # type: ignore[return-value]

    def render(self, fig_dict: dict, opts: dict) -> bytes:
        from kaleido.errors import KaleidoError

        for attempt in (1, 2):
            loop, k = self._ensure()
            t0 = time.perf_counter()
            future = asyncio.run_coroutine_threadsafe(k.calc_fig(fig_dict, opts=opts), loop)
            try:
                data = future.result(self.RENDER_TIMEOUT + 10)
            except KaleidoError:
                raise  # the figure itself is bad: restarting would not help
            except BaseException:
                future.cancel()
                with self._lock:
                    if self._kaleido is k:
                        self._stop_locked()
                if attempt == 2:
                    raise
                continue
            self.renders += 1
            self.render_seconds.append(time.perf_counter() - t0)
            return data
        raise AssertionError("unreachable")


_RENDERER = _Renderer()
atexit.register(_RENDERER.stop)


def renderer_stats() -> dict[str, Any]:
    """How often the renderer was started and used (for tests and timing reports)."""
    return {
        "running": _RENDERER.is_running(),
        "starts": _RENDERER.starts,
        "renders": _RENDERER.renders,
        "start_seconds": list(_RENDERER.start_seconds),
        "render_seconds": list(_RENDERER.render_seconds),
    }


def shutdown_renderer() -> None:
    """Close the renderer's browser (it starts again on the next image)."""
    _RENDERER.stop()


def _bump_font(obj: dict, key: str = "font", minimum: int = MIN_FONT_PX) -> None:
    font = obj.get(key)
    if isinstance(font, dict) and isinstance(font.get("size"), (int, float)) and font["size"] < minimum:
        font["size"] = minimum


def slide_layout(
    fig: Any,
    *,
    title: str,
    source_line: str,
    lang: str,
    width: int = SLIDE_WIDTH,
    height: int = SLIDE_HEIGHT,
    synthetic: bool = False,
    watermark: str | None = None,
) -> dict:
    """The figure as a dict laid out for a slide (the input figure is not changed).

    Large type (>= 20 px everywhere), the title at the top left, the source and "as of" line at the bottom left,
    a diagonal watermark when the data are synthetic, fixed size ``width`` x ``height``.
    """
    fig_dict = copy.deepcopy(fig.to_dict() if hasattr(fig, "to_dict") else dict(fig))
    layout = fig_dict.setdefault("layout", {})
    layout["width"], layout["height"] = width, height
    layout["autosize"] = False
    font = layout.setdefault("font", {})
    font["family"] = FONT_FAMILY
    font["size"] = max(BASE_FONT_PX, font.get("size") or 0)
    old_title = layout.get("title") if isinstance(layout.get("title"), dict) else {}
    subtitle = old_title.get("subtitle") if isinstance(old_title.get("subtitle"), dict) else None
    layout["title"] = {
        "text": title,
        "x": 0.03,
        "xanchor": "left",
        "xref": "container",
        "y": 0.97,
        "yanchor": "top",
        "yref": "container",
        "font": {"size": TITLE_FONT_PX, "family": FONT_FAMILY},
    }
    if subtitle and subtitle.get("text"):
        layout["title"]["subtitle"] = {**subtitle, "font": {**(subtitle.get("font") or {}), "size": 24}}
    layout.pop("meta", None)  # the page's table alternative travels in meta: not needed to draw
    # Fixed bottom margin with room for tick labels (up to three wrapped lines) and the axis title; the source
    # line sits in the lowest band of it, so it never collides with them.
    top = 200 if subtitle and subtitle.get("text") else 140
    if any(re.fullmatch(r"xaxis\d*", k) and isinstance(v, dict) and v.get("side") == "top" for k, v in layout.items()):
        top += 80  # tick labels above the plot: keep them clear of the title
    margin = layout.setdefault("margin", {})
    margin.update({"t": top, "b": FOOTER_MARGIN_PX,
                   "l": max(int(margin.get("l") or 0), 120), "r": max(int(margin.get("r") or 0), 80), "pad": 6})
    for key, value in list(layout.items()):
        if re.fullmatch(r"[xy]axis\d*", key) and isinstance(value, dict):
            value.setdefault("automargin", True)
            _bump_font(value, "tickfont")
            if isinstance(value.get("title"), dict):
                _bump_font(value["title"])
        if key == "coloraxis" and isinstance(value, dict) and isinstance(value.get("colorbar"), dict):
            _bump_font(value["colorbar"], "tickfont")
    legend = layout.get("legend")
    if isinstance(legend, dict):
        y = legend.get("y")
        if legend.get("orientation") == "h" and (y is None or y < 0.5):
            # a legend under the plot would compete with the source line: on a wide slide it goes to the right
            legend.update({"orientation": "v", "x": 1.01, "xanchor": "left", "xref": "paper", "y": 1,
                           "yanchor": "top", "yref": "paper"})
        _bump_font(legend)
        if isinstance(legend.get("title"), dict):
            _bump_font(legend["title"])
    annotations = [a for a in layout.get("annotations", []) or [] if isinstance(a, dict)]
    if synthetic:  # one watermark: ours, sized for the slide, replaces the chart's own
        annotations = [a for a in annotations if "watermark" not in str(a.get("name", "")).lower()]
    for ann in annotations:
        _bump_font(ann)
    for trace in fig_dict.get("data", []) or []:
        if isinstance(trace, dict):
            _bump_font(trace, "textfont")
            _bump_font(trace, "insidetextfont")
            _bump_font(trace, "outsidetextfont")
            if trace.get("type") == "bar" and trace.get("textangle") in (None, "auto"):
                trace["textangle"] = 0  # larger text would otherwise be turned on its side in thin segments
            if isinstance(trace.get("colorbar"), dict):
                _bump_font(trace["colorbar"], "tickfont")
    # The source / "as of" line: anchored to the bottom of the plot area, below the x tick labels and title.
    annotations.append({
        "text": source_line,
        "showarrow": False,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "yshift": -(FOOTER_MARGIN_PX - 50),
        "align": "left",
        "font": {"size": MIN_FONT_PX, "color": "#555555", "family": FONT_FAMILY},
        "name": "export-source-line",
    })
    if synthetic:
        annotations.append({
            "text": watermark or label("export.synthetic_watermark", lang),
            "showarrow": False,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "xanchor": "center",
            "yanchor": "middle",
            "textangle": -25,
            "opacity": 0.15,
            "font": {"size": 110, "color": "#c00000", "family": FONT_FAMILY},
            "name": "export-synthetic-watermark",
        })
    layout["annotations"] = annotations
    return fig_dict


def figure_image(fig: Any, fmt: str = "png", **slide: Any) -> bytes:
    """PNG or SVG bytes of ``fig`` laid out by ``slide_layout(fig, **slide)``: the same keyword arguments (title,
    source_line, lang; width x height, 1920x1080 by default; synthetic, watermark).

    ``source_line`` is the finished text in the chosen language (e.g. "Source: OGP Georgia portal · as of
    31 December 2019"). Raises ``ExportUnavailable`` when no Chromium is available.
    """
    fmt = str(fmt).lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r} (png or svg)")
    spec = slide_layout(fig, **slide)
    width, height = spec["layout"]["width"], spec["layout"]["height"]
    data = _RENDERER.render(spec, {"format": fmt, "width": width, "height": height, "scale": 1})
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) read from a PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# --------------------------------------------------------------------------------------------------------------
# PPTX deck
# --------------------------------------------------------------------------------------------------------------

GEORGIAN_FONT = "Noto Sans Georgian"
LATIN_FONT = "Arial"
_GEORGIAN_CHARS = "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f"
_GEORGIAN_SEGMENT = re.compile(
    rf"[{_GEORGIAN_CHARS}]+(?:[\s\-–—,.;:()«»„“\"'!?№0-9]+[{_GEORGIAN_CHARS}]+)*"
)


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
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    run.text = text
    font = run.font
    font.size = Pt(size_pt)
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    typeface = GEORGIAN_FONT if georgian else LATIN_FONT
    font.name = typeface  # <a:latin typeface=...>
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "ka-GE" if georgian or deck_lang == "ka" else "en-US")
    rpr.set("altLang", "en-US")
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            # schema order inside rPr: ... latin, ea, cs, sym, hlinkClick ...: ea right after latin, cs after ea
            el = rpr.makeelement(qn(tag), {})
            rpr.find(qn("a:latin" if tag == "a:ea" else "a:ea")).addnext(el)
        el.set("typeface", typeface)


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
    return box


def _estimated_lines(lines: Sequence[str], chars_per_line: int) -> int:
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in lines)


def _chunks(lines: Sequence[str], capacity: int, chars_per_line: int) -> list[list[str]]:
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
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Inches

    lang = _norm_lang(lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    sw, sh = prs.slide_width, prs.slide_height
    margin = Inches(0.5)
    inner_w = sw - 2 * margin
    dark = RGBColor(0x1F, 0x2A, 0x44)
    grey = RGBColor(0x55, 0x55, 0x55)
    red = RGBColor(0xC0, 0x00, 0x00)
    banner = synthetic_banner or label("export.synthetic_banner", lang)

    def new_slide() -> Any:
        s = prs.slides.add_slide(blank)
        if synthetic:
            box = _textbox(s, sw - margin - Inches(6.5), Inches(0.05), Inches(6.5), Inches(0.45), [banner],
                           deck_lang=lang, size_pt=20, bold=True, color=red)
            box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
        return s

    # Title slide
    s = new_slide()
    _textbox(s, margin, Inches(2.0), inner_w, Inches(1.6), [title], deck_lang=lang, size_pt=40, bold=True,
             color=dark)
    _textbox(s, margin, Inches(3.8), inner_w, Inches(3.0), list(subtitle_lines), deck_lang=lang, size_pt=24,
             color=grey)

    # One slide per chart
    for item in slides:
        s = new_slide()
        _textbox(s, margin, Inches(0.45), inner_w, Inches(0.8), [item.title], deck_lang=lang, size_pt=32,
                 bold=True, color=dark)
        _textbox(s, margin, Inches(1.2), inner_w, Inches(0.75), [item.finding], deck_lang=lang, size_pt=22)
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
            _textbox(s, margin, sh - Inches(0.8), inner_w, Inches(0.6), [item.caption], deck_lang=lang,
                     size_pt=20, color=grey)

    # Methodology and sources: two columns; more slides only when the text would not fit at 20 pt.
    m_head = methodology_heading or label("export.methodology", lang)
    s_head = sources_heading or label("export.sources", lang)
    col_w = int((inner_w - Inches(0.4)) / 2)
    chars_per_line, capacity = 48, 12
    m_pages = _chunks(list(methodology_lines), capacity, chars_per_line)
    s_pages = _chunks(list(sources_lines), capacity, chars_per_line)
    for n in range(max(len(m_pages), len(s_pages))):
        s = new_slide()
        heading = f"{m_head} · {s_head}" if n == 0 else label("export.methodology_continued", lang)
        _textbox(s, margin, Inches(0.45), inner_w, Inches(0.8), [heading], deck_lang=lang, size_pt=32, bold=True,
                 color=dark)
        for k, (head, pages) in enumerate(((m_head, m_pages), (s_head, s_pages))):
            left = margin + k * (col_w + Inches(0.4))
            if n < len(pages) and pages[n]:
                _textbox(s, left, Inches(1.4), col_w, Inches(0.6), [head], deck_lang=lang, size_pt=24, bold=True)
                _textbox(s, left, Inches(2.0), col_w, sh - Inches(2.4), pages[n], deck_lang=lang, size_pt=20,
                         bullets=True)

    props = prs.core_properties
    props.title = title
    props.language = "ka-GE" if lang == "ka" else "en-US"
    props.subject = " · ".join(subtitle_lines)[:255]
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
