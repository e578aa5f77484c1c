"""The package's shape, as the README's layout section and each package's docstring state it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "riskctl"
MODULES = sorted(path for path in PACKAGE.rglob("*.py") if "compiled" not in path.parts)  # compiled: generated

# what each package may import of riskctl (its docstring says so)
MAY_IMPORT = {
    "model": {"model"},
    "reading": {"model", "reading", "resources"},
    "rules": {"model", "rules"},
    "history": {"model", "reading", "history"},
    "writing": {"model", "reading", "rules", "history", "writing", "resources"},
    "outputs": {"model", "reading", "rules", "history", "outputs", "resources"},
    "core": {"model", "reading", "rules", "history", "writing", "outputs", "core", "resources"},
}


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_over_400_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 400


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_function_over_60_lines(path: Path) -> None:
    tree = ast.parse(path.read_text())
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 60
    ]
    assert not long


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_packages_import_only_what_their_docstrings_allow(path: Path) -> None:
    parts = path.relative_to(PACKAGE).parts
    allowed = MAY_IMPORT.get(parts[0]) if len(parts) > 1 else None
    if allowed is None:  # cli imports everything; top-level modules are shared
        return
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("riskctl."):
            imported.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            imported.update(a.name.split(".")[1] for a in node.names if a.name.startswith("riskctl."))
    assert imported <= allowed, f"{parts[0]} imports {sorted(imported - allowed)}"
