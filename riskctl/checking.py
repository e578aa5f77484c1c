"""``riskctl check``: files -> load -> validate -> rules -> findings.

Returns findings for the files asked about, after per-register rule settings,
``--select`` / ``--ignore`` and inline ``# riskctl: ignore CODE`` comments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from riskctl.errors import UsageError
from riskctl.model import Finding, Position, Severity
from riskctl.rules import RULES, Context
from riskctl.validation import field_name
from riskctl.workspace import Item, Loaded, Register, Workspace, discover, find_workspace_root, load_register

if TYPE_CHECKING:
    from riskctl.history import ItemKey, ItemVersion

_SUPPRESS = re.compile(r"#\s*riskctl:\s*ignore\b([^#\n]*)", re.IGNORECASE)
_CODE = re.compile(r"RC\d{3}", re.IGNORECASE)


@dataclass
class Selection:
    """Which rules run: ``--select`` / ``--ignore`` by code or prefix (``RC3``)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def parse(cls, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
        def split(values: Iterable[str]) -> tuple[str, ...]:
            codes = tuple(part.strip().upper() for value in values for part in value.split(",") if part.strip())
            for code in codes:
                if not any(known.startswith(code) for known in RULES):
                    raise UsageError(f"unknown rule code or prefix '{code}'; see riskctl rules")
            return codes

        return cls(split(select), split(ignore))

    def wants(self, code: str) -> bool:
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)


@dataclass
class CheckResult:
    findings: list[Finding]
    checked: list[str]  # every file checked, as shown to the user
    unusable: list[str] = field(default_factory=list)  # registers whose register.yaml cannot be used

    @property
    def files(self) -> int:
        return len(self.checked)

    def select(self, selection: Selection) -> CheckResult:
        kept = [finding for finding in self.findings if selection.wants(finding.code)]
        return CheckResult(kept, self.checked, self.unusable)

    def to_cache(self) -> dict[str, Any]:
        findings = [{**dataclasses.asdict(f), "severity": f.severity.value} for f in self.findings]
        return {"findings": findings, "checked": self.checked, "unusable": self.unusable}

    @classmethod
    def from_cache(cls, value: dict[str, Any]) -> CheckResult:
        findings = [Finding(**{**f, "severity": Severity(f["severity"])}) for f in value["findings"]]
        return cls(findings, list(value["checked"]), list(value["unusable"]))

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


@dataclass
class Base:
    """The items at ``--base REV`` and where the repository is, for the change rules."""

    items: dict[ItemKey, ItemVersion]
    root: Path
    revision: str


def run_check(
    workspace: Workspace, today: dt.date, selection: Selection | None = None, base: Base | None = None
) -> CheckResult:
    selection = selection or Selection()
    ctx = Context(today, workspace, policy_index(workspace), base.items if base else None)
    findings: list[Finding] = []
    checked: list[str] = []
    unusable: list[str] = []
    for register in workspace.registers:
        overrides = _overrides(register)
        if workspace.wanted(register.file.path):
            checked.append(register.file.path)
            findings += _file_findings(register.file, None)
            findings += [
                _finding(register.file, Position(), "RC102", problem, None) for problem in register.scheme_problems
            ]
        if not register.usable:
            unusable.append(register.display)
        for item in register.items:
            if not workspace.wanted(item.path):
                continue
            checked.append(item.path)
            findings += _file_findings(item.file, item.id if item.file.document else None)
            if item.file.valid and register.usable:
                findings += _rule_findings(item, ctx)
        findings = [f for f in (_configure(f, overrides) for f in findings) if f is not None]
    if base is not None and workspace.requested is None:
        findings += _deleted(workspace, base)
    texts = _texts(workspace)
    kept = [f for f in findings if selection.wants(f.code) and not _suppressed(f, texts.get(f.path, ""))]
    return CheckResult(sorted(set(kept), key=_order), sorted(checked), unusable)


def _deleted(workspace: Workspace, base: Base) -> list[Finding]:
    """RC501 for items at the base revision that are gone from the registers checked."""
    present = {(item.register.id, item.kind, item.id) for item in workspace.items() if item.file.document}
    checked = {register.id for register in workspace.registers}
    rule = RULES["RC501"]
    out = []
    for key, version in sorted(base.items.items()):
        if key[0] not in checked or key in present:
            continue
        shown = os.path.relpath(base.root / version.path)
        noun = "risk" if key[1] == "risk" else "policy"
        instead = "closed (status: closed)" if key[1] == "risk" else "retired (status: retired)"
        message = (
            f"the {noun} {key[2]} ('{version.data.get('title', '')}') was deleted since {base.revision[:12]}; "
            f"expected it to be {instead} so the record is kept"
        )
        out.append(Finding(shown, 1, 1, "RC501", rule.name, rule.severity, message, key[2], None))
    return out


def policy_index(workspace: Workspace) -> set[str]:
    """Every policy reference a reference may name: ``O28`` and ``essex-kent:O28``."""
    registers = list(workspace.registers)
    if workspace.requested is not None:  # single files: resolve against the whole repository
        seen = {register.root for register in registers}
        for register in workspace.registers:
            top = find_workspace_root(register.root)
            roots, _ = discover([str(top)])
            registers += [load_register(root, shown) for root, shown in roots if root not in seen]
            seen.update(root for root, _ in roots)
    refs: set[str] = set()
    for register in registers:
        for policy in register.policies:
            if policy.file.document is not None:
                refs.update({policy.id, f"{register.id}:{policy.id}"})
    return refs


def _order(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.column, finding.code)


def _finding(
    file: Loaded, position: Position, code: str, message: str, item: str | None, field: str | None = None
) -> Finding:
    rule = RULES[code]
    return Finding(file.path, position.line, position.column, code, rule.name, rule.severity, message, item, field)


def _file_findings(file: Loaded, item: str | None) -> list[Finding]:
    if file.outside_link is not None:
        message = f"this is a symlink to {file.outside_link}, outside the workspace; it is not followed"
        return [_finding(file, Position(), "RC101", message, None)]
    out = [_finding(file, problem.position, problem.code, problem.message, item) for problem in file.load_problems]
    out += [
        _finding(file, problem.position, "RC102", problem.message, item, problem.field)
        for problem in file.schema_problems
    ]
    return out


def _rule_findings(item: Item, ctx: Context) -> list[Finding]:
    out = []
    for rule in RULES.values():
        if rule.check is None:
            continue
        for hit in rule.check(item, ctx):
            position = item.file.position(*hit.path, key=hit.key)
            out.append(_finding(item.file, position, rule.code, hit.message, item.id, field_name(hit.path)))
    return out


def _overrides(register: Register) -> dict[str, str]:
    rules = register.file.data.get("rules")
    return {str(code).upper(): str(level) for code, level in rules.items()} if isinstance(rules, dict) else {}


def _configure(finding: Finding, overrides: dict[str, str]) -> Finding | None:
    level = overrides.get(finding.code)
    if level is None or finding.code in ("RC101", "RC102"):
        return finding
    if level == "off":
        return None
    severity = Severity(level)
    if severity is finding.severity:
        return finding
    return dataclasses.replace(finding, severity=severity)


def _suppressed(finding: Finding, text: str) -> bool:
    """True when the finding's line, or the line above, says ``# riskctl: ignore CODE``."""
    if not text:
        return False
    lines = text.splitlines()
    for number in (finding.line, finding.line - 1):
        if 1 <= number <= len(lines):
            match = _SUPPRESS.search(lines[number - 1])
            if match:
                codes = {code.upper() for code in _CODE.findall(match.group(1))}
                if finding.code in codes:
                    return True
    return False


def _texts(workspace: Workspace) -> dict[str, str]:
    files = [register.file for register in workspace.registers]
    files += [item.file for item in workspace.items()]
    return {file.path: file.document.text for file in files if file.document is not None}
