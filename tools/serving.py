"""Start the real Streamlit server and Debian's Chromium: shared by the browser tests, the screenshot script,
the benchmarks and the load test. No Streamlit import (the server runs in a child process)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dashboard import REPO_DIR

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Flags that work on these machines: no sandbox as root, and no background calls to the internet.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
]


def chromium_available() -> bool:
    return Path(CHROMIUM_PATH).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen

    @property
    def pid(self) -> int:
        return self.process.pid


def wait_healthy(url: str, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} was not healthy within {timeout:.0f} s")


@contextmanager
def streamlit_server(app: str | Path = "streamlit_app.py", *, port: int | None = None,
                     data_dir: str | Path | None = None, env: dict[str, str] | None = None,
                     log_path: str | Path | None = None, args: list[str] | None = None,
                     health_timeout: float = 60.0) -> Iterator[Server]:
    """Run `streamlit run APP` on a free loopback port until the block ends. `args`: extra `streamlit run`
    options (e.g. ["--server.disconnectedSessionTTL", "10"])."""
    port = port or free_port()
    child_env = {**os.environ, **(env or {})}
    if data_dir is not None:
        child_env["DASHBOARD_DATA"] = str(data_dir)
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *(args or [])]
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=REPO_DIR, env=child_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=health_timeout, process=proc)
        yield Server(url=url, port=port, process=proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log_path:
            log.close()


def launch_chromium(playwright, **kwargs):
    """Debian's Chromium through Playwright (never `playwright install`)."""
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, **kwargs)


APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the current script run."""
    page.wait_for_selector(APP_IDLE, timeout=timeout, state="attached")
    page.wait_for_timeout(150)
    page.wait_for_selector(APP_IDLE, timeout=timeout, state="attached")


def rss_bytes(pid: int, field: str = "VmRSS") -> int:
    """Resident memory of a process (Linux /proc; field "VmHWM" for its peak), 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
