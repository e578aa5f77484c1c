"""Each CI format read by its consumer's own schema or tool, from the repository root and from a
subdirectory, over a register at a hostile path (space, '#', '%', 'é') holding hostile text."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from junitparser import Failure, JUnitXml

from riskctl import __version__

from .conftest import Run, risk_yaml
from .consumers import (
    HOSTILE_DIR,
    gitlab_problems,
    hostile_repository,
    junit_schema_errors,
    multitool_problems,
    sarif_schema_errors,
)
from .gitrepo import GitRepo

# From the root, the registers are named 'registers'; from inside it, '.'.
PLACES = {".": "registers", "registers": "."}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_repository(tmp_path / "repo").root


def ci_output(run: Run, monkeypatch: pytest.MonkeyPatch, root: Path, where: str, fmt: str) -> str:
    monkeypatch.chdir(root / where)
    result = run("check", PLACES[where], "--base", "HEAD", "--format", fmt)
    assert result.exit_code == 1, result.output
    return result.stdout.replace(__version__, "VERSION")


def in_repository(root: Path, path: str) -> bool:
    """A file of the working tree, or of HEAD (where a deleted item's RC501 points)."""
    if (root / path).is_file():
        return True
    done = subprocess.run(["git", "cat-file", "-e", f"HEAD:{path}"], cwd=root, capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "gitlab"])
def test_ci_formats_give_paths_from_the_repository_root(
    fmt: str, run: Run, monkeypatch: pytest.MonkeyPatch, hostile: Path
) -> None:
    """Problem 3: `cd registers && riskctl check .` must point CI at the same files as from the root."""
    from_root = ci_output(run, monkeypatch, hostile, ".", fmt)
    assert ci_output(run, monkeypatch, hostile, "registers", fmt) == from_root
    shown = {"sarif": unquote(from_root), "github": from_root.replace("%25", "%")}.get(fmt, from_root)
    assert f"{HOSTILE_DIR}/risks/R1.yaml" in shown


def test_junit_is_valid_junit_10_with_every_file_and_failure(
    run: Run, monkeypatch: pytest.MonkeyPatch, hostile: Path, tmp_path: Path
) -> None:
    """Problem 1: well-formed with a control character in a value, valid against junit-10.xsd,
    and the deleted item's RC501 is a failing testcase that the counts agree with."""
    for where in PLACES:
        target = tmp_path / f"junit-{len(where)}.xml"
        target.write_text(ci_output(run, monkeypatch, hostile, where, "junit"), encoding="utf-8")
        assert junit_schema_errors(target) == []
        (suite,) = list(JUnitXml.fromfile(str(target)))
        cases = {case.name: case for case in suite}
        failed = {name for name, case in cases.items() if any(isinstance(r, Failure) for r in case.result)}
        assert suite.tests == len(cases) and suite.failures == len(failed)
        assert all(in_repository(hostile, name) for name in cases)
        deleted = cases[f"{HOSTILE_DIR}/policies/P2.yaml"]
        assert [result.type for result in deleted.result] == ["RC501"]
        (status,) = cases[f"{HOSTILE_DIR}/risks/R1.yaml"].result
        assert "op\\x01en" in status.message and "\x01" not in target.read_text()


def test_sarif_is_valid_with_encoded_uris_and_regions(run: Run, monkeypatch: pytest.MonkeyPatch, hostile: Path) -> None:
    """Problem 2: URIs percent-encoded (space, '#', '%', non-ASCII) from %SRCROOT%, regions with
    their end where the value's end is known, and message text whose brackets cannot link."""
    log = json.loads(ci_output(run, monkeypatch, hostile, "registers", "sarif"))
    assert sarif_schema_errors(log) == []
    results = log["runs"][0]["results"]
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        artifact = location["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert quote(unquote(artifact["uri"]), safe="/") == artifact["uri"]
        assert not re.search(r"[ #é]", artifact["uri"]) and in_repository(hostile, unquote(artifact["uri"]))
    overdue = next(r for r in results if r["ruleId"] == "RC301" and "R3" in r["locations"][0]["physicalLocation"]
                   ["artifactLocation"]["uri"])  # fmt: skip
    region = overdue["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 13, "startColumn": 9, "endLine": 13, "endColumn": 19}
    titled = [r["message"]["text"] for r in results if "javascript" in r["message"]["text"]]
    assert titled and all("\\[t\\](javascript" in text for text in titled)


def test_sarif_passes_microsofts_validator_with_the_github_rules(
    run: Run, monkeypatch: pytest.MonkeyPatch, hostile: Path, tmp_path: Path
) -> None:
    """Problem 2, by the tool GitHub points SARIF producers to: before, SARIF1002 (invalid URI)."""
    files = []
    for where in PLACES:
        target = tmp_path / f"riskctl-{len(where)}.sarif"
        target.write_text(ci_output(run, monkeypatch, hostile, where, "sarif"), encoding="utf-8")
        files.append(target)
    problems = multitool_problems(files, tmp_path / "validation.sarif")
    # SARIF2005 asks for the tool's home page (informationUri); riskctl has no public one to name.
    assert [problem for problem in problems if not problem.startswith("SARIF2005")] == []


def test_gitlab_code_quality_has_the_fields_gitlab_requires(
    run: Run, monkeypatch: pytest.MonkeyPatch, hostile: Path
) -> None:
    issues = json.loads(ci_output(run, monkeypatch, hostile, "registers", "gitlab"))
    assert issues and gitlab_problems([i for i in issues if not i["check_name"].startswith("RC501")], hostile) == []
    deleted = [i for i in issues if i["check_name"].startswith("RC501")]
    assert [i["location"]["path"] for i in deleted] == [f"{HOSTILE_DIR}/policies/P2.yaml"]


def test_github_annotations_name_files_from_the_root(run: Run, monkeypatch: pytest.MonkeyPatch, hostile: Path) -> None:
    text = ci_output(run, monkeypatch, hostile, "registers", "github")
    files = re.findall(r"^::(?:error|warning) file=([^,]+),", text, re.MULTILINE)
    assert files
    for name in files:
        path = name.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%25", "%")
        assert in_repository(hostile, path), path


def test_annotations_put_the_files_the_change_touched_first(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Problem 6: GitHub shows 10 error annotations of a step; with --base the changed file's come first."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("reg/register.yaml", (Path(__file__).parent / "fixtures/golden/register/register.yaml").read_text())
    for number in range(1, 13):  # twelve overdue risks nobody touches
        repo.write(f"reg/risks/R{number}.yaml", risk_yaml(f"R{number}", review="review:\n  last: 2025-01-01"))
    repo.write("reg/risks/R99.yaml", risk_yaml("R99"))
    repo.commit("Add", date="2026-10-01T09:00:00+00:00")
    repo.write("reg/risks/R99.yaml", risk_yaml("R99", status="status: opn"))
    monkeypatch.chdir(repo.root)
    lines = run("check", ".", "--base", "HEAD", "--format", "github").stdout.splitlines()
    assert lines[0].startswith("::error file=reg/risks/R99.yaml,line=5,")
    assert sum(line.startswith("::error ") for line in lines) == 13
    assert lines[-2].startswith("::notice title=riskctl::GitHub shows the first 10 errors")
