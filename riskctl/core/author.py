"""``new``, ``review`` and ``import``: writing items, each checked as ``check`` would before it is written."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskctl.model.errors import ConfigError, EditError, UsageError
from riskctl.model.records import Item, Kind, Register, Workspace
from riskctl.reading.files import Parser
from riskctl.reading.tree import WorkTree
from riskctl.reading.workspace import build, discover
from riskctl.writing.atomic import locked, write_atomic
from riskctl.writing.authoring import check_new_file, modeline, next_id, parse_pair, policy_text, risk_text
from riskctl.writing.review import ReviewResult, record_review


@dataclass(frozen=True)
class Target:
    """The one register a write goes to, with the workspace it was read in."""

    register: Register
    workspace: Workspace

    def items(self, kind: Kind | None = None) -> list[Item]:
        return self.workspace.of(self.register, kind)


def target_register(paths: list[str]) -> Target:
    tree = WorkTree()
    workspace = build(tree, discover(tree, paths, os.getcwd()), Parser())
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
    check_new_file(text, kind, register.scheme)
    folder = "risks" if kind == "risk" else "policies"
    directory = Path(register.root) / folder
    directory.mkdir(exist_ok=True)
    with locked(directory):
        write_atomic(directory / f"{ident}.yaml", text.encode("utf-8"), original=None)
    return Created(os.path.join(register.display, folder, f"{ident}.yaml"))


def review(item: Item, *, on: dt.date, residual: str | None, note: str | None, today: dt.date) -> ReviewResult:
    if item.file.location is None:
        raise EditError(f"{item.path}: not a file in the working tree")
    with locked(Path(item.file.location).parent):
        return record_review(item, on=on, residual=residual, note=note, today=today)
