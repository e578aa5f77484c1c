"""What changed between two snapshots of the registers, item by item (``diff``, ``report --since``).

A file that could not be read or breaks its schema, on either side, is ``unreadable`` (with
why), never taken for a removed or an added item; two files that hold one id are a ``duplicate``, never a rename.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from riskctl.history.versions import FieldChange, changes_between, is_closed, residual
from riskctl.model.facts import appetite
from riskctl.model.records import Item, Problem
from riskctl.model.workspace import Note, Workspace

ItemKey = tuple[str, str, str]


@dataclass(frozen=True)
class ItemDiff:
    register: str
    item: str
    kind: str
    change: str  # added | removed | modified | closed | reopened | unreadable | duplicate
    title: str
    path: str
    fields: tuple[FieldChange, ...]
    before: tuple[int, str | None] | None  # residual (score, rating)
    after: tuple[int, str | None] | None
    appetite: int | None
    error: dict[str, Any] | None = None  # unreadable: where and why, as check says it
    paths: tuple[str, ...] = ()  # duplicate: every file holding the id

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "register": self.register,
            "item": self.item,
            "kind": self.kind,
            "change": self.change,
            "fields": [change.to_json() for change in self.fields],
        }
        if self.error is not None:
            found["error"] = self.error
        if self.paths:
            found["paths"] = list(self.paths)
        return found

    @property
    def direction(self) -> str:
        if self.before is None or self.after is None or self.before[0] == self.after[0]:
            return ""
        return "up" if self.after[0] > self.before[0] else "down"

    @property
    def appetite_note(self) -> str:
        if self.appetite is None or self.before is None or self.after is None:
            return ""
        was, now = self.before[0] > self.appetite, self.after[0] > self.appetite
        if now and not was:
            return f"now above appetite ({self.appetite})"
        if was and not now:
            return f"now within appetite ({self.appetite})"
        return ""


def items_by_key(workspace: Workspace) -> dict[ItemKey, Item]:
    """The readable items by identity (the first file, where two hold one id)."""
    index: dict[ItemKey, Item] = {}
    for item in workspace.items:
        if item.file.readable:
            index.setdefault(item.key, item)
    return index


@dataclass
class _Side:
    items: dict[ItemKey, Item] = field(default_factory=dict)
    duplicates: dict[ItemKey, list[Item]] = field(default_factory=dict)
    unreadable: dict[str, Item] = field(default_factory=dict)  # by path

    @classmethod
    def of(cls, workspace: Workspace) -> _Side:
        side = cls()
        for item in workspace.items:
            if not item.file.valid:  # unreadable, or breaking its schema: nothing to compare it by
                side.unreadable[item.path] = item
            elif item.key in side.items:
                side.duplicates.setdefault(item.key, [side.items[item.key]]).append(item)
            else:
                side.items[item.key] = item
        return side


def _error(item: Item) -> dict[str, Any]:
    problem = item.file.unusable() or Problem("RC101", "cannot be read")
    return problem.to_json(item.path)


def _unreadable(item: Item, other: Item | None) -> ItemDiff:
    title = str(other.data.get("title", "")) if other else ""
    ident = other.id if other else item.stem
    return ItemDiff(item.register.id, ident, item.kind, "unreadable", title, item.path, (), None, None, None,
                    _error(item))  # fmt: skip


def diff_snapshots(base: Workspace, head: Workspace) -> list[ItemDiff]:
    before, after = _Side.of(base), _Side.of(head)
    out = list(_special(before, after))
    held = {(diff.register, diff.kind, diff.item) for diff in out}
    by_path_before = {item.path: key for key, item in before.items.items()}
    by_path_after = {item.path: key for key, item in after.items.items()}
    held |= {by_path_before[p] for p in after.unreadable if p in by_path_before}
    held |= {by_path_after[p] for p in before.unreadable if p in by_path_after}
    for key in sorted((set(before.items) | set(after.items)) - held):
        found = _compare(before.items.get(key), after.items.get(key))
        if found is not None:
            out.append(found)
    return sorted(out, key=lambda d: (d.register, d.kind, d.item, d.path))


def _special(before: _Side, after: _Side) -> Iterator[ItemDiff]:
    """Unreadable files and duplicate ids, on either side."""
    paths_before = {item.path: item for item in before.items.values()}
    paths_after = {item.path: item for item in after.items.values()}
    for path, item in after.unreadable.items():
        yield _unreadable(item, paths_before.get(path))
    for path, item in before.unreadable.items():
        if path not in after.unreadable:
            yield _unreadable(item, paths_after.get(path))
    for key in sorted(set(before.duplicates) | set(after.duplicates)):
        files = after.duplicates.get(key) or before.duplicates[key]
        first = files[0]
        yield ItemDiff(key[0], key[2], key[1], "duplicate", str(first.data.get("title", "")), first.path, (), None,
                       None, None, None, tuple(item.path for item in files))  # fmt: skip


def _compare(old: Item | None, new: Item | None) -> ItemDiff | None:
    current = new or old
    assert current is not None
    fields: tuple[FieldChange, ...] = ()
    if old is None:
        change = "added"
    elif new is None:
        change = "removed"
    else:
        fields = tuple(changes_between(old, new))
        if old.path != new.path:
            fields = (FieldChange("path", old.path, new.path), *fields)
        if not fields:
            return None
        change = "modified"
        if is_closed(new) and not is_closed(old):
            change = "closed"
        elif is_closed(old) and not is_closed(new):
            change = "reopened"
    key = current.key
    return ItemDiff(key[0], key[2], key[1], change, str(current.data.get("title", "")), current.path, fields,
                    residual(old), residual(new), appetite(current))  # fmt: skip


@dataclass(frozen=True)
class Diff:
    base: str
    head: str  # a commit id, or "WORKTREE"
    items: list[ItemDiff]
    notes: list[Note]
    incomplete: list[dict[str, Any]] = field(default_factory=list)  # register files that could not be used
