"""``due`` and ``codeowners``: what each owner must do and by when, and which files each owner approves.

The dates come from ``model.facts`` (``facts.due``) and the handles from each register's
``owners_map`` (``facts.handles_of``); this module only chooses, groups and orders them.
It never prints or exits: what people must be told comes back as ``Remark``s.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from typing import Any

from riskctl.core.report import incomplete
from riskctl.model import dates
from riskctl.model.errors import ConfigError, UsageError
from riskctl.model.facts import due as obligations_due
from riskctl.model.facts import handles_of, is_handle, owners
from riskctl.model.records import Item, Register
from riskctl.model.workspace import Workspace
from riskctl.outputs.codeowners import Codeowners, OwnedFile, OwnedRegister
from riskctl.outputs.due import DueReport, DueRow
from riskctl.outputs.escape import codeowners_path
from riskctl.outputs.listing import natural

WHAT_ORDER = {"review": 0, "action": 1, "acceptance": 2, "target": 3}


@dataclass(frozen=True)
class Remark:
    """Something people must be told on stderr, at a place in a file (line 0: the whole file)."""

    path: str
    message: str
    line: int = 0
    column: int = 0


def valid_handles(register: Register, owner: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(handle for handle in handles_of(register, owner) if is_handle(handle)))


def handle_remarks(registers: tuple[Register, ...]) -> list[Remark]:
    """Each ``owners_map`` entry that is not a handle (``@user`` or ``@org/team``): it is left out."""
    out = []
    for register in registers:
        mapping = register.setting("owners_map")
        for owner, listed in mapping.items() if isinstance(mapping, dict) else ():
            for index, handle in enumerate(listed if isinstance(listed, list) else []):
                if not is_handle(handle):
                    where = register.file.position("owners_map", owner, index)
                    message = f"owners_map: {handle!r} (for {owner!r}) is not a handle (@user or @org/team); left out"
                    out.append(Remark(register.file.path, message, where.line, where.column))
    return out


# -- due ----------------------------------------------------------------------------


def _named(workspace: Workspace, folded: str) -> bool:
    """Whether ``--owner`` names anyone the registers know: an owner of an item, an action or a
    register, or a name or handle in ``owners_map``."""
    names: set[str] = set()
    handles: list[str] = []
    for register in workspace.registers:
        names.update(owners(register.setting("owners")))
        mapping = register.setting("owners_map")
        for owner, listed in mapping.items() if isinstance(mapping, dict) else ():
            names.add(str(owner))
            handles += [str(handle) for handle in listed] if isinstance(listed, list) else []
    for item in workspace.valid():
        names.update(owners(item.data.get("owner")))
        for action in item.data.get("actions") or []:
            names.update(owners(action.get("owner") if isinstance(action, dict) else None))
    return any(name.casefold() == folded for name in names) or any(_same_handle(folded, h) for h in handles)


def _same_handle(folded: str, handle: str) -> bool:
    """``--owner`` (casefolded) is this handle, with or without its '@'."""
    return handle.casefold().removeprefix("@") == folded.removeprefix("@")


def _matches(folded: str, owner: str, handles: list[str]) -> bool:
    """``--owner`` (casefolded) names this owner, or one of its handles."""
    return owner.casefold() == folded or any(_same_handle(folded, handle) for handle in handles)


def _rows(item: Item, today: dt.date, within: dates.Duration | None, wanted: str | None) -> list[DueRow]:
    out = []
    for obligation, state in obligations_due(item, today, within):
        detail = ""
        if obligation.what == "action":
            detail = str(item.data["actions"][obligation.place].get("description") or "")
        for owner in obligation.owners:
            if wanted is not None and not _matches(wanted, owner, handles_of(item.register, owner)):
                continue
            out.append(
                DueRow(
                    owner=owner,
                    handles=valid_handles(item.register, owner),
                    register=item.register.id,
                    register_name=item.register.name,
                    item=item.id,
                    kind=item.kind,
                    what=obligation.what,
                    index=obligation.place,
                    title=str(item.data.get("title") or ""),
                    detail=detail,
                    due=obligation.due,
                    state=state,
                    path=item.path,
                    owners=obligation.owners,
                )
            )
    return out


def window(within: str | None) -> dates.Duration | None:
    """``--within``, decided before any register is read; None: each register's ``review.warn_within``."""
    if within is None:
        return None
    try:
        return dates.parse_duration(within)
    except dates.DateError as error:
        raise UsageError(f"--within: {error}") from None


def due(workspace: Workspace, today: dt.date, *, within: str | None = None, owner: str | None = None) -> DueReport:
    """Every obligation overdue or falling due within ``within`` (a DURATION; default: each
    register's ``review.warn_within``), one row per owner, in SPEC §9's order: by due date (a
    month-precision date as its month's last day), then register, item."""
    ahead = window(within)
    wanted = owner.casefold() if owner is not None else None
    if wanted is not None and (not wanted.strip() or not _named(workspace, wanted)):
        raise UsageError(f"--owner {owner!r}: no owner, owners_map name or handle of that name in the registers")
    rows = [row for item in workspace.valid() for row in _rows(item, today, ahead, wanted)]
    rows.sort(key=_order)
    return DueReport(today, within, rows, incomplete(workspace))


def _order(row: DueRow) -> tuple[Any, ...]:
    """SPEC §9: by due date (a month as its last day), register, item; then what, and who."""
    what = (row.kind, WHAT_ORDER[row.what], row.index)
    return (row.due.due_by, row.register, natural(row.item), *what, row.owner.casefold(), row.owner)


# -- codeowners ---------------------------------------------------------------------


@dataclass
class Ownership:
    """What ``codeowners`` found: the file's content, and what people must be told."""

    codeowners: Codeowners = field(default_factory=lambda: Codeowners([]))
    remarks: list[Remark] = field(default_factory=list)
    from_root: bool = True  # False outside git: paths are then from the current directory
    owned: dict[tuple[int, str], int] = field(default_factory=dict)  # (register, owner) -> files owned

    def add(self, register: Register, path: str, repo_path: str | None, names: list[str]) -> OwnedFile | None:
        """The file's line, its owners counted; None (and a remark) when no pattern can name it."""
        relative = repo_path if repo_path is not None else os.path.relpath(path).replace(os.sep, "/")
        pattern = codeowners_path(relative)
        if pattern is None:
            message = "its path cannot be written in CODEOWNERS (a line break, control character or bytes not UTF-8)"
            self.remarks.append(Remark(path, f"{message}; left out"))
            return None
        for name in names:
            self.owned[(id(register), name)] = self.owned.get((id(register), name), 0) + 1
        handles = tuple(dict.fromkeys(handle for name in names for handle in valid_handles(register, name)))
        return OwnedFile(pattern, handles)


def _owner_names(item: Item) -> list[str] | None:
    """The item's owners when its file states them clearly, even if it breaks the schema elsewhere."""
    value = item.data.get("owner")
    if isinstance(value, str) and value:
        return [value]
    if isinstance(value, list) and value and all(isinstance(name, str) and name for name in value):
        return list(value)
    return None


def _register_files(workspace: Workspace, register: Register, found: Ownership) -> OwnedRegister:
    if not register.file.valid:
        problem = register.file.unusable()
        detail = f": {problem.message}" if problem else ""
        raise ConfigError(f"cannot use {register.file.path}{detail}: fix it first (riskctl check shows why)")
    files = []
    if workspace.wanted(register.file.path):
        names = owners(register.setting("owners"))
        files.append(found.add(register, register.file.path, register.file.repo_path, names))
    for item in sorted(workspace.of(register), key=lambda item: item.path):
        if not workspace.wanted(item.path):
            continue
        names_of = _owner_names(item)
        if names_of is None:
            problem = item.file.unusable()
            where = problem.position if problem else item.file.position("owner")
            message = f"{problem.code} {problem.message}" if problem else "the file names no owner"
            found.remarks.append(Remark(item.path, f"{message} (left out)", where.line, where.column))
            continue
        files.append(found.add(register, item.path, item.file.repo_path, names_of))
    return OwnedRegister(register.name, [file for file in files if file is not None])


def codeowners(workspace: Workspace) -> Ownership:
    """CODEOWNERS lines for every register file asked about. Only owners are needed, so an item
    file that breaks the schema elsewhere still gets its line; one whose owners cannot be read
    is a remark, as is an invalid handle and an owner without handles."""
    found = Ownership(from_root=all(register.repo_dir is not None for register in workspace.registers))
    stewards: list[str] = []
    for register in workspace.registers:
        found.codeowners.registers.append(_register_files(workspace, register, found))
        if workspace.wanted(register.file.path):
            stewards += [h for name in owners(register.setting("owners")) for h in valid_handles(register, name)]
    found.codeowners = Codeowners(found.codeowners.registers, tuple(dict.fromkeys(stewards)))
    found.remarks += [Remark(note.path, f"{note.message} (left out)") for note in workspace.notes]
    found.remarks += handle_remarks(workspace.registers)
    registers = {id(register): register for register in workspace.registers}
    for (key, name), count in found.owned.items():
        if not valid_handles(registers[key], name):
            files = "1 file" if count == 1 else f"{count} files"
            message = f"owners_map has no handle for {name!r}, who owns {files}: no one is asked to approve for them"
            found.remarks.append(Remark(registers[key].file.path, message))
    return found


def read_existing(path: str) -> str | None:
    """``--check FILE``'s current text (None when it does not exist); a file that cannot be
    compared (a directory, a FIFO, unreadable) is a usage error."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UsageError(f"--check {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"--check {path}: not a regular file")
    try:
        with open(path, "rb") as stream:
            raw = stream.read()
    except OSError as error:
        raise UsageError(f"--check {path}: {error.strerror or error}") from None
    return raw.decode("utf-8", "replace").replace("\r\n", "\n")
