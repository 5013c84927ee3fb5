"""A chart's title and subtitle: the one place that lays them out on a figure and reads them back as plain text.

    layout["title"] = title_layout("Completion by municipality", subtitle="Grey: no reported rating")
    set_subtitle(fig, "31 of 54 commitments have no planned dates")   # a note added to a finished figure
    figure_title(fig), figure_subtitle(fig)                            # plain text, for headings and file names
"""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go

TITLE_FONT = {"size": 18}
SUBTITLE_FONT = {"size": 12, "color": "#555"}
# Top margin (px) that holds the title alone, and the title with a subtitle under it.
MARGIN_TOP = 70
MARGIN_TOP_SUBTITLE = 90

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def title_layout(title: str, subtitle: str | None = None) -> dict[str, Any]:
    """The layout's `title` of a chart: at the top left, the subtitle (when given) under it in smaller grey type."""
    out: dict[str, Any] = {"text": title, "x": 0.01, "xanchor": "left", "font": dict(TITLE_FONT)}
    if subtitle:
        out["subtitle"] = subtitle_layout(subtitle)
    return out


def subtitle_layout(text: str) -> dict[str, Any]:
    return {"text": text, "font": dict(SUBTITLE_FONT)}


def set_subtitle(fig: go.Figure, text: str) -> go.Figure:
    """Give a finished figure a subtitle (styled and with the top margin as if built with it); returns fig."""
    fig.update_layout(title={"subtitle": subtitle_layout(text)}, margin={"t": MARGIN_TOP_SUBTITLE})
    return fig


def plain_text(text: Any) -> str:
    """Plotly label text as plain text: line breaks and tags become spaces, runs of spaces one."""
    return _SPACE.sub(" ", _TAG.sub(" ", str(text or "").replace("<br>", " "))).strip()


def figure_title(fig: go.Figure | None) -> str:
    """The figure's title as plain text ("" for no figure or no title)."""
    if fig is None or not fig.layout.title or not fig.layout.title.text:
        return ""
    return plain_text(fig.layout.title.text)


def figure_subtitle(fig: go.Figure | None) -> str:
    """The figure's subtitle as plain text ("" when it has none)."""
    if fig is None or not fig.layout.title or not fig.layout.title.subtitle:
        return ""
    return plain_text(fig.layout.title.subtitle.text)
