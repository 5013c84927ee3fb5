"""Load test: N concurrent real Streamlit sessions against the real server on loopback.

    python -m benchmarks.load                          # 50 sessions, 60 s, report to docs/reliability.md
    python -m benchmarks.load --knee                   # then 100, 150, ... until p95 passes 2 s (the knee)
    python -m benchmarks.load --via nginx              # the same through two replicas behind nginx
    python -m benchmarks.load --tiny                   # CI size: 3 sessions, 10 s, no report
    python -m benchmarks.load --url http://127.0.0.1:8501 --pid 1234   # an already running server

Each session is a websocket client speaking Streamlit's own protobuf messages (benchmarks/streamlit_client.py):
it opens the app (some with ?lang=ka), then about every 5 s (jittered ±40 %) acts like a person reading charts:
opens another page, sets one sidebar filter (a value among the first few of each filter), resets the filters, or
switches the language. Sessions start spread over the first seconds, stop by themselves at the end of the run
(and after --max-actions), then close their websockets.

Reported: sessions, reruns, errors (a failed/closed connection, a run that did not finish within the timeout, an
exception element in the delta stream), p50/p95/max rerun latency (send of the BackMsg to script_finished), and
server RSS: before (after a warm-up pass over every page and filter value the sessions use, so the shared
caches are filled), at peak (sampled every 0.5 s), and after the sessions closed and the server dropped them
(the server runs with server.disconnectedSessionTTL = --session-ttl; after that time one probe session touches
the session store, which evicts the expired sessions, then RSS is sampled).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.streamlit_client import ClientError, RunResult, StreamlitClient
from dashboard import REPO_DIR
from tools.serving import rss_bytes, streamlit_server

REPORT = REPO_DIR / "docs" / "reliability.md"
FILTER_KEYS = ("w_plan", "w_level", "w_jurisdiction", "w_theme", "w_sdg", "w_rating")
PERIOD_KEY = "w_period"
LANG_KEY = "w_lang"
RESET_KEY = "w_reset"
VALUES_PER_FILTER = 3          # sessions pick among the first N options of each filter (bounded cache use)
P95_TARGET = 2.0
MEMORY_TARGET = 0.10


# ---------------------------------------------------------------------------------------------------- results

@dataclass
class SessionStats:
    latencies: list[tuple[str, float]] = field(default_factory=list)   # (action, seconds)
    errors: list[str] = field(default_factory=list)
    connected: bool = False


@dataclass
class StepResult:
    sessions: int
    duration: float
    interval: float
    reruns: int
    errors: int
    error_samples: list[str]
    p50: float
    p95: float
    pmax: float
    by_action: dict[str, tuple[int, float, float]]       # action -> (count, p50, p95)
    rss_start: int
    rss_before: int
    rss_peak: int
    rss_after: int
    wall: float
    client_cpu: float
    connected: int

    @property
    def memory_growth(self) -> float:
        return (self.rss_after - self.rss_before) / self.rss_before if self.rss_before else 0.0

    @property
    def passed(self) -> bool:
        return self.errors == 0 and self.p95 <= P95_TARGET and self.memory_growth <= MEMORY_TARGET

    def summary(self) -> str:
        return (f"{self.sessions} sessions, {self.duration:.0f} s: {self.reruns} reruns, {self.errors} errors, "
                f"p50 {self.p50 * 1000:.0f} ms, p95 {self.p95 * 1000:.0f} ms, max {self.pmax * 1000:.0f} ms; "
                f"RSS before {mib(self.rss_before)}, peak {mib(self.rss_peak)}, after {mib(self.rss_after)} "
                f"({self.memory_growth * 100:+.1f} %)")


def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


# ---------------------------------------------------------------------------------------------------- a session

def _filter_options(client: StreamlitClient) -> dict[str, list[int]]:
    out = {}
    for key in FILTER_KEYS + (PERIOD_KEY,):
        w = client.widgets.get(key)
        if w and w.options:
            out[key] = list(range(min(VALUES_PER_FILTER, len(w.options))))
    return out


def _act(client: StreamlitClient, action: str, rng: random.Random) -> RunResult:
    if action == "page":
        paths = [p for p in client.pages if p != _current_path(client)] or [""]
        return client.open_page(rng.choice(paths))
    if action == "filter":
        opts = _filter_options(client)
        if not opts:
            return client.rerun()
        key = rng.choice(sorted(opts))
        idx = rng.choice(opts[key])
        changes: dict = {k: [] for k in FILTER_KEYS if k in client.widgets and k != key}
        changes[key] = idx if key == PERIOD_KEY else [idx]
        return client.set_values(changes)
    if action == "reset" and RESET_KEY in client.widgets:
        return client.click(RESET_KEY)
    if action == "lang" and LANG_KEY in client.widgets:
        w = client.widgets[LANG_KEY]
        current = client.query_string
        to_ka = "lang=ka" not in current
        return client.set_radio(LANG_KEY, 1 if to_ka and len(w.options) > 1 else 0)
    return client.rerun()


def _current_path(client: StreamlitClient) -> str:
    for path, h in client.pages.items():
        if h == client.page_hash:
            return path
    return ""


ACTIONS = (("page", 0.35), ("filter", 0.35), ("reset", 0.12), ("lang", 0.18))


def run_session(url: str, index: int, start_at: float, end_at: float, interval: float, max_actions: int,
                timeout: float, seed: int, stats: SessionStats) -> None:
    rng = random.Random(seed * 1000 + index)
    time.sleep(max(0.0, start_at - time.monotonic()))
    client = StreamlitClient(url, timeout=timeout, locale="ka-GE" if index % 3 == 0 else "en-US")
    try:
        query = "lang=ka" if index % 3 == 1 else ""
        client.load_page("/" + (f"?{query}" if query else ""))   # like a browser: the page, then the websocket
        first = client.connect(query_string=query)
        stats.connected = True
        _record(stats, "open", first)
        actions = 0
        while actions < max_actions:
            wake = time.monotonic() + interval * rng.uniform(0.6, 1.4)
            if wake >= end_at:
                break
            time.sleep(wake - time.monotonic())
            action = rng.choices([a for a, _ in ACTIONS], [w for _, w in ACTIONS])[0]
            _record(stats, action, _act(client, action, rng))
            actions += 1
    except ClientError as exc:
        stats.errors.append(f"session {index}: {exc}")
    except Exception as exc:
        stats.errors.append(f"session {index}: {type(exc).__name__}: {exc}")
    finally:
        client.close()


def _record(stats: SessionStats, action: str, result: RunResult) -> None:
    stats.latencies.append((action, result.latency))
    for message in result.exceptions:
        stats.errors.append(f"{action}: exception element: {message[:200]}")


# ---------------------------------------------------------------------------------------------------- warm-up

def warm_up(url: str, full: bool, timeout: float) -> int:
    """Visit every page (in both languages) and, when `full`, every filter value the sessions use, so the
    server's shared caches hold what the load will ask for before memory is measured."""
    runs = 0
    with StreamlitClient(url, timeout=timeout) as client:
        client.connect()
        runs += 1
        paths = list(client.pages) or [""]
        for lang_idx in (1, 0):
            for path in paths:
                client.open_page(path)
                runs += 1
                if full:
                    for key, idxs in _filter_options(client).items():
                        for idx in idxs:
                            changes: dict = {k: [] for k in FILTER_KEYS if k in client.widgets and k != key}
                            changes[key] = idx if key == PERIOD_KEY else [idx]
                            client.set_values(changes)
                            runs += 1
                    if RESET_KEY in client.widgets:
                        client.click(RESET_KEY)
                        runs += 1
            if LANG_KEY in client.widgets:
                client.set_radio(LANG_KEY, lang_idx)
                runs += 1
    return runs


# ---------------------------------------------------------------------------------------------------- memory

class RssSampler:
    def __init__(self, pids: list[int], every: float = 0.5) -> None:
        self.pids = pids
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def now(self) -> int:
        return sum(rss_bytes(p) for p in self.pids)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.now())
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self.peak = self.now()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.now())


def settled_rss(sampler: RssSampler, samples: int = 5, every: float = 1.0) -> int:
    values = []
    for _ in range(samples):
        values.append(sampler.now())
        time.sleep(every)
    return int(statistics.median(values))


# ---------------------------------------------------------------------------------------------------- a step

def run_step(url: str, pids: list[int], sessions: int, duration: float, interval: float, *, seed: int = 1,
             warm_urls: list[str] | None = None,
             max_actions: int = 1000, timeout: float = 60.0, warmup: str = "full", ramp: float | None = None,
             session_ttl: float = 10.0, memory: bool = True, log=print) -> StepResult:
    sampler_pids = list(pids)
    rss_start = sum(rss_bytes(p) for p in sampler_pids)
    if warmup != "none":
        t = time.monotonic()
        # Behind a load balancer, warm every replica directly (each has its own caches).
        n = sum(warm_up(u, warmup == "full", timeout) for u in (warm_urls or [url]))
        log(f"  warm-up: {n} runs in {time.monotonic() - t:.1f} s")
        if memory:
            _wait_sessions_dropped(url, session_ttl, timeout)
    idle = RssSampler(sampler_pids)
    rss_before = settled_rss(idle, samples=3, every=0.5) if memory else idle.now()

    ramp = min(5.0, duration / 4) if ramp is None else ramp
    stats = [SessionStats() for _ in range(sessions)]
    cpu0 = time.process_time()
    t0 = time.monotonic()
    end_at = t0 + ramp + duration
    threads = [threading.Thread(target=run_session, daemon=True,
                                args=(url, i, t0 + ramp * i / max(1, sessions), end_at, interval, max_actions,
                                      timeout, seed, stats[i]))
               for i in range(sessions)]
    with RssSampler(sampler_pids) as sampler:
        for th in threads:
            th.start()
        hard_stop = end_at + timeout + 30
        for th in threads:
            th.join(max(0.1, hard_stop - time.monotonic()))
        stuck = sum(th.is_alive() for th in threads)
    wall = time.monotonic() - t0
    client_cpu = time.process_time() - cpu0
    errors = [e for s in stats for e in s.errors]
    if stuck:
        errors.append(f"{stuck} session(s) still running after the hard stop")
    lat = [x for s in stats for _, x in s.latencies]
    by_action: dict[str, list[float]] = {}
    for s in stats:
        for action, x in s.latencies:
            by_action.setdefault(action, []).append(x)

    if memory:
        _wait_sessions_dropped(url, session_ttl, timeout)
    rss_after = settled_rss(sampler) if memory else sampler.now()
    return StepResult(
        sessions=sessions, duration=duration, interval=interval, reruns=len(lat), errors=len(errors),
        error_samples=errors[:10], p50=percentile(lat, 0.5), p95=percentile(lat, 0.95), pmax=max(lat, default=0.0),
        by_action={a: (len(v), percentile(v, 0.5), percentile(v, 0.95)) for a, v in sorted(by_action.items())},
        rss_start=rss_start, rss_before=rss_before, rss_peak=max(sampler.peak, rss_before), rss_after=rss_after,
        wall=wall, client_cpu=client_cpu, connected=sum(s.connected for s in stats))


def _wait_sessions_dropped(url: str, session_ttl: float, timeout: float) -> None:
    """Disconnected sessions stay in the server's store for server.disconnectedSessionTTL seconds and are evicted
    when the store is next written: wait past the TTL, then open and close one probe session."""
    time.sleep(session_ttl + 2.0)
    with contextlib.suppress(ClientError), StreamlitClient(url, timeout=timeout) as probe:
        probe.connect()
    time.sleep(1.0)


# ---------------------------------------------------------------------------------------------------- targets

@contextlib.contextmanager
def direct_target(session_ttl: float, log_dir: Path, extra: list[str] = ()) -> Iterator[tuple]:
    args = ["--server.disconnectedSessionTTL", str(int(session_ttl)), *extra]
    with streamlit_server(args=args, log_path=log_dir / "streamlit.log") as srv:
        yield srv.url, [srv.pid], "one `streamlit run` process", [srv.url]


@contextlib.contextmanager
def nginx_target(session_ttl: float, log_dir: Path, extra: list[str] = ()) -> Iterator[tuple]:
    from tools import replicas

    args = ["--server.disconnectedSessionTTL", str(int(session_ttl)), *extra]
    with replicas.running(workdir=log_dir, streamlit_args=args) as rs:
        yield (rs.url, rs.replica_pids, f"nginx ({rs.nginx_version}) in front of {len(rs.replica_pids)} replicas",
               rs.replica_urls)


@contextlib.contextmanager
def external_target(url: str, pids: list[int]) -> Iterator[tuple]:
    yield url.rstrip("/"), pids, f"a running server at {url}", [url.rstrip("/")]


# ---------------------------------------------------------------------------------------------------- report

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f", {int(line.split()[1]) / 2**20:.1f} GiB RAM"
    import streamlit

    os_name = platform.platform(terse=True)
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    return (f"{os.cpu_count()} CPU ({cpu}){mem}; {os_name}; Python {platform.python_version()}, "
            f"streamlit {streamlit.__version__}")


def render_section(via: str, target: str, steps: list[StepResult], args: argparse.Namespace, command: str) -> str:
    today = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [f"Measured {today} on {machine()}; target: {target}; the load generator ran on the same machine.",
             "", f"Command: `{command}`", "",
             "| sessions | duration | reruns | errors | p50 | p95 | max | RSS start | RSS before | RSS peak | "
             "RSS after | after vs before | result |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in steps:
        verdict = "pass" if r.passed else ("**p95 > 2 s**" if r.p95 > P95_TARGET else
                                           "**errors**" if r.errors else "**memory**")
        lines.append(f"| {r.sessions} | {r.duration:.0f} s | {r.reruns} | {r.errors} | {r.p50 * 1000:.0f} ms | "
                     f"{r.p95 * 1000:.0f} ms | {r.pmax * 1000:.0f} ms | {mib(r.rss_start)} | {mib(r.rss_before)} | "
                     f"{mib(r.rss_peak)} | {mib(r.rss_after)} | {r.memory_growth * 100:+.1f} % | {verdict} |")
    lines.append("")
    first = steps[0]
    lines.append(f"Per action at {first.sessions} sessions (count, p50, p95): " + "; ".join(
        f"{a} {n}, {p50 * 1000:.0f} ms, {p95 * 1000:.0f} ms" for a, (n, p50, p95) in first.by_action.items()) + ".")
    lines.append(f"Load generator CPU at {first.sessions} sessions: {first.client_cpu:.1f} s over "
                 f"{first.wall:.0f} s of wall time.")
    knee = next((r for r in steps if r.p95 > P95_TARGET or r.errors), None)
    if len(steps) > 1 or knee:
        if knee is None:
            lines.append(f"Knee: not reached up to {steps[-1].sessions} sessions (p95 stayed <= 2 s).")
        else:
            below = [r for r in steps if r.sessions < knee.sessions and r.passed]
            lines.append(f"Knee: p95 passed 2 s (or errors appeared) at {knee.sessions} sessions"
                         + (f"; the last step within targets was {below[-1].sessions} sessions." if below else "."))
    errs = [e for r in steps for e in r.error_samples][:5]
    if errs:
        lines.append("")
        lines.append("Error samples: " + "; ".join(f"`{e[:160]}`" for e in errs))
    return "\n".join(lines) + "\n"


REPORT_HEAD = """# Reliability

Written by `python -m benchmarks.load` (load sections) — see that module's docstring for what a session does and
how memory is measured. Targets on 2 cores: 50 concurrent sessions acting about every 5 s for 60 s with 0 errors,
p95 rerun latency <= 2 s, RSS after the sessions closed within 10 % of before; then the session count is stepped
up until p95 passes 2 s (the knee).
"""


def write_report(path: Path, via: str, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else REPORT_HEAD
    begin, end = f"<!-- load:{via} -->", f"<!-- /load:{via} -->"
    title = {"direct": "## Load: one server, direct", "nginx": "## Load: two replicas behind nginx"}.get(
        via, f"## Load: {via}")
    block = f"{begin}\n{title}\n\n{section}{end}"
    if begin in text and end in text:
        text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------------- main

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n")[0])
    p.add_argument("--sessions", type=int, default=50)
    p.add_argument("--duration", type=float, default=60.0, help="seconds each step runs (after the ramp)")
    p.add_argument("--interval", type=float, default=5.0, help="mean seconds between a session's actions")
    p.add_argument("--max-actions", type=int, default=1000, help="per session")
    p.add_argument("--knee", action="store_true", help="step the session count up until p95 passes 2 s")
    p.add_argument("--steps", default="", help="comma-separated session counts (implies --knee)")
    p.add_argument("--max-sessions", type=int, default=500, help="upper bound for --knee")
    p.add_argument("--step-size", type=int, default=50)
    p.add_argument("--via", choices=("direct", "nginx"), default="direct")
    p.add_argument("--url", default=None, help="use a running server instead of starting one")
    p.add_argument("--pid", type=int, action="append", default=[], help="server pid(s) for RSS, with --url")
    p.add_argument("--warmup", choices=("full", "pages", "none"), default="full")
    p.add_argument("--session-ttl", type=float, default=10.0, help="server.disconnectedSessionTTL for the run")
    p.add_argument("--no-memory", action="store_true",
                   help="skip waiting for the server to drop the sessions (RSS after is then not meaningful)")
    p.add_argument("--server-arg", action="append", default=[], metavar="OPTION=VALUE",
                   help="extra `streamlit run` option for the server(s), e.g. runner.postScriptGC=false")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds a run may take before it is an error")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tiny", action="store_true", help="CI size: 3 sessions, 10 s, actions every 2 s, no report")
    p.add_argument("--report", default=None, help=f"markdown file to update (default {REPORT.relative_to(REPO_DIR)})")
    p.add_argument("--no-report", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.tiny:
        args.sessions, args.duration, args.interval = 3, 10.0, 2.0
        args.warmup, args.no_memory, args.no_report = "none", True, True
    if args.steps:
        counts = [int(x) for x in args.steps.split(",") if x.strip()]
    elif args.knee:
        counts = list(range(args.sessions, args.max_sessions + 1, args.step_size))
    else:
        counts = [args.sessions]
    command = "python -m benchmarks.load " + " ".join(a for a in (argv if argv is not None else sys.argv[1:]))
    results: list[StepResult] = []
    target_desc = ""
    extra = [x for opt in args.server_arg for x in ("--" + opt.split("=", 1)[0].lstrip("-"), opt.split("=", 1)[1])]
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        for i, n in enumerate(counts):
            # A fresh server per step, so each step's memory figures stand alone.
            if args.url:
                target = external_target(args.url, args.pid)
            elif args.via == "nginx":
                target = nginx_target(args.session_ttl, Path(tmp), extra)
            else:
                target = direct_target(args.session_ttl, Path(tmp), extra)
            with target as (url, pids, target_desc, warm_urls):
                print(f"step {i + 1}/{len(counts)}: {n} sessions for {args.duration:.0f} s against {target_desc}",
                      flush=True)
                r = run_step(url, pids, n, args.duration, args.interval, seed=args.seed, warm_urls=warm_urls,
                             max_actions=args.max_actions, timeout=args.timeout, warmup=args.warmup,
                             session_ttl=args.session_ttl, memory=not args.no_memory,
                             log=lambda m: print(m, flush=True))
            results.append(r)
            print("  " + r.summary(), flush=True)
            for e in r.error_samples:
                print(f"  error: {e}", flush=True)
            if len(counts) > 1 and (r.p95 > P95_TARGET or r.errors):
                print(f"  knee: p95 passed {P95_TARGET:.0f} s (or errors) at {n} sessions", flush=True)
                break
    if not args.no_report:
        report = Path(args.report) if args.report else REPORT
        write_report(report, args.via if not args.url else "external", render_section(
            args.via, target_desc, results, args, command.strip()))
        print(f"report: {report}")
    base = results[0]
    return 0 if base.errors == 0 and base.reruns > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
