"""Formats CI systems read: JUnit XML, GitHub workflow commands, GitLab Code Quality.

Paths are from the repository root (``Output.repo_path``), as these systems resolve them,
wherever riskctl ran. User text is escaped for each reader: XML 1.0's characters for
JUnit, the runner's workflow-command escapes for GitHub (and ``terminal`` so that nothing
in it acts in a log), JSON for GitLab.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from riskctl.model.records import Finding, Severity
from riskctl.outputs.check.base import Output, fingerprints, summary_line
from riskctl.outputs.escape import md_text, terminal, xml_text

# GitHub turns the first 10 error and 10 warning workflow commands of a step into annotations
# (and 50 of a job); the rest are only lines in the log.
GITHUB_SHOWN = 10


def render_junit(output: Output) -> str:
    """One testcase per file (checked, or named by a finding such as a deleted item's RC501);
    a file fails when a finding reaches ``--fail-on``. Valid against Jenkins' junit-10.xsd."""
    by_file: dict[str, list[Finding]] = {}
    for finding in output.result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    paths = sorted(set(output.result.checked) | set(by_file), key=output.repo_path)
    failing = sum(1 for path in paths if any(output.failing(f) for f in by_file.get(path, [])))
    counts = {"tests": str(len(paths)), "failures": str(failing), "errors": "0"}
    suites = ET.Element("testsuites", {"name": "riskctl", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "riskctl check", **counts, "skipped": "0"})
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="riskctl.check", name=xml_text(output.repo_path(path)))
        group = by_file.get(path, [])
        fails = [f for f in group if output.failing(f)]
        if fails:
            failure = ET.SubElement(case, "failure", type=fails[0].code, message=xml_text(_first_line(fails)))
            failure.text = xml_text("\n".join(_line(output, f) for f in fails))
        others = [f for f in group if not output.failing(f)]
        if others:
            ET.SubElement(case, "system-out").text = xml_text("\n".join(_line(output, f) for f in others))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _line(output: Output, finding: Finding) -> str:
    """One finding a line, as ``text`` writes it: CI systems show this text in logs and pages."""
    where = f"{terminal(output.repo_path(finding.path))}:{finding.line}:{finding.column}"
    return f"{where}: {finding.code} {terminal(finding.message)} [{finding.rule}]"


def _first_line(findings: list[Finding]) -> str:
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return f"{findings[0].code} {terminal(findings[0].message)}{more}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(output: Output) -> str:
    """Workflow commands: each finding becomes an annotation on the pull request's diff,
    those in files the change touched first (GitHub shows only the first few of a step)."""
    lines = []
    findings = output.touched_first()
    for finding in findings:
        command = "error" if finding.severity is Severity.ERROR else "warning"
        props = ",".join(
            f"{key}={escape_property(value)}"
            for key, value in (
                ("file", terminal(output.repo_path(finding.path))),
                ("line", str(finding.line)),
                ("col", str(finding.column)),
                ("title", f"{finding.code} {finding.rule}"),
            )
        )
        lines.append(f"::{command} {props}::{escape_data(terminal(finding.message))}")
    errors, warnings = output.result.count(Severity.ERROR), output.result.count(Severity.WARNING)
    if errors > GITHUB_SHOWN or warnings > GITHUB_SHOWN:
        lines.append(
            f"::notice title=riskctl::GitHub shows the first {GITHUB_SHOWN} errors and {GITHUB_SHOWN} warnings of a "
            f"step on the pull request; all {len(findings)} findings are in this log and the job summary"
        )
    lines.append(summary_line(output.result))
    return "\n".join(lines) + "\n"


def step_summary(output: Output) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: counts and a table of findings."""
    result = output.result
    findings = output.touched_first()
    rows = [
        f"| {f.severity.value} | `{f.code}` | {md_text(output.repo_path(f.path))}:{f.line} | {md_text(f.item or '')} "
        f"| {md_text(f.message)} |"
        for f in findings[:500]
    ]
    parts = ["## riskctl check", "", summary_line(result), ""]
    if rows:
        parts += ["| severity | code | where | item | message |", "| --- | --- | --- | --- | --- |", *rows]
        if len(findings) > 500:
            parts += ["", f"…and {len(findings) - 500} more findings."]
    return "\n".join(parts) + "\n"


def render_gitlab(output: Output) -> str:
    """GitLab Code Quality report: a JSON array of issues with the fields GitLab requires."""
    issues = [
        {
            "description": f"{finding.code} {finding.message}",
            "check_name": f"{finding.code} {finding.rule}",
            "fingerprint": digest,
            "severity": "major" if finding.severity is Severity.ERROR else "minor",
            "location": {"path": output.repo_path(finding.path), "lines": {"begin": finding.line}},
        }
        for finding, digest in fingerprints(output)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
