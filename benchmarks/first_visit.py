"""The first visit (issue 15): bytes transferred and time until the Overview's first chart is drawn, in a fresh
headless Chromium context (empty cache), directly from `streamlit run` and through the nginx setup
(tools/replicas.py, deploy/nginx.conf: gzip), unthrottled and with the network throttled through the Chrome
DevTools Protocol (Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency), each
beside the empty Streamlit app (benchmarks/empty_app.py) served the same way and measured in the same rounds.

    .venv/bin/python -m benchmarks --sections first_visit --sizes ''    (the rows of `python -m benchmarks`)

Bytes = what came over the network until the first chart (or the empty app's text) showed: every HTTP response
as encoded on the wire (headers included) and the websocket's received frames.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.apps import APP, EMPTY_APP

THROTTLED = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}
PROFILES: tuple[tuple[str, dict | None], ...] = (("unthrottled", None), ("1.6 Mbit/s, 150 ms", THROTTLED))
FIRST_CHART = '[data-testid="ogpChart"] .main-svg'
EMPTY_READY = "Chosen: one"
# Issue 15's targets: through nginx the first visit transfers at most this, and renders within these ratios.
MAX_BYTES_NGINX = 2_000_000
MAX_RATIO = {"unthrottled": 2.0, "1.6 Mbit/s, 150 ms": 3.0}


@dataclass
class Visit:
    seconds: float
    bytes: int
    requests: int
    largest: list[tuple[int, str]] = field(default_factory=list)   # (bytes, url path) of the biggest responses


def visit(browser, url: str, overview: bool, throttle: dict | None, timeout: float = 300_000) -> Visit:
    """One first visit in a new browser context: seconds until the first chart (Overview) or the empty app's text
    is shown, and the bytes that came over the network until then."""
    ctx = browser.new_context(locale="en-US")
    try:
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:
            cdp.send("Network.emulateNetworkConditions", throttle)
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}
        ws = [0]
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))

        def frame(e) -> None:
            resp = e["response"]
            n = len(resp.get("payloadData", ""))
            ws[0] += n * 3 // 4 if resp.get("opcode") == 2 else n   # binary frames come base64-encoded
        cdp.on("Network.webSocketFrameReceived", frame)
        t0 = time.perf_counter()
        page.goto(url, timeout=timeout)
        if overview:
            page.wait_for_selector(FIRST_CHART, timeout=timeout)
        else:
            page.get_by_text(EMPTY_READY).wait_for(timeout=timeout)
        elapsed = time.perf_counter() - t0
        page.wait_for_timeout(50)   # let the CDP events of what already arrived be dispatched
        snapshot = dict(sizes)
        largest = sorted(((n, urls.get(rid, "?").split("/", 3)[-1]) for rid, n in snapshot.items()), reverse=True)
        return Visit(elapsed, sum(snapshot.values()) + ws[0], len(snapshot), largest[:3])
    finally:
        ctx.close()


def measure(ds_path: Path, repeat: int, via_nginx: bool,
            profiles=PROFILES) -> dict[tuple[str, str, str], list[Visit]]:
    """{(route, profile, app): visits}: route "direct" / "nginx", app "overview" / "empty"; interleaved rounds."""
    from playwright.sync_api import sync_playwright

    from tools import replicas
    from tools.serving import launch_chromium, streamlit_server

    out: dict[tuple[str, str, str], list[Visit]] = {}
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        browser = launch_chromium(pw)
        stack.callback(browser.close)
        routes = {"direct": (stack.enter_context(streamlit_server(APP, data_dir=ds_path, health_timeout=120)).url,
                             stack.enter_context(streamlit_server(EMPTY_APP)).url)}
        if via_nginx:
            dash = stack.enter_context(replicas.running(replicas=1, data_dir=ds_path, snapshot=False))
            empty = stack.enter_context(replicas.running(replicas=1, app=EMPTY_APP, snapshot=False, warm=False))
            routes["nginx"] = (dash.url, empty.url)
        for dash_url, _empty_url in routes.values():   # warm-up: the data load and imports are not a first visit
            visit(browser, dash_url + "/?lang=en", True, None)
        for _ in range(max(1, repeat)):
            for route, (dash_url, empty_url) in routes.items():
                for profile, throttle in profiles:
                    out.setdefault((route, profile, "empty"), []).append(visit(browser, empty_url, False, throttle))
                    out.setdefault((route, profile, "overview"), []).append(
                        visit(browser, dash_url + "/?lang=en", True, throttle))
    return out


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def rows(ds, repeat: int, quick: bool = False) -> list:
    """The benchmark rows (benchmarks.run.Row): per route and network profile, the Overview's first chart against
    the empty app's first render, and the bytes transferred. `quick`: unthrottled only."""
    from benchmarks.run import Row
    from tools import replicas

    measured = measure(ds.path, repeat, via_nginx=replicas.nginx_path() is not None,
                       profiles=PROFILES[:1] if quick else PROFILES)
    out = []
    for (route, profile, app), visits in measured.items():
        if app != "overview":
            continue
        empty = measured[(route, profile, "empty")]
        secs, base = [v.seconds for v in visits], statistics.median(v.seconds for v in empty)
        size, empty_size = statistics.median(v.bytes for v in visits), statistics.median(v.bytes for v in empty)
        biggest = ", ".join(f"{path.split('?')[0].rsplit('/', 1)[-1]} {_mb(n)}" for n, path in visits[-1].largest)
        out.append(Row("first_visit", ds.label, f"Overview first chart: {route}, {profile}", statistics.median(secs),
                       min(secs), max(secs), base, "empty app",
                       note=f"{_mb(size)} in {visits[-1].requests} responses (empty app {_mb(empty_size)})"))
        out.append(Row("first_visit", ds.label, f"Overview bytes to first chart: {route}, {profile}", size,
                       min(v.bytes for v in visits), max(v.bytes for v in visits),
                       value=_mb(size), note=f"empty app {_mb(empty_size)}; largest: {biggest}"))
    return out


def targets(rows_: list) -> list[str]:
    """Issue 15's target lines for the Targets table (empty when the section did not run through nginx)."""
    out = []
    for r in rows_:
        if r.section != "first_visit" or ": nginx, " not in r.item:
            continue
        profile = r.item.split(": nginx, ", 1)[1]
        if r.item.startswith("Overview bytes"):
            ok = r.median <= MAX_BYTES_NGINX
            out.append(f"| first visit through nginx: bytes to the first chart ({profile}) | {r.dataset} | "
                       f"{_mb(r.median)} | {_mb(MAX_BYTES_NGINX)} | {'yes' if ok else '**no**'} |")
        elif r.ratio is not None:
            limit = MAX_RATIO[profile]
            out.append(f"| first visit through nginx: first chart × empty app ({profile}) | {r.dataset} | "
                       f"{r.ratio:.2f}× | {limit:.2f}× | {'yes' if r.ratio <= limit else '**no**'} |")
    return out
