"""Chart images: a copy of a figure laid out for a 1920x1080 slide (large type, title, source line, watermark),
rendered to PNG or SVG by the shared kaleido renderer (dashboard/exports/renderer.py); and the ``config`` of the
interactive charts' modebar download."""

from __future__ import annotations

import copy
import re
from typing import Any

from dashboard import i18n
from dashboard.exports import renderer
from dashboard.exports.filenames import export_filename, lang_code

SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
FONT_FAMILY = "Noto Sans, Noto Sans Georgian, DejaVu Sans, Arial, sans-serif"
BASE_FONT_PX = 22
MIN_FONT_PX = 20
TITLE_FONT_PX = 40
FOOTER_MARGIN_PX = 230
# plotly.js's own interface texts (modebar buttons, notices), by their English text in plotly.js: the catalog key
# of each. plotly.js has no Georgian for them (its `ka` locale names months and days only).
PLOTLY_TEXTS = {
    "Download plot as a PNG": "plotly.download_png",
    "Zoom": "plotly.zoom",
    "Pan": "plotly.pan",
    "Zoom in": "plotly.zoom_in",
    "Zoom out": "plotly.zoom_out",
    "Reset axes": "plotly.reset_axes",
    "Reset view": "plotly.reset_view",
    "Autoscale": "plotly.autoscale",
    "Toggle Spike Lines": "plotly.spike_lines",
    "Show closest data on hover": "plotly.hover_closest",
    "Compare data on hover": "plotly.hover_compare",
    "Toggle show closest data on hover": "plotly.hover_toggle",
    "Preparing image - this may take a few seconds": "plotly.preparing_image",
    "Image download succeeded": "plotly.image_downloaded",
    "Double-click to zoom back out": "plotly.double_click_zoom",
    "Double-click on legend to isolate one trace": "plotly.double_click_legend",
}


def plotly_config(lang: str, filename: str) -> dict[str, Any]:
    """plotly.js's ``config`` for a chart on the page (dashboard/ui/plotly_view.py): the modebar's "download as
    PNG" uses a language-appropriate file name (the chart title in the chosen language, made safe) at scale 2,
    plotly.js's locale follows the language (its Georgian modebar and notices from the catalogs), and the Plotly logo
    is hidden."""
    lang = lang_code(lang)
    stem = export_filename(filename, lang, "")
    return {
        "displaylogo": False,
        "locale": lang,
        "toImageButtonOptions": {"format": "png", "filename": stem, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "responsive": True,
        # plotly.js 4's "Share chart" button would send the chart's data to Plotly's cloud: never.
        "showSendToCloud": False,
        "plotlyServerURL": "",
        **({"locales": {"ka": {"dictionary": {en: i18n.t(key, "ka") for en, key in PLOTLY_TEXTS.items()}}}}
           if lang == "ka" else {}),
    }


def _bump_font(obj: dict, key: str = "font", minimum: int = MIN_FONT_PX) -> None:
    font = obj.get(key)
    if isinstance(font, dict) and isinstance(font.get("size"), (int, float)) and font["size"] < minimum:
        font["size"] = minimum


def _set_title(layout: dict, title: str) -> bool:
    """The slide title at the top left (the chart's subtitle kept, larger); whether there is a subtitle."""
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
        return True
    return False


def _set_margins(layout: dict, has_subtitle: bool) -> None:
    """Fixed bottom margin with room for tick labels (up to three wrapped lines) and the axis title; the source
    line sits in the lowest band of it, so it never collides with them."""
    top = 200 if has_subtitle else 140
    if any(re.fullmatch(r"xaxis\d*", k) and isinstance(v, dict) and v.get("side") == "top" for k, v in layout.items()):
        top += 80  # tick labels above the plot: keep them clear of the title
    margin = layout.setdefault("margin", {})
    margin.update({"t": top, "b": FOOTER_MARGIN_PX,
                   "l": max(int(margin.get("l") or 0), 120), "r": max(int(margin.get("r") or 0), 80), "pad": 6})


def _enlarge_axes_and_legend(layout: dict) -> None:
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


def _enlarge_traces(fig_dict: dict) -> None:
    for trace in fig_dict.get("data", []) or []:
        if isinstance(trace, dict):
            _bump_font(trace, "textfont")
            _bump_font(trace, "insidetextfont")
            _bump_font(trace, "outsidetextfont")
            if trace.get("type") == "bar" and trace.get("textangle") in (None, "auto"):
                trace["textangle"] = 0  # larger text would otherwise be turned on its side in thin segments
            if isinstance(trace.get("colorbar"), dict):
                _bump_font(trace["colorbar"], "tickfont")


def _source_annotation(source_line: str) -> dict:
    """The source / "as of" line: anchored to the bottom of the plot area, below the x tick labels and title."""
    return {
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
    }


def _watermark_annotation(text: str) -> dict:
    return {
        "text": text,
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
    }


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
    has_subtitle = _set_title(layout, title)
    layout.pop("meta", None)  # the page's table alternative travels in meta: not needed to draw
    _set_margins(layout, has_subtitle)
    _enlarge_axes_and_legend(layout)
    annotations = [a for a in layout.get("annotations", []) or [] if isinstance(a, dict)]
    if synthetic:  # one watermark: ours, sized for the slide, replaces the chart's own
        annotations = [a for a in annotations if "watermark" not in str(a.get("name", "")).lower()]
    for ann in annotations:
        _bump_font(ann)
    _enlarge_traces(fig_dict)
    annotations.append(_source_annotation(source_line))
    if synthetic:
        annotations.append(_watermark_annotation(watermark or i18n.t("export.synthetic_watermark", lang_code(lang))))
    layout["annotations"] = annotations
    return fig_dict


def figure_image(fig: Any, fmt: str = "png", **slide: Any) -> bytes:
    """PNG or SVG bytes of ``fig`` laid out by ``slide_layout(fig, **slide)``: the same keyword arguments (title,
    source_line, lang; width x height, 1920x1080 by default; synthetic, watermark).

    ``source_line`` is the finished text in the chosen language (e.g. "Source: OGP Georgia portal · as of
    31 December 2019"). Raises ``renderer.ExportUnavailable`` when no Chromium is available.
    """
    fmt = str(fmt).lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r} (png or svg)")
    spec = slide_layout(fig, **slide)
    width, height = spec["layout"]["width"], spec["layout"]["height"]
    data = renderer.render(spec, {"format": fmt, "width": width, "height": height, "scale": 1})
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) read from a PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
