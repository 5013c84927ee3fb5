"""One kaleido renderer (a headless Chromium) per process, started lazily on first use and shared by all threads:
no browser start per image, no MathJax, plotly.js from the installed plotly package (nothing is fetched from the
internet). ``render(figure_dict, options)`` gives the image bytes."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any


class ExportUnavailable(RuntimeError):
    """Static image export cannot run here (no Chromium found, or it failed to start)."""


def find_browser() -> str | None:
    """The Chromium/Chrome executable kaleido should drive: ``$BROWSER_PATH``, else one on PATH, else Debian's."""
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).is_file():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if Path(path).is_file():
            return path
    return None


class _Renderer:
    """One kaleido (headless Chromium, one tab) per process, on its own event-loop thread.

    Started lazily by the first ``render``; ``render`` may be called from any thread (Streamlit runs each session
    in its own thread): the calls are handed to the loop with ``run_coroutine_threadsafe`` and kaleido's single tab
    serialises them. If the browser dies it is restarted once on the next call.
    """

    START_TIMEOUT = 60.0
    RENDER_TIMEOUT = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.starts = 0
        self.renders = 0
        self.start_seconds: list[float] = []
        self.render_seconds: list[float] = []

    def is_running(self) -> bool:
        return self._kaleido is not None

    def _start_locked(self) -> None:
        browser = find_browser()
        if browser is None:
            raise ExportUnavailable(
                "Static image export needs Chromium: install it (Debian: apt-get install chromium) "
                "or set BROWSER_PATH to a Chrome/Chromium executable."
            )
        import kaleido  # imported lazily: it loads choreographer and plotly's encoder

        t0 = time.perf_counter()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido-renderer", daemon=True)
        thread.start()

        async def _open() -> Any:
            # mathjax=False: the default would load MathJax from a CDN. plotlyjs=None: the plotly.min.js shipped
            # with the installed plotly package (a local file), never the CDN.
            k = kaleido.Kaleido(n=1, mathjax=False, timeout=self.RENDER_TIMEOUT, path=browser)
            await k.open()
            return k

        try:
            k = asyncio.run_coroutine_threadsafe(_open(), loop).result(self.START_TIMEOUT)
        except BaseException as exc:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            raise ExportUnavailable(f"Could not start the image renderer ({browser}): {exc!r}") from exc
        self._loop, self._thread, self._kaleido = loop, thread, k
        self.starts += 1
        self.start_seconds.append(time.perf_counter() - t0)

    def _stop_locked(self) -> None:
        loop, thread, k = self._loop, self._thread, self._kaleido
        self._loop = self._thread = self._kaleido = None
        if loop is None:
            return
        try:
            if k is not None:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(20)
        except BaseException:  # best effort on shutdown
            pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def _ensure(self) -> tuple[asyncio.AbstractEventLoop, Any]:
        with self._lock:
            if self._kaleido is None:
                self._start_locked()
            return self._loop, self._kaleido  # type: ignore[return-value]

    def render(self, fig_dict: dict, opts: dict) -> bytes:
        from kaleido.errors import KaleidoError

        for attempt in (1, 2):
            loop, k = self._ensure()
            t0 = time.perf_counter()
            future = asyncio.run_coroutine_threadsafe(k.calc_fig(fig_dict, opts=opts), loop)
            try:
                data = future.result(self.RENDER_TIMEOUT + 10)
            except KaleidoError:
                raise  # the figure itself is bad: restarting would not help
            except BaseException:
                future.cancel()
                with self._lock:
                    if self._kaleido is k:
                        self._stop_locked()
                if attempt == 2:
                    raise
                continue
            self.renders += 1
            self.render_seconds.append(time.perf_counter() - t0)
            return data
        raise AssertionError("unreachable")


_RENDERER = _Renderer()
atexit.register(_RENDERER.stop)


def renderer_stats() -> dict[str, Any]:
    """How often the renderer was started and used (for tests and timing reports)."""
    return {
        "running": _RENDERER.is_running(),
        "starts": _RENDERER.starts,
        "renders": _RENDERER.renders,
        "start_seconds": list(_RENDERER.start_seconds),
        "render_seconds": list(_RENDERER.render_seconds),
    }


def shutdown_renderer() -> None:
    """Close the renderer's browser (it starts again on the next image)."""
    _RENDERER.stop()



def render(fig_dict: dict, opts: dict) -> bytes:
    """The image of a figure (a plotly figure dict) with kaleido's ``opts`` (format, width, height, scale)."""
    return _RENDERER.render(fig_dict, opts)
