"""The CI recipes work: the pre-commit hook for real, and the riskctl lines of the workflow examples."""

from __future__ import annotations

import os
import shlex
import shutil
import string
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from .conftest import ROOT, SAMPLES, Run, risk_yaml

EXAMPLES = ROOT / "docs" / "examples"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_pre_commit_hook_runs_from_this_checkout(tmp_path: Path) -> None:
    head = git(ROOT, "rev-parse", "HEAD").strip()
    assert "riskctl-check" in git(ROOT, "show", f"{head}:.pre-commit-hooks.yaml")
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "cambridgeshire-strategic", repo / "registers" / "cambs")
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: riskctl-check\n"
    )
    git(repo, "add", "-A")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "RISKCTL_TODAY": "2026-11-22"}

    def pre_commit() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
        return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    clean = pre_commit()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "riskctl check" in clean.stdout and "Passed" in clean.stdout
    (repo / "registers" / "cambs" / "risks" / "R9.9.yaml").write_text(risk_yaml("R9.9", status="status: opn"))
    git(repo, "add", "-A")
    broken = pre_commit()
    assert broken.returncode == 1
    assert "registers/cambs/risks/R9.9.yaml:5:9: RC102 status: found 'opn'" in broken.stdout


def riskctl_lines(path: Path) -> list[list[str]]:
    text = string.Template(path.read_text()).safe_substitute(registers="registers/")
    YAML(typ="safe").load(text)  # the example is valid YAML
    lines = []
    for line in text.splitlines():
        line = line.strip().removeprefix("- ").removeprefix("run: ")
        if line.startswith("riskctl "):
            lines.append(shlex.split(line.split("||")[0].split("  #")[0]))
    return lines


def test_workflow_examples_use_real_options(run: Run, tmp_path: Path) -> None:
    seen = 0
    for example in (ROOT / "templates" / "init" / "github-workflow.yml", EXAMPLES / "gitlab-ci.yml"):
        for argv in riskctl_lines(example):
            args = [str(SAMPLES) if arg == "registers/" else arg for arg in argv[1:]]
            args = [str(tmp_path / arg) if arg.endswith((".xml", ".json", ".sarif")) else arg for arg in args]
            result = run(*args, env={"GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})
            assert result.exit_code in (0, 1), f"{example}: {' '.join(argv)}\n{result.output}"
            seen += 1
    assert seen >= 5
    assert (tmp_path / "riskctl.sarif").exists() and (tmp_path / "gl-code-quality-report.json").exists()
    YAML(typ="safe").load((EXAMPLES / "pre-commit-config.yaml").read_text())
