"""`python -m dashboard comments ...`: list without e-mails, moderation actions, the formula-safe moderators'
export (the one output with e-mails), forget, hash-password; against SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from dashboard import REPO_DIR
from dashboard.__main__ import main
from dashboard.comments import CommentStore, signin


@pytest.fixture
def db(comment_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", comment_url)
    store = CommentStore(comment_url)
    ids = []
    for n, body in enumerate(["=HYPERLINK(\"http://evil.example\")", "Plain\nmultiline", "@SUM(1)"]):
        ids.append(store.submit(commitment_id=f"GE-{n}", name=f"-Name {n}", email=f"person{n}@example.org",
                                body=body, lang="en", session_id=f"s{n}", client=f"c{n}").comment_id)
    yield store, ids
    store.close()


def test_list_never_shows_emails(db, capsys):
    store, ids = db
    assert main(["comments", "list"]) == 0
    out = capsys.readouterr().out
    assert "example.org" not in out
    lines = out.strip().splitlines()
    assert len(lines) == 3 and lines[0].split("\t")[0] == str(ids[-1])  # newest first
    assert "Plain\\nmultiline" in out  # one line per comment
    assert main(["comments", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ids[::-1]
    assert all("email" not in r for r in rows) and rows[1]["body"] == "Plain\nmultiline"


def test_moderation_actions(db, capsys):
    store, ids = db
    for action, status in (("publish", "published"), ("reject", "rejected"), ("spam", "spam")):
        assert main(["comments", action, str(ids[0])]) == 0
        assert {r["id"]: r["status"] for r in store.moderator_rows()}[ids[0]] == status
    assert main(["comments", "publish", str(ids[1])]) == 0
    capsys.readouterr()
    assert main(["comments", "list", "--status", "published", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [ids[1]]
    assert main(["comments", "publish", "987654"]) == 1
    assert "no comment with id 987654" in capsys.readouterr().err


def test_export_csv_is_formula_safe_and_has_emails(db, capsysbinary):
    assert main(["comments", "export", "--format", "csv"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {r["email"] for r in rows} == {f"person{n}@example.org" for n in range(3)}
    bodies = {r["commitment_id"]: r["body"] for r in rows}
    assert bodies["GE-0"] == "'=HYPERLINK(\"http://evil.example\")" and bodies["GE-2"] == "'@SUM(1)"
    assert bodies["GE-1"] == "Plain\nmultiline"
    assert all(r["name"].startswith("'-Name") for r in rows)


def test_export_xlsx_stores_text_cells(db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "comments.xlsx"
    assert main(["comments", "export", "--format", "xlsx", "--output", str(out)]) == 0
    ws = load_workbook(out)["comments"]
    header = [c.value for c in ws[1]]
    body = header.index("body") + 1
    cells = [ws.cell(row=i, column=body) for i in range(2, ws.max_row + 1)]
    assert all(c.data_type == "s" for c in cells)
    formulas = [c for c in cells if str(c.value).startswith(("=", "@"))]
    assert len(formulas) == 2 and all(c.quotePrefix for c in formulas)


def test_forget(db, capsys):
    store, _ids = db
    assert main(["comments", "forget", "PERSON1@example.org"]) == 0
    assert capsys.readouterr().out.strip() == "1 comment(s) erased"
    assert [r["commitment_id"] for r in store.moderator_rows()] == ["GE-2", "GE-0"]


def test_hash_password_and_the_module_entry_point(tmp_path):
    env_db = {"DASHBOARD_COMMENTS_DB": str(tmp_path / "c.sqlite3"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "dashboard", "comments", "hash-password"], input="s3cret pass\n",
                         capture_output=True, text=True, cwd=REPO_DIR, env=env_db, timeout=60)
    assert out.returncode == 0, out.stderr
    hashed = out.stdout.strip()
    assert hashed.startswith("$argon2id$") and signin.verify(hashed, "s3cret pass")
    assert not signin.verify(hashed, "s3cret pas")
    out = subprocess.run([sys.executable, "-m", "dashboard", "comments", "list"], capture_output=True, text=True,
                         cwd=REPO_DIR, env=env_db, timeout=60)
    assert out.returncode == 0 and (tmp_path / "c.sqlite3").exists()  # created on first use


def test_attempt_limiter():
    clock = [0.0]
    limiter = signin.AttemptLimiter(max_failures=3, window=60, clock=lambda: clock[0])
    hashed = signin.hash_password("right")
    assert [limiter.attempt(hashed, "wrong", "s1", "c1") for _ in range(3)] == ["wrong"] * 3
    assert limiter.attempt(hashed, "right", "s1", "c1") == "locked"
    assert limiter.attempt(hashed, "right", "s2", "c1") == "locked"   # a new session from the same client
    assert limiter.attempt(hashed, "right", "s3", "c3") == "ok"
    clock[0] = 61
    assert limiter.attempt(hashed, "right", "s1", "c1") == "ok"
    assert signin.verify(None, "x") is False and signin.verify("not a hash", "x") is False
    assert signin.verify(hashed, "") is False
