"""What riskctl works out from an item: scores, ratings and review state.

Pure functions over loaded items; rules, listings and reports all read from here,
so a score is computed the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from riskctl import dates
from riskctl.scoring import Assessment, ScaleError, Scheme
from riskctl.workspace import Item, Register

Part = Literal["inherent", "residual", "target"]
ReviewStateName = Literal["ok", "due-soon", "overdue"]
DEFAULT_WARN = dates.Duration(days=30)


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


def assessment(item: Item, part: Part) -> Assessment | None:
    """The scored assessment, or None when missing, malformed or off the scale."""
    key = ("assessment", part)
    if key not in item.derived:
        item.derived[key] = _assessment(item, part)
    result: Assessment | None = item.derived[key]
    return result


def _assessment(item: Item, part: Part) -> Assessment | None:
    scheme = item.register.scheme
    value = item.data.get(part)
    if scheme is None or not isinstance(value, dict):
        return None
    try:
        return scheme.assess(value.get("likelihood"), value.get("impact"))
    except ScaleError:
        return None


def scale_errors(scheme: Scheme, value: dict[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for each of likelihood / impact not on the scale."""
    out = []
    for field, scale in (("likelihood", scheme.likelihood), ("impact", scheme.impact)):
        if field not in value:
            continue
        try:
            scale.resolve(value[field])
        except ScaleError as error:
            out.append((field, str(error)))
    return out


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


def warn_within(register: Register) -> dates.Duration:
    review = register.file.data.get("review")
    value = review.get("warn_within") if isinstance(review, dict) else None
    return safe_duration(value) or DEFAULT_WARN


def review_cycle(item: Item) -> dates.Duration | None:
    review = item.data.get("review")
    own = review.get("every") if isinstance(review, dict) else None
    if own is not None:
        return safe_duration(own)
    if item.kind == "risk":
        defaults = item.register.file.data.get("review")
        if isinstance(defaults, dict):
            return safe_duration(defaults.get("every"))
    return None


def is_live(item: Item) -> bool:
    """Open risks and active policies are the ones whose reviews must be kept up."""
    status = item.data.get("status")
    return status == "open" if item.kind == "risk" else status == "active"


def review_state(item: Item, today: dt.date) -> ReviewState:
    key = ("review", today)
    if key not in item.derived:
        item.derived[key] = _review_state(item, today)
    result: ReviewState = item.derived[key]
    return result


def _review_state(item: Item, today: dt.date) -> ReviewState:
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


def owners(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []
