"""The layer rules of DESIGN.md, checked on the source rather than hoped for."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cgpt_tui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


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
        ("ui", ("httpx", "httpx_sse", "cgpt_tui.demo", "starlette", "uvicorn")),
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


def test_no_module_is_too_long() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}
