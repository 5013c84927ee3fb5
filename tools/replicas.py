"""Several `streamlit run` replicas behind nginx on loopback, sharing one read-only data snapshot.

    python -m tools.replicas [--port 8080] [--replicas 2] [--data DATA_DIR] [--no-snapshot] [--dir DIR]
                             [--database-url URL | --postgres]

starts the replicas on free loopback ports, renders deploy/nginx.conf into a work directory (a temp dir unless
--dir) and runs Debian's nginx without root (`nginx -p DIR -c DIR/nginx.conf -e DIR/error.log -g 'daemon off;'`;
pid file, logs and temp files all in DIR), then serves until Ctrl-C. By default the data directory is first
copied into DIR/snapshot and made read-only, and every replica reads that one snapshot (DASHBOARD_DATA).
Public comments: every replica gets the same DASHBOARD_DATABASE_URL (--database-url, else the environment's), so
they share one PostgreSQL; --postgres starts a throwaway PostgreSQL from Debian's package instead (tools/postgres.py,
in the system temp dir: for trying it out, not for production). The schema is migrated once before the replicas
start.
Used by the load test (`python -m benchmarks.load --via nginx`) and tests/tools/test_replicas.py via `running()`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from dashboard import REPO_DIR
from tools.serving import free_port, streamlit_server, wait_healthy

TEMPLATE = REPO_DIR / "deploy" / "nginx.conf"


def nginx_path() -> str | None:
    """Debian's nginx (in /usr/sbin, which is not on a normal user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    for candidate in ("/usr/sbin/nginx", "/usr/local/sbin/nginx"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def nginx_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "-v"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "nginx"
    text = (out.stderr or out.stdout).strip()
    return text.split(":", 1)[-1].strip() if ":" in text else text or "nginx"


def preload_links() -> str:
    """The `map $uri $preload_link` lines of deploy/nginx.conf: the dashboard's pages that draw charts (the default
    page at "/" too) announce its plotly.js bundle."""
    from dashboard.ui import app, plotly_view

    paths = ["/"] + [f"/{url}" for name, url, _icon in app.PAGES if name in app.CHART_PAGES]
    link = f"<{plotly_view.static_url(plotly_view.BUNDLE)}>; rel=preload; as=script"
    return "\n".join(f'        "{path}" "{link}";' for path in dict.fromkeys(paths))


def render_config(prefix: Path, listen: str, upstreams: list[str], access_log: Path | None = None,
                  template: Path = TEMPLATE, preload: bool = True) -> str:
    """deploy/nginx.conf with its placeholders filled. `preload`: the dashboard's chart pages announce plotly.js
    (False for another app behind the same configuration, e.g. the benchmarks' empty app)."""
    servers = "\n".join(f"        server {u} max_fails=3 fail_timeout=10s;" for u in upstreams)
    text = template.read_text(encoding="utf-8")
    for key, value in {"PREFIX": str(prefix), "LISTEN": listen, "UPSTREAM_SERVERS": servers,
                       "ACCESS_LOG": str(access_log or prefix / "access.log"),
                       "PRELOAD_LINKS": preload_links() if preload else ""}.items():
        text = text.replace("{{" + key + "}}", value)
    if re.search(r"\{\{[A-Z_]+\}\}", text):
        raise ValueError("deploy/nginx.conf has a placeholder that was not filled")
    return text


def make_snapshot(data_dir: Path, dest: Path) -> Path:
    """Copy the data files into `dest` and make it read-only (files 0444, directory 0555)."""
    dest.mkdir(parents=True)
    for f in sorted(data_dir.iterdir()):
        if f.is_file() and not f.name.startswith("."):
            shutil.copy2(f, dest / f.name)
            os.chmod(dest / f.name, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.chmod(dest, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    return dest


def _make_writable(path: Path) -> None:
    if path.is_dir():
        os.chmod(path, stat.S_IRWXU)
        for f in path.iterdir():
            os.chmod(f, stat.S_IRUSR | stat.S_IWUSR)


@dataclass
class Replicas:
    url: str                    # nginx, e.g. http://127.0.0.1:8080
    replica_urls: list[str]
    replica_pids: list[int]
    nginx_pid: int
    nginx_version: str
    prefix: Path                # nginx prefix (config, logs, pid, temp dirs)
    access_log: Path
    data_dir: Path              # what DASHBOARD_DATA points at in every replica
    database_url: str | None = None   # what DASHBOARD_DATABASE_URL points at in every replica (comments)

    def upstream_counts(self) -> dict[str, int]:
        """Requests per upstream address so far, from the access log."""
        counts: dict[str, int] = {}
        if self.access_log.exists():
            for line in self.access_log.read_text(encoding="utf-8", errors="replace").splitlines():
                for part in line.split():
                    if part.startswith("upstream="):
                        counts[part[9:]] = counts.get(part[9:], 0) + 1
        return counts


@contextmanager
def running(*, replicas: int = 2, port: int | None = None, data_dir: str | Path | None = None,
            snapshot: bool = True, workdir: str | Path | None = None,
            streamlit_args: list[str] | None = None, timeout: float = 90.0,
            warm: bool = True, database_url: str | None = None, postgres: bool = False,
            app: str | Path = "streamlit_app.py") -> Iterator[Replicas]:
    """Start `replicas` Streamlit servers of `app` and nginx in front of them; stop everything when the block ends.
    `warm`: open one session on each replica first, so its imports and data load are done before nginx
    sends it readers (the first run of a fresh process takes seconds). `database_url` (else
    $DASHBOARD_DATABASE_URL) is the comments database every replica shares; `postgres` starts a throwaway one."""
    binary = nginx_path()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
    from dashboard.store import resolve_data_dir

    source = Path(resolve_data_dir(data_dir))
    with ExitStack() as stack:
        base = Path(workdir) if workdir else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="replicas-")))
        prefix = Path(tempfile.mkdtemp(prefix="nginx-", dir=base))
        if os.geteuid() == 0:
            # nginx workers run as `nobody` when started by root: let them reach their temp directories.
            os.chmod(base, 0o755)
            os.chmod(prefix, 0o755)
        data = source
        if snapshot:
            data = make_snapshot(source, prefix / "snapshot")
            stack.callback(_make_writable, data)
        db_url = _comments_database(stack, database_url, postgres)
        env = {"DASHBOARD_DATABASE_URL": db_url} if db_url else {}
        servers = []
        for i in range(replicas):
            servers.append(stack.enter_context(streamlit_server(
                app, data_dir=data, args=list(streamlit_args or []), log_path=prefix / f"replica-{i + 1}.log",
                health_timeout=timeout, env=env)))
        if warm:
            for s in servers:
                warm_up(s.url, timeout)
        listen_port = port or free_port()
        access_log = prefix / "access.log"
        conf = prefix / "nginx.conf"
        dashboard_app = Path(app).resolve() == (REPO_DIR / "streamlit_app.py").resolve()
        conf.write_text(render_config(prefix, f"127.0.0.1:{listen_port}", [f"127.0.0.1:{s.port}" for s in servers],
                                      access_log, preload=dashboard_app), encoding="utf-8")
        cmd = [binary, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"), "-g", "daemon off;"]
        check = subprocess.run([*cmd[:-2], "-t"], capture_output=True, text=True, timeout=30)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected the configuration:\n{check.stderr.strip()}")
        log = open(prefix / "nginx.out", "wb")
        stack.callback(log.close)
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        stack.callback(_stop_nginx, proc)
        url = f"http://127.0.0.1:{listen_port}"
        wait_healthy(url, timeout=timeout, process=proc)
        yield Replicas(url=url, replica_urls=[s.url for s in servers], replica_pids=[s.pid for s in servers],
                       nginx_pid=proc.pid, nginx_version=nginx_version(binary), prefix=prefix,
                       access_log=access_log, data_dir=data, database_url=db_url)


def _comments_database(stack: ExitStack, url: str | None, postgres: bool) -> str | None:
    """The comments database the replicas share (a throwaway PostgreSQL when asked), migrated once."""
    url = url or os.environ.get("DASHBOARD_DATABASE_URL") or None
    if postgres:
        from tools.postgres import PostgresServer

        server = PostgresServer().start()  # in the system temp dir: the postgres user must reach it
        stack.callback(server.stop)
        url = server.create_database("comments")
    if url:
        from dashboard.comments import CommentStore

        CommentStore(url).close()  # migrations run here once, not raced by the replicas' first sessions
    return url


def warm_up(url: str, timeout: float = 90.0) -> None:
    """One short session on a replica (the first script run imports everything and loads the data)."""
    try:
        from benchmarks.streamlit_client import ClientError, StreamlitClient
    except ImportError:  # websocket-client not installed: the first reader warms it up instead
        return
    try:
        with StreamlitClient(url, timeout=timeout) as client:
            client.connect()
    except ClientError:
        pass


def _stop_nginx(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGQUIT)   # graceful: finish open requests, close websockets
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.replicas", description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1 (default 8080)")
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--data", default=None, help="data directory (default $DASHBOARD_DATA, else the bundled data)")
    p.add_argument("--no-snapshot", action="store_true", help="serve the data directory itself, not a copy")
    p.add_argument("--dir", default=None, help="work directory for nginx and logs (default: a temp dir)")
    p.add_argument("--streamlit-arg", action="append", default=[], metavar="OPTION=VALUE",
                   help="extra `streamlit run` option for every replica, e.g. server.disconnectedSessionTTL=60")
    db = p.add_mutually_exclusive_group()
    db.add_argument("--database-url", default=None,
                    help="comments database shared by the replicas (default $DASHBOARD_DATABASE_URL)")
    db.add_argument("--postgres", action="store_true",
                    help="start a throwaway PostgreSQL (Debian's postgresql package) for the comments")
    a = p.parse_args(argv)
    extra = [x for opt in a.streamlit_arg for x in ("--" + opt.split("=", 1)[0].lstrip("-"), opt.split("=", 1)[1])]
    try:
        with running(replicas=a.replicas, port=a.port, data_dir=a.data, snapshot=not a.no_snapshot,
                     workdir=a.dir, streamlit_args=extra, database_url=a.database_url,
                     postgres=a.postgres) as rs:
            from dashboard.comments.database import database_url, describe

            print(f"serving {rs.url} -> {', '.join(rs.replica_urls)} (data: {rs.data_dir}; nginx files: "
                  f"{rs.prefix}; comments: {describe(database_url(rs.database_url))}); Ctrl-C stops", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    except (FileNotFoundError, RuntimeError, TimeoutError) as exc:
        print(f"replicas: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
