"""What every check formatter receives."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from riskctl.model.records import Finding, Severity
from riskctl.reading.tree import shown
from riskctl.rules.engine import CheckResult


class Output(NamedTuple):
    result: CheckResult
    today: dt.date
    version: str
    fail_on: Severity = Severity.ERROR
    color: bool = False

    def failing(self, finding: Finding) -> bool:
        return finding.severity.rank >= self.fail_on.rank

    def repo_path(self, path: str) -> str:
        """Where CI systems look for the file: its path from the repository root (SPEC §6), as
        text that is always valid UTF-8 (a byte of a file name that is not is shown ``\\xNN``;
        ``result.repo_path`` keeps the name's own bytes, for a URI)."""
        return shown(self.result.repo_path(path))

    def touched_first(self) -> list[Finding]:
        """The findings, those in files the change touched (``--base``) first, so that they are
        the ones a CI system shows when it shows only some."""
        touched = self.result.touched
        return sorted(self.result.findings, key=lambda finding: finding.path not in touched)


def fingerprints(output: Output) -> Iterator[tuple[Finding, str]]:
    """A stable id per finding: code, file (from the repository root, so the same from any
    directory), item and field; not line numbers or day counts."""
    import hashlib  # here: only the formats that fingerprint findings need it

    seen: Counter[str] = Counter()
    for finding in output.result.findings:
        where = output.result.repo_path(finding.path)  # the name's own bytes (surrogateescape)
        basis = "|".join((finding.code, where, finding.item or "", finding.field or ""))
        seen[basis] += 1
        digest = hashlib.sha256(f"{basis}|{seen[basis]}".encode("utf-8", "surrogateescape")).hexdigest()
        yield finding, digest


def summary_line(result: CheckResult) -> str:
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    files = f"{result.files} file" + ("" if result.files == 1 else "s")
    if not errors and not warnings:
        return f"No problems in {files}."
    parts = [f"{errors} error" + ("" if errors == 1 else "s"), f"{warnings} warning" + ("" if warnings == 1 else "s")]
    return f"Found {parts[0]} and {parts[1]} in {files}."
