"""Rows for ``riskctl list`` and the detail for ``riskctl show`` (SPEC §6 shapes)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from riskctl.errors import ConfigError, UsageError
from riskctl.evaluate import assessment, owners, review_state
from riskctl.workspace import Item, Kind, Workspace

RISK_SORTS = ("residual", "inherent", "id", "next-review", "category", "owner")
POLICY_SORTS = ("id", "next-review", "owner")


def risk_row(item: Item, today: dt.date) -> dict[str, Any]:
    data = item.data
    target = assessment(item, "target")
    target_json = None
    if target is not None:
        target_json = {**target.to_json(), "by": (data.get("target") or {}).get("by")}
    inherent, residual = assessment(item, "inherent"), assessment(item, "residual")
    return {
        "register": item.register.id,
        "id": item.id,
        "kind": "risk",
        "title": data.get("title"),
        "category": data.get("category"),
        "owner": data.get("owner"),
        "status": data.get("status"),
        "path": item.path,
        "inherent": inherent.to_json() if inherent else None,
        "residual": residual.to_json() if residual else None,
        "target": target_json,
        "review": review_state(item, today).to_json(),
    }


def policy_row(item: Item, today: dt.date) -> dict[str, Any]:
    data = item.data
    return {
        "register": item.register.id,
        "reference": item.id,
        "kind": "policy",
        "title": data.get("title"),
        "owner": data.get("owner"),
        "status": data.get("status"),
        "path": item.path,
        "review": review_state(item, today).to_json(),
    }


@dataclass
class Filters:
    category: str | None = None
    owner: str | None = None
    status: str | None = None
    rating: str | None = None
    overdue: bool = False

    def keep(self, row: dict[str, Any]) -> bool:
        if self.category and str(row.get("category", "")).casefold() != self.category.casefold():
            return False
        if self.owner and not any(self.owner.casefold() in o.casefold() for o in owners(row.get("owner"))):
            return False
        if self.status and row.get("status") != self.status:
            return False
        if self.rating:
            residual = row.get("residual") or {}
            if str(residual.get("rating", "")).casefold() != self.rating.casefold():
                return False
        return not (self.overdue and row["review"]["state"] != "overdue")


def rows(
    workspace: Workspace, today: dt.date, *, policies: bool, filters: Filters, sort: str | None
) -> list[dict[str, Any]]:
    """Valid items only: a file that fails the schema is reported by ``check``, not listed."""
    kind: Kind = "policy" if policies else "risk"
    make = policy_row if policies else risk_row
    found = [make(item, today) for item in workspace.items(kind) if item.file.valid and workspace.wanted(item.path)]
    found = [row for row in found if filters.keep(row)]
    choices = POLICY_SORTS if policies else RISK_SORTS
    order = sort or ("id" if policies else "residual")
    if order not in choices:
        raise UsageError(f"--sort {order}: expected one of {', '.join(choices)}")
    found.sort(key=lambda row: (row["register"], natural(row.get("id") or row.get("reference"))))
    key = _SORT_KEYS[order]
    found.sort(key=key)
    return found


def natural(text: object) -> tuple[Any, ...]:
    """Sort R3.10 after R3.9."""
    import re

    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(text)))


def _score(part: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: -((row.get(part) or {}).get("score") or 0)


_SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "residual": _score("residual"),
    "inherent": _score("inherent"),
    "id": lambda row: (row["register"], natural(row.get("id") or row.get("reference"))),
    "next-review": lambda row: row["review"]["next"] or "9999",
    "category": lambda row: str(row.get("category") or ""),
    "owner": lambda row: ", ".join(owners(row.get("owner"))),
}


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"residual": {"score": 9}}`` -> ``{"residual.score": 9}``; lists joined with '; '."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = "; ".join(str(v) for v in value)
        else:
            out[name] = value
    return out


RISK_COLUMNS = [
    "register", "id", "kind", "title", "category", "owner", "status", "path",
    "inherent.likelihood", "inherent.impact", "inherent.score", "inherent.rating",
    "residual.likelihood", "residual.impact", "residual.score", "residual.rating",
    "target.likelihood", "target.impact", "target.score", "target.rating", "target.by",
    "review.last", "review.next", "review.state",
]  # fmt: skip
POLICY_COLUMNS = [
    "register",
    "reference",
    "kind",
    "title",
    "owner",
    "status",
    "path",
    "review.last",
    "review.next",
    "review.state",
]


def neutralise(value: Any) -> Any:
    """Stop spreadsheets running a cell as a formula (=, +, -, @, tab, CR at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(found: Sequence[dict[str, Any]], policies: bool) -> str:
    columns = POLICY_COLUMNS if policies else RISK_COLUMNS
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in found:
        flat = flatten(row)
        writer.writerow({column: neutralise(flat.get(column)) for column in columns})
    return buffer.getvalue()


def to_json(found: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(found), indent=2, ensure_ascii=False) + "\n"


def find_item(workspace: Workspace, wanted: str) -> Item:
    """An item by id or reference, optionally qualified as ``register:ID``."""
    register_id, _, item_id = wanted.rpartition(":")
    matches = [
        item
        for item in workspace.items()
        if item.file.document is not None
        and item.id.casefold() == item_id.casefold()
        and (not register_id or item.register.id == register_id)
    ]
    if not matches:
        broken = [item.path for item in workspace.items() if item.file.document is None and item.stem == item_id]
        if broken:
            raise ConfigError(f"{broken[0]} cannot be read; run riskctl check {broken[0]}")
        raise ConfigError(f"no risk or policy with id '{wanted}' in {_where(workspace)}")
    if len(matches) > 1:
        names = ", ".join(sorted(item.qualified_id for item in matches))
        raise UsageError(f"'{wanted}' names more than one item ({names}); qualify it as REGISTER:ID")
    return matches[0]


def _where(workspace: Workspace) -> str:
    names = [register.display for register in workspace.registers]
    return ", ".join(names) if names else "the workspace"
