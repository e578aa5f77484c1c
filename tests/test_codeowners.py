"""``riskctl codeowners``: lines from owners_map, paths from the repository root, --check for CI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from riskctl.outputs.codeowners import LOCATIONS
from riskctl.outputs.escape import codeowners_path

from .conftest import ROOT, Run
from .gitrepo import GitRepo

FIXTURE = ROOT / "tests" / "fixtures" / "owners" / "reg"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The owners fixture at registers/ops team#1 in a git repository; run from a subdirectory."""
    GitRepo(tmp_path)
    shutil.copytree(FIXTURE, tmp_path / "registers" / "ops team#1")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    return tmp_path


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_lines_from_owners_map_paths_from_the_root(run: Run, repo: Path, golden: object) -> None:
    result = run("codeowners", "../registers")
    assert result.exit_code == 0, result.output
    golden("codeowners.txt", result.stdout)  # type: ignore[operator]
    assert lines(result.stdout) == [
        r"/registers/ops\ team\#1/risks/R1.yaml @alice @org/risk-team",
        r"/registers/ops\ team\#1/risks/R2.yaml @org/risk-team",
        r"/registers/ops\ team\#1/risks/R3.yaml @carol",
    ]
    assert "# Owners Test Register" in result.stdout
    # what is missing is said on stderr, and does not change the exit status
    assert "register.yaml:7:33: owners_map: 'bob at example' (for 'Bob Owner') is not a handle" in result.stderr
    for owner, files in (("Risk Committee", "1 file"), ("Head of Policy", "3 files"), ("Erin Owner", "1 file")):
        assert f"no handle for '{owner}', who owns {files}" in result.stderr


def test_register_yaml_gets_the_register_owners(run: Run, repo: Path) -> None:
    register = repo / "registers" / "ops team#1" / "register.yaml"
    register.write_text(
        register.read_text().replace("  Carol Doer:", '  Risk Committee: ["@org/committee"]\n  Carol Doer:')
    )
    result = run("codeowners", "../registers")
    found = lines(result.stdout)
    assert r"/registers/ops\ team\#1/register.yaml @org/committee" in found
    assert "Risk Committee" not in result.stderr
    # whoever may change CODEOWNERS decides who approves the rest: the register's owners
    assert found[-4:] == [f"{where} @org/committee" for where in LOCATIONS]
    assert set(LOCATIONS) == {"/.github/CODEOWNERS", "/.gitlab/CODEOWNERS", "/CODEOWNERS", "/docs/CODEOWNERS"}


def test_check_passes_on_a_fresh_file_and_fails_on_a_stale_one(run: Run, repo: Path) -> None:
    target = repo / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    assert run("codeowners", "../registers", "-o", str(target)).exit_code == 0
    fresh = run("codeowners", "../registers", "--check", str(target))
    assert fresh.exit_code == 0, fresh.output
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout: the same file
    assert run("codeowners", "../registers", "--check", str(target)).exit_code == 0
    register = repo / "registers" / "ops team#1" / "register.yaml"
    register.write_text(register.read_text().replace('["@carol"]', '["@carol", "@org/deputies"]'))
    stale = run("codeowners", "../registers", "--check", str(target))
    assert stale.exit_code == 1
    assert r"-/registers/ops\ team\#1/risks/R3.yaml @carol" in stale.stdout
    assert r"+/registers/ops\ team\#1/risks/R3.yaml @carol @org/deputies" in stale.stdout
    assert "differs from owners_map" in stale.stderr
    missing = run("codeowners", "../registers", "--check", str(repo / "nothing-here"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_check_usage_errors(run: Run, repo: Path) -> None:
    both = run("codeowners", "../registers", "--check", "a", "-o", "b")
    assert both.exit_code == 2
    directory = run("codeowners", "../registers", "--check", str(repo))
    assert directory.exit_code == 2 and "not a regular file" in directory.stderr


def test_check_diff_cannot_drive_a_terminal(run: Run, repo: Path) -> None:
    target = repo / "CODEOWNERS"
    target.write_text("\x1b]0;owned\x07/x @y\n")
    result = run("codeowners", "../registers", "--check", str(target))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\\x1b" in result.stdout


def test_outside_git_paths_are_from_the_current_directory(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURE, tmp_path / "reg")
    monkeypatch.chdir(tmp_path)
    result = run("codeowners", "reg")
    assert result.exit_code == 0
    assert "/reg/risks/R1.yaml @alice @org/risk-team" in lines(result.stdout)
    assert "not in a git repository" in result.stderr


def test_a_single_file_gives_its_line_only(run: Run, repo: Path) -> None:
    result = run("codeowners", "../registers/ops team#1/risks/R2.yaml")
    assert lines(result.stdout) == [r"/registers/ops\ team\#1/risks/R2.yaml @org/risk-team"]


@pytest.mark.parametrize(
    ("path", "pattern"),
    [("registers/ops/risks/R1.yaml", "/registers/ops/risks/R1.yaml"),
     ("a b/c#d/[x]*?.yaml", r"/a\ b/c\#d/\[x\]\*\?.yaml"),
     ("back\\slash.yaml", r"/back\\slash.yaml"),
     ("é/ü.yaml", "/é/ü.yaml"),
     ("line\nbreak.yaml", None), ("tab\t.yaml", None), ("esc\x1b.yaml", None), ("bad\udcff.yaml", None),
     ("sep\u2028.yaml", None)],
)  # fmt: skip
def test_codeowners_path_escaping(path: str, pattern: str | None) -> None:
    assert codeowners_path(path) == pattern
