"""The workspace a command reads: the registers asked about with their items, and the
organisation (every register of the repository, and how they report to each other).

``reading.workspace`` builds these from the working tree or a git revision.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from riskctl.model.records import Item, Kind, Problem, Register, SourceFile


@dataclass(frozen=True, eq=False)
class Organisation:
    """Every register of the repository and how they report to each other (SPEC §8), with the
    risks of those related to the registers a command was asked about."""

    registers: tuple[Register, ...] = ()
    items: tuple[Item, ...] = ()
    # files beyond the registers asked about that the answer depends on and that could not be
    # read: the risks of an ancestor or descendant register (SPEC §7)
    unreadable: tuple[SourceFile, ...] = ()
    # other registers' register.yaml that could not be read: named where a parent, a
    # scoring.from or an escalation names a register that is not found (it may be one of them)
    unread_heads: tuple[SourceFile, ...] = ()

    def unread_note(self) -> str:
        """`` (riskctl could not read X, Y)`` when some register.yaml could not be read, else ``''``."""
        paths = [file.path for file in self.unread_heads]
        return f" (riskctl could not read {', '.join(paths)})" if paths else ""

    def unread_in(self, register: Register) -> list[str]:
        """The files of ``register`` read here that could not be read (an id named may be in one)."""
        return [item.file.path for item in self.items if item.register is register and not item.file.readable]

    @functools.cached_property
    def by_id(self) -> dict[str, list[Register]]:
        index: dict[str, list[Register]] = {}
        for register in self.registers:
            index.setdefault(register.id, []).append(register)
        return index

    def get(self, register_id: str) -> Register | None:
        found = self.by_id.get(register_id, [])
        return found[0] if len(found) == 1 else None

    def ancestors(self, register: Register) -> list[Register]:
        """Parent, grandparent, ... until the top, a missing parent, or a loop."""
        chain: list[Register] = []
        current = register
        while current.parent is not None:
            parent = self.get(current.parent)
            if parent is None or parent is register or parent in chain:
                break
            chain.append(parent)
            current = parent
        return chain

    def in_loop(self, register: Register) -> bool:
        seen = [register]
        current = register
        while current.parent is not None:
            parent = self.get(current.parent)
            if parent is None:
                return False
            if parent in seen:
                return parent is register
            seen.append(parent)
            current = parent
        return False

    def depth(self, register: Register) -> int:
        return len(self.ancestors(register))

    @functools.cached_property
    def _items(self) -> dict[str, Item]:
        return {item.qualified_id.casefold(): item for item in self.items if item.file.readable}

    def item(self, qualified: str) -> Item | None:
        return self._items.get(qualified.casefold())

    @functools.cached_property
    def _feeding(self) -> dict[str, list[Item]]:
        index: dict[str, list[Item]] = {}
        for item in self.items:
            target = item.data.get("escalation")
            if isinstance(target, dict) and isinstance(target.get("to"), str) and item.file.valid:
                index.setdefault(target["to"].casefold(), []).append(item)
        return index

    def escalated_into(self, item: Item) -> list[Item]:
        """The risks that name ``item`` as the risk carrying them (``escalation.to``)."""
        return self._feeding.get(item.qualified_id.casefold(), [])


class Note(NamedTuple):
    """Something a command could not follow that is not a file's fault (a submodule, say)."""

    path: str
    message: str


@dataclass(frozen=True, eq=False)
class Workspace:
    """Registers and their items, from the working tree or from a git revision."""

    registers: tuple[Register, ...]
    items: tuple[Item, ...]
    requested: frozenset[str] | None  # paths of the files asked for; None means every file
    notes: tuple[Note, ...]
    organisation: Organisation  # always given: a workspace without one would answer as if alone

    def wanted(self, path: str) -> bool:
        return self.requested is None or path in self.requested

    def of(self, register: Register, kind: Kind | None = None) -> list[Item]:
        return [item for item in self._by_register.get(id(register), []) if kind is None or item.kind == kind]

    def all(self, kind: Kind | None = None) -> list[Item]:
        return [item for item in self.items if kind is None or item.kind == kind]

    def valid(self, kind: Kind | None = None) -> Iterator[Item]:
        """Items that can be shown: read, within the schema, on a usable register, and asked for."""
        for item in self.items:
            shown = (kind is None or item.kind == kind) and item.file.valid and item.register.usable
            if shown and self.wanted(item.path):
                yield item

    def ids(self, register: Register) -> dict[tuple[str, str], list[str]]:
        """``(kind, id) -> paths`` of a register's readable items."""
        return self._ids.get(id(register), {})

    @functools.cached_property
    def _by_register(self) -> dict[int, list[Item]]:
        index: dict[int, list[Item]] = {}
        for item in self.items:
            index.setdefault(id(item.register), []).append(item)
        return index

    @functools.cached_property
    def _ids(self) -> dict[int, dict[tuple[str, str], list[str]]]:
        index: dict[int, dict[tuple[str, str], list[str]]] = {}
        for item in self.items:
            if item.file.valid:
                index.setdefault(id(item.register), {}).setdefault((item.kind, item.id), []).append(item.path)
        return index

    def unreadable(self) -> list[tuple[str, Problem]]:
        """Every file (of those asked for) that could not be read or used, with why: what a
        command other than ``check`` must say it left out."""
        out: list[tuple[str, Problem]] = []
        for register in self.registers:
            problem = register.file.unusable()
            if problem is not None:
                out.append((register.file.path, problem))
            elif register.scheme_problems:
                out.append((register.file.path, register.settings_problems()[0]))
        for item in self.items:
            problem = item.file.unusable()
            if problem is not None and self.wanted(item.path):
                out.append((item.path, problem))
        for file in self.organisation.unreadable:
            problem = file.unusable()
            if problem is not None:
                out.append((file.path, problem))
        return out
