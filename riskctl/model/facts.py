"""What riskctl works out about an item: scores, ratings, review state, appetite, overdue
actions, lapsed acceptances, missed targets, closure, and what its owners must do by when;
and the protective marking of a set of registers.

Computed here and nowhere else: rules, ``list``, ``show``, ``matrix``, reports, ``diff``,
``history`` and ``due`` all read these records, so a report cannot disagree with ``check``.
Scores depend only on the item and its register's scheme and are worked out once, when an
item is built (``assess_parts``); the rest depends on the day too (``facts``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

from riskctl.model import dates
from riskctl.model.records import Item, Register
from riskctl.model.scoring import Assessment, Limit, ScaleError, Scheme

Part = Literal["inherent", "residual", "target"]
PARTS: tuple[Part, ...] = ("inherent", "residual", "target")
ReviewStateName = Literal["ok", "due-soon", "overdue"]
DueState = Literal["overdue", "due-soon"]
ObligationKind = Literal["review", "action", "acceptance", "target"]
DEFAULT_WARN = dates.Duration(days=30)
# A code-host handle: @user, or @org/team (GitLab nests groups: @group/subgroup/team).
HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*")


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


def is_handle(value: object) -> bool:
    """``@user`` or ``@org/team``: what GitHub and GitLab accept as an owner in CODEOWNERS and as a mention."""
    return isinstance(value, str) and HANDLE.fullmatch(value) is not None


def handles_of(register: Register, owner: str) -> list[str]:
    """The handles ``owners_map`` lists for ``owner`` (as written, valid or not); the name is
    matched exactly first, then ignoring case."""
    mapping = register.setting("owners_map")
    if not isinstance(mapping, dict):
        return []
    found = mapping.get(owner)
    if found is None:
        folded = owner.casefold()
        found = next((value for key, value in mapping.items() if str(key).casefold() == folded), None)
    return [str(value) for value in found] if isinstance(found, list) else []


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


class ReviewState(NamedTuple):
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


def due_state(due: dates.Day, today: dt.date, within: dates.Duration) -> DueState | None:
    """``overdue`` once the day ``due`` covers has passed (a month-precision date: the month's
    last day), ``due-soon`` from ``within`` before it, otherwise None."""
    if today > due.due_by:
        return "overdue"
    if today >= dates.subtract(due.due_by, within):
        return "due-soon"
    return None


def review_state(item: Item, today: dt.date) -> ReviewState:
    review = item.data.get("review")
    review = review if isinstance(review, dict) else {}
    last = safe_date(review.get("last"))
    every = review_cycle(item)
    stated = safe_date(review.get("next")) if "next" in review else None
    upcoming = stated or (dates.add(last, every) if last and every else None)
    state: ReviewStateName = "ok"
    if upcoming is not None and is_live(item):
        state = due_state(upcoming, today, warn_within(item.register)) or "ok"
    return ReviewState(last, every, upcoming, stated is not None, state)


def appetite_limit(item: Item) -> Limit | None:
    """The register's appetite for this item's category (SPEC §8), with how it is named."""
    appetite = item.register.appetite
    return appetite.for_category(item.data.get("category")) if appetite is not None else None


def appetite(item: Item) -> int | None:
    """The highest residual score the register accepts for this item's category."""
    limit = appetite_limit(item)
    return limit.score if limit is not None else None


class Obligation(NamedTuple):
    """Something owners must do by a date: review the item, finish an action, renew (or end) an
    acceptance, bring the risk down to its target. An action is its own owner's to do; the
    rest fall to the item's owners, every one of them where it is jointly owned."""

    what: ObligationKind
    place: int  # the action's place in ``actions`` (0-based); 0 for the others
    due: dates.Day
    owners: tuple[str, ...]


def _obligations(
    item: Item,
    review: ReviewState,
    actions: list[dict[str, Any]],
    open_actions: tuple[int, ...],
    until: dates.Day | None,
    by: dates.Day | None,
) -> tuple[Obligation, ...]:
    """Every dated obligation of a live item, in the order of its file; none for a closed risk,
    or a draft or retired policy (``check`` speaks of their leftovers: RC306)."""
    if not is_live(item):
        return ()
    owned = tuple(dict.fromkeys(owners(item.data.get("owner"))))
    out = []
    if review.next is not None:
        out.append(Obligation("review", 0, review.next, owned))
    for index in open_actions:
        due = safe_date(actions[index].get("due"))
        if due is not None:
            doers = tuple(dict.fromkeys(owners(actions[index].get("owner")))) or owned
            out.append(Obligation("action", index, due, doers))
    if until is not None:
        out.append(Obligation("acceptance", 0, until, owned))
    residual, goal = item.residual, item.target
    reached = residual is not None and goal is not None and residual.score <= goal.score
    if by is not None and not reached:
        out.append(Obligation("target", 0, by, owned))
    return tuple(out)


class Facts(NamedTuple):
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
    obligations: tuple[Obligation, ...]  # every dated one, whether due soon or not (see ``due``)
    closed_on: dates.Day | None  # a closed risk's ``closed`` date
    closed_undated: bool  # a closed risk with no readable ``closed`` date


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
    review = review_state(item, today)
    closed = item.kind == "risk" and item.data.get("status") == "closed"
    closed_on = safe_date(item.data.get("closed")) if closed else None
    above = (
        item.kind == "risk"
        and item.data.get("status") == "open"
        and residual is not None
        and limit is not None
        and residual.score > limit
    )
    return Facts(
        review=review,
        live=live,
        appetite=limit,
        above_appetite=above,
        open_actions=open_actions,
        overdue_actions=tuple(overdue),
        acceptance_until=until,
        acceptance_expired=bool(live and until and until.due_by < today),
        target_by=by,
        target_missed=bool(live and by and residual and goal and by.due_by < today and residual.score > goal.score),
        obligations=_obligations(item, review, actions, open_actions, until, by),
        closed_on=closed_on,
        closed_undated=closed and closed_on is None,
    )


def due(item: Item, today: dt.date, within: dates.Duration | None = None) -> list[tuple[Obligation, DueState]]:
    """The item's obligations that are overdue or fall due within ``within`` of ``today``
    (default: its register's ``review.warn_within``, as ``check`` warns), with which it is."""
    window = warn_within(item.register) if within is None else within
    found = []
    for obligation in facts(item, today).obligations:
        state = due_state(obligation.due, today, window)
        if state is not None:
            found.append((obligation, state))
    return found


# -- protective marking -----------------------------------------------------------------

# The UK Government Security Classifications, lowest first. A marking may carry a
# descriptor or caveat after its tier ("OFFICIAL-SENSITIVE PERSONAL", "SECRET UK EYES
# ONLY"): it ranks as its tier and is kept as written. "Not protectively marked" (the
# older scheme's word for no marking, which policies use) ranks below OFFICIAL.
TIERS: tuple[tuple[str, ...], ...] = (
    ("NOT PROTECTIVELY MARKED", "UNCLASSIFIED"),
    ("OFFICIAL",),
    ("OFFICIAL-SENSITIVE", "OFFICIAL SENSITIVE"),
    ("SECRET",),
    ("TOP SECRET",),
)


def marking_tier(marking: str) -> int | None:
    """The tier of a marking (0 for none, 1 OFFICIAL .. 4 TOP SECRET); None for other text."""
    words = " ".join(marking.upper().split())
    for tier in range(len(TIERS) - 1, -1, -1):  # highest first: "OFFICIAL-SENSITIVE" before "OFFICIAL"
        if any(re.fullmatch(re.escape(name) + r"(?:\b.*)?", words) for name in TIERS[tier]):
            return tier
    return None


def register_marking(register: Register) -> str | None:
    value = register.data.get("classification")
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def combined_marking(markings: Iterable[str | None]) -> str | None:
    """The marking a document holding several registers carries: the highest tier among
    them (each distinct marking of that tier, as written). Text riskctl cannot rank (a
    local marking such as "Commercial in confidence") is never dropped or guessed at: it
    follows the highest tier, joined with " / ", so the reader sees every marking there is."""
    distinct = list(dict.fromkeys(m for m in markings if m))
    ranked = [(marking_tier(m), m) for m in distinct]
    known = [tier for tier, _ in ranked if tier is not None]
    top = max(known) if known else None
    chosen = [m for tier, m in ranked if tier is not None and tier == top]
    chosen += [m for tier, m in ranked if tier is None]
    return " / ".join(chosen) or None


def _flatten(prefix: str, mapping: dict[Any, Any], flat: dict[str, Any]) -> None:
    """``mapping``'s leaves into ``flat`` as ``prefix.key`` (an empty mapping is a leaf), in order;
    a loop over a stack of open mappings, not recursion, so no depth of nesting can stop it."""
    stack = [(prefix, iter(mapping.items()))]
    while stack:
        name, items = stack[-1]
        for key, value in items:
            full = f"{name}.{key}"
            if isinstance(value, dict) and value:
                stack.append((full, iter(value.items())))
                break
            flat[full] = value
        else:
            stack.pop()


@functools.lru_cache(maxsize=32768)
def fields(item: Item, derived: bool = True) -> dict[str, Any]:
    """Dotted fields of an item, likelihood and impact as integer scores, plus scores and ratings
    (as ``facts`` worked them out on the item's own register); ``derived=False`` gives the
    file's own values only, for comparing versions when a register could not score one."""
    flat: dict[str, Any] = {}
    for key, value in item.data.items():
        if isinstance(value, dict) and value:
            _flatten(str(key), value, flat)
        else:
            flat[str(key)] = value
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
