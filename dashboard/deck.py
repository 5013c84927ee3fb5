"""The slide deck of the current view (PPTX), in the chosen language. Pure: no Streamlit.

    frames = deck_frames(run)                  # run(name) -> DataFrame of the view's filters (ctx.run)
    data = deck_bytes(frames, lang, subtitle_lines=[...], source_line="Source: … · as of …")

A title slide (title, plan, filters, as-of), one slide per chart of the view with its one-sentence finding and
"how computed" caption, then methodology and sources. Chart images come from export.figure_image (one persistent
headless Chromium); without a browser the chart slides keep their title, finding and caption, without picture.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from dashboard import charts, export, i18n, metrics

# The metric queries the deck draws from (also the tables the Data page offers for download).
DECK_QUERIES: tuple[str, ...] = ("completion_by_jurisdiction", "completion_by_theme", "completion_by_sdg",
                                 "milestone_slippage", "commitment_slippage", "slip_distribution",
                                 "jurisdiction_theme", "commitments_table")
_TAG = re.compile(r"<[^>]+>")


def deck_frames(run: Callable[[str], pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: run(name) for name in DECK_QUERIES}


def _finding(chart: str, df: pd.DataFrame, lang: str, **kw: Any) -> str:
    """The chart's finding from dashboard.findings; a plain count sentence when that module is not there."""
    try:
        from dashboard import findings
    except ImportError:  # pragma: no cover - findings is optional
        findings = None
    if findings is not None:
        try:
            if chart == "completion":
                return findings.completion(df, lang, kw.get("dimension", "jurisdiction"))
            if chart == "slippage":
                return findings.slippage(df, lang, kind=kw.get("kind"), as_of=kw.get("as_of"))
            if chart == "slip_distribution":
                return findings.slip_distribution(df, lang)
            if chart == "heatmap":
                return findings.heatmap(df, lang)
        except Exception:  # noqa: BLE001 - a finding must never break the deck
            pass
    return i18n.t("method.deck_rows", lang, n=i18n.fmt_number(len(df), lang))


def figure_title(fig: Any) -> str:
    text = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    return _TAG.sub(" ", str(text).replace("<br>", " ")).strip()


def chart_specs(frames: Mapping[str, pd.DataFrame], lang: str, *, synthetic: bool = False,
                as_of: Any = None) -> list[tuple[Any, str]]:
    """(figure, finding) of every chart of the view that has data, in the order of the pages."""
    out: list[tuple[Any, str]] = []

    def ok(name: str) -> pd.DataFrame | None:
        df = frames.get(name)
        return None if df is None or charts.is_empty(df) else df

    for name, dim in (("completion_by_jurisdiction", "jurisdiction"), ("completion_by_theme", "theme"),
                      ("completion_by_sdg", "sdg")):
        df = ok(name)
        if df is not None:
            out.append((charts.completion_chart(df, lang, dim, synthetic=synthetic),
                        _finding("completion", df, lang, dimension=dim)))
    df = ok("jurisdiction_theme")
    if df is not None:
        out.append((charts.jurisdiction_theme_heatmap(df, lang, synthetic=synthetic), _finding("heatmap", df, lang)))
    df = ok("milestone_slippage")
    if df is not None:
        out.append((charts.slippage_summary_chart(df, lang, synthetic=synthetic),
                    _finding("slippage", df, lang, kind="milestone", as_of=as_of)))
        out.append((charts.milestone_timeline(df, lang, as_of=as_of, synthetic=synthetic),
                    _finding("slippage", df, lang, kind="milestone", as_of=as_of)))
    df = ok("commitment_slippage")
    if df is not None:
        fig = charts.commitment_timeline(df, lang, as_of=as_of, synthetic=synthetic, dated_only=True)
        note = charts.timeline.undated_note(fig, lang, "commitment")  # how many are left out (no planned dates)
        if note:
            fig.update_layout(title={"subtitle": {"text": note, "font": {"size": 12, "color": "#555"}}},
                              margin={"t": 90})
        out.append((fig, _finding("slippage", df, lang, kind="commitment", as_of=as_of)))
    df = ok("slip_distribution")
    if df is not None:
        out.append((charts.slip_distribution_chart(df, lang, synthetic=synthetic),
                    _finding("slip_distribution", df, lang)))
    return out


def methodology_lines(lang: str) -> list[str]:
    """The definitions of the methodology page, with the thresholds in use (dashboard/thresholds.toml)."""
    th = metrics.thresholds()
    n = lambda x, d=0: i18n.fmt_number(x, lang, d)  # noqa: E731
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


def source_hosts(commitments: pd.DataFrame | None) -> list[tuple[str, int]]:
    """(host, commitments citing it) from the commitments' source URLs, most cited first."""
    if commitments is None or commitments.empty:
        return []
    counts: dict[str, set[str]] = {}
    for r in commitments.to_dict("records"):
        for col in ("source_url_en", "source_url_ka"):
            url = r.get(col)
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                try:
                    host = (urlsplit(url).hostname or "").removeprefix("www.")
                except ValueError:
                    continue
                if host:
                    counts.setdefault(host, set()).add(str(r.get("commitment_id")))
    return sorted(((h, len(ids)) for h, ids in counts.items()), key=lambda x: (-x[1], x[0]))


def sources_lines(lang: str, commitments: pd.DataFrame | None, *, user_label: str | None = None,
                  synthetic: bool = False) -> list[str]:
    if user_label is not None:
        lines = [i18n.t("method.sources_user", lang, label=user_label)]
    elif synthetic:
        lines = [i18n.t("method.sources_synthetic", lang)]
    else:
        lines = [i18n.t("method.sources_bundled", lang)]
    hosts = source_hosts(commitments)
    if hosts:
        lines.append(i18n.t("method.sources_hosts", lang, hosts=", ".join(
            f"{h} ({i18n.fmt_number(c, lang)})" for h, c in hosts[:8])))
    return lines


def deck_bytes(frames: Mapping[str, pd.DataFrame], lang: str, *, subtitle_lines: Sequence[str], source_line: str,
               as_of: Any = None, synthetic: bool = False, user_label: str | None = None,
               images: bool | None = None) -> bytes:
    """The PPTX bytes. images=None: chart pictures when a Chromium is available."""
    if images is None:
        images = export.find_browser() is not None
    slides = []
    for fig, finding in chart_specs(frames, lang, synthetic=synthetic, as_of=as_of):
        title = figure_title(fig)
        png = b""
        if images:
            try:
                png = export.figure_image(fig, "png", title=title, source_line=source_line, lang=lang,
                                          synthetic=synthetic)
            except export.ExportUnavailable:
                images = False
        slides.append(export.Slide(title=title, finding=finding, figure_png=png,
                                   caption=charts.caption(fig, lang)))
    return export.pptx_bytes(
        lang=lang, title=i18n.t("app.title", lang), subtitle_lines=list(subtitle_lines), slides=slides,
        methodology_lines=methodology_lines(lang),
        sources_lines=[*sources_lines(lang, frames.get("commitments_table"), user_label=user_label,
                                      synthetic=synthetic), source_line,
                       i18n.t("method.deck_made", lang, date=i18n.fmt_date(dt.date.today(), lang))],
        synthetic=synthetic)
