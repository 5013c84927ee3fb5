"""The slide deck of the current view (PPTX), in the chosen language. Pure: no Streamlit.

    data = deck_bytes(run, lang, filters=f, compare=view.compare, subtitle_lines=[...],
                      source_line="Source: … · as of …")

``run(name, **extra)`` returns the rows of queries/<name>.sql for the view's filters. The chart slides are the
slides of presentation mode (dashboard/slides.py ``build_slides``: the same charts in the same order, with their
findings and captions), between a title slide and the methodology and sources. Chart images come from
dashboard/exports/images.py (one persistent headless Chromium); without a browser the chart slides keep their
title, finding and caption, without picture; a chart with no rows under the filters keeps its slide, without
picture, as in presentation mode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from dashboard import i18n, metrics, slides
from dashboard.exports import images, pptx_file, renderer
from dashboard.schema import Filters

_HOSTS_SHOWN = 8


def methodology_lines(lang: str) -> list[str]:
    """The definitions of the methodology page, with the thresholds in use (dashboard/thresholds.toml)."""
    th = metrics.thresholds()

    def n(x: Any) -> str:
        return i18n.fmt_number(x, lang, 0)

    return [
        i18n.t("method.score", lang),
        i18n.t("method.crosswalk", lang),
        i18n.t("method.multi", lang),
        i18n.t("method.slip_done", lang),
        i18n.t("method.slip_not_done", lang, days=n(th["due_soon_days"])),
        i18n.t("method.bei", lang),
        i18n.t("method.rag", lang, on_bei=i18n.fmt_percent(th["rag_on_track_bei"], lang),
               on_days=n(th["rag_on_track_max_overdue_days"]),
               off_bei=i18n.fmt_percent(th["rag_off_track_bei"], lang),
               off_days=n(th["rag_off_track_overdue_days"])),
    ]


def sources_lines(lang: str, hosts: pd.DataFrame | None, *, user_label: str | None = None,
                  synthetic: bool = False) -> list[str]:
    """Where the data come from, and the most cited hosts of the commitments' sources: ``hosts`` is the result of
    queries/source_hosts.sql (host, commitments; most cited first)."""
    if user_label is not None:
        lines = [i18n.t("method.sources_user", lang, label=user_label)]
    elif synthetic:
        lines = [i18n.t("method.sources_synthetic", lang)]
    else:
        lines = [i18n.t("method.sources_bundled", lang)]
    if hosts is not None and len(hosts):
        cited = hosts[hosts["host"].notna()].head(_HOSTS_SHOWN)
        if len(cited):
            lines.append(i18n.t("method.sources_hosts", lang, hosts=", ".join(
                f"{h} ({i18n.fmt_number(int(c), lang)})" for h, c in zip(cited["host"], cited["commitments"],
                                                                          strict=True))))
    return lines


def _chart_slides(run: Callable[..., pd.DataFrame], lang: str, filters: Filters, compare: Sequence[str], *,
                  source_line: str, synthetic: bool, pictures: bool) -> list[pptx_file.Slide]:
    """The slides of presentation mode, each with its chart as a slide-size PNG (while a browser is there)."""
    out = []
    for s in slides.build_slides(run, lang, filters, synthetic, compare):
        png = b""
        if pictures and s.figure is not None:
            try:
                png = images.figure_image(s.figure, "png", title=s.title, source_line=source_line, lang=lang,
                                          synthetic=synthetic)
            except renderer.ExportUnavailable:
                pictures = False
        out.append(pptx_file.Slide(title=s.title, finding=s.finding, figure_png=png, caption=s.caption))
    return out


def deck_bytes(run: Callable[..., pd.DataFrame], lang: str, *, subtitle_lines: Sequence[str], source_line: str,
               filters: Filters | None = None, compare: Sequence[str] = (), synthetic: bool = False,
               user_label: str | None = None, pictures: bool | None = None) -> bytes:
    """The PPTX bytes. pictures=None: chart pictures when a Chromium is available."""
    filters = filters or Filters()
    if pictures is None:
        pictures = renderer.find_browser() is not None
    chart_slides = _chart_slides(run, lang, filters, tuple(compare or ()), source_line=source_line,
                                 synthetic=synthetic, pictures=pictures)
    sources = sources_lines(lang, run("source_hosts"), user_label=user_label, synthetic=synthetic)
    return pptx_file.pptx_bytes(
        lang=lang, title=i18n.t("app.title", lang), subtitle_lines=list(subtitle_lines), slides=chart_slides,
        methodology_lines=methodology_lines(lang),
        sources_lines=[*sources, source_line,
                       i18n.t("method.deck_made", lang, date=i18n.fmt_date(dt.date.today(), lang))],
        synthetic=synthetic)
