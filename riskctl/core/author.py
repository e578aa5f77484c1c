"""``new``, ``review`` and ``import``: writing items, each checked as ``check`` would before it is written."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskctl.model.errors import ConfigError, EditError, Refused, UsageError
from riskctl.model.records import Finding, Item, Kind, Register, Severity
from riskctl.model.workspace import Organisation, Workspace
from riskctl.reading.files import Parser
from riskctl.reading.workspace import load
from riskctl.writing.atomic import locked, write_atomic
from riskctl.writing.authoring import modeline, next_id, parse_pair, policy_text, risk_text
from riskctl.writing.review import ReviewResult, plan_review


@dataclass(frozen=True)
class Target:
    """The one register a write goes to, with the workspace it was read in."""

    register: Register
    workspace: Workspace

    def items(self, kind: Kind | None = None) -> list[Item]:
        return self.workspace.of(self.register, kind)


def target_register(paths: list[str]) -> Target:
    workspace = load(paths, Parser())  # with the repository's other registers: scoring.from, parent
    if len(workspace.registers) != 1:
        names = ", ".join(register.display for register in workspace.registers)
        raise UsageError(f"several registers here ({names}); name the one to write to")
    register = workspace.registers[0]
    if not register.usable:
        problem = register.file.unusable()
        where, why = register.file.path, problem.message if problem else "; ".join(register.scheme_problems)
        if problem is not None:
            where = f"{where}:{problem.position.line}:{problem.position.column}"
        raise ConfigError(f"{where}: {why}; fix it first (riskctl check {register.display} shows every problem)")
    return Target(register, workspace)


@dataclass(frozen=True)
class Created:
    path: str  # as shown to the user
    findings: list[Finding]  # what check says of it (nothing that refuses a write)


# Findings that describe the register on today's date rather than the edit (SPEC §7).
DATE_DRIVEN = frozenset({"RC301", "RC305", "RC307", "RC308", "RC601"})


def vet(
    target: Target, kind: Kind, path: str, raw: bytes, today: dt.date, replacing: Item | None = None
) -> list[Finding]:
    """Refuse (exit 1, nothing written) a file ``check`` would give an error other than a
    date-driven one; otherwise what ``check`` will say of it (warnings, date-driven errors)."""
    from riskctl.core.check import policy_refs
    from riskctl.core.load import whole_repository
    from riskctl.reading.files import FileInput
    from riskctl.reading.workspace import build_item
    from riskctl.rules.engine import run_check

    file = Parser().file(FileInput(path, kind, raw))
    item = build_item(kind, target.register, file)
    others = tuple(other for other in target.workspace.items if other is not replacing)
    known = target.workspace.organisation
    organisation = Organisation(
        known.registers, (*(i for i in known.items if i is not replacing), item), known.unreadable, known.unread_heads
    )
    workspace = Workspace(target.workspace.registers, (*others, item), frozenset({path}), (), organisation)
    references = policy_refs(whole_repository(target.workspace, Parser(), ("policy",)))
    found = run_check(workspace, today, references)
    blocking = [f for f in found.findings if f.severity is Severity.ERROR and f.code not in DATE_DRIVEN]
    if blocking:
        raise Refused(
            f"nothing was written: {path} would not pass riskctl check (lines as the file would be written)",
            tuple(finding_line(f) for f in blocking),
        )
    return [f for f in found.findings if f not in blocking]


def finding_line(finding: Finding) -> str:
    """A finding in ``check``'s words."""
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message} [{finding.rule}]"


def inside_register(path: Path, register: Register) -> None:
    """Refuse to write a register file whose real path leaves its register (a symlinked file or folder)."""
    real, root = os.path.realpath(path), os.path.realpath(register.root)
    if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
        raise EditError(f"{path} leads outside the register {register.display} (a symlink); nothing was written")


def new_item(target: Target, kind: Kind, values: dict[str, Any], item_id: str | None, today: dt.date) -> Created:
    register = target.register
    header = modeline(target.items(kind), kind, target.register)
    if kind == "risk":
        scheme = register.scheme
        if scheme is None:
            raise ConfigError(f"{register.file.path} defines no scoring scheme, so it cannot hold risks")
        values["inherent"] = parse_pair(values["inherent"], scheme, "--inherent")
        values["residual"] = parse_pair(values["residual"], scheme, "--residual")
        risks = target.items("risk")
        same = [item.id for item in risks if item.data.get("category") == values["category"]]
        values["id"] = item_id or next_id([item.id for item in risks], same)
        text = risk_text(values, today, header)
        ident = str(values["id"])
    else:
        text = policy_text(values, today, header)
        ident = str(values["reference"])
    if any(item.id.casefold() == ident.casefold() for item in target.items(kind)):
        raise UsageError(f"{register.id} already has a {kind} '{ident}'")
    folder = "risks" if kind == "risk" else "policies"
    shown = os.path.join(register.display, folder, f"{ident}.yaml")
    said = vet(target, kind, shown, text.encode("utf-8"), today)
    directory = Path(register.root) / folder
    directory.mkdir(exist_ok=True)
    inside_register(directory / f"{ident}.yaml", register)
    with locked(directory):
        write_atomic(directory / f"{ident}.yaml", text.encode("utf-8"), original=None)
    return Created(shown, said)


def review(
    target: Target,
    item: Item,
    *,
    on: dt.date,
    residual: str | None,
    note: str | None,
    today: dt.date,
    by: str | None = None,
) -> tuple[ReviewResult, list[Finding]]:
    """Record a review: planned, checked and written while the folder is locked, so of two
    reviews of one file the second waits and builds on the first."""
    if item.file.location is None:
        raise EditError(f"{item.path}: not a file in the working tree")
    path = Path(item.file.location)
    inside_register(path, item.register)
    with locked(path.parent):
        planned = plan_review(item, on=on, residual=residual, note=note, today=today, by=by)
        said = vet(target, item.kind, item.path, planned.edited, today, replacing=item)
        write_atomic(path, planned.edited, original=planned.original)
    return planned, said


def reviewer(item: Item) -> str | None:
    """Who is reviewing when ``--by`` does not say: git's ``user.name`` in the item's repository;
    None outside git or when git has no name (then no one is recorded, rather than a guess)."""
    from riskctl.history.git import Repository
    from riskctl.model.errors import GitError

    try:
        with Repository(Path(item.file.location or item.register.root).parent) as repo:
            return repo.user_name()
    except GitError:
        return None
