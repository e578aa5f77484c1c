"""What changed between two snapshots of the registers, item by item (``diff``, ``report --since``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskctl.history.versions import FieldChange, changes_between, is_closed, residual
from riskctl.model.facts import appetite
from riskctl.model.records import Item, Note, Workspace

ItemKey = tuple[str, str, str]


@dataclass(frozen=True)
class ItemDiff:
    register: str
    item: str
    kind: str
    change: str  # added | removed | modified | closed | reopened
    title: str
    path: str
    fields: tuple[FieldChange, ...]
    before: tuple[int, str | None] | None  # residual (score, rating)
    after: tuple[int, str | None] | None
    appetite: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "register": self.register,
            "item": self.item,
            "kind": self.kind,
            "change": self.change,
            "fields": [change.to_json() for change in self.fields],
        }

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
    index: dict[ItemKey, Item] = {}
    for item in workspace.items:
        if item.file.readable:
            index.setdefault(item.key, item)
    return index


def diff_snapshots(base: Workspace, head: Workspace) -> list[ItemDiff]:
    before, after = items_by_key(base), items_by_key(head)
    out = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
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
                continue
            change = "modified"
            if is_closed(new) and not is_closed(old):
                change = "closed"
            elif is_closed(old) and not is_closed(new):
                change = "reopened"
        out.append(
            ItemDiff(
                register=key[0],
                item=key[2],
                kind=key[1],
                change=change,
                title=str(current.data.get("title", "")),
                path=current.path,
                fields=fields,
                before=residual(old),
                after=residual(new),
                appetite=appetite(current),
            )
        )
    return out


@dataclass(frozen=True)
class Diff:
    base: str
    head: str  # a commit id, or "WORKTREE"
    items: list[ItemDiff]
    notes: list[Note]
