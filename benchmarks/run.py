"""Benchmarks at scale (issue 5): load + validate, and each metric query against the same metric in pandas.

    python -m benchmarks [--sizes 1000,10000,50000] [--repeat 5] [--quick] [--out docs/benchmarks.md]
                         [--data DIR] [--workdir DIR] [--seed S]

Runs every section on the bundled data and on synthetic datasets of the given sizes (tools.synth, always
labelled synthetic), prints a markdown report and writes it to --out. Figures are medians of --repeat runs with
the min–max beside them (how noisy the machine was).

Sections are plain functions ``section(ctx, dataset) -> list[Row]`` listed in SECTIONS; a new measurement (AppTest
page runs, browser timings, peak RSS) is one more function and one more entry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "docs" / "benchmarks.md"
DEFAULT_SIZES = (1000, 10000, 50000)
# --quick: only the queries behind the Overview page (and one filter scenario).
PER_COMMITMENT = ("commitment_detail", "milestone_detail")
QUICK_QUERIES = ("headline", "coverage", "completion_by_jurisdiction", "commitment_slippage", "slip_distribution",
                 "slip_months")
# Row-level queries are measured as the pages run them: one page of rows (limit/offset) with its total_rows.
PAGED = {"commitments_table": 200, "milestone_slippage": 300, "commitment_slippage": 300,
         "commitment_progress_history": 300, "overdue_items": 200}


@dataclass
class Row:
    """One measured figure. Times in seconds; baseline/ratio empty when the section has no baseline."""
    section: str
    dataset: str
    item: str
    median: float
    low: float
    high: float
    baseline: float | None = None
    baseline_name: str = ""
    note: str = ""
    value: str = ""       # shown instead of a time (memory, checks)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.median / self.baseline


@dataclass
class Dataset:
    label: str            # "bundled", "synthetic 1,000"
    path: Path
    commitments: int | None = None
    milestones: int | None = None
    synthetic: bool = False
    generate_s: float | None = None
    loaded: object = None  # dashboard.store.Dataset, filled by the load section
    frames: object = None  # benchmarks.pandas_metrics.Frames


@dataclass
class Context:
    repeat: int
    quick: bool
    no_browser: bool = False
    datasets: list[Dataset] = field(default_factory=list)


def timed(fn: Callable[[], object], repeat: int, warmup: bool = True) -> tuple[list[float], object]:
    """Run fn (once unmeasured when warmup) then `repeat` times; returns the times and the last result."""
    result = fn() if warmup else None
    times = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def _row(section, ds, item, times, baseline=None, baseline_name="", note="") -> Row:
    return Row(section, ds.label, item, statistics.median(times), min(times), max(times),
               statistics.median(baseline) if baseline else None, baseline_name, note)


# ------------------------------------------------------------------------------------------------------------
# Sections


def section_load(ctx: Context, ds: Dataset) -> list[Row]:
    """load_dataset(dir): read, validate every rule, build DuckDB tables and the derived tables/macros."""
    from benchmarks.pandas_metrics import Frames
    from dashboard import store

    times, loaded = timed(lambda: store.load_dataset(ds.path), ctx.repeat, warmup=False)
    ds.loaded = loaded
    ds.commitments = loaded.counts.get("commitments")
    ds.milestones = loaded.counts.get("milestones")
    ds.frames = Frames.from_connection(loaded.con)
    rows = [_row("load", ds, "load + validate", times)]
    if ds.generate_s is not None:
        rows.append(Row("load", ds.label, "generate (tools.synth)", ds.generate_s, ds.generate_s, ds.generate_s,
                        note="once"))
    return rows


def _scenarios(ctx: Context, ds: Dataset):
    from dashboard.schema import Filters

    yield "all", Filters()
    if ctx.quick:
        return
    cur = ds.loaded.con.cursor()
    # A typical filter change: the jurisdiction with most commitments and one thematic area.
    top = cur.execute("SELECT jurisdiction_id FROM commitment_jurisdictions GROUP BY ALL "
                      "ORDER BY count(*) DESC, jurisdiction_id LIMIT 1").fetchone()
    if top:
        yield "filtered", Filters(jurisdiction=(top[0],), theme=("transparency",))


def section_queries(ctx: Context, ds: Dataset) -> list[Row]:
    """Each metric query (dashboard.metrics.run) against the same metric computed with pandas."""
    from benchmarks.pandas_metrics import PANDAS, same_figures
    from dashboard import metrics

    names = [n for n in metrics.list_queries() if not ctx.quick or n in QUICK_QUERIES]
    cur = ds.loaded.con.cursor()
    first = cur.execute("SELECT min(commitment_id) FROM commitments").fetchone()[0]
    rows = []
    for scenario, filters in _scenarios(ctx, ds):
        for name in names:
            # The commitment page's queries read one commitment (they ignore the other filters).
            extra = {"commitment": (first,)} if name in PER_COMMITMENT and not filters.commitment else {}
            if name in PAGED:
                extra["limit"] = PAGED[name]
            def run_query(name=name, filters=filters, extra=extra):
                return metrics.run(cur, name, filters, **extra)

            times, result = timed(run_query, ctx.repeat)
            pandas_fn = PANDAS.get(name)
            base, note = None, "no pandas version"
            if pandas_fn is not None:
                def pandas_run(fn=pandas_fn, limit=PAGED.get(name), filters=filters):  # noqa: B008 - bound per loop
                    out = fn(ds.frames, filters)
                    return out if limit is None else out.iloc[:limit].assign(total_rows=len(out))
                base, pdf = timed(pandas_run, ctx.repeat)
                note = "same figures" if same_figures(result, pdf) else "FIGURES DIFFER"
            rows.append(_row("queries", ds, f"{name} ({scenario})", times, base, "pandas",
                             f"{len(result):,} row{'' if len(result) == 1 else 's'}; {note}"))
    return rows


def _top_jurisdiction(ds: Dataset) -> str | None:
    row = ds.loaded.con.cursor().execute(
        "SELECT jurisdiction_id FROM commitment_jurisdictions GROUP BY ALL ORDER BY count(*) DESC, jurisdiction_id "
        "LIMIT 1").fetchone()
    return row[0] if row else None


def section_pages(ctx: Context, ds: Dataset) -> list[Row]:
    """Each page's server-side run under AppTest against the empty app in the same process."""
    from benchmarks import apps

    pages = apps.QUICK_PAGES if ctx.quick else apps.PAGES
    repeat = 1 if ctx.quick else max(1, min(ctx.repeat, 5))
    empty_first, empty_rerun = apps.empty_apptest(repeat)
    rows = []
    with apps.data_env(ds.path):
        apps.clear_caches()
        for page in pages:
            firsts, reruns = apps.page_apptest(page, _top_jurisdiction(ds), repeat)
            rows.append(_row("pages", ds, f"{page}: first run", firsts, empty_first, "empty app",
                             "new session, cold query cache"))
            rows.append(_row("pages", ds, f"{page}: rerun after a filter change", reruns, empty_rerun, "empty app",
                             "theme filter changed, cold query cache"))
        if ds.synthetic:
            missing = apps.synthetic_banner_everywhere(pages)
            rows.append(Row("pages", ds.label, "synthetic banner on every page", 0.0, 0.0, 0.0,
                            note="shown on " + ", ".join(pages) if not missing
                            else "MISSING on " + ", ".join(missing), value="yes" if not missing else "**no**"))
        apps.clear_caches()
    return rows


def section_browser(ctx: Context, ds: Dataset) -> list[Row]:
    """Headless Chromium: the Overview's first render and a filter change, against the empty app; peak RSS."""
    from benchmarks import apps
    from tools.serving import chromium_available

    if not chromium_available() or ctx.no_browser:
        return []
    if ctx.quick and not ds.synthetic:   # smoke run: the browser once, on the synthetic set
        return []
    label = ds.loaded.con.cursor().execute(
        "SELECT coalesce(label_en, theme_id) FROM themes WHERE theme_id = 'transparency'").fetchone()
    repeat = 1 if ctx.quick else max(1, min(ctx.repeat, 5))
    m = apps.browser_measure(ds.path, label[0] if label else "transparency", repeat,
                             pages=apps.QUICK_PAGES if ctx.quick else apps.PAGES)
    rss = m["rss_peak"] / 2**20
    med = statistics.median
    cpu = (f"browser main-thread CPU {med(m['overview_cpu']):.2f} s (empty app {med(m['empty_cpu']):.2f} s, "
           f"one-chart app {med(m['chart_cpu']):.2f} s)")
    return [
        _row("browser", ds, "Overview: first render", m["overview_first"], m["empty_first"], "empty app",
             "new browser context: page load, script run, every chart drawn; " + cpu),
        _row("browser", ds, "Overview: filter change shown", m["overview_change"], m["empty_change"], "empty app",
             "theme chosen in the sidebar until the new figures and charts are drawn"),
        _row("browser", ds, "reference: one-chart app, first render", m["chart_first"], m["empty_first"],
             "empty app", "the empty app plus one small plotly chart (Streamlit's plotly.js code in a new browser)"),
        Row("browser", ds.label, "server first session (loads the data)", m["server_first_session"],
            m["server_first_session"], m["server_first_session"], note="once"),
        Row("browser", ds.label, "server peak RSS", 0.0, 0.0, 0.0,
            note=f"{rss:,.0f} MiB (VmHWM after every page was shown)", value=f"{rss:,.0f} MiB"),
    ]


def section_first_visit(ctx: Context, ds: Dataset) -> list[Row]:
    """The first visit in a fresh browser, direct and through nginx, unthrottled and throttled (bundled data:
    what it measures is mostly the front-end code, the same for every dataset)."""
    from tools.serving import chromium_available

    if not chromium_available() or ctx.no_browser or ds.synthetic:
        return []
    from benchmarks import first_visit

    return first_visit.rows(ds, 1 if ctx.quick else max(1, min(ctx.repeat, 3)), quick=ctx.quick)


# (title, function, columns note) — add sections here.
SECTIONS: list[tuple[str, Callable[[Context, Dataset], list[Row]], str]] = [
    ("Load and validate", section_load,
     "`dashboard.store.load_dataset` on the CSV directory: parsing, every validation rule, DuckDB tables, derived "
     "tables and macros. Generation time of the synthetic data is shown once for reference."),
    ("Queries against pandas", section_queries,
     "`dashboard.metrics.run(con, name, filters)` against the same metric computed with pandas from DataFrames of "
     "the loaded tables (reading them into pandas is not timed). Ratio = query / pandas (< 1: DuckDB faster). "
     "Scenarios: `all` = no filter, latest period; `filtered` = the largest jurisdiction and one thematic area. "
     "Row-level queries fetch one page of rows (limit) with total_rows, as the pages do; pandas computes every row "
     "and takes the same page."),
    ("Pages on the server (AppTest)", section_pages,
     "`streamlit.testing.v1.AppTest` in this process with `DASHBOARD_DATA` at the dataset (loaded once, not timed "
     "here). First run = a new session opening the page with the query and figure caches cleared; rerun = the "
     "theme filter changed in the sidebar, caches cleared again. Baseline: `benchmarks/empty_app.py` (one "
     "selectbox) under AppTest in the same process: first run, and a rerun after its selectbox changed."),
    ("Browser (headless Chromium)", section_browser,
     "`streamlit run` with `DASHBOARD_DATA` at the dataset and Debian's Chromium through Playwright. First render "
     "= a new browser context opening the Overview until its figures and charts are drawn and the script is idle; "
     "filter change = a thematic area chosen in the sidebar until the changed figures and charts are drawn. "
     "Baseline: the empty app (one selectbox) in the same browser: first render, and a selectbox change until "
     "the new text shows; for reference, the empty app plus one small plotly chart (`benchmarks/chart_app.py`). "
     "The three apps run side by side and are measured in interleaved rounds, so the machine's load weighs on "
     "them alike; the browser main thread's CPU time of each first render is in the note. Peak RSS: the server "
     "process's VmHWM after every page was shown once."),
    ("First visit (fresh browser, direct and through nginx)", section_first_visit,
     "`benchmarks/first_visit.py`: a new browser context (empty cache) opening the Overview until its first chart "
     "is drawn, against the empty app (one selectbox) until its text shows, both served directly by `streamlit "
     "run` and through the nginx setup of `tools/replicas.py` (deploy/nginx.conf, gzip), unthrottled and with "
     "Chromium's network throttled to 1.6 Mbit/s down, 150 ms latency (CDP Network.emulateNetworkConditions), "
     "in interleaved rounds. Bytes: HTTP responses as encoded on the wire plus websocket frames received, until "
     "the first chart showed."),
]


# ------------------------------------------------------------------------------------------------------------
# Datasets, machine, report


def prepare_datasets(sizes: list[int], workdir: Path, data_dir: str | None, seed: int,
                     include_bundled: bool = True) -> list[Dataset]:
    from dashboard import store
    from tools import synth

    out = []
    if include_bundled:
        out.append(Dataset("bundled", store.resolve_data_dir(data_dir)))
    for n in sizes:
        path = workdir / f"synthetic-{n}"
        t0 = time.perf_counter()
        synth.write(path, n, seed=seed)
        out.append(Dataset(f"synthetic {n:,}", path, synthetic=True, generate_s=time.perf_counter() - t0))
    return out


def machine() -> dict[str, str]:
    mem = ""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        mem = f"{pages * size / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    import duckdb
    import numpy
    import pandas
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = ""
    return {
        "cores": str(os.cpu_count()),
        "memory": mem,
        "cpu": platform.processor() or platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "load average at start": load,
    }


def _fmt_s(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def _fmt_ratio(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}×"


# What profiling showed (pyinstrument on load_dataset; DuckDB EXPLAIN ANALYZE on the queries): kept with the report
# so a miss in the Targets table has its explanation beside it.
NOTES = """\
- Load + validate (pyinstrument, VmHWM per stage; 50,000 commitments / 297,000 milestones, ~305 MB of CSV): `store/`
  checks the Arrow columns as parsed (pyarrow.compute, numpy row masks), reads one file at a time, checks two tables
  at a time (pyarrow releases the GIL), then creates the DuckDB tables smallest first, dropping each table's Arrow
  columns once DuckDB holds them, and compresses each big table with a `CHECKPOINT` (milestones ~190 MB -> ~20 MB;
  without the checkpoints the peak RSS passes 1 GB). The derived tables (`queries/_derived.sql`) hold the per-period
  state (milestone_state, commitment_state and the aggregates below) for the latest period only, the one every page
  opens on; another period is added on its first use (`metrics.ensure_period`, ~0.2 s at 50,000): the two state
  tables cost ~0.2 s at load instead of ~1 s for six periods. What remains (quiet machine, wall): parsing and the
  checks ~2.5 s, creating and compressing the tables ~1.5 s (milestones alone ~0.9 s + ~0.7 s), derived tables
  ~1.3 s (commitment_facts ~0.3 s: list aggregates of 53,000 jurisdiction links; item_text ~0.25 s: the overdue
  list's order and text). Load is mostly single-threaded CPU (CPU time ≈ wall time), so a busy machine stretches it.
- Queries: the unfiltered view of the latest period reads small tables aggregated at load (`slip_month_counts`,
  `slip_day_counts`, `overdue_item` ranked once by planned end in `item_text`); a filtered view filters one
  precomputed row per commitment and, for the milestone-level results (`slip_distribution`, `slip_months`,
  `overdue_items`), scans the period's 297,000 rows of `derived.milestone_state` for the filtered commitments. Each
  query is parsed once (a cached DuckDB statement) and its result built from `fetchnumpy()` (`.df()` cost ~0.6 ms
  per call). The floor of any DuckDB query from Python is ~0.5–0.7 ms: `periods` (6 rows) is that floor against
  pandas sorting a 6-row frame in memory; the app reads it once per dataset (cached).
- Pages (pyinstrument inside the AppTest script run; per-call breakdown of queries and chart builders): a cold rerun
  is the page's queries (3–5, ~10–20 ms each bundled) plus its figures and the sidebar. Charts build plain trace and
  layout dicts and make the figure in one step (plotly's validated `update_layout`/`add_annotation` rounds were
  3–10× slower: the completion chart at 50,000 went from 90 to 9 ms); the sidebar looks its option labels up once
  per run (it went through a cached function ~400 times at 50,000: 50–70 ms); the Timeline counts a big dataset's
  timelines from the per-month counts instead of fetching rows, and runs each query once per rerun; Commitments and
  Themes & SDGs run one query less. What remains is mostly the queries above, then figure serialisation and
  Streamlit's element messages.
  Since the architecture change the figures are made with plotly's public `go.Figure(dict)` (validated) and handed
  to Streamlit as `fig.to_dict()`, instead of skipping validation through plotly's private attributes: 1–3 ms more
  per chart on the bundled data and 1–7 ms at 10,000 commitments (measured build by build in one process), paid
  only when a figure is not in the figure cache (a filter change).
- Browser (Chrome DevTools Protocol traces, CPU profiles, resource and websocket timings; bundled): both apps spend
  ~1.3 s loading Streamlit's front end (~70 files) and opening the websocket; the Overview makes exactly one script
  run (a browser test asserts it). Then the browser fetches the front-end code of the elements it shows, above all
  Streamlit's plotly.js chunk (4.7 MB), and paints the main area and sidebar in one frame once it has run: loading
  and running it was one ~1.8 s main-thread task in a trace. The reference app (the empty app plus one tiny chart)
  shows that fixed cost apart from the dashboard: its first render and main-thread CPU are in the Browser table.
  Done: the coverage table is Markdown, not a data grid (the grid's ~1.7 MB of code is no longer fetched); the
  completion chart draws in-bar numbers only where they fit and uses fixed margins (plotly measured every text:
  `bBox` was ~0.6 s of CPU). Tried without a reliable gain: injecting a preload of the plotly chunk into the page,
  CSS containment, a Georgian-only unicode range for the web font. Since then the charts are drawn by our own
  plotly.js build (bar, heatmap, scatter: 1.26 MB, 0.42 MB gzipped, ~0.15 s to load) in an `st.components.v2`
  component (dashboard/ui/plotly_view.py), so Streamlit's chunk is never fetched (see First visit). The machine is
  shared (see the load average): compare the ratios and CPU times measured in the same interleaved rounds.
- First visit (CDP network log per response; bundled). Before (same machine, same session, `7df40da`): straight
  from `streamlit run` the Overview's first chart needed 7.77 MB, 4.72 MB of it Streamlit's plotly.js chunk
  (`PlotlyChart.*.js`); through nginx (gzip) 2.71 MB, the chunk 1.43 MB of it, and 2.62× the empty app
  unthrottled (2.33× throttled, 15.8 s). Steps, each measured by this section:
  1. the charts drawn by plotly.js's official cartesian bundle in a component: 1.83 MB, 2.01× (throttled 1.59×);
     loading that bundle was still ~0.45 s of main-thread work;
  2. our own build with only bar, heatmap and scatter (scripts/plotly_bundle, esbuild with plotly.js's settings):
     ~0.15 s to load, 1.76 MB; still ~2.0×, because the first chart waited for the page: Streamlit runs an
     element's JavaScript only once its front-end chunk has arrived, and the page needs ~40 chunks over HTTP/1.1's
     6 connections per host (stalls up to ~0.26 s in the resource timings);
  3. nginx sends a `Link: rel=preload` for plotly.js with the chart pages' documents (throttled 1.51× -> 1.43×),
     and the component that starts loading plotly.js is the first element of the sidebar, which the browser
     renders first, so its chunk is fetched first: plotly.js is requested ~0.3 s earlier. Unthrottled through
     nginx: 1.94× in one run, 2.04× in the next (repeat 5), on the 2× line; throttled 1.42× (9.7 s), 1.76 MB.
  What remains above the empty app is Streamlit's own front end for the page's ~60 elements (the empty app has
  one widget): ~40 lazily loaded chunks queued on HTTP/1.1's 6 connections, and rendering the sidebar's filters
  on the same main thread as plotly.js (the server has sent the whole page ~0.17 s after the websocket opens; the
  first chart shows ~0.7 s later). Tried: HTTP/2 (nginx with TLS and a self-signed certificate, same rounds) makes
  both faster (1.52 s and 0.71 s against 1.74 s and 0.87 s) but not the ratio (2.15× against 1.99×); drawing one
  chart per task gave no measurable change. The empty app through nginx is 1.14 MB.
  In the Browser section (every chart drawn, script idle) the Overview's first render went from 2.69× to 1.91×
  the empty app (bundled) and from 3.10× to 1.92× (50,000), below the one-chart reference app that still uses
  `st.plotly_chart` (2.4×).
"""


def markdown(rows: list[Row], info: dict[str, str], ctx: Context, argv: list[str], when: dt.datetime) -> str:
    lines = ["# Benchmarks", "",
             f"Produced by `python -m benchmarks {' '.join(argv)}`".rstrip() + f" on {when:%Y-%m-%d %H:%M} "
             f"(local time). Medians of {ctx.repeat} run(s); min–max shows how noisy the machine was.", "",
             "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items() if v) + ".", "",
             "Datasets (synthetic ones are generated by `python -m tools.synth` and always labelled synthetic):", ""]
    lines += ["| dataset | commitments | milestones | path |", "|---|---:|---:|---|"]
    for ds in ctx.datasets:
        where = "bundled `data/`" if not ds.synthetic else "temporary directory"
        lines.append(f"| {ds.label} | {ds.commitments or 0:,} | {ds.milestones or 0:,} | {where} |")
    goals = targets(rows, ctx)
    if goals:
        lines += ["", "## Targets", "", "The targets of issue 5 (and of issue 15 for the first visit), from the "
                  "figures below (ratios are to the empty app "
                  "measured in the same run; see Notes for the profile behind any miss).", ""] + goals
    try:
        load_end = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load_end = ""
    if load_end:
        lines += ["", f"Load average when the report was written: {load_end} (on {info.get('cores', '?')} cores)."]
    for title, fn, note in SECTIONS:
        section_rows = [r for r in rows if r.section == fn.__name__.removeprefix("section_")]
        if not section_rows:
            continue
        lines += ["", f"## {title}", "", note, ""]
        lines += ["| dataset | measure | median | min–max | baseline | ratio | note |",
                  "|---|---|---:|---:|---:|---:|---|"]
        for r in section_rows:
            base = f"{r.baseline_name} {_fmt_s(r.baseline)}".strip() if r.baseline is not None else ""
            if r.value or (r.median == 0 and r.note):
                lines.append(f"| {r.dataset} | {r.item} | {r.value} | | | | {r.note} |")
                continue
            lines.append(f"| {r.dataset} | {r.item} | {_fmt_s(r.median)} | {_fmt_s(r.low)}–{_fmt_s(r.high)} "
                         f"| {base} | {_fmt_ratio(r.ratio)} | {r.note} |")
    lines += ["", "## Notes", "", NOTES.rstrip()]
    return "\n".join(lines) + "\n"


# Issue 5's targets: (section, item predicate, dataset kind, limit, what is compared, description).
def targets(rows: list[Row], ctx: Context) -> list[str]:
    """Targets met / missed, from the measured rows (datasets not in this run are left out)."""
    labels = {ds.label for ds in ctx.datasets}
    big = "synthetic 50,000"
    mid = "synthetic 10,000"
    out = ["| target | dataset | measured | limit | met |", "|---|---|---:|---:|---|"]

    def add(desc, ds, value, limit, fmt, ok):
        out.append(f"| {desc} | {ds} | {fmt(value)} | {fmt(limit)} | {'yes' if ok else '**no**'} |")

    def by(section, ds, pred):
        return [r for r in rows if r.section == section and r.dataset == ds and pred(r.item)]

    for ds, ratio_change, ratio_first, rerun_limit in (("bundled", 3, 2, 0.15), (big, 5, 3, 0.4)):
        if ds not in labels:
            continue
        for r in by("browser", ds, lambda i: i == "Overview: filter change shown"):
            add("browser: filter change (× empty app)", ds, r.ratio, ratio_change, _fmt_ratio, r.ratio <= ratio_change)
        for r in by("browser", ds, lambda i: i == "Overview: first render"):
            add("browser: Overview first render (× empty app)", ds, r.ratio, ratio_first, _fmt_ratio,
                r.ratio <= ratio_first)
        for r in by("pages", ds, lambda i: i.endswith("rerun after a filter change")):
            add(f"AppTest {r.item.split(':')[0]} rerun after a filter change", ds, r.median, rerun_limit, _fmt_s,
                r.median <= rerun_limit)
    if big in labels:
        qs = by("queries", big, lambda i: True)
        if qs:
            worst = max(qs, key=lambda r: r.median)
            slow = [r.item for r in qs if r.median > 0.05]
            add("every query ≤ 50 ms (slowest shown)" + (f"; over: {', '.join(slow)}" if slow else ""), big,
                worst.median, 0.05, _fmt_s, not slow)
        for r in by("load", big, lambda i: i == "load + validate"):
            add("load + validate", big, r.median, 5.0, _fmt_s, r.median <= 5.0)
        for r in by("browser", big, lambda i: i == "server peak RSS"):
            mib = float(r.value.split()[0].replace(",", ""))
            out.append(f"| server peak RSS | {big} | {r.value} | 1,024 MiB | {'yes' if mib <= 1024 else '**no**'} |")
    for ds in (mid, big):
        qs = [r for r in by("queries", ds, lambda i: True) if r.ratio is not None]
        if qs:
            slower = [r.item for r in qs if r.ratio >= 1]
            add("every query faster than pandas (largest ratio shown)" + (f"; slower: {', '.join(slower)}"
                                                                            if slower else ""),
                ds, max(r.ratio for r in qs), 1.0, _fmt_ratio, not slower)
    from benchmarks import first_visit

    out += first_visit.targets(rows)
    return out if len(out) > 2 else []


def run(argv: list[str] | None = None) -> tuple[list[Row], str]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="synthetic sizes in commitments, comma-separated ('' for none)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measure (median reported)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: the Overview's queries only, no filter scenario")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="markdown file to write ('-' for none)")
    parser.add_argument("--data", default=None, help="the real dataset (default: $DASHBOARD_DATA or data/)")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled dataset")
    parser.add_argument("--workdir", default=None, help="where synthetic data is written (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the synthetic data")
    parser.add_argument("--sections", default=None,
                        help="comma-separated sections to run (load, queries, pages, browser, first_visit; "
                             "default all)")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium section")
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)

    from tools import synth
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    ctx = Context(repeat=max(1, args.repeat), quick=args.quick, no_browser=args.no_browser)
    wanted = None if not args.sections else {x.strip() for x in args.sections.split(",") if x.strip()}
    sections = [sec for sec in SECTIONS if wanted is None or sec[1].__name__.removeprefix("section_") in wanted
                or sec[1] is section_load]
    when = dt.datetime.now()
    info = machine()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ogp-bench-") as tmp:
        workdir = Path(args.workdir) if args.workdir else Path(tmp)
        ctx.datasets = prepare_datasets(sizes, workdir, args.data, args.seed if args.seed is not None
                                        else synth.DEFAULT_SEED, include_bundled=not args.no_bundled)
        for ds in ctx.datasets:
            for _, fn, _ in sections:
                print(f"[benchmarks] {ds.label}: {fn.__name__}", file=sys.stderr, flush=True)
                rows.extend(fn(ctx, ds))
            ds.loaded = ds.frames = None   # free memory before the next size
            report = markdown(rows, info, ctx, argv, when)
            _write(args.out, report)       # after each dataset, so a long run leaves partial results
    report = markdown(rows, info, ctx, argv, when)
    _write(args.out, report)
    return rows, report


def _write(out: str, report: str) -> None:
    if out == "-":
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    _, report = run(argv)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
