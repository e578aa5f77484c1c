"""The audit trail: one row per changed field of every item, oldest first (SPEC §6)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskctl.history.walk import Event

AUDIT_COLUMNS = ["commit", "date", "author", "register", "item", "change", "field", "old", "new"]


def audit_rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        base = {
            "commit": event.commit.sha,
            "date": event.commit.date,
            "author": event.commit.author,
            "register": event.key[0],
            "item": event.key[2],
            "change": event.change,
        }
        if not event.fields:
            rows.append({**base, "field": None, "old": None, "new": None})
        for change in event.fields:
            rows.append({**base, "field": change.field, "old": change.old, "new": change.new})
    return rows
