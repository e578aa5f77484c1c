"""Running the catalogue: records in, findings out (``riskctl check``'s core after loading).

Findings are kept for the files asked about, after per-register rule settings,
``--select`` / ``--ignore`` and inline ``# riskctl: ignore CODE`` comments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from riskctl.model.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from riskctl.model.records import Finding, Item, Position, Problem, Register, Severity, SourceFile, field_name
from riskctl.model.workspace import Workspace
from riskctl.rules import RULES
from riskctl.rules.base import Context, ItemKey

UNUSABLE = ("RC101", "RC102")  # the codes of a file that cannot be used
_SUPPRESS = re.compile(r"#\s*riskctl:\s*ignore\b([^#\n]*)", re.IGNORECASE)
_CODE = re.compile(r"RC\d{3}", re.IGNORECASE)


class Selection(NamedTuple):
    """Which rules run: ``--select`` / ``--ignore`` by code or prefix (``RC3``)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def parse(cls, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
        def split(values: Iterable[str], option: str) -> tuple[str, ...]:
            codes = tuple(part.strip().upper() for value in values for part in value.split(",") if part.strip())
            for code in codes:
                if not any(known.startswith(code) for known in RULES):
                    raise UsageError(f"{option} {code}: no rule code starts with it; see riskctl rules")
            return codes

        return cls(split(select, "--select"), split(ignore, "--ignore"))

    def wants(self, code: str) -> bool:
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)


@dataclass
class CheckResult:
    findings: list[Finding]
    checked: list[str]  # every file checked, as shown to the user
    unusable: list[str] = field(default_factory=list)  # registers whose register.yaml cannot be used
    # each path shown (checked, or named by a finding) -> '/'-separated from the repository root,
    # where the file is in git: the paths CI systems need (SPEC §6)
    repo_paths: dict[str, str] = field(default_factory=dict)
    touched: frozenset[str] = frozenset()  # paths shown whose files differ from --base (added, changed, deleted)
    stale_schemas: list[str] = field(default_factory=list)  # registers' copies of older schemas (not cached)
    heads: frozenset[str] = frozenset()  # the register.yaml of each register in ``unusable``

    @property
    def files(self) -> int:
        return len(self.checked)

    def select(self, selection: Selection) -> CheckResult:
        """The findings ``--select`` and ``--ignore`` ask for, and always what makes a register
        unusable (its register.yaml's RC101 and RC102): the reason for exit status 2."""
        kept = [f for f in self.findings if selection.wants(f.code) or (f.path in self.heads and f.code in UNUSABLE)]
        return dataclasses.replace(self, findings=kept)

    def repo_path(self, path: str) -> str:
        """``path`` from the repository root; outside git, the path as given ('/'-separated)."""
        known = self.repo_paths.get(path)
        if known is not None:
            return known
        return os.path.normpath(path).replace(os.sep, "/")

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def exit_status(self, fail_on: Severity) -> int:
        if self.unusable:
            return EXIT_USAGE
        failing = any(finding.severity.rank >= fail_on.rank for finding in self.findings)
        return EXIT_FINDINGS if failing else EXIT_OK

    def to_cache(self) -> dict[str, Any]:
        findings = [{**f._asdict(), "severity": f.severity.value} for f in self.findings]
        return {
            "findings": findings,
            "checked": self.checked,
            "unusable": self.unusable,
            "repo_paths": self.repo_paths,
            "heads": sorted(self.heads),
        }

    @classmethod
    def from_cache(cls, value: Any) -> CheckResult | None:
        """A cached result, or None when the entry is not one."""
        try:
            findings = [Finding(**{**f, "severity": Severity(f["severity"])}) for f in value["findings"]]
            checked, unusable = [str(p) for p in value["checked"]], [str(p) for p in value["unusable"]]
            repo_paths = {str(k): str(v) for k, v in value["repo_paths"].items()}
            heads = frozenset(str(p) for p in value["heads"])
            return cls(findings, checked, unusable, repo_paths, heads=heads)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


class Base(NamedTuple):
    """The items at ``--base REV``, for the change rules, and the text of every register file
    there by its path from the repository root, to tell which files the change touched."""

    items: dict[ItemKey, Item]
    revision: str
    texts: dict[str, str] = field(default_factory=dict)


def run_check(workspace: Workspace, today: dt.date, policy_refs: set[str], base: Base | None = None) -> CheckResult:
    """Every finding for the files asked about (all rules; ``CheckResult.select`` narrows)."""
    ctx = Context(today, workspace, policy_refs, base.items if base else None)
    findings: list[Finding] = []
    checked: list[str] = []
    unusable: list[str] = []
    heads: set[str] = set()
    for register in workspace.registers:
        overrides = _overrides(register.data)
        found: list[Finding] = []
        # an unusable register.yaml is shown whenever one of its files is asked about: it is
        # why those files go unchecked and why the exit status is 2
        if workspace.wanted(register.file.path) or (not register.usable and _asks_about(workspace, register)):
            checked.append(register.file.path)
            found += file_findings(register.file, None)
            if register.file.valid:
                found += _register_findings(register, ctx)
            settings = register.settings_problems()
            found += [_finding(register.file, p.position, p.code, p.message, None) for p in settings]
        if not register.usable:
            unusable.append(register.display)
            heads.add(register.file.path)
        for item in workspace.of(register):
            if not workspace.wanted(item.path):
                continue
            checked.append(item.path)
            found += file_findings(item.file, item.id if item.file.readable else None)
            if item.file.valid and register.usable:
                found += _rule_findings(item, ctx)
        findings += [f for f in (_configure(f, overrides) for f in found) if f is not None]
    for note in workspace.notes:  # what discovery could not read (every one, or those asked about)
        if workspace.requested is None or note.path in workspace.requested:
            findings.append(problem_finding(note.path, Problem("RC101", note.message)))
            checked += [note.path] if workspace.requested is not None else []
    for file in workspace.organisation.unreadable:  # what the findings above depend on, and could not read
        checked.append(file.path)
        findings += file_findings(file, None)
    deleted = _deleted(workspace, base) if base is not None and workspace.requested is None else []
    findings += [finding for finding, _ in deleted]
    texts = _texts(workspace)
    kept = [f for f in findings if not _suppressed(f, texts.get(f.path, ""))]
    repo_paths = _repo_paths(workspace) | {finding.path: file.repo_path for finding, file in deleted if file.repo_path}
    touched = _touched(workspace, base) | {finding.path for finding, _ in deleted} if base else frozenset()
    ordered = sorted(set(kept), key=_order)
    return CheckResult(ordered, sorted(checked), unusable, repo_paths, frozenset(touched), heads=frozenset(heads))


def _asks_about(workspace: Workspace, register: Register) -> bool:
    return any(workspace.wanted(item.path) for item in workspace.of(register))


def _files(workspace: Workspace) -> list[SourceFile]:
    return [register.file for register in workspace.registers] + [item.file for item in workspace.items]


def _repo_paths(workspace: Workspace) -> dict[str, str]:
    return {file.path: file.repo_path for file in _files(workspace) if file.repo_path}


def _touched(workspace: Workspace, base: Base) -> set[str]:
    """Files that are new since the base revision, or whose text differs from it there."""
    return {
        file.path
        for file in _files(workspace)
        if file.repo_path is None or file.document is None or base.texts.get(file.repo_path) != file.document.text
    }


def _deleted(workspace: Workspace, base: Base) -> list[tuple[Finding, SourceFile]]:
    """RC501 for items at the base revision that are gone from the registers checked (with
    the file they were at the base revision)."""
    present = {item.key for item in workspace.items if item.file.readable}
    checked = {register.id for register in workspace.registers}
    rule = RULES["RC501"]
    out = []
    for key, version in sorted(base.items.items()):
        if key[0] not in checked or key in present:
            continue
        noun = "risk" if key[1] == "risk" else "policy"
        instead = "closed (status: closed)" if key[1] == "risk" else "retired (status: retired)"
        message = (
            f"the {noun} {key[2]} ('{version.data.get('title', '')}') was deleted since {base.revision[:12]}; "
            f"expected it to be {instead} so the record is kept"
        )
        finding = Finding(version.path, 1, 1, "RC501", rule.name, rule.severity, message, key[2], None)
        out.append((finding, version.file))
    return out


def _order(finding: Finding) -> tuple[str, int, int, str, str]:
    """Findings by place, then code, then message: a set holds them on the way, and findings
    at one place with one code (the fields a file lacks) would otherwise come out in a
    different order from run to run."""
    return (finding.path, finding.line, finding.column, finding.code, finding.message)


def _finding(
    file: SourceFile,
    position: Position,
    code: str,
    message: str,
    item: str | None,
    field: str | None = None,
    end: Position | None = None,
) -> Finding:
    rule = RULES[code]
    end_line, end_column = (end.line, end.column) if end else (None, None)
    return Finding(
        file.path, position.line, position.column, code, rule.name, rule.severity, message, item, field, end_line,
        end_column,
    )  # fmt: skip


def problem_finding(path: str, problem: Problem, item: str | None = None) -> Finding:
    rule = RULES[problem.code]
    where = problem.position
    return Finding(path, where.line, where.column, problem.code, rule.name, rule.severity, problem.message, item,
                   problem.field)  # fmt: skip


def file_findings(file: SourceFile, item: str | None) -> list[Finding]:
    return [problem_finding(file.path, problem, item) for problem in file.problems]


def _rule_findings(item: Item, ctx: Context) -> list[Finding]:
    out = []
    document = item.file.document
    for rule in RULES.values():
        if rule.check is None:
            continue
        for hit in rule.check(item, ctx):
            position = item.file.position(*hit.path, key=hit.key)
            end = document.end_of(hit.path) if document is not None and not hit.key else None
            if end is not None and end < position:
                end = None
            out.append(_finding(item.file, position, rule.code, hit.message, item.id, field_name(hit.path), end))
    return out


def _register_findings(register: Register, ctx: Context) -> list[Finding]:
    out = []
    for rule in RULES.values():
        if rule.register_check is None:
            continue
        for hit in rule.register_check(register, ctx):
            position = register.file.position(*hit.path, key=True)
            out.append(_finding(register.file, position, rule.code, hit.message, None, field_name(hit.path)))
    return out


def _overrides(data: dict[str, Any]) -> dict[str, str]:
    rules = data.get("rules")
    return {str(code).upper(): str(level) for code, level in rules.items()} if isinstance(rules, dict) else {}


def _configure(finding: Finding, overrides: dict[str, str]) -> Finding | None:
    level = overrides.get(finding.code)
    if level is None or finding.code in ("RC101", "RC102"):
        return finding
    if level == "off":
        return None
    severity = Severity(level)
    return finding if severity is finding.severity else finding._replace(severity=severity)


def _suppressed(finding: Finding, text: str) -> bool:
    """True when the finding's line, or the line above, says ``# riskctl: ignore CODE``."""
    if not text:
        return False
    lines = text.splitlines()
    for number in (finding.line, finding.line - 1):
        if 1 <= number <= len(lines):
            match = _SUPPRESS.search(lines[number - 1])
            if match and finding.code in {code.upper() for code in _CODE.findall(match.group(1))}:
                return True
    return False


def _texts(workspace: Workspace) -> dict[str, str]:
    return {file.path: file.document.text for file in _files(workspace) if file.document is not None}
