"""Formats CI systems read: JUnit XML, GitHub workflow commands, GitLab Code Quality."""

from __future__ import annotations

import json
from itertools import groupby
from xml.etree import ElementTree as ET

from riskctl.model.records import Finding, Severity
from riskctl.outputs.check.base import Output, fingerprints, summary_line
from riskctl.outputs.escape import md_text


def render_junit(output: Output) -> str:
    """One testcase per file checked; a file fails when a finding reaches ``--fail-on``."""
    result = output.result
    by_file = {path: list(group) for path, group in groupby(result.findings, key=lambda f: f.path)}
    failing = sum(1 for group in by_file.values() if any(output.failing(f) for f in group))
    suites = ET.Element("testsuites", name="riskctl", tests=str(result.files), failures=str(failing), errors="0")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="riskctl check",
        tests=str(result.files),
        failures=str(failing),
        errors="0",
        skipped="0",
    )
    for path in result.checked:
        case = ET.SubElement(suite, "testcase", classname="riskctl.check", name=path, file=path)
        group = by_file.get(path, [])
        fails = [f for f in group if output.failing(f)]
        if fails:
            failure = ET.SubElement(case, "failure", type=fails[0].code, message=_first_line(fails))
            failure.text = "\n".join(_line(f) for f in fails)
        others = [f for f in group if not output.failing(f)]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _line(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message} [{finding.rule}]"


def _first_line(findings: list[Finding]) -> str:
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return f"{findings[0].code} {findings[0].message}{more}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(output: Output) -> str:
    """Workflow commands: each finding becomes an annotation on the pull request's diff."""
    lines = []
    for finding in output.result.findings:
        command = "error" if finding.severity is Severity.ERROR else "warning"
        props = ",".join(
            f"{key}={escape_property(value)}"
            for key, value in (
                ("file", finding.path),
                ("line", str(finding.line)),
                ("col", str(finding.column)),
                ("title", f"{finding.code} {finding.rule}"),
            )
        )
        lines.append(f"::{command} {props}::{escape_data(finding.message)}")
    lines.append(summary_line(output.result))
    return "\n".join(lines) + "\n"


def step_summary(output: Output) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: counts and a table of findings."""
    result = output.result
    rows = [
        f"| {f.severity.value} | `{f.code}` | {md_text(f.path)}:{f.line} | {md_text(f.item or '')} "
        f"| {md_text(f.message)} |"
        for f in result.findings[:500]
    ]
    parts = ["## riskctl check", "", summary_line(result), ""]
    if rows:
        parts += ["| severity | code | where | item | message |", "| --- | --- | --- | --- | --- |", *rows]
        if len(result.findings) > 500:
            parts += ["", f"…and {len(result.findings) - 500} more findings."]
    return "\n".join(parts) + "\n"


def render_gitlab(output: Output) -> str:
    """GitLab Code Quality report (a JSON array of issues)."""
    issues = [
        {
            "description": f"{finding.code} {finding.message}",
            "check_name": f"{finding.code} {finding.rule}",
            "fingerprint": digest,
            "severity": "major" if finding.severity is Severity.ERROR else "minor",
            "location": {"path": finding.path, "lines": {"begin": finding.line}},
        }
        for finding, digest in fingerprints(output.result.findings)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
