"""The layer rules of DESIGN.md, checked on the source rather than hoped for.

Every import counts: at the top, inside functions and under `if TYPE_CHECKING:`, absolute
or relative (`from . import x`), and `from package import name` counts as importing the
module `package.name` when there is one."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cgpt_tui"
LOOSE_MODULES = 3  # at most this many modules at the top of the package, besides __init__


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path, root: Path = PACKAGE) -> Iterator[str]:
    """Each dotted name an import statement of `path` names: `import a.b` gives `a.b`, and
    `from a import b` gives `a.b` (b may be a module or a name in `a`); relative forms are
    resolved against the module's package."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                yield base if alias.name == "*" else f"{base}.{alias.name}"


def imported_modules(path: Path) -> set[str]:
    return set(imported_names(path))


def modules_of(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py")) if layer else sorted(PACKAGE.glob("*.py"))


def imports_any(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(
        name
        for name in imported_modules(path)
        if any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)
    )


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("api", ("textual", "rich", "cgpt_tui.ui", "cgpt_tui.demo", "cgpt_tui.services")),
        ("demo", ("textual", "rich", "cgpt_tui.ui", "cgpt_tui.api", "cgpt_tui.services")),
        ("services", ("textual", "httpx", "cgpt_tui.ui", "cgpt_tui.demo")),
        ("history", ("textual", "rich", "httpx", "cgpt_tui.ui", "cgpt_tui.demo")),
        ("ui", ("httpx", "httpx_sse", "cgpt_tui.demo", "starlette", "uvicorn", "cgpt_tui.cli")),
        (
            "local",
            (
                "textual",
                "httpx",
                "cgpt_tui.ui",
                "cgpt_tui.api",
                "cgpt_tui.demo",
                "cgpt_tui.services",
                "cgpt_tui.history",
                "cgpt_tui.cli",
            ),
        ),
    ],
)
def test_layer_imports(layer: str, forbidden: tuple[str, ...]) -> None:
    files = modules_of(layer)
    assert files, f"cgpt_tui/{layer} has no modules"
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in files
        if (hits := imports_any(path, forbidden))
    }
    assert offenders == {}


# What only the data service (cgpt_tui/services/data.py and what it uses) may touch.
DATA_SOURCES = (
    "cgpt_tui.history",
    "cgpt_tui.api.client",
    "cgpt_tui.api.transport",
    "cgpt_tui.api.streaming",
    "cgpt_tui.api.CustomGPTClient",
)


def test_screens_and_widgets_ask_the_data_service() -> None:
    """No module under ui/ calls the API client or the history store: they ask the data
    service (services/data.py), which owns the server, the cache and going offline."""
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in modules_of("ui")
        if (hits := imports_any(path, DATA_SOURCES))
    }
    assert offenders == {}


def test_the_data_rule_would_catch_a_widget_that_reads_the_cache(tmp_path: Path) -> None:
    widget = tmp_path / "cgpt_tui" / "ui" / "w.py"
    widget.parent.mkdir(parents=True)
    widget.write_text(
        "from cgpt_tui.api import Agent, CustomGPTClient\n"
        "def f():\n    from cgpt_tui.history.pages import CachedPages\n",
        encoding="utf-8",
    )
    hits = sorted(
        name
        for name in imported_names(widget, tmp_path / "cgpt_tui")
        if any(name == p or name.startswith(p + ".") for p in DATA_SOURCES)
    )
    assert hits == ["cgpt_tui.api.CustomGPTClient", "cgpt_tui.history.pages.CachedPages"]


def test_only_the_command_line_imports_it() -> None:
    """`cgpt_tui/cli/` is the top: it starts the app; nothing else starts it."""
    outside = [path for path in PACKAGE.rglob("*.py") if (PACKAGE / "cli") not in path.parents]
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in outside
        if (hits := imports_any(path, ("cgpt_tui.cli",)))
    }
    assert offenders == {}


def test_few_modules_lie_loose_at_the_top() -> None:
    """Everything else lives in the folder its name says (cli/, local/, ui/ …)."""
    loose = sorted(path.name for path in modules_of("") if path.name != "__init__.py")
    assert len(loose) <= LOOSE_MODULES, loose


def test_no_module_is_too_long() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}


# ---------------------------------------------------------------- import cycles


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the `cgpt_tui` modules it imports (each name resolved to the longest module
    it names: `from cgpt_tui.api import Agent` is an edge to `cgpt_tui.api`, the package).

    Importing `a.b.c` also runs `a/b/__init__.py`, but that implied step is not an edge:
    otherwise every package whose `__init__` re-exports from its own submodules would be a
    cycle with each of them. A package `__init__` counts only for what it imports itself,
    and a submodule counts only when it names the package (`from cgpt_tui.api import X`
    inside `cgpt_tui/api/` is an edge back to the `__init__`, and a cycle if that imports
    the submodule)."""
    modules = {module_name(path, root): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(path, root):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            component.append(node)
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def one_circle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, for the message."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    for node in queue:
        for target in sorted(graph[node] & members):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return component


def test_the_graph_counts_every_form_of_import(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    sources = {
        "__init__.py": "from pkg.a import A\n",
        "a.py": "from . import b\nA = 1\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import c\n",
        "c.py": "def later():\n    from pkg import A\n    from .sub.d import D\n",
        "sub/__init__.py": "",
        "sub/d.py": "import pkg.sub\nfrom .. import a\nD = 2\n",
    }
    for name, text in sources.items():
        (root / name).write_text(text, encoding="utf-8")
    assert import_graph(root) == {
        "pkg": {"pkg.a"},
        "pkg.a": {"pkg.b"},
        "pkg.b": {"pkg.c"},
        "pkg.c": {"pkg", "pkg.sub.d"},
        "pkg.sub": set(),
        "pkg.sub.d": {"pkg.sub", "pkg.a"},
    }
    found = cycles(import_graph(root))
    assert found == [["pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.sub.d"]]
    assert one_circle(import_graph(root), found[0]) == ["pkg", "pkg.a", "pkg.b", "pkg.c", "pkg"]


def test_no_import_cycle() -> None:
    """A module that needs a type from above takes a Protocol instead (STYLE.md)."""
    graph = import_graph()
    assert graph.get("cgpt_tui.ui.app"), "the graph is empty"
    found = [
        f"{len(component)} modules {component}, e.g. " + " → ".join(one_circle(graph, component))
        for component in cycles(graph)
    ]
    assert found == []
