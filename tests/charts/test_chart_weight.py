"""The Overview's completion chart kept light for plotly.js without changing what it says: in-bar numbers only
where they fit (decided in Python), a left margin computed from the longest tick label line."""

from __future__ import annotations

import pandas as pd

from dashboard import charts, i18n
from dashboard.charts import completion


def _row(jid: str, en: str, ka: str, **counts: int) -> dict:
    fully, mostly, partially, nots, nr = (counts.get(k, 0) for k in
                                          ("fully", "mostly", "partially", "not_implemented", "not_reported"))
    rated = fully + mostly + partially + nots
    return dict(jurisdiction_id=jid, name_en=en, name_ka=ka, kind="city", commitments=rated + nr, rated=rated,
                fully=fully, mostly=mostly, partially=partially, not_implemented=nots, not_reported=nr,
                mean_score=0.5 if rated else None)


def _trace(fig, code):
    return next(tr for tr in fig.data if (tr.meta or {}).get("rating") == code)


def test_wide_segment_has_its_number_thin_one_only_its_hover():
    # 1,200 of a 17,000 bar is over 2% of it but, at ~0.07 of the plot per 1,000, too thin for "1,200".
    df = pd.DataFrame([
        _row("all", "Georgia", "საქართველო", fully=700, mostly=1200, partially=600, not_reported=14500),
        _row("a", "Alpha", "ალფა", fully=50, not_reported=900),
    ])
    for lang in ("en", "ka"):
        fig = charts.completion_chart(df, lang, "jurisdiction")
        nr = _trace(fig, "not_reported")
        assert nr.text[0] == i18n.fmt_number(14500, lang)          # the wide segment says its count
        assert nr.text[1] == i18n.fmt_number(900, lang)            # 900 of 17,000: still wide enough
        assert _trace(fig, "partially_implemented").text[0] == ""  # 600: too thin for its number
        assert _trace(fig, "fully_implemented").text[1] == ""      # 50: under 2% of the longest bar
        hover = _trace(fig, "partially_implemented").customdata[0][0]
        assert f": {i18n.fmt_number(600, lang)} (" in hover           # ... its count is in the hover
        shown = [(tr.meta["rating"], i, t) for tr in fig.data for i, t in enumerate(tr.text) if t]
        counts = completion.rating_counts(df)
        assert all(t == i18n.fmt_number(counts[code][i], lang) for code, i, t in shown)


def test_small_bars_keep_their_numbers():
    df = pd.DataFrame([_row("a", "Alpha", "ალფა", fully=3, mostly=2, not_reported=4),
                       _row("b", "Beta", "ბეტა", fully=1, not_reported=1)])
    fig = charts.completion_chart(df, "en", "jurisdiction")
    assert list(_trace(fig, "fully_implemented").text) == ["3", "1"]
    assert list(_trace(fig, "not_reported").text) == ["4", "1"]


def test_left_margin_holds_the_longest_label_line_georgian_wider():
    long_ka = "ძალიან გრძელი მუნიციპალიტეტის სახელი, რომელიც ერთ ხაზზე არ ეტევა"
    df = pd.DataFrame([_row("a", "Alpha", long_ka, fully=3), _row("b", "Beta", "ბეტა", fully=1)])
    ka = charts.completion_chart(df, "ka", "jurisdiction")
    en = charts.completion_chart(df, "en", "jurisdiction")
    lines = [line for t in ka.layout.yaxis.ticktext for line in t.split("<br>")]
    longest = max(len(line) for line in lines)
    assert ka.layout.margin.l >= longest * 0.72 * 13           # Georgian letters ~0.7 em at 13 px
    assert en.layout.margin.l < ka.layout.margin.l
    assert en.layout.margin.l >= len("Alpha") * 0.55 * 13
    assert ka.layout.yaxis.automargin is True                  # still a safety net
    assert completion.label_margin(["ab<br>abcdef"]) == completion.label_margin(["abcdef"])
    assert completion.label_margin(["<span style='color:#f00'>■</span> ab"]) == completion.label_margin(["■ ab"])
