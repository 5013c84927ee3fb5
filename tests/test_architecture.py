"""The shape of the code (docs/architecture.md): only dashboard/ui/ imports Streamlit, no import cycle, no test or
load tooling in the product package, small modules and functions."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "dashboard"
UI = PACKAGE / "ui"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
# Test and load tooling lives in tests/, tools/ and benchmarks/; none of it may be imported by the product.
TOOLING = ("pytest", "hypothesis", "playwright", "websocket", "tools", "benchmarks", "tests")


def _modules() -> dict[str, Path]:
    """Dotted name -> file of every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, name: str, known: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every module a file imports, at any depth of the file (function-level imports too). `from pkg import mod`
    is an import of pkg.mod when that is one of the `known` modules, else of pkg."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base


def _graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (`from dashboard import i18n` is an edge to dashboard.i18n)."""
    modules = _modules()
    known = frozenset(modules)
    return {name: {m for m in _imports(path, name, known) if m in modules and m != name}
            for name, path in modules.items()}


def test_only_the_ui_layer_imports_streamlit():
    offenders = [str(path.relative_to(REPO)) for name, path in _modules().items()
                 if not path.is_relative_to(UI)
                 and any(m == "streamlit" or m.startswith("streamlit.") for m in _imports(path, name))]
    assert offenders == []


def test_the_ui_layer_imports_streamlit():  # the check above would pass on an empty tree: it sees the UI files
    ui = [name for name, path in _modules().items() if path.is_relative_to(UI)
          and any(m.startswith("streamlit") for m in _imports(path, name))]
    assert "dashboard.ui.app" in ui and "dashboard.ui.pages.overview" in ui


def test_no_import_cycle():
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_the_graph_sees_imports():  # the cycle check would pass on a graph without edges
    graph = _graph()
    assert "dashboard.charts.common" in graph["dashboard.charts.comparison"]
    assert "dashboard.ui.context" in graph["dashboard.ui.app"]
    assert "dashboard.ui.app" not in graph["dashboard.ui.context"]


def test_no_tooling_or_test_hooks_in_the_product():
    offenders = []
    for name, path in _modules().items():
        for m in _imports(path, name):
            if m.split(".")[0] in TOOLING:
                offenders.append(f"{path.relative_to(REPO)}: imports {m}")
        text = path.read_text(encoding="utf-8")
        if '"pytest"' in text or "sys.modules" in text:
            offenders.append(f"{path.relative_to(REPO)}: looks at the test runner")
    assert offenders == []


def _code_files() -> list[Path]:
    """The product and its tooling (tests group their cases by topic and are not held to the module size)."""
    return [*_modules().values(), *(REPO / "tools").rglob("*.py"), *(REPO / "benchmarks").glob("*.py"),
            *(REPO / "scripts").glob("*.py"), REPO / "streamlit_app.py"]


def test_modules_are_small():
    long = {str(p.relative_to(REPO)): n for p in _code_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) >= MAX_MODULE_LINES}
    assert long == {}


def test_long_functions_say_why():
    """A function over 80 lines carries a comment `# long: <reason>` on its def line or the line after."""
    unexplained = []
    for path in _code_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                near = " ".join(lines[node.lineno - 1: node.lineno + 1])
                if length > MAX_FUNCTION_LINES and "# long:" not in near:
                    unexplained.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.name} ({length} lines)")
    assert unexplained == []


# A path the docs or the code's comments cite: `dashboard/ui/app.py`, `queries/setup.toml`, `docs/metrics.md` ...
_CITED = re.compile(r"(?<![\w./-])((?:dashboard|tests|tools|benchmarks|scripts|queries|docs|data|deploy|static)"
                    r"/[\w./-]*\w)")


def test_docs_and_comments_cite_files_that_exist():
    texts = [*REPO.glob("*.md"), *(REPO / "docs").glob("*.md"), REPO / "data" / "README.md",
             *PACKAGE.rglob("*.py"), *(REPO / "queries").rglob("*.sql"), *(REPO / "tools").rglob("*.py"),
             *(REPO / "benchmarks").glob("*.py"), *(REPO / "scripts").glob("*.py")]
    missing = []
    for path in texts:
        for match in _CITED.finditer(path.read_text(encoding="utf-8")):
            cited = match.group(1).rstrip(".")
            placeholder = any(part.isupper() or "<" in part for part in re.split(r"[/.]", cited))
            if not placeholder and not (REPO / cited).exists():
                missing.append(f"{path.relative_to(REPO)}: {cited}")
    assert missing == []
