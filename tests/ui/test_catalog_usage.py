"""Static checks of the Streamlit code: no literal user-facing text passed to st.* (only t(...) results), and every
literal catalog key used anywhere in dashboard/ exists in the catalogs."""

from __future__ import annotations

import ast

import pytest

from dashboard import REPO_DIR, i18n

REPO = REPO_DIR
UI_FILES = sorted([REPO / "streamlit_app.py", *(REPO / "dashboard" / "ui").rglob("*.py")])

# Streamlit calls whose arguments are not shown to the user.
NOT_UI = {"session_state", "query_params", "cache_data", "cache_resource", "context", "secrets", "fragment",
          "rerun", "stop", "navigation", "get_option"}
# Calls whose first positional argument is a path or page, not text.
FIRST_ARG_IS_PATH = {"Page", "switch_page", "page_link", "image", "logo", "audio", "video"}
# Keyword arguments that are codes, not text shown to the user.
NOT_UI_KEYWORDS = {"key", "type", "icon", "url_path", "layout", "initial_sidebar_state", "page_icon", "format",
                   "mime", "file_name", "language", "anchor", "width", "height", "use_container_width",
                   "on_change", "on_click", "args", "kwargs", "disabled", "horizontal", "label_visibility",
                   "position", "default", "options", "index", "selection_mode", "border", "gap",
                   "vertical_alignment", "theme", "config", "hide_index", "column_order", "unsafe_allow_html",
                   "expanded", "max_chars", "accept_multiple_files", "min_value", "max_value", "step",
                   "value", "on_select", "color", "delta_color", "start_time", "scrolling", "visibility"}
# Method names of Streamlit elements, caught on any receiver (containers, columns, tabs, sidebar ...).
ELEMENTS = {"write", "markdown", "title", "header", "subheader", "caption", "text", "code", "latex", "metric",
            "info", "warning", "error", "success", "toast", "exception", "button", "download_button",
            "link_button", "page_link", "checkbox", "toggle", "radio", "selectbox", "multiselect", "slider",
            "select_slider", "text_input", "text_area", "number_input", "date_input", "time_input",
            "file_uploader", "expander", "tabs", "popover", "form_submit_button", "status", "spinner",
            "progress", "segmented_control", "pills", "chat_input", "html", "badge", "help", "feedback"}
# Receivers that are not Streamlit (logging etc.).
NOT_ST_ROOTS = {"log", "logger", "logging", "warnings", "re", "os", "sys", "json", "np", "pd", "px", "go",
                "fig", "path", "Path", "hashlib", "parser"}


def _root_and_chain(func: ast.AST) -> tuple[str | None, list[str]]:
    chain: list[str] = []
    node = func
    while isinstance(node, ast.Attribute):
        chain.insert(0, node.attr)
        node = node.value
    if isinstance(node, ast.Call):
        return _root_and_chain(node.func)[0], chain
    if isinstance(node, ast.Name):
        return node.id, chain
    return None, chain


def _is_text(node: ast.AST) -> bool:
    """A literal with letters in it (a user-facing string written in code)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_is_text(e) for e in node.elts)
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def literal_ui_text(source: str, filename: str = "<src>") -> list[str]:
    """Places where a literal string is passed to a Streamlit call."""
    problems = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        root, chain = _root_and_chain(node.func)
        if not chain:
            continue
        method = chain[-1]
        is_st = root == "st"
        if not is_st and not (method in ELEMENTS and root not in NOT_ST_ROOTS):
            continue
        if is_st and (set(chain) & NOT_UI):
            continue
        args = list(node.args)
        if method in FIRST_ARG_IS_PATH and args:
            args = args[1:]
        for arg in args:
            if _is_text(arg):
                problems.append(f"{filename}:{node.lineno}: {'.'.join([root or '?', *chain])}(…) literal text")
        for kw in node.keywords:
            if kw.arg not in NOT_UI_KEYWORDS and kw.value is not None and _is_text(kw.value):
                problems.append(f"{filename}:{node.lineno}: {'.'.join([root or '?', *chain])}({kw.arg}=…) "
                                f"literal text")
    return problems


def catalog_keys_used(source: str, filename: str = "<src>") -> list[tuple[int, str]]:
    """Literal keys passed to t(...), i18n.t(...), ctx.t(...), self.t(...)."""
    keys = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            first = node.args[0]
            if name in ("t", "_t", "tr") and isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.append((node.lineno, first.value))
    return keys


def test_checker_catches_literals():
    bad = '''
import streamlit as st
st.title("Overview")
st.sidebar.button(label="Reset")
col = st.columns(2)[0]
col.metric(f"Commitments {n}", 5)
with st.expander("Details"):
    pass
st.Page("dashboard/pages/x.py", title="X")
'''
    assert len(literal_ui_text(bad)) == 5
    good = '''
import streamlit as st
st.title(ctx.t("page.overview.title"))
st.session_state["w_lang"] = "en"
st.query_params.from_dict({"lang": "ka"})
st.Page("dashboard/pages/x.py", title=t("nav.overview", lang), url_path="overview", icon=":material/x:")
st.write("—")
log.info("loaded %s", name)
'''
    assert literal_ui_text(good) == []


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_literal_ui_text(path):
    assert literal_ui_text(path.read_text(encoding="utf-8"), str(path.relative_to(REPO))) == []


def test_catalog_keys_exist():
    files = sorted((REPO / "dashboard").rglob("*.py")) + [REPO / "streamlit_app.py"]
    missing = []
    for path in files:
        for lineno, key in catalog_keys_used(path.read_text(encoding="utf-8"), str(path)):
            for lang in i18n.LANGS:
                if not i18n.has_key(key, lang):
                    missing.append(f"{path.relative_to(REPO)}:{lineno}: {key!r} not in {lang}.json")
    assert missing == []


def test_pages_exist_with_render():
    for name in ("overview", "municipalities", "themes_sdgs", "timeline", "commitments", "data_methodology"):
        tree = ast.parse((REPO / "dashboard" / "ui" / "pages" / f"{name}.py").read_text(encoding="utf-8"))
        assert any(isinstance(n, ast.FunctionDef) and n.name == "render" for n in tree.body), name
