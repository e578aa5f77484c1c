"""The pre-commit hooks, run for real by pre-commit from this checkout, as docs/examples sets them up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SAMPLES, risk_yaml

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


def example_config(hook: str) -> str:
    """docs/examples/pre-commit-config.yaml, its placeholders filled with this checkout at HEAD."""
    head = git(ROOT, "rev-parse", "HEAD").strip()
    text = (EXAMPLES / "pre-commit-config.yaml").read_text()
    assert "repo: https://github.com/OWNER/riskctl" in text and "rev: REF" in text
    text = text.replace("https://github.com/OWNER/riskctl", str(ROOT)).replace("rev: REF", f"rev: {head}")
    return text.replace("id: riskctl-check-registers", f"id: {hook}")


def test_pre_commit_hooks_run_from_this_checkout(tmp_path: Path) -> None:
    """Problem 7: the per-file hook misses what a commit breaks elsewhere in its register (a
    deleted policy a risk names, a narrowed scale); riskctl-check-registers catches both."""
    head = git(ROOT, "rev-parse", "HEAD").strip()
    hooks = git(ROOT, "show", f"{head}:.pre-commit-hooks.yaml")
    assert "id: riskctl-check\n" in hooks and "id: riskctl-check-registers" in hooks
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "cambridgeshire-strategic", repo / "registers" / "cambs")
    register = repo / "registers" / "cambs"
    (register / "policies").mkdir()
    (register / "policies" / "P1.yaml").write_text(
        "reference: P1\ntitle: Continuity\nowner: Head of Operations\nstatus: active\n"
        "review:\n  last: 2026-10-01\n  every: P2Y\n"
    )
    (register / "risks" / "R9.1.yaml").write_text(risk_yaml("R9.1", status="status: open\npolicies: [P1]"))
    git(repo, "init", "-q")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "RISKCTL_TODAY": "2026-11-22"}

    def pre_commit(hook: str, *args: str) -> subprocess.CompletedProcess[str]:
        config = tmp_path / f"{hook}.yaml"  # outside the repository: pre-commit wants its own config staged
        config.write_text(example_config(hook))
        command = [sys.executable, "-m", "pre_commit", "run", "--config", str(config), "--color", "never", *args]
        return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    git(repo, "add", "-A")
    for hook in ("riskctl-check", "riskctl-check-registers"):
        clean = pre_commit(hook, "--all-files")
        assert clean.returncode == 0, clean.stdout + clean.stderr
        assert "Passed" in clean.stdout
    git(repo, "commit", "-q", "-m", "registers")

    # A new file with an error: both hooks see it.
    (register / "risks" / "R9.9.yaml").write_text(risk_yaml("R9.9", status="status: opn"))
    git(repo, "add", "-A")
    broken = pre_commit("riskctl-check")
    assert broken.returncode == 1
    assert "registers/cambs/risks/R9.9.yaml:5:9: RC102 status: found 'opn'" in broken.stdout
    git(repo, "reset", "-q", "--hard")
    git(repo, "clean", "-q", "-fd")

    # The referenced policy deleted: the per-file hook is not even run, the register hook fails.
    git(repo, "rm", "-q", "registers/cambs/policies/P1.yaml")
    assert "(no files to check)Skipped" in pre_commit("riskctl-check").stdout
    deleted = pre_commit("riskctl-check-registers")
    assert deleted.returncode == 1, deleted.stdout
    assert "registers/cambs/risks/R9.1.yaml:" in deleted.stdout and "RC401" in deleted.stdout
    git(repo, "reset", "-q", "--hard")

    # The impact scale narrowed in register.yaml: risks the commit did not touch go off the scale.
    text = (register / "register.yaml").read_text()
    (register / "register.yaml").write_text(text.replace("    - {score: 4, label: Major}\n", ""))
    git(repo, "add", "-A")
    per_file = pre_commit("riskctl-check")
    assert per_file.returncode == 0, per_file.stdout
    narrowed = pre_commit("riskctl-check-registers")
    assert narrowed.returncode == 1, narrowed.stdout
    assert "registers/cambs/risks/R3.3.yaml:" in narrowed.stdout and "RC201" in narrowed.stdout
