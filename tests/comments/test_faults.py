"""The comments store under failure and load, against SQLite and PostgreSQL: a writer killed in the middle of its
transaction leaves no partial comment and no lock behind; 30 sessions posting at once lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

from dashboard import REPO_DIR
from dashboard.comments import CommentStore

_KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from sqlalchemy import event
    from dashboard.comments import CommentStore

    store = CommentStore(sys.argv[1])

    @event.listens_for(store.engine, "after_cursor_execute")
    def _hold(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO COMMENTS"):
            print("inserted, not committed", flush=True)
            time.sleep(600)

    store.submit(commitment_id="GE-1", name="Killed", email="killed@example.org", body="half written",
                 lang="en", session_id="s", client="c")
    print("committed", flush=True)
""")


def test_a_writer_killed_mid_transaction_leaves_nothing(comment_url):
    CommentStore(comment_url).close()  # migrated before the writer starts
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, comment_url], cwd=REPO_DIR,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "inserted, not committed", proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    store = CommentStore(comment_url)
    assert store.count() == 0 and store.moderator_rows() == []
    # No lock or half-row left behind: the same comment goes in now, whole.
    out = store.submit(commitment_id="GE-1", name="Killed", email="killed@example.org", body="half written",
                       lang="en", session_id="s", client="c")
    assert out.ok and store.count() == 1
    assert store.moderator_rows()[0]["body"] == "half written"
    store.close()


def test_30_sessions_posting_at_once_lose_nothing(comment_url):
    CommentStore(comment_url).close()
    n = 30
    stores = [CommentStore(comment_url) for _ in range(n)]  # one engine each, as separate processes would have
    start = threading.Barrier(n)
    outcomes: list = [None] * n
    errors: list[BaseException] = []

    def post(i: int) -> None:
        try:
            start.wait(timeout=60)
            outcomes[i] = stores[i].submit(commitment_id=f"GE-{i % 3}", name=f"Writer {i}",
                                           email=f"w{i}@example.org", body=f"Concurrent comment {i}", lang="ka",
                                           session_id=f"s{i}", client=f"192.0.2.{i}")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert all(o is not None and o.ok for o in outcomes), [o for o in outcomes if not (o and o.ok)]
    ids = {o.comment_id for o in outcomes}
    assert len(ids) == n
    check = stores[0]
    rows = check.moderator_rows()
    assert len(rows) == n == check.count()
    assert sorted(r["body"] for r in rows) == sorted(f"Concurrent comment {i}" for i in range(n))
    for s in stores:
        s.close()


def test_concurrent_identical_texts_store_one(comment_url):
    """The duplicate rule holds under a race: the check and the insert are one serialised transaction."""
    CommentStore(comment_url).close()
    n = 10
    stores = [CommentStore(comment_url) for _ in range(n)]
    start = threading.Barrier(n)
    outcomes: list = [None] * n

    def post(i: int) -> None:
        start.wait(timeout=60)
        outcomes[i] = stores[i].submit(commitment_id="GE-1", name=f"W{i}", email=f"w{i}@example.org",
                                       body="The very same text", lang="en", session_id=f"s{i}",
                                       client=f"192.0.2.{i}")

    threads = [threading.Thread(target=post, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sum(1 for o in outcomes if o.ok) == 1
    assert sum(1 for o in outcomes if o.refusal == "comments.refused.duplicate") == n - 1
    assert stores[0].count() == 1
    for s in stores:
        s.close()
