"""Every rule: documented, unique, and with a fixture register that fires it and one file that does not.

tests/fixtures/rules/<CODE>/ is a register; each file whose name starts with ``fires``
must produce a finding with that code, and each file starting with ``passes`` must not.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from riskctl.model.records import Severity
from riskctl.rules import RULES, changes
from tests.conftest import ROOT, Run

FIXTURES = ROOT / "tests" / "fixtures" / "rules"
# The change rules compare with a git revision; tests/test_git.py builds repositories for them.
GIT_RULES = {rule.code for rule in changes.RULES}
FILE_RULES = [code for code in RULES if code not in GIT_RULES]
SECTIONS = ("What it checks", "Why it matters", "Example", "How to fix")


def test_codes_are_unique_well_formed_and_in_order() -> None:
    codes = list(RULES)
    assert codes == sorted(codes)
    assert all(len(code) == 5 and code.startswith("RC") and code[2:].isdigit() for code in codes)
    names = [rule.name for rule in RULES.values()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("code", list(RULES))
def test_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    assert rule.summary and rule.severity in (Severity.ERROR, Severity.WARNING)
    for section in SECTIONS:
        assert section in rule.doc, f"{code} documentation lacks '{section}'"


def test_every_rule_has_a_fixture_register() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(FILE_RULES)


def test_every_change_rule_fires_in_the_git_tests() -> None:
    text = (ROOT / "tests" / "test_git.py").read_text(encoding="utf-8")
    for code in GIT_RULES:
        assert f'"{code}"' in text, f"{code} is not exercised by tests/test_git.py"


@pytest.mark.parametrize("code", FILE_RULES)
def test_fixture_fires_and_passes(code: str, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a copy, alone: in riskctl's own repository, a reference (RC401) may name a policy of any register
    register = tmp_path / code
    shutil.copytree(FIXTURES / code, register)
    monkeypatch.chdir(tmp_path)
    on_registers = RULES[code].register_check is not None  # its fixtures are registers named fires-*, passes-*
    files = sorted(p for p in register.rglob("*.yaml") if (p.name == "register.yaml") == on_registers)
    named = (
        (lambda p, start: p.parent.name.startswith(start))
        if on_registers
        else (lambda p, start: p.name.startswith(start))
    )
    fires = {p.relative_to(register).as_posix() for p in files if named(p, "fires")}
    passes = {p.relative_to(register).as_posix() for p in files if named(p, "passes")}
    assert fires and passes, f"{code} needs fires-* and passes-* files"
    result = run("check", str(register), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    fired = {Path(f["path"]).relative_to(register).as_posix() for f in findings if f["code"] == code}
    assert fired == fires
    for finding in findings:
        if finding["code"] == code:
            assert finding["line"] >= 1 and finding["column"] >= 1
            assert finding["rule"] == RULES[code].name
