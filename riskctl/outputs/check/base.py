"""What every check formatter receives."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from riskctl.model.records import Finding, Severity
from riskctl.rules.engine import CheckResult


@dataclass(frozen=True)
class Output:
    result: CheckResult
    today: dt.date
    version: str
    fail_on: Severity = Severity.ERROR
    color: bool = False

    def failing(self, finding: Finding) -> bool:
        return finding.severity.rank >= self.fail_on.rank


def fingerprints(findings: list[Finding]) -> Iterator[tuple[Finding, str]]:
    """A stable id per finding: code, file, item and field, not line numbers or day counts."""
    seen: Counter[str] = Counter()
    for finding in findings:
        basis = "|".join((finding.code, finding.path, finding.item or "", finding.field or ""))
        seen[basis] += 1
        digest = hashlib.sha256(f"{basis}|{seen[basis]}".encode()).hexdigest()
        yield finding, digest


def summary_line(result: CheckResult) -> str:
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    files = f"{result.files} file" + ("" if result.files == 1 else "s")
    if not errors and not warnings:
        return f"No problems in {files}."
    parts = [f"{errors} error" + ("" if errors == 1 else "s"), f"{warnings} warning" + ("" if warnings == 1 else "s")]
    return f"Found {parts[0]} and {parts[1]} in {files}."
