"""``text`` (for people) and ``json`` (SPEC §3) check output."""

from __future__ import annotations

import json
from itertools import groupby

from riskctl.model.records import Severity
from riskctl.outputs.check.base import Output, summary_line
from riskctl.outputs.escape import terminal

_RED, _YELLOW, _BOLD, _DIM, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"


def render(output: Output) -> str:
    """``path:line:col: CODE message [rule]`` a line, grouped by file, then a summary line."""
    lines: list[str] = []
    findings = output.result.findings
    for path, group in groupby(findings, key=lambda finding: finding.path):
        if output.color and lines:
            lines.append("")
        for finding in group:
            where = f"{terminal(path)}:{finding.line}:{finding.column}:"
            if output.color:
                tint = _RED if finding.severity is Severity.ERROR else _YELLOW
                where = f"{_BOLD}{where}{_RESET}"
                code = f"{tint}{finding.code}{_RESET}"
                lines.append(f"{where} {code} {terminal(finding.message)} {_DIM}[{finding.rule}]{_RESET}")
            else:
                lines.append(f"{where} {finding.code} {terminal(finding.message)} [{finding.rule}]")
    if lines:
        lines.append("")
    lines.append(summary_line(output.result))
    return "\n".join(lines) + "\n"


def render_json(output: Output) -> str:
    result = output.result
    document = {
        "version": 1,
        "today": output.today.isoformat(),
        "summary": {
            "files": result.files,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
        },
        "findings": [finding.to_json() for finding in result.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
