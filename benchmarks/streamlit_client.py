"""A minimal Streamlit client: speaks the app's own websocket protocol (the protobuf BackMsg/ForwardMsg of the
installed streamlit package), the way the browser frontend does. Used by the load test (benchmarks/load.py) and
by the isolation and replica tests.

    client = StreamlitClient("http://127.0.0.1:8501")
    first = client.connect(query_string="lang=ka")        # the first script run, like opening the page
    client.open_page("municipalities")                     # st.navigation url path
    client.set_multiselect("w_jurisdiction", ["Rustavi"])  # widget key (ids end with the key), formatted labels
    client.set_radio("w_lang", 1)                          # by option index
    client.click("w_reset")
    client.close()

Every call that makes the server run the script returns a RunResult (latency from sending the BackMsg to the
script_finished ForwardMsg, the elements of the run, exceptions shown). Like the frontend, the client keeps the
query string the server last set (page_info_changed), the pages (navigation) and the widget values it holds
(values the server pushed with set_value plus the user's changes), and sends them all with every rerun.
"""

from __future__ import annotations

import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

try:
    import websocket
except ImportError as exc:  # the runtime venv (scripts/run.sh) has no benchmark packages
    raise ImportError("the load test needs the bench extra: .venv/bin/python -m pip install -e '.[bench]'") from exc
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGET_TYPES = ("multiselect", "selectbox", "radio", "button", "checkbox", "text_input", "file_uploader",
                "download_button", "toggle", "segmented_control", "pills", "button_group", "date_input")


class ClientError(Exception):
    """The connection failed or closed, or a run did not finish in time."""


@dataclass
class Widget:
    id: str
    kind: str
    key: str          # the user key (the id's suffix after the last '-'), "" when none
    label: str
    options: list[str]


@dataclass
class RunResult:
    latency: float                                   # seconds from send to script_finished
    status: int                                      # ForwardMsg.ScriptFinishedStatus
    elements: list[tuple[str, Any]] = field(default_factory=list)   # (element type, element proto) in order
    exceptions: list[str] = field(default_factory=list)             # messages of exception elements
    messages: int = 0                                # ForwardMsgs received for this run

    @property
    def ok(self) -> bool:
        return not self.exceptions and self.status == ForwardMsg.FINISHED_SUCCESSFULLY

    def texts(self) -> list[str]:
        """The visible text of the run: headings, markdown, alerts, captions, text, labels, options."""
        out: list[str] = []
        for kind, el in self.elements:
            for attr in ("body", "label", "text", "title", "placeholder"):
                v = getattr(el, attr, None)
                if isinstance(v, str) and v:
                    out.append(v)
            opts = getattr(el, "options", None)
            if opts is not None and kind in WIDGET_TYPES:
                out.extend(str(o) for o in opts)
        return out

    def of_type(self, kind: str) -> list[Any]:
        return [el for k, el in self.elements if k == kind]


def ws_url(base_url: str) -> str:
    parsed = urllib.parse.urlparse(base_url)
    scheme = "wss" if parsed.scheme == "https" else "ws"
    path = parsed.path.rstrip("/")
    return f"{scheme}://{parsed.netloc}{path}/_stcore/stream"


class StreamlitClient:
    """One browser tab's worth of Streamlit session, over one websocket."""

    def __init__(self, base_url: str, *, timeout: float = 60.0, locale: str = "en-US",
                 cookie: str | None = None) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.locale = locale
        self.cookie = cookie
        self.ws: websocket.WebSocket | None = None
        self.session_id = ""
        self.query_string = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}            # url path -> page script hash ("" = default page)
        self.page_titles: dict[str, str] = {}      # url path -> title in the current language
        self.widgets: dict[str, Widget] = {}       # key (or id when unkeyed) -> Widget of the last run
        self._values: dict[str, WidgetState] = {}  # widget id -> value the "frontend" holds
        self.runs = 0

    # ------------------------------------------------------------------------------------------------ connection
    def load_page(self, path: str = "/") -> int:
        """GET the app's HTML page as a browser does before it opens the websocket; keep the cookies it sets
        (a load balancer's routing cookie, Streamlit's XSRF cookie). Returns the HTTP status."""
        req = urllib.request.Request(self.base_url + path, headers={"Cookie": self.cookie} if self.cookie else {})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                resp.read()
                jar = dict(part.split("=", 1) for part in (self.cookie or "").split("; ") if "=" in part)
                for header in resp.headers.get_all("Set-Cookie") or []:
                    name, _, rest = header.partition("=")
                    if name.strip():
                        jar[name.strip()] = rest.split(";", 1)[0]
                self.cookie = "; ".join(f"{k}={v}" for k, v in jar.items()) or None
                return resp.status
        except Exception as exc:
            raise ClientError(f"GET {path} failed: {type(exc).__name__}: {exc}") from exc

    def connect(self, query_string: str = "", page: str = "") -> RunResult:
        """Open the websocket and make the first run (what a browser does on page load)."""
        headers = [f"Cookie: {self.cookie}"] if self.cookie else None
        try:
            self.ws = websocket.create_connection(ws_url(self.base_url), subprotocols=["streamlit"],
                                                  suppress_origin=True, timeout=self.timeout, header=headers,
                                                  enable_multithread=True)
        except Exception as exc:
            raise ClientError(f"connect failed: {type(exc).__name__}: {exc}") from exc
        self.query_string = query_string.lstrip("?")
        return self._rerun(page_name=page)

    def close(self) -> None:
        if self.ws is not None:
            try:
                self.ws.close(timeout=2)
            except Exception:
                pass
            self.ws = None

    def __enter__(self) -> StreamlitClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------------ actions
    def rerun(self) -> RunResult:
        return self._rerun()

    def open_page(self, url_path: str) -> RunResult:
        """Switch to a page of st.navigation by its url path ("" = the default page)."""
        return self._rerun(page_hash=self.pages.get(url_path, ""), page_name=url_path)

    def open_url(self, query_string: str, page: str = "") -> RunResult:
        """Like typing a URL with this query string (the session is kept)."""
        self.query_string = query_string.lstrip("?")
        return self._rerun(page_hash=self.pages.get(page, "") if page else "", page_name=page)

    def widget(self, key: str) -> Widget:
        try:
            return self.widgets[key]
        except KeyError:
            raise ClientError(f"no widget with key {key!r} in the last run "
                              f"(have: {', '.join(sorted(self.widgets))})") from None

    def set_values(self, changes: dict[str, Any]) -> RunResult:
        """Change several widgets in one rerun: {key: value}; multiselect: list of option labels (or indexes),
        selectbox/radio: an option label or index."""
        for key, value in changes.items():
            w = self.widget(key)
            state = WidgetState(id=w.id)
            if w.kind == "multiselect":
                labels = [w.options[v] if isinstance(v, int) else str(v) for v in value]
                state.string_array_value.data.extend(labels)
            elif w.kind in ("selectbox", "radio"):
                state.string_value = w.options[value] if isinstance(value, int) else str(value)
            elif w.kind in ("checkbox", "toggle"):
                state.bool_value = bool(value)
            elif w.kind == "text_input":
                state.string_value = str(value)
            else:
                raise ClientError(f"cannot set a {w.kind}")
            self._values[w.id] = state
        return self._rerun()

    def set_multiselect(self, key: str, values: list[Any]) -> RunResult:
        return self.set_values({key: values})

    def set_radio(self, key: str, value: Any) -> RunResult:
        return self.set_values({key: value})

    set_selectbox = set_radio

    def upload(self, key: str, files: list[tuple[str, bytes]]) -> RunResult:
        """Put files into a st.file_uploader the way the frontend does: ask the session for upload URLs, PUT each
        file (multipart, with the XSRF token from the cookie), then rerun with the uploader's new state."""
        w = self.widget(key)
        if not self.cookie or "_streamlit_xsrf=" not in self.cookie:
            self.load_page("/_stcore/health")        # sets the XSRF cookie
        msg = BackMsg()
        req = msg.file_urls_request
        req.request_id = uuid.uuid4().hex
        req.session_id = self.session_id
        req.file_names.extend(name for name, _ in files)
        self._send(msg)
        urls = self._read_until_file_urls(req.request_id)
        state = WidgetState(id=w.id)
        for (name, data), info in zip(files, urls):
            self._put_file(info.upload_url, name, data)
            entry = state.file_uploader_state_value.uploaded_file_info.add()
            entry.file_id, entry.name, entry.size = info.file_id, name, len(data)
            entry.file_urls.CopyFrom(info)
        self._values[w.id] = state
        return self._rerun()

    def _read_until_file_urls(self, request_id: str) -> list[Any]:
        assert self.ws is not None
        deadline = time.perf_counter() + self.timeout
        while time.perf_counter() < deadline:
            self.ws.settimeout(max(0.1, deadline - time.perf_counter()))
            try:
                opcode, data = self.ws.recv_data()
            except Exception as exc:
                raise ClientError(f"no upload URLs: {type(exc).__name__}: {exc}") from exc
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            fm = ForwardMsg()
            fm.ParseFromString(data)
            if fm.WhichOneof("type") == "file_urls_response" and fm.file_urls_response.response_id == request_id:
                if fm.file_urls_response.error_msg:
                    raise ClientError(f"upload refused: {fm.file_urls_response.error_msg}")
                return list(fm.file_urls_response.file_urls)
        raise ClientError("no upload URLs in time")

    def _put_file(self, upload_url: str, name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{uuid.uuid4().hex}\"; "
                f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode() + data + \
            f"\r\n--{boundary}--\r\n".encode()
        jar = dict(part.split("=", 1) for part in (self.cookie or "").split("; ") if "=" in part)
        url = upload_url if upload_url.startswith("http") else self.base_url + upload_url
        req = urllib.request.Request(url, data=body, method="PUT", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": self.cookie or "",
            "X-Xsrftoken": jar.get("_streamlit_xsrf", "")})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                resp.read()
        except Exception as exc:
            raise ClientError(f"PUT {name} failed: {type(exc).__name__}: {exc}") from exc

    def click(self, key: str) -> RunResult:
        w = self.widget(key)
        return self._rerun(triggers=[WidgetState(id=w.id, trigger_value=True)])

    # ------------------------------------------------------------------------------------------------ protocol
    def _send(self, msg: BackMsg) -> None:
        if self.ws is None:
            raise ClientError("not connected")
        try:
            self.ws.send_binary(msg.SerializeToString())
        except Exception as exc:
            raise ClientError(f"send failed: {type(exc).__name__}: {exc}") from exc

    def _rerun(self, page_hash: str | None = None, page_name: str = "",
               triggers: list[WidgetState] | None = None) -> RunResult:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        cs.page_script_hash = self.page_hash if page_hash is None else page_hash
        cs.page_name = page_name
        cs.context_info.locale = self.locale
        cs.context_info.timezone = "Asia/Tbilisi"
        cs.context_info.timezone_offset = -240
        cs.context_info.url = f"{self.base_url}/{page_name}" + (f"?{self.query_string}" if self.query_string else "")
        cs.widget_states.widgets.extend(self._values.values())
        cs.widget_states.widgets.extend(triggers or [])
        start = time.perf_counter()
        self._send(msg)
        return self._read_run(start)

    def _read_run(self, start: float) -> RunResult:  # noqa: C901 - one loop over the message kinds of a run
        assert self.ws is not None
        deadline = start + self.timeout
        result = RunResult(latency=0.0, status=-1)
        seen_widgets: dict[str, Widget] = {}
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ClientError(f"no script_finished within {self.timeout:.0f} s")
            self.ws.settimeout(remaining)
            try:
                opcode, data = self.ws.recv_data()
            except websocket.WebSocketTimeoutException as exc:
                raise ClientError(f"no script_finished within {self.timeout:.0f} s") from exc
            except Exception as exc:
                raise ClientError(f"connection lost: {type(exc).__name__}: {exc}") from exc
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise ClientError("the server closed the connection")
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            fm = ForwardMsg()
            fm.ParseFromString(data)
            result.messages += 1
            kind = fm.WhichOneof("type")
            if kind == "delta":
                self._on_delta(fm.delta, result, seen_widgets)
            elif kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id or self.session_id
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                nav = fm.navigation
                self.page_hash = nav.page_script_hash
                self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
                self.page_titles = {p.url_pathname: p.page_name for p in nav.app_pages}
            elif kind == "page_info_changed":
                self.query_string = fm.page_info_changed.query_string
            elif kind == "session_event":
                ev = fm.session_event
                if ev.WhichOneof("type") == "script_compilation_exception":
                    result.exceptions.append(ev.script_compilation_exception.message or "compile error")
            elif kind == "script_finished":
                status = fm.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    # The script stopped to rerun (st.rerun, a new widget value): the run goes on.
                    result.elements.clear()
                    seen_widgets.clear()
                    continue
                result.status = status
                result.latency = time.perf_counter() - start
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR and not result.exceptions:
                    result.exceptions.append("script compile error")
                self._after_run(seen_widgets)
                self.runs += 1
                return result

    def _on_delta(self, delta: Any, result: RunResult, seen: dict[str, Widget]) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        el_kind = delta.new_element.WhichOneof("type")
        if el_kind is None:
            return
        el = getattr(delta.new_element, el_kind)
        result.elements.append((el_kind, el))
        if el_kind == "exception":
            result.exceptions.append(f"{el.type}: {el.message}")
            return
        wid = getattr(el, "id", "")
        if el_kind in WIDGET_TYPES and wid:
            key = wid.rsplit("-", 1)[-1] if wid.startswith("$$ID-") and wid.count("-") >= 2 else ""
            w = Widget(id=wid, kind=el_kind, key=key, label=getattr(el, "label", ""),
                       options=list(getattr(el, "options", []) or []))
            seen[key or wid] = w
            if getattr(el, "set_value", False):
                state = WidgetState(id=wid)
                if el_kind == "multiselect":
                    state.string_array_value.data.extend(el.raw_values)
                    self._values[wid] = state
                elif el_kind in ("selectbox", "radio"):
                    if el.HasField("raw_value"):
                        state.string_value = el.raw_value
                        self._values[wid] = state
                    else:
                        self._values.pop(wid, None)

    def _after_run(self, seen: dict[str, Widget]) -> None:
        self.widgets = seen
        live = {w.id for w in seen.values()}
        # Like the frontend: values of widgets that are no longer on the page are forgotten.
        self._values = {wid: v for wid, v in self._values.items() if wid in live}
