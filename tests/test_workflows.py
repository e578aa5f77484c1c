"""The workflow that posts what is due: valid for actionlint, its script clean for shellcheck,
and run for real (bash, jq, riskctl) against a stand-in for the GitHub CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT, TODAY, Run
from .consumers import actionlint
from .gitrepo import GitRepo

EXAMPLE = ROOT / "docs" / "examples" / "github-due.yml"
BIN = Path(sys.executable).parent


def init_workflow(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory: str) -> Path:
    GitRepo(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("init", directory).exit_code == 0
    return tmp_path / ".github" / "workflows" / "risk-due.yml"


def test_init_writes_the_example_workflow(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = init_workflow(run, tmp_path, monkeypatch, "registers")
    assert written.read_text() == EXAMPLE.read_text()


def test_workflows_pass_actionlint(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = init_workflow(run, tmp_path / "repo", monkeypatch, "registers/ops team #1: 'x'")
    env = YAML(typ="safe").load(hostile.read_text())["jobs"]["due"]["env"]
    assert env["REGISTERS"] == "registers/ops team #1: 'x'/"
    checked = [EXAMPLE, hostile, *sorted((ROOT / "docs" / "examples").glob("github-*.yml"))]
    assert actionlint({str(path): path.read_text() for path in checked}) == []
    broken = EXAMPLE.read_text().replace("issues: write", "issues: writ")
    found = actionlint({"broken.yml": broken})
    assert len(found) == 1 and found[0].endswith("[permissions]"), found  # it does look


def scripts(workflow: Path) -> list[str]:
    steps = YAML(typ="safe").load(workflow.read_text())["jobs"]["due"]["steps"]
    return [step["run"] for step in steps if "run" in step]


def test_workflow_scripts_pass_shellcheck(tmp_path: Path) -> None:
    for number, script in enumerate(scripts(EXAMPLE)):
        path = tmp_path / f"step{number}.sh"
        path.write_text("#!/usr/bin/env bash\n" + script)
        done = subprocess.run([str(BIN / "shellcheck"), str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout


GH = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
entry = {"args": args}
if "--body-file" in args:
    entry["body"] = open(args[args.index("--body-file") + 1]).read()
with open(os.environ["GH_LOG"], "a") as log:
    log.write(json.dumps(entry) + "\\n")
if args[:2] == ["issue", "list"]:
    print(os.environ["GH_OPEN"])
"""


def test_the_workflow_posts_updates_and_closes_one_issue_per_owner(tmp_path: Path) -> None:
    work = tmp_path / "checkout"
    shutil.copytree(ROOT / "tests" / "fixtures" / "owners" / "reg", work / "registers" / "ops")
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "gh").write_text(GH)
    (tools / "gh").chmod(0o755)
    (tools / "riskctl").symlink_to(BIN / "riskctl")
    assert shutil.which("jq"), "jq is missing: run make tools (make test does)"
    workflow = YAML(typ="safe").load(EXAMPLE.read_text())["jobs"]["due"]
    env = {name: value for name, value in workflow["env"].items() if "${{" not in str(value)}
    log = tmp_path / "gh.log"
    open_issues = [
        {"number": 7, "title": "Due for Bob Owner"},
        {"number": 9, "title": "Due for Zed Gone"},
        {"number": 11, "title": "Something else, labelled by hand"},
    ]
    env |= {
        "PATH": f"{tools}:{os.environ['PATH']}",
        "GH_LOG": str(log),
        "GH_OPEN": json.dumps(open_issues),
        "RISKCTL_TODAY": TODAY,
        "HOME": str(tmp_path),
    }
    (script,) = [s for s in scripts(EXAMPLE) if "gh issue" in s]
    done = subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert [call["args"][:2] for call in calls[:2]] == [["label", "create"], ["issue", "list"]]
    creates = [call for call in calls if call["args"][:2] == ["issue", "create"]]
    created = {call["args"][call["args"].index("--title") + 1]: call for call in creates}
    assert sorted(created) == [
        "Due for Alice Owner",
        "Due for Carol Doer",
        "Due for Dan Doer",
        "Due for Head of Policy",
    ]
    assert all(call["args"][call["args"].index("--label") + 1] == "risk-owners" for call in created.values())
    alice = created["Due for Alice Owner"]["body"]
    assert "## Alice Owner" in alice and "Handles: @alice" in alice and "## Bob Owner" not in alice
    (edited,) = [call for call in calls if call["args"][:2] == ["issue", "edit"]]
    assert edited["args"][2] == "7" and "## Bob Owner" in edited["body"] and "Handles: @org/risk-team" in edited["body"]
    (closed,) = [call for call in calls if call["args"][:2] == ["issue", "close"]]
    assert closed["args"][2] == "9"  # Zed has nothing due; issue 11 is not one of ours
