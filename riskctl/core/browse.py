"""``list``, ``show`` and ``matrix``: choosing and ordering what the registers hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from riskctl.model.errors import ConfigError, UsageError
from riskctl.model.facts import owners
from riskctl.model.records import Item, Kind, Workspace
from riskctl.outputs.formats import RiskSort
from riskctl.outputs.listing import natural, policy_row, risk_row
from riskctl.outputs.report import Section, build_section

POLICY_SORTS = (RiskSort.id, RiskSort.next_review, RiskSort.owner)


@dataclass(frozen=True)
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


def _score(part: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: -((row.get(part) or {}).get("score") or 0)


_SORT_KEYS: dict[RiskSort, Callable[[dict[str, Any]], Any]] = {
    RiskSort.residual: _score("residual"),
    RiskSort.inherent: _score("inherent"),
    RiskSort.id: lambda row: (row["register"], natural(row.get("id") or row.get("reference"))),
    RiskSort.next_review: lambda row: row["review"]["next"] or "9999",
    RiskSort.category: lambda row: str(row.get("category") or ""),
    RiskSort.owner: lambda row: ", ".join(owners(row.get("owner"))),
}


def rows(
    workspace: Workspace, today: dt.date, *, policies: bool, filters: Filters, sort: RiskSort | None
) -> list[dict[str, Any]]:
    """SPEC §6 rows of the items that can be shown, filtered and sorted."""
    kind: Kind = "policy" if policies else "risk"
    order = sort or (RiskSort.id if policies else RiskSort.residual)
    if policies and order not in POLICY_SORTS:
        raise UsageError(f"--sort {order}: policies sort by {', '.join(s.value for s in POLICY_SORTS)}")
    make = policy_row if policies else risk_row
    found = [row for row in (make(item, today) for item in workspace.valid(kind)) if filters.keep(row)]
    found.sort(key=_SORT_KEYS[RiskSort.id])
    found.sort(key=_SORT_KEYS[order])
    return found


def rating_colours(workspace: Workspace) -> dict[str, str]:
    return {
        rating.name: rating.colour
        for register in workspace.registers
        if register.scheme
        for rating in register.scheme.ratings
    }


def find_item(workspace: Workspace, wanted: str) -> Item:
    """An item by id or reference, optionally qualified as ``register:ID``."""
    register_id, _, item_id = wanted.rpartition(":")
    matches = [
        item
        for item in workspace.items
        if item.file.readable
        and item.id.casefold() == item_id.casefold()
        and (not register_id or item.register.id == register_id)
    ]
    if not matches:
        broken = [item.path for item in workspace.items if not item.file.readable and item.stem == item_id]
        if broken:
            raise ConfigError(f"{broken[0]} cannot be read; run riskctl check {broken[0]}")
        names = ", ".join(register.display for register in workspace.registers) or "the workspace"
        raise ConfigError(f"no risk or policy with id '{wanted}' in {names}")
    if len(matches) > 1:
        names = ", ".join(sorted(item.qualified_id for item in matches))
        raise UsageError(f"'{wanted}' names more than one item ({names}); qualify it as REGISTER:ID")
    item = matches[0]
    if not item.file.valid:
        raise ConfigError(f"{item.path} has problems; run riskctl check {item.path}")
    return item


def sections(workspace: Workspace, today: dt.date) -> list[Section]:
    """Each register that can be drawn as a heat map (a scheme and some risks)."""
    out = []
    for register in workspace.registers:
        risks = [item for item in workspace.valid("risk") if item.register is register]
        if register.scheme is None or not risks:
            continue
        out.append(build_section(register, risks, [], today, None, []))
    return out
