"""What riskctl works out about an item: scores, ratings, review state, appetite, overdue
actions, lapsed acceptances and missed targets.

Computed here and nowhere else: rules, ``list``, ``show``, ``matrix``, reports, ``diff``,
``history`` and ``due`` all read these records, so a report cannot disagree with ``check``.
Scores depend only on the item and its register's scheme and are worked out once, when an
item is built (``assess_parts``); the rest depends on the day too (``facts``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, Literal

from riskctl.model import dates
from riskctl.model.records import Item, Register
from riskctl.model.scoring import Assessment, Limit, ScaleError, Scheme

Part = Literal["inherent", "residual", "target"]
PARTS: tuple[Part, ...] = ("inherent", "residual", "target")
ReviewStateName = Literal["ok", "due-soon", "overdue"]
DEFAULT_WARN = dates.Duration(days=30)


def safe_date(value: object) -> dates.Day | None:
    try:
        return dates.parse_date(value)
    except dates.DateError:
        return None


def safe_duration(value: object) -> dates.Duration | None:
    try:
        return dates.parse_duration(value)
    except dates.DateError:
        return None


def owners(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def assess(scheme: Scheme | None, value: object) -> Assessment | None:
    """The scored assessment of ``{likelihood, impact}``; None when missing or off the scales."""
    if scheme is None or not isinstance(value, dict):
        return None
    try:
        return scheme.assess(value.get("likelihood"), value.get("impact"))
    except ScaleError:
        return None


def assess_parts(scheme: Scheme | None, data: dict[str, Any]) -> dict[Part, Assessment | None]:
    return {part: assess(scheme, data.get(part)) for part in PARTS}


def scale_errors(scheme: Scheme, value: dict[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for each of likelihood / impact not on the scale."""
    out = []
    for name, scale in (("likelihood", scheme.likelihood), ("impact", scheme.impact)):
        if name not in value:
            continue
        try:
            scale.resolve(value[name])
        except ScaleError as error:
            out.append((name, str(error)))
    return out


def warn_within(register: Register) -> dates.Duration:
    return safe_duration(register.setting("review", "warn_within")) or DEFAULT_WARN


def review_cycle(item: Item) -> dates.Duration | None:
    review = item.data.get("review")
    own = review.get("every") if isinstance(review, dict) else None
    if own is not None:
        return safe_duration(own)
    if item.kind == "risk":
        return safe_duration(item.register.setting("review", "every"))
    return None


def is_live(item: Item) -> bool:
    """Open risks and active policies are the ones whose reviews must be kept up."""
    status = item.data.get("status")
    return status == "open" if item.kind == "risk" else status == "active"


@dataclass(frozen=True)
class ReviewState:
    last: dates.Day | None
    every: dates.Duration | None
    next: dates.Day | None  # stated, or last + every
    stated_next: bool
    state: ReviewStateName

    def to_json(self) -> dict[str, Any]:
        return {
            "last": self.last.iso() if self.last else None,
            "next": self.next.iso() if self.next else None,
            "state": self.state,
        }


def review_state(item: Item, today: dt.date) -> ReviewState:
    review = item.data.get("review")
    review = review if isinstance(review, dict) else {}
    last = safe_date(review.get("last"))
    every = review_cycle(item)
    stated = safe_date(review.get("next")) if "next" in review else None
    upcoming = stated or (dates.add(last, every) if last and every else None)
    state: ReviewStateName = "ok"
    if upcoming is not None and is_live(item):
        if today > upcoming.due_by:
            state = "overdue"
        elif today >= dates.subtract(upcoming.due_by, warn_within(item.register)):
            state = "due-soon"
    return ReviewState(last, every, upcoming, stated is not None, state)


def appetite_limit(item: Item) -> Limit | None:
    """The register's appetite for this item's category (SPEC §8), with how it is named."""
    appetite = item.register.appetite
    return appetite.for_category(item.data.get("category")) if appetite is not None else None


def appetite(item: Item) -> int | None:
    """The highest residual score the register accepts for this item's category."""
    limit = appetite_limit(item)
    return limit.score if limit is not None else None


@dataclass(frozen=True)
class Facts:
    """Everything about an item on a given day that riskctl reports or checks."""

    review: ReviewState
    live: bool
    appetite: int | None
    above_appetite: bool  # open, and residual above appetite
    open_actions: tuple[int, ...]  # indexes of open actions
    overdue_actions: tuple[tuple[int, dates.Day], ...]  # (index, due) of open actions past their date
    acceptance_until: dates.Day | None
    acceptance_expired: bool
    target_by: dates.Day | None
    target_missed: bool  # target date passed with the residual still above the target


@functools.lru_cache(maxsize=65536)
def facts(item: Item, today: dt.date) -> Facts:
    live = is_live(item)
    actions = [a if isinstance(a, dict) else {} for a in item.data.get("actions") or []]
    open_actions = tuple(i for i, action in enumerate(actions) if action.get("status") == "open")
    overdue = []
    for index in open_actions:
        due = safe_date(actions[index].get("due"))
        if due is not None and due.due_by < today:
            overdue.append((index, due))
    acceptance = item.data.get("acceptance")
    until = safe_date(acceptance.get("until")) if isinstance(acceptance, dict) else None
    target = item.data.get("target")
    by = safe_date(target.get("by")) if isinstance(target, dict) else None
    limit = appetite(item)
    residual, goal = item.residual, item.target
    above = (
        item.kind == "risk"
        and item.data.get("status") == "open"
        and residual is not None
        and limit is not None
        and residual.score > limit
    )
    return Facts(
        review=review_state(item, today),
        live=live,
        appetite=limit,
        above_appetite=above,
        open_actions=open_actions,
        overdue_actions=tuple(overdue),
        acceptance_until=until,
        acceptance_expired=bool(live and until and until.due_by < today),
        target_by=by,
        target_missed=bool(live and by and residual and goal and by.due_by < today and residual.score > goal.score),
    )


@functools.lru_cache(maxsize=32768)
def fields(item: Item, derived: bool = True) -> dict[str, Any]:
    """Dotted fields of an item, likelihood and impact as integer scores, plus scores and ratings
    (as ``facts`` worked them out on the item's own register); ``derived=False`` gives the
    file's own values only, for comparing versions when a register could not score one."""
    flat: dict[str, Any] = {}
    pending: list[tuple[str, Any]] = [(str(key), value) for key, value in item.data.items()][::-1]
    while pending:
        name, value = pending.pop()
        if isinstance(value, dict) and value:
            pending += [(f"{name}.{key}", inner) for key, inner in value.items()][::-1]
        else:
            flat[name] = value
    for part in PARTS:
        assessed = getattr(item, part) if derived else None
        if assessed is None:
            continue
        flat[f"{part}.likelihood"] = assessed.likelihood.score
        flat[f"{part}.impact"] = assessed.impact.score
        flat[f"{part}.score"] = assessed.score
        if part != "target":
            flat[f"{part}.rating"] = assessed.rating_name
    return flat
