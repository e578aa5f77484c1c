"""An item's fields as dotted paths, with its derived scores, and what changed between two versions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from riskctl.model.facts import fields
from riskctl.model.records import Item

DERIVED = ("inherent.score", "inherent.rating", "residual.score", "residual.rating", "target.score")


class FieldChange(NamedTuple):
    field: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Changed fields in a stable order: as the new version lists them, then removed ones."""
    get = old.get
    changes = [
        FieldChange(name, before, value)
        for name, value in new.items()
        if (before := get(name)) is not value and before != value  # the same object (a NaN) is no change
    ]
    changes += [
        FieldChange(name, before, None) for name, before in old.items() if before is not None and name not in new
    ]
    return changes


def changes_between(old: Item, new: Item) -> list[FieldChange]:
    """What changed; scores are compared only when both versions' registers could score them."""
    derived = old.register.usable and new.register.usable
    return field_changes(fields(old, derived), fields(new, derived))


def is_closed(item: Item | None) -> bool:
    return item is not None and item.data.get("status") in ("closed", "retired")


def residual(item: Item | None) -> tuple[int, str | None] | None:
    """``(score, rating)`` of the residual assessment, when it can be scored."""
    if item is None or item.residual is None:
        return None
    return item.residual.score, item.residual.rating_name
