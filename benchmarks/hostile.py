"""The cost of the worst uploads within the limits (issue 16): time and peak memory of each, one fresh process per
case so the peak RSS is that upload's own.

    python -m benchmarks.hostile [--out docs/reliability.md] [--only NAME,...]

Each case builds the largest hostile input the app accepts (20 MB per upload in total, 100 MB unpacked for a
zip/XLSX) and runs it through what the web app runs: ``load_uploads`` for tables, ``plan_pages`` + ``load_dataset``
for portal pages. The table goes between the ``hostile:cost`` markers of the output file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "docs" / "reliability.md"
MARK_START, MARK_END = "<!-- hostile:cost -->", "<!-- /hostile:cost -->"


def _limit() -> int:
    from dashboard.importers.tables import MAX_BYTES

    return MAX_BYTES - 200_000   # just under the limit, with room for the other (small) tables


def _base() -> dict[str, bytes]:
    from tests.helpers import minimal_files

    return minimal_files()


def _header(files: dict[str, bytes], name: str) -> bytes:
    return files[name].split(b"\n", 1)[0] + b"\n"


def case_commas_line() -> tuple[str, list]:
    files = _base()
    files["commitments.csv"] = b"," * _limit()
    return "one line of commas (a header of 20 million columns)", list(files.items())


def case_short_rows() -> tuple[str, list]:
    files = _base()
    files["commitments.csv"] = _header(files, "commitments.csv") + b",\n" * (_limit() // 2)
    return "10 million malformed rows (`,` per line)", list(files.items())


def case_empty_cells() -> tuple[str, list]:
    files = _base()
    head = _header(files, "milestones.csv")
    line = b"," * head.count(b",") + b"\n"
    files["milestones.csv"] = head + line * (_limit() // len(line))
    return "rows of empty cells (every required cell a problem)", list(files.items())


def case_bad_dates() -> tuple[str, list]:
    files = _base()
    head = _header(files, "milestones.csv").decode()
    cols = head.strip().split(",")
    row = {c: "" for c in cols}
    out = [head]
    size, i = len(head), 0
    while size < _limit():
        row.update(milestone_id=f"X{i}", commitment_id="NOPE", number="1", title_en="t",
                   planned_start="2019-13", planned_end="9999-99")
        line = ",".join(row[c] for c in cols) + "\n"
        out.append(line)
        size += len(line)
        i += 1
    files["milestones.csv"] = "".join(out).encode()
    return f"{i:,} rows with bad dates and unknown references", list(files.items())


ROWS_XLSX = 8_000   # 144,000 cells: just under the cell limit of a workbook


def case_xlsx_cells() -> tuple[str, list]:
    """A workbook as large as the unpacked limit allows, every cell a problem."""
    from openpyxl import Workbook

    files = _base()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("milestones")
    cols = _header(files, "milestones.csv").decode().strip().split(",")
    ws.append(cols)
    for i in range(ROWS_XLSX):
        ws.append([f"X{i}", "NOPE", "x", "t", "2019-13", "2019-13"] + ["x"] * (len(cols) - 6))
    buf = io.BytesIO()
    wb.save(buf)
    return f"XLSX of {ROWS_XLSX:,} bad rows ({len(buf.getvalue()) / 1e6:.1f} MB)", [("data.xlsx", buf.getvalue())]


def case_portal_milestones() -> tuple[str, list]:
    text = (REPO / "tests" / "fixtures" / "seed_en.txt").read_text(encoding="utf-8")
    head, rest = text.split("Milestones:", 1)
    block = rest.split("6.2.2.", 1)[0].split("6.2.1.", 1)[1]
    parts = [head, "Milestones:\n"]
    for i in range(1, 10_001):
        parts.append(f"6.2.{i}.{block}")
    page = "".join(parts)
    return f"portal page with 10,000 milestones ({len(page.encode()) / 1e6:.1f} MB)", [("page.txt", page)]


CASES = {
    "commas_line": case_commas_line, "short_rows": case_short_rows, "empty_cells": case_empty_cells,
    "bad_dates": case_bad_dates, "xlsx_cells": case_xlsx_cells,
    "portal_milestones": case_portal_milestones,
}


class _OtherSession:
    """Another session of the same server process meanwhile: a metric query on the bundled data every 20 ms (each
    with another jurisdiction filter, so nothing is cached), its latencies recorded. Streamlit serves every session
    from one process, so this is the latency another user sees while the upload is processed."""

    def __init__(self):
        import threading

        from dashboard import metrics
        from dashboard.schema import Filters
        from dashboard.store import load_dataset

        cursor = load_dataset(REPO / "data").con.cursor()
        ids = [r[0] for r in cursor.execute("select jurisdiction_id from jurisdictions").fetchall()]
        self._query = lambda i: metrics.run(cursor, "completion_by_theme", Filters(jurisdiction=(ids[i % len(ids)],)))
        self.latencies: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        i = 0
        while not self._stop.is_set():
            t = time.perf_counter()
            self._query(i)
            self.latencies.append(time.perf_counter() - t)
            i += 1
            time.sleep(0.02)

    def p95_ms(self, seconds: float | None = None) -> float:
        """Run alone for `seconds` (or read what was recorded) and give the 95th percentile in ms."""
        if seconds is not None:
            self.latencies = []
            self.start()
            time.sleep(seconds)
            self.stop()
        ordered = sorted(self.latencies) or [0.0]
        return 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]

    def start(self) -> None:
        import threading

        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_one(name: str) -> dict:
    """Build and run one case in this process; the peak RSS of the process is its cost. Another session's query
    latency is measured alone first, then while the case runs."""
    import resource

    from dashboard.importers.tables import load_uploads
    from dashboard.store import DataError, load_dataset

    other = _OtherSession()
    alone = other.p95_ms(seconds=1.0)
    label, files = CASES[name]()
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    other.latencies = []
    other.start()
    t = time.perf_counter()
    if name.startswith("portal"):
        from dashboard.importers import portal_page as pp

        pages = pp.plan_pages(files, REPO / "data", commitment_id="GE-2018-6.2", replace=True)
        outcome = f"{len(pages.plan.tables['milestones'].rows):,} milestone rows planned"
        load_dataset(pages.plan.resulting_files())
    else:
        try:
            load_uploads(files)
            outcome = "loaded"
        except DataError as exc:
            outcome = f"refused: {len(exc.problems):,} problems listed of {exc.total:,}"
    seconds = time.perf_counter() - t
    other.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = sum(len(d) for _, d in files)
    return {"case": name, "label": label, "bytes": size, "seconds": seconds, "outcome": outcome,
            "peak_mib": peak / 1024, "before_mib": base_rss / 1024, "other_alone_ms": alone,
            "other_during_ms": other.p95_ms(), "other_queries": len(other.latencies)}


def measure(names: list[str]) -> list[dict]:
    rows = []
    for name in names:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.hostile", "--one", name], cwd=REPO,
                              capture_output=True, text=True, timeout=900)
        if proc.returncode:
            raise SystemExit(f"{name} failed:\n{proc.stderr[-3000:]}")
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(rows[-1], file=sys.stderr)
    return rows


def report(rows: list[dict]) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [MARK_START, "## Cost of the worst uploads within the limits", "",
           f"Measured {when} by `python -m benchmarks.hostile` (one fresh process per case; peak RSS of that "
           "process, which includes the app's imports and the input held in memory, ~150 MiB before the case "
           "runs). Another session: the p95 latency of a metric query another session of the same process runs every "
           "20 ms, alone before the case and while the case runs (the server serves every session from one "
           "process).", "",
           "| case | input | time | peak RSS | before | another session's p95: alone → during | outcome |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        out.append(f"| {r['label']} | {r['bytes'] / 1e6:.1f} MB | {r['seconds']:.1f} s | {r['peak_mib']:.0f} MiB "
                   f"| {r['before_mib']:.0f} MiB | {r['other_alone_ms']:.0f} ms → {r['other_during_ms']:.0f} ms "
                   f"({r['other_queries']} queries) | {r['outcome']} |")
    out.append(MARK_END)
    return "\n".join(out)


def write(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(MARK_START) + ".*?" + re.escape(MARK_END), re.S)
    text = pattern.sub(lambda _m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--only", default="", help="comma-separated case names: " + ", ".join(CASES))
    p.add_argument("--one", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    names = [n for n in args.only.split(",") if n] or list(CASES)
    section = report(measure(names))
    print(section)
    write(args.out, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
