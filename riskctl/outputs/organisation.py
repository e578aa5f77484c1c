"""The organisation in a report (SPEC §8): registers in the order of the hierarchy, the risks
escalated into each risk, and a portfolio heat map of every register on one shared scheme."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from riskctl.model.records import Item, Register
from riskctl.model.workspace import Organisation
from riskctl.outputs.heatmap import HeatMap, heat_map
from riskctl.outputs.listing import natural

if TYPE_CHECKING:
    from riskctl.outputs.report import Section

LEVELS = ("strategic", "corporate", "directorate", "departmental", "operational", "project")


def _rank(register: Register) -> tuple[int, str]:
    level = register.data.get("level")
    return (LEVELS.index(level) if level in LEVELS else len(LEVELS), register.name.casefold())


def hierarchy_order(registers: Sequence[Register], organisation: Organisation) -> list[Register]:
    """Registers as the hierarchy reads: each top register (strategic first), then the registers
    reporting to it, depth first; registers whose parent is not here follow by level."""
    return sorted(registers, key=lambda r: [_rank(a) for a in reversed(organisation.ancestors(r))] + [_rank(r)])


@dataclass(frozen=True)
class Feed:
    """A risk escalated into another: who carries it, and its residual score there."""

    item: Item
    qualified: str
    title: str
    register: str
    score: int | None
    rating: str | None


def feeds(item: Item, organisation: Organisation) -> list[Feed]:
    found = sorted(organisation.escalated_into(item), key=lambda i: (i.register.name, natural(i.id)))
    return [
        Feed(i, i.qualified_id, str(i.data.get("title", "")), i.register.name,
             i.residual.score if i.residual else None, i.residual.rating_name if i.residual else None)
        for i in found
    ]  # fmt: skip


@dataclass
class Portfolio:
    """The open risks of every register that scores on one scheme, on one pair of heat maps."""

    heat_maps: list[HeatMap]
    registers: list[Register]  # on the shared scheme
    others: list[Register] = field(default_factory=list)  # on another scheme: listed beside, not mixed in
    by_rating: list[tuple[str, str, int]] = field(default_factory=list)


def portfolio(sections: Sequence[Section]) -> Portfolio | None:
    """Only for several registers with risks; the scheme most of them share is the portfolio's."""
    drawn = [section for section in sections if section.register.scheme is not None]
    if len(drawn) < 2:  # one register with risks: its own heat maps say it all
        return None
    groups: dict[Any, list[Section]] = {}
    for section in drawn:
        groups.setdefault(section.register.scheme, []).append(section)
    shared = max(groups.values(), key=len)
    chosen = {id(section) for section in shared}
    maps = []
    for part in ("inherent", "residual"):
        placed = [
            (entry.item.qualified_id, getattr(entry, part))
            for section in shared
            for entry in section.risks
            if getattr(entry, part) is not None
        ]
        maps.append(heat_map(shared[0].register, placed, part, appetite=False))
    others = [section.register for section in drawn if id(section) not in chosen]  # policies only: no scheme
    scheme = shared[0].register.scheme
    assert scheme is not None
    counts: dict[str, int] = {}
    for section in shared:
        for name, _, count in section.summary.by_rating:
            counts[name] = counts.get(name, 0) + count
    ratings = [(r.name, r.colour, counts.get(r.name, 0)) for r in reversed(scheme.ratings)]
    return Portfolio(maps, [section.register for section in shared], others, ratings)


def portfolio_section(sections: Sequence[Section]) -> Section:
    """The portfolio as one section, for ``matrix --portfolio``: the shared scheme's heat maps."""
    from dataclasses import replace

    found = portfolio(sections)
    assert found is not None
    first = next(section for section in sections if section.register is found.registers[0])
    chosen = {id(register) for register in found.registers}
    risks = [entry for section in sections if id(section.register) in chosen for entry in section.risks]
    summary = replace(first.summary, open=len(risks), by_rating=found.by_rating)
    return replace(first, heat_maps=found.heat_maps, risks=risks, summary=summary, appetite=None,
                   portfolio=[register.name for register in found.registers],
                   elsewhere=[register.name for register in found.others])  # fmt: skip
