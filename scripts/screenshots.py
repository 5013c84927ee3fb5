"""Screenshots of every page in English and Georgian and of presentation mode, from the real app in Debian's
Chromium, into docs/screenshots/ (overview-en.png, overview-ka.png, ..., present-ka-1.png).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--slides 1,3,5,7] [--width 1400]

Starts `streamlit run` on a free port (tools.serving), waits for charts (plotly SVG) and tables (canvas) to
draw, and takes full-page screenshots. No request leaves the machine (anything beyond localhost is aborted and
reported). Exit code 1 when a page showed a Streamlit exception box or tried to reach the internet.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

from dashboard import i18n
from dashboard.ui.app import PAGES
from tools.serving import launch_chromium, streamlit_server, wait_idle

REPO = Path(__file__).resolve().parents[1]

LOCAL = ("127.0.0.1", "localhost", "::1")
EXCEPTION = '[data-testid="stException"]'
WAIT_DRAWN = """() => [...document.querySelectorAll('[data-testid="ogpChart"]')]
    .filter(e => !e.closest('details:not([open]), [hidden]')).every(c => c.querySelector('.main-svg'))"""


def _url(base: str, index: int, url_path: str, **params: str) -> str:
    path = "" if index == 0 else url_path  # the default page lives at the root
    return f"{base}/{path}?{urlencode(params)}"


def _settle(page, heading: str | None, timeout: float = 60_000) -> None:
    if heading:
        page.wait_for_function(
            "t => { const h = document.querySelector('h1'); return h && h.innerText.trim() === t; }",
            arg=heading, timeout=timeout)
    wait_idle(page, timeout)
    if page.locator('[data-testid="ogpChart"]').count():
        page.wait_for_selector('[data-testid="ogpChart"] .main-svg', timeout=timeout)
        wait_idle(page, timeout)
    page.wait_for_function(WAIT_DRAWN, timeout=timeout)
    frames = page.locator('[data-testid="stDataFrame"]')
    for i in range(frames.count()):  # dataframes draw their canvas lazily, when scrolled into view
        frame = frames.nth(i)
        if frame.is_visible() and not frame.evaluate("e => !!e.closest('details:not([open])')"):
            frame.scroll_into_view_if_needed()
            frame.locator("canvas").first.wait_for(state="attached", timeout=timeout)
    page.evaluate("() => window.scrollTo(0, 0)")
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(400)  # plotly transitions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    ap.add_argument("--slides", default="1,3,5,7", help="presentation slides to capture (1-based)")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1000)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    slides = [int(s) for s in args.slides.split(",") if s.strip()]

    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    outside: list[str] = []
    written: list[Path] = []
    started = time.monotonic()
    with streamlit_server() as srv, sync_playwright() as p:
        browser = launch_chromium(p)
        ctx = browser.new_context(viewport={"width": args.width, "height": args.height}, locale="en-US")

        def guard(route):
            host = urlparse(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:")) or host in LOCAL:
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        ctx.route("**/*", guard)
        page = ctx.new_page()

        def shoot(name: str, url: str, heading: str | None, full_page: bool = True) -> None:
            page.goto(url)
            _settle(page, heading)
            if page.locator(EXCEPTION).count():
                problems.append(f"{name}: Streamlit exception: {page.locator(EXCEPTION).first.inner_text()[:200]}")
            path = out / f"{name}.png"
            if full_page:
                # Streamlit scrolls an inner container, not the document: grow the window to the content's height
                height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
                    '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"], '
                    + '[data-testid="stSidebarUserContent"], section, .main')]
                    .map(e => e.scrollHeight), document.body.scrollHeight)""")
                page.set_viewport_size({"width": args.width, "height": min(max(int(height), args.height), 12000)})
                page.wait_for_timeout(600)
                page.wait_for_function(WAIT_DRAWN, timeout=60_000)
                page.wait_for_timeout(400)
            page.screenshot(path=str(path), full_page=full_page)
            page.set_viewport_size({"width": args.width, "height": args.height})
            written.append(path)
            print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}", flush=True)

        for lang in i18n.LANGS:
            for index, (name, url_path, _icon) in enumerate(PAGES):
                shoot(f"{name.replace('_', '-')}-{lang}", _url(srv.url, index, url_path, lang=lang),
                      i18n.t(f"page.{name}.title", lang))
            for n in slides:
                # one screen, as the audience sees it (the heading is the slide's title: wait for the chart)
                shoot(f"present-{lang}-{n}", _url(srv.url, 0, "", lang=lang, present="1", page=str(n)), None,
                      full_page=False)
        browser.close()

    for url in sorted(set(outside)):
        problems.append(f"request beyond localhost (aborted): {url}")
    print(f"{len(written)} screenshots in {time.monotonic() - started:.0f} s")
    for line in problems:
        print("PROBLEM:", line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
