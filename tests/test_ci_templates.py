"""Problem 5: what `riskctl init` writes and docs/examples shows runs as it is: actionlint and the
workflow schemas accept it, the action's scripts run, nothing installs riskctl by name from a
package index, and the pull-request comment neither repeats itself nor takes another's."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from riskctl.writing import init as init_module

from .conftest import ROOT, Run
from .consumers import HOSTILE_DIR, actionlint, hostile_repository, sarif_schema_errors
from .gitrepo import GitRepo

EXAMPLES = ROOT / "docs" / "examples"
VENV_BIN = Path(sys.executable).parent


def load(text: str) -> Any:
    return YAML(typ="safe").load(text)


@pytest.fixture
def initialised(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`riskctl init` at a path YAML and shells would both misread unquoted."""
    GitRepo(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("init", "registers/ops team #1", "--action", "acme/riskctl@v1.2.3")
    assert result.exit_code == 0, result.output
    return tmp_path


def action_as_workflow() -> str:
    """action.yml's steps as a reusable workflow with the same inputs, for actionlint (which
    reads workflows): what its expressions and scripts do is checked as in a job."""
    action = load((ROOT / "action.yml").read_text())
    inputs = {name: {"type": "string", "default": spec.get("default", "")} for name, spec in action["inputs"].items()}
    job = {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}
    workflow = {"on": {"workflow_call": {"inputs": inputs}}, "jobs": {"action": job}}
    return json.dumps(workflow)


def test_workflows_and_the_action_pass_actionlint(initialised: Path) -> None:
    files = {
        "init-risk-registers.yml": (initialised / ".github/workflows/risk-registers.yml").read_text(),
        "example-github-pr-diff.yml": (EXAMPLES / "github-pr-diff.yml").read_text(),
        "action-as-workflow.yml": action_as_workflow(),
    }
    assert actionlint(files) == []


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-actions", ROOT / "action.yml"),
        ("vendor.github-workflows", EXAMPLES / "github-pr-diff.yml"),
        ("vendor.github-workflows", ROOT / "templates/init/github-workflow.yml"),
        ("vendor.gitlab-ci", EXAMPLES / "gitlab-ci.yml"),
    ],
)
def test_ci_files_match_their_published_schemas(schema: str, path: Path, tmp_path: Path) -> None:
    text = path.read_text().replace("$action", "acme/riskctl@v1").replace("$paths", "registers/")
    target = tmp_path / path.name
    target.write_text(text)
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(target)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_init_workflow_names_the_register_and_the_permissions(initialised: Path) -> None:
    workflow = load((initialised / ".github/workflows/risk-registers.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "actions": "read", "security-events": "write"}
    steps = workflow["jobs"]["check"]["steps"]
    checks = [step for step in steps if step.get("uses") == "acme/riskctl@v1.2.3"]
    assert len(checks) == 2 and all(step["with"]["paths"] == "registers/ops team #1/" for step in checks)
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert "head.repo.full_name == github.repository" in upload["if"]  # not for forks' read-only tokens


def test_init_names_the_action_riskctl_was_installed_from(monkeypatch: pytest.MonkeyPatch) -> None:
    class Installed:
        def __init__(self, recorded: dict[str, Any]) -> None:
            self.recorded = recorded

        def read_text(self, name: str) -> str:
            return json.dumps(self.recorded)

    commit = "0123456789abcdef0123456789abcdef01234567"
    for url, expected in (
        ("https://github.com/acme/riskctl.git", f"acme/riskctl@{commit}"),
        ("git@github.com:acme/riskctl", f"acme/riskctl@{commit}"),
        ("https://gitlab.example.org/acme/riskctl.git", None),
    ):
        recorded = {"url": url, "vcs_info": {"vcs": "git", "commit_id": commit}}
        monkeypatch.setattr("importlib.metadata.distribution", lambda name, r=recorded: Installed(r))
        assert init_module.installed_action() == expected
    monkeypatch.setattr("importlib.metadata.distribution", lambda name: Installed({"url": "file:///src"}))
    assert init_module.installed_action() is None
    assert init_module.workflow_value("a ${{ b }}") == "\"a ${{ '${{' }} b }}\""


def test_nothing_installs_riskctl_by_name_from_a_package_index() -> None:
    files = [*EXAMPLES.iterdir(), *(ROOT / "templates/init").iterdir()]
    texts = {path.name: path.read_text() for path in files if path.is_file()}
    readme_code = "\n".join(re.findall(r"```.*?```", (ROOT / "README.md").read_text(), re.DOTALL))
    texts |= {"action.yml": (ROOT / "action.yml").read_text(), "README.md": readme_code}
    for name, text in texts.items():
        for line in re.findall(r"pip install[^\n]*", text):
            if not re.search(r"pip install(?:\s+-\S+)*\s+['\"]?riskctl\b", line):
                continue  # another package (weasyprint, say): ours is the name nobody may squat on
            assert re.search(r'"\$\w+"|git\+\S+@|\.whl', line) or "pre-commit" in line, (name, line)
        assert "rev: v0.1.0" not in text, name


def run_step(step: dict[str, Any], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A composite action's or workflow's bash step as GitHub's runner runs it
    (``bash --noprofile --norc -eo pipefail``), with its ``env`` already worked out."""
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_action_checks_and_writes_sarif(tmp_path: Path) -> None:
    repo = hostile_repository(tmp_path / "repo").root
    (step,) = [s for s in load((ROOT / "action.yml").read_text())["runs"]["steps"] if s.get("id") == "check"]
    assert all("${{" not in line for line in step["run"].splitlines())  # inputs only through the environment
    outputs, summary = tmp_path / "output", tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "RISKCTL_TODAY": "2026-11-22",
        "RISKCTL_PATHS": f"{HOSTILE_DIR}\n",
        "RISKCTL_ARGS": "--ignore RC301\n--ignore RC102",
        "RISKCTL_BASE": "HEAD",
        "RISKCTL_FAIL_ON": "error",
        "RISKCTL_SARIF": "riskctl.sarif",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    done = run_step(step, env, repo)
    assert done.returncode == 1, done.stdout + done.stderr  # RC501: the policy deleted since HEAD
    assert done.stdout.startswith(f"::error file={HOSTILE_DIR.replace('%', '%25')}/policies/P2.yaml,")
    assert "RC301" not in done.stdout and "RC102" not in done.stdout
    log = json.loads((repo / "riskctl.sarif").read_text())
    assert sarif_schema_errors(log) == [] and {r["ruleId"] for r in log["runs"][0]["results"]} >= {"RC301", "RC102"}
    assert outputs.read_text() == "sarif=riskctl.sarif\n" and "## riskctl check" in summary.read_text()


def fake_gh(tmp_path: Path, previous: str) -> Path:
    """``gh`` that answers the comment search with ``previous`` and records every call."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(
        f"#!{sys.executable}\nimport sys, json\n"
        f"open({str(tmp_path / 'calls')!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
        f"if sys.argv[1:3] == ['api', 'repos/o/r/issues/7/comments']: print({previous!r})\n"
    )
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    return bin_dir


@pytest.mark.parametrize(
    ("items", "previous", "expected"),
    [
        (0, "", []),  # no change, nothing said before: no comment
        (0, "42", ["api --method PATCH repos/o/r/issues/comments/42"]),  # the change undone: say so in ours
        (2, "42", ["api --method PATCH repos/o/r/issues/comments/42"]),  # update ours, whoever else commented
        (2, "", ["pr comment 7 --repo o/r --body-file comment.md"]),
    ],
)
def test_the_pull_request_comment(items: int, previous: str, expected: list[str], tmp_path: Path) -> None:
    workflow = load((EXAMPLES / "github-pr-diff.yml").read_text())
    (step,) = [s for s in workflow["jobs"]["diff"]["steps"] if s.get("name") == "Comment on the pull request"]
    assert "head.repo.full_name == github.repository" in step["if"]  # forks' tokens cannot comment
    work = tmp_path / "work"
    work.mkdir()
    (work / "riskctl-diff.json").write_text(json.dumps({"items": [{}] * items}))
    (work / "riskctl-diff.md").write_text("## Risk register changes\n")
    bin_dir = fake_gh(tmp_path, previous)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "REPO": "o/r", "PR_NUMBER": "7"}
    done = run_step(step, env, work)
    assert done.returncode == 0, done.stderr
    calls = [" ".join(json.loads(line)) for line in (tmp_path / "calls").read_text().splitlines()]
    assert calls[0].startswith("api repos/o/r/issues/7/comments --paginate --jq")
    assert [call.split(" -F ")[0] for call in calls[1:]] == expected
    if expected:
        assert (work / "comment.md").read_text().startswith("<!-- riskctl diff -->\n")


def test_stale_schema_copies_are_named_and_refreshed(run: Run, initialised: Path) -> None:
    copy = initialised / "registers/ops team #1/schemas/risk.schema.json"
    assert "older copy" not in run("check", ".").stderr
    copy.write_text(copy.read_text().replace('"title"', '"Title"', 1))  # as an older riskctl wrote it
    warned = run("check", ".")
    assert warned.exit_code == 0
    assert "registers/ops team #1/schemas/risk.schema.json is an older copy" in warned.stderr
    assert "riskctl init --update-schemas 'registers/ops team #1'" in warned.stderr
    refreshed = run("init", "--update-schemas", "registers")
    assert refreshed.stdout == "updated registers/ops team #1/schemas/risk.schema.json\n"
    assert "older copy" not in run("check", ".").stderr


def test_whole_registers_from_pre_commit_refs(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pre-commit run --from-ref A --to-ref B` passes no deleted file: riskctl asks git."""
    repo = hostile_repository(tmp_path / "repo")
    first = repo.commit("Change", date="2026-10-02T09:00:00+00:00")  # P2 deleted since the first commit
    monkeypatch.chdir(repo.root)
    assert run("check", "--whole").stdout == "No problems in 0 files.\n"  # nothing staged, nothing passed
    refs = {"PRE_COMMIT_FROM_REF": f"{first}~1", "PRE_COMMIT_TO_REF": first}
    result = run("check", "--whole", env=refs)
    assert result.exit_code == 1 and f"{HOSTILE_DIR}/risks/R1.yaml" in result.stdout  # every register: a policy went
    assert (
        run("check", "--whole", env={"PRE_COMMIT_FROM_REF": "--output=x", "PRE_COMMIT_TO_REF": "HEAD"}).exit_code == 2
    )


def test_whole_registers_when_the_last_register_is_deleted(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("reg/register.yaml", "name: Policies\n")
    repo.write("reg/policies/P1.yaml", "reference: P1\n")
    repo.commit("Add", date="2026-10-01T09:00:00+00:00")
    repo.git("rm", "-q", "-r", "reg")
    monkeypatch.chdir(repo.root)
    result = run("check", "--whole")
    assert (result.exit_code, result.stdout) == (0, "No problems in 0 files.\n")
