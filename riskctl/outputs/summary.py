"""A report's summaries: counts per register, their roll-up, and the executive summary.

The executive summary names things, as a committee asks about them: open risks by rating,
what moved since the baseline, the highest risks, what is overdue, what is above
appetite. Every fact comes from the report's entries, which took it from ``model.facts``;
nothing here works one out again. The notes are plain text for the templates to escape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from riskctl.history.diff import ItemDiff
from riskctl.model.scoring import Assessment, Rating
from riskctl.outputs.heatmap import safe_colour
from riskctl.outputs.listing import natural
from riskctl.outputs.people import long_date

if TYPE_CHECKING:
    from riskctl.outputs.report import PolicyEntry, RiskEntry, Section

HIGHEST = 5  # risks named as the highest
Ref = Callable[["Section", str], str]  # how the summary names an item of a section


@dataclass
class Summary:
    risks: int = 0
    open: int = 0
    by_rating: list[tuple[str, str, int]] = field(default_factory=list)  # (rating, colour, count) of open risks
    overdue_reviews: int = 0
    due_soon: int = 0
    overdue_actions: int = 0
    above_appetite: int = 0
    expired_acceptances: int = 0
    closed: int = 0
    policies: int = 0
    policies_overdue: int = 0


COUNTS = ("risks", "open", "overdue_reviews", "due_soon", "overdue_actions", "above_appetite", "expired_acceptances",
          "closed", "policies", "policies_overdue")  # fmt: skip


def summarise(entries: Sequence[RiskEntry], policies: Sequence[PolicyEntry], ratings: Sequence[Rating]) -> Summary:
    summary = Summary(risks=len(entries), policies=len(policies))
    live = [e for e in entries if e.is_open]
    summary.open = len(live)
    summary.closed = len(entries) - len(live)
    counts: dict[str, int] = {}
    for entry in live:
        if entry.residual and entry.residual.rating_name:
            counts[entry.residual.rating_name] = counts.get(entry.residual.rating_name, 0) + 1
    summary.by_rating = [(r.name, safe_colour(r.colour), counts.get(r.name, 0)) for r in reversed(ratings)]
    summary.overdue_reviews = sum(1 for e in live if e.review.state == "overdue")
    summary.due_soon = sum(1 for e in live if e.review.state == "due-soon")
    summary.overdue_actions = sum(len(e.overdue_actions) for e in entries)
    summary.above_appetite = sum(1 for e in live if e.above_appetite)
    summary.expired_acceptances = sum(1 for e in live if e.acceptance_expired)
    summary.policies_overdue = sum(1 for p in policies if p.review.state == "overdue")
    return summary


def rollup(sections: Sequence[Section]) -> Summary:
    total = Summary()
    ratings: dict[str, tuple[str, int]] = {}
    for section in sections:
        for name in COUNTS:
            setattr(total, name, getattr(total, name) + getattr(section.summary, name))
        for name, colour, count in section.summary.by_rating:
            ratings[name] = (colour, ratings.get(name, (colour, 0))[1] + count)
    total.by_rating = [(name, colour, count) for name, (colour, count) in ratings.items()]
    return total


@dataclass(frozen=True)
class Mention:
    """A risk or policy the summary names, with what is said of it."""

    ref: str  # its id, qualified (cambs:R3.1) when the report holds several registers
    title: str
    note: str
    anchor: str | None  # where it is in full, in HTML


@dataclass
class Movement:
    """What changed since ``--since``."""

    label: str
    new: list[Mention] = field(default_factory=list)
    closed: list[Mention] = field(default_factory=list)
    reopened: list[Mention] = field(default_factory=list)
    removed: list[Mention] = field(default_factory=list)
    escalated: list[Mention] = field(default_factory=list)
    up: list[Mention] = field(default_factory=list)
    down: list[Mention] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, list[Mention]]]:
        """The non-empty groups with their headings, in the order a reader wants them."""
        named = [("New risks", self.new), ("Residual score up", self.up), ("Residual score down", self.down),
                 ("Escalated", self.escalated), ("Closed", self.closed), ("Reopened", self.reopened),
                 ("Removed from the register", self.removed)]  # fmt: skip
        return [(title, items) for title, items in named if items]


@dataclass
class Executive:
    open: int
    risks: int
    by_rating: list[tuple[str, str, int]]
    movement: Movement | None  # None without --since
    highest: list[Mention]
    overdue: list[Mention]
    above_appetite: list[Mention]
    appetites: list[int]  # the appetites of the registers holding risks, for "all within appetite"


def scored(assessment: Assessment | None) -> str:
    if assessment is None:
        return "not scored"
    return f"{assessment.score} ({assessment.rating_name})" if assessment.rating_name else str(assessment.score)


def _pair(value: tuple[int, str | None] | None) -> str:
    if value is None:
        return "not scored"
    return f"{value[0]} ({value[1]})" if value[1] else str(value[0])


def executive(sections: Sequence[Section], total: Summary, label: str | None, qualify: bool) -> Executive:
    def ref(section: Section, ident: str) -> str:
        return f"{section.register.id}:{ident}" if qualify else ident

    live = [(s, e) for s in sections for e in s.risks if e.is_open]
    ranked = sorted(live, key=lambda p: (-(p[1].residual.score if p[1].residual else 0), natural(p[1].id)))
    highest = [Mention(ref(s, e.id), e.title, scored(e.residual), e.anchor) for s, e in ranked[:HIGHEST]]
    above = [
        Mention(ref(s, e.id), e.title, f"residual {scored(e.residual)}, appetite {e.appetite}", e.anchor)
        for s, e in ranked
        if e.above_appetite
    ]
    return Executive(
        open=total.open,
        risks=total.risks,
        by_rating=total.by_rating,
        movement=movement(sections, label, ref) if label is not None else None,
        highest=highest,
        overdue=overdue(sections, ref),
        above_appetite=above,
        appetites=sorted({s.appetite for s in sections if s.appetite is not None and s.risks}),
    )


def overdue(sections: Sequence[Section], ref: Ref) -> list[Mention]:
    """Reviews, actions and acceptances past their dates, then policies overdue for review."""
    found: list[Mention] = []
    for section in sections:
        for e in section.risks:
            if e.is_open and e.review.state == "overdue" and e.review.next:
                found.append(Mention(ref(section, e.id), e.title, f"review was due {long_date(e.review.next)}",
                                     e.anchor))  # fmt: skip
            for action in e.overdue_actions:
                owner = f" ({action.get('owner')})" if action.get("owner") else ""
                note = f"action “{action.get('description', '')}”{owner} was due {long_date(action.get('due'))}"
                found.append(Mention(ref(section, e.id), e.title, note, e.anchor))
            if e.acceptance_expired:
                note = f"acceptance ended {long_date(e.facts.acceptance_until)}"
                found.append(Mention(ref(section, e.id), e.title, note, e.anchor))
        for p in section.policies:
            if p.review.state == "overdue" and p.review.next:
                note = f"policy review was due {long_date(p.review.next)}"
                found.append(Mention(ref(section, p.item.id), str(p.data.get("title", "")), note, p.anchor))
    return found


def movement(sections: Sequence[Section], label: str, ref: Ref) -> Movement:
    """Risks new, closed, reopened, removed, escalated, and whose residual score moved."""
    found = Movement(label)
    for section in sections:
        anchors = {e.id: e.anchor for e in section.risks}
        for diff in section.changes:
            if diff.kind != "risk":
                continue
            mention = Mention(ref(section, diff.item), diff.title, "", anchors.get(diff.item))
            bucket = {"added": found.new, "closed": found.closed, "reopened": found.reopened,
                      "removed": found.removed}.get(diff.change)  # fmt: skip
            if bucket is not None:
                note = _pair(diff.after if diff.change != "removed" else diff.before)
                bucket.append(Mention(mention.ref, mention.title, f"residual {note}", mention.anchor))
            if diff.change in ("modified", "reopened", "closed") and diff.direction:
                moved = Mention(mention.ref, mention.title, f"{_pair(diff.before)} → {_pair(diff.after)}",
                                mention.anchor)  # fmt: skip
                (found.up if diff.direction == "up" else found.down).append(moved)
            target = escalated_to(diff)
            if target is not None:
                found.escalated.append(Mention(mention.ref, mention.title, f"to {target}", mention.anchor))
    return found


def escalated_to(diff: ItemDiff) -> str | None:
    """Where a risk was escalated since the baseline (``escalation.to`` set or changed)."""
    for change in diff.fields:
        if change.field == "escalation.to" and change.new and change.new != change.old:
            return str(change.new)
    return None
