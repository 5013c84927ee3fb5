"""Process-wide housekeeping for the Streamlit server: a periodic full garbage collection.

Streamlit's per-run `gc.collect()` (runner.postScriptGC) is switched off in .streamlit/config.toml because it
held the GIL ~100 ms after every run of every session (docs/reliability.md). Python's own collector still runs
as objects are allocated, but an idle server would keep the reference cycles of closed sessions (session state,
DuckDB cursors, widget values) until the next allocation-driven full collection. One daemon thread collects every
`interval` seconds instead: ~0.1 s of CPU per minute, and the memory of dropped sessions is returned.
"""

from __future__ import annotations

import gc
import threading

_started = False
_lock = threading.Lock()


def start_periodic_gc(interval: float = 30.0) -> bool:
    """Start the collector thread once per process; returns True when this call started it."""
    global _started
    with _lock:
        if _started:
            return False
        _started = True
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            gc.collect()

    threading.Thread(target=loop, name="periodic-gc", daemon=True).start()
    return True
