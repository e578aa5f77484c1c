"""The installed package carries its schemas and templates, and the README documents every command."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from riskctl.cli.app import COMMANDS

from .conftest import ROOT


def test_wheel_ships_schemas_and_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in ("register", "risk", "policy"):
        assert f"riskctl/schemas/{schema}.schema.json" in names
    assert "riskctl/py.typed" in names
    assert any(name.startswith("riskctl/templates/") for name in names)


def test_readme_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"riskctl {name}" in readme, name


def test_readme_quick_start_names_the_two_commands_ci_uses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_rule_tables_hold_every_rule_as_the_catalogue_has_it() -> None:
    from riskctl.rules import RULES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"| {code} | {rule.name} | {rule.severity.value} |" in readme, code
