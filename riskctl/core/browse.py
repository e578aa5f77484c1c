"""``list``, ``show`` and ``matrix``: choosing and ordering what the registers hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from riskctl.model.errors import ConfigError, UsageError
from riskctl.model.facts import owners
from riskctl.model.records import Item, Kind
from riskctl.model.workspace import Workspace
from riskctl.outputs.formats import RiskSort
from riskctl.outputs.listing import natural, policy_row, risk_row
from riskctl.outputs.report import Section, build_section

POLICY_SORTS = (RiskSort.id, RiskSort.next_review, RiskSort.owner)


STATUSES = {"risk": ("open", "closed"), "policy": ("draft", "active", "retired")}


def _known(option: str, value: str, allowed: list[str], what: str) -> None:
    """A filter value that can match nothing is a usage error (exit 2), with a suggestion."""
    if value.casefold() in {known.casefold() for known in allowed}:
        return
    import difflib

    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listed = ", ".join(allowed) if allowed else "none"
    raise UsageError(f"{option} {value}: no {what} is called that{hint} (here: {listed})")


def check_filters(workspace: Workspace, filters: Filters, policies: bool) -> None:
    """Check filter values against what the registers define (SPEC §7): statuses, rating bands,
    and categories where a register names them (``appetite.categories``)."""
    if filters.status is not None:
        _known("--status", filters.status, list(STATUSES["policy" if policies else "risk"]), "status")
    if filters.rating is not None and not policies:
        ratings = {r.name: None for reg in workspace.registers if reg.scheme for r in reg.scheme.ratings}
        _known("--rating", filters.rating, list(ratings), "rating band")
    for wanted in filters.registers:
        _known("--register", wanted, [register.id for register in workspace.registers], "register")
    defined: dict[str, None] = {}
    for register in workspace.registers:
        categories = register.setting("appetite", "categories")
        if isinstance(categories, dict):
            defined.update(dict.fromkeys(str(name) for name in categories))
    if filters.category is not None and defined:
        used = {str(item.data.get("category")): None for item in workspace.valid("risk")}
        _known("--category", filters.category, list({**defined, **used}), "category")


@dataclass(frozen=True)
class Filters:
    category: str | None = None
    owner: str | None = None
    status: str | None = None
    rating: str | None = None
    overdue: bool = False
    registers: tuple[str, ...] = ()  # register ids; empty: every register

    def keep(self, row: dict[str, Any]) -> bool:
        if self.category and str(row.get("category", "")).casefold() != self.category.casefold():
            return False
        if self.owner and not any(self.owner.casefold() in o.casefold() for o in owners(row.get("owner"))):
            return False
        if self.registers and row["register"] not in self.registers:
            return False
        if self.status and str(row.get("status")).casefold() != self.status.casefold():
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
        if register_id and not any(register.id == register_id for register in workspace.registers):
            known = ", ".join(sorted({register.id for register in workspace.registers}))
            raise ConfigError(f"no register with id '{register_id}' in {names} (register ids here: {known})")
        raise ConfigError(f"no risk or policy with id '{wanted}' in {names}")
    if len(matches) > 1:
        qualified = sorted({item.qualified_id for item in matches})
        twins = [item for item in matches if sum(other.register is item.register for other in matches) > 1]
        if twins:  # several files of one register hold the id (RC104)
            files = ", ".join(sorted(item.path for item in matches))
            raise ConfigError(f"'{wanted}' is the id of several files ({files}); give each its own id")
        if len(qualified) < len(matches):  # one qualified id, several registers: their ids clash (RC405)
            where = ", ".join(sorted(item.register.display for item in matches))
            raise ConfigError(f"'{wanted}' is in several registers with one id ({where}); give each its own id")
        raise UsageError(f"'{wanted}' names more than one item ({', '.join(qualified)}); qualify it as REGISTER:ID")
    item = matches[0]
    if not item.file.valid:
        raise ConfigError(f"{item.path} has problems; run riskctl check {item.path}")
    return item


def sections(workspace: Workspace, today: dt.date, *, portfolio: bool = False) -> list[Section]:
    """Each register that can be drawn as a heat map (a scheme and some risks); with ``portfolio``,
    one section holding the open risks of every register on the scheme most of them share."""
    from riskctl.outputs.organisation import hierarchy_order

    out = []
    for register in hierarchy_order(workspace.registers, workspace.organisation):
        risks = [item for item in workspace.valid("risk") if item.register is register]
        if register.scheme is None or not risks:
            continue
        out.append(build_section(register, risks, [], today, None, []))
    if portfolio and len(out) > 1:
        from riskctl.outputs.organisation import portfolio_section

        return [portfolio_section(out)]
    return out
