"""RC3xx: reviews, actions, acceptances and targets whose dates have passed."""

from __future__ import annotations

from collections.abc import Iterator

from riskctl.model import dates
from riskctl.model.facts import safe_date
from riskctl.model.records import Item, Severity
from riskctl.rules.base import Context, Hit, rule


def _review_path(item: Item) -> tuple[str, ...]:
    review = item.data.get("review") or {}
    return ("review", "next") if "next" in review else ("review", "last")


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


@rule("RC301", "review-overdue", Severity.ERROR, "next review date has passed")
def rc301(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that the next review of an open risk or an active policy has not
    passed. The next review is `review.next` when stated, otherwise `review.last` plus
    `review.every` (or the register's `review.every`). A month-precision date
    (`2026-04`) is due by the end of that month.

    Why it matters: an unreviewed risk or policy is the failure auditors find first;
    this is the rule a nightly CI job runs to fail on.

    Example that fires (today 2026-11-22):

        review: {last: 2024-04, every: P2Y}     # due April 2026

    How to fix: review the item and record it: `riskctl review ID`.
    """
    state = ctx.facts(item).review
    if state.state == "overdue" and state.next:
        late = (ctx.today - state.next.due_by).days
        last = f"; last reviewed {state.last}" if state.last else ""
        yield Hit(_review_path(item), f"review overdue: the next review was due {state.next} ({_days(late)} ago){last}")


@rule("RC302", "review-due-soon", Severity.WARNING, "next review falls within warn_within")
def rc302(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: whether the next review of an open risk or active policy falls within
    the register's `review.warn_within` (default 30 days).

    Why it matters: it gives owners notice before a review goes overdue.

    Example that fires (today 2026-11-22): `review: {last: 2026-09-01, every: P3M}`,
    due 2026-12-01.

    How to fix: schedule the review; to change how early warnings start set
    `review.warn_within` in register.yaml.
    """
    state = ctx.facts(item).review
    if state.state == "due-soon" and state.next:
        left = (state.next.due_by - ctx.today).days
        yield Hit(_review_path(item), f"review due soon: the next review is due {state.next} (in {_days(left)})")


@rule("RC303", "review-beyond-cycle", Severity.WARNING, "stated next is later than last + every")
def rc303(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that a stated `review.next` is not later than `review.last` plus the
    review cycle.

    Why it matters: pushing the next review out quietly stretches the cycle the policy or
    register promises.

    Example that fires: `review: {last: 2023-11, every: P1Y, next: 2025-11}` (the cycle
    puts the next review in November 2024).

    How to fix: correct `next`, or change `every` if the cycle really changed.
    """
    state = ctx.facts(item).review
    if not (state.stated_next and state.last and state.every and state.next):
        return
    cycle = dates.add(state.last, state.every)
    if state.next.date > cycle.due_by:  # the earliest day ``next`` can mean is past the cycle
        yield Hit(
            ("review", "next"),
            f"review.next is {state.next}, later than last review {state.last} plus the cycle, {cycle}",
        )


@rule("RC304", "review-in-future", Severity.ERROR, "review.last is after today")
def rc304(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that `review.last` is not in the future.

    Why it matters: a future "last review" hides an overdue review until that date.

    Example that fires (today 2026-11-22): `review: {last: 2027-01-10}`.

    How to fix: set the date the review actually happened.
    """
    review = item.data.get("review") or {}
    last = safe_date(review.get("last"))
    if last and last.date > ctx.today:
        yield Hit(
            ("review", "last"), f"review.last is {last}, after today ({ctx.today.isoformat()}); expected a past date"
        )


@rule("RC305", "action-overdue", Severity.WARNING, "open action past its due date")
def rc305(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that no open action is past its due date.

    Why it matters: overdue actions mean the residual score is resting on work that has
    not happened.

    Example that fires (today 2026-11-22):

        actions:
          - {description: Test the fallback site, owner: Head of Estates, due: 2026-06-30, status: open}

    How to fix: finish the action and set `status: done`, or agree a new due date.
    """
    for index, due in ctx.facts(item).overdue_actions:
        late = (ctx.today - due.due_by).days
        yield Hit(("actions", index, "due"), f"action {index + 1} was due {due} ({_days(late)} ago) and is still open")


@rule("RC306", "closed-with-open-actions", Severity.WARNING, "closed risk still has open actions")
def rc306(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that a closed risk has no open actions.

    Why it matters: either the risk was closed too early or the actions were forgotten.

    Example that fires: `status: closed` with an action whose status is `open`.

    How to fix: mark the actions done, or reopen the risk.
    """
    if item.data.get("status") != "closed":
        return
    for index, action in enumerate(item.data.get("actions") or []):
        if action.get("status") == "open":
            yield Hit(("actions", index, "status"), f"the risk is closed but action {index + 1} is still open")


@rule("RC307", "acceptance-expired", Severity.ERROR, "a risk acceptance's until has passed")
def rc307(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that the formal acceptance of an open risk (`acceptance.until`) has
    not lapsed.

    Why it matters: a tolerated risk is accepted for a stated period; after it the
    acceptance must be renewed or the risk treated.

    Example that fires (today 2026-11-22): `acceptance: {by: Chief Constable, on: 2025-01-10, until: 2026-01-10}`.

    How to fix: renew the acceptance with a new `until`, or change the response.
    """
    found = ctx.facts(item)
    if found.acceptance_expired and found.acceptance_until is not None:
        by = item.data["acceptance"].get("by")
        yield Hit(
            ("acceptance", "until"),
            f"the acceptance by {by} lapsed on {found.acceptance_until}; expected it to be renewed",
        )


@rule("RC308", "target-date-passed", Severity.WARNING, "target date passed and residual still above target")
def rc308(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: for an open risk whose `target.by` date has passed, that the residual
    score has reached the target score.

    Why it matters: a missed target is a decision point: more actions, a new date, or
    acceptance.

    Example that fires (today 2026-11-22): residual 9, `target: {likelihood: 2, impact: 2, by: 2026-03-31}`.

    How to fix: set a new `by` date with the actions to reach it, or revise the target.
    """
    found = ctx.facts(item)
    if found.target_missed and item.residual and item.target:
        yield Hit(
            ("target", "by"),
            f"the target date {found.target_by} has passed and the residual score {item.residual.score} "
            f"is still above the target {item.target.score}",
        )


RULES = (rc301, rc302, rc303, rc304, rc305, rc306, rc307, rc308)
