"""RC5xx: what a change does to the register, against a base revision (``check --base REV``)."""

from __future__ import annotations

from collections.abc import Iterator

from riskctl.model.facts import fields, safe_date
from riskctl.model.records import Item, Severity
from riskctl.rules.base import Context, Hit, documented, rule

RC501 = documented(
    "RC501",
    "item-deleted",
    Severity.ERROR,
    "a risk or policy file was removed instead of closed or retired",
    """
    What it checks (with `--base REV`): that no risk or policy present at the base
    revision has disappeared from the working tree.

    Why it matters: a register is a record. A risk that no longer applies is closed
    (`status: closed`, with a `closed` date), a policy is retired; deleting the file makes
    the register look as if the risk never existed. Git keeps the old file, but reports,
    exports and auditors reading the current register do not.

    Example that fires: `git rm registers/cambs/risks/R2.5.yaml` in a pull request.

    How to fix: restore the file and set `status: closed` (or `retired`). Disposal after
    the retention period (RC601) is the exception: suppress the finding for that change.
    """,
)


def _base(item: Item, ctx: Context) -> dict[str, object] | None:
    if ctx.base is None:
        return None
    version = ctx.base.get(item.key)
    return fields(version) if version is not None else None


@rule(
    "RC502",
    "score-lowered-without-change",
    Severity.WARNING,
    "residual lowered with no change to controls, actions or review",
)
def rc502(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks (with `--base REV`): when a risk's residual score goes down, that the
    same change also changes its controls, its actions or its review.

    Why it matters: a lower score should rest on something: a new control, a completed
    action, or at least a recorded review. A score lowered on its own is the change a
    reviewer most needs to question.

    Example that fires: residual likelihood 3 -> 2 in a pull request that touches
    nothing else in the file.

    How to fix: record why: add or update the control or action, or record the review
    (`riskctl review ID --residual L,I --note ...`).
    """
    old = _base(item, ctx)
    if old is None:
        return
    new = fields(item)
    before, after = old.get("residual.score"), new.get("residual.score")
    if not (isinstance(before, int) and isinstance(after, int) and after < before):
        return
    touched = any(
        old.get(name) != new.get(name) for name in {*old, *new} if name.startswith(("controls", "actions", "review"))
    )
    if not touched:
        yield Hit(
            ("residual",),
            f"residual score lowered from {before} to {after} with no change to controls, actions or review; "
            "expected the change that justifies it",
        )


@rule("RC503", "id-reused", Severity.ERROR, "an id now names a different risk (title and category both changed)")
def rc503(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks (with `--base REV`): that an id keeps naming the same risk: a change
    that alters both the title and the category of an existing id is taken to reuse it
    for a different risk.

    Why it matters: the audit trail follows ids; reusing one splices two risks' histories
    together.

    Example that fires: R3.3 was "Benefits of collaboration not achieved" in "Resourcing"
    and is now "Cyber attack on force systems" in "Information".

    How to fix: close the old risk and give the new one the next free id.
    """
    old = _base(item, ctx)
    if old is None:
        return
    if old.get("title") != item.data.get("title") and old.get("category") != item.data.get("category"):
        yield Hit(
            ("id",),
            f"'{item.id}' was '{old.get('title')}' ({old.get('category')}) at the base revision and now names "
            f"'{item.data.get('title')}'; expected a new id for a different risk",
        )


@rule("RC504", "review-moved-back", Severity.ERROR, "review.last moved earlier")
def rc504(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks (with `--base REV`): that `review.last` does not move to an earlier
    date than it had at the base revision.

    Why it matters: a review cannot be undone; an earlier date usually means a copy and
    paste from another file or a typing slip that will show as a false overdue review.

    Example that fires: `review.last` 2026-10-15 -> 2025-10-15.

    How to fix: restore the later date, or explain the correction in the commit.
    """
    old = _base(item, ctx)
    if old is None:
        return
    before, after = safe_date(old.get("review.last")), safe_date((item.data.get("review") or {}).get("last"))
    if before and after and after.date < before.date:
        yield Hit(
            ("review", "last"), f"review.last moved back from {before} to {after}; expected a date on or after {before}"
        )


@rule(
    "RC505", "escalation-removed", Severity.WARNING, "an escalation was removed while the risk is still above the line"
)
def rc505(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks (with `--base REV`): that a change does not remove a risk's
    `escalation` while its residual score is still above its register's
    `escalation.above`.

    Why it matters: removing the escalation takes the risk off the register above
    without anything having changed: the higher board stops seeing a risk that still
    needs it.

    Example that fires (escalation line 12): a pull request that deletes
    `escalation: {to: cambs:R4.2, on: 2026-03-01}` from a risk whose residual is 16.

    How to fix: keep the escalation until the residual score is at or below the line,
    or lower the score in the same change with the control or action that justifies it.
    """
    old = _base(item, ctx)
    line = item.register.escalation_above
    if old is None or line is None or item.residual is None or item.data.get("status") != "open":
        return
    had = old.get("escalation.to") is not None
    if had and not isinstance(item.data.get("escalation"), dict) and item.residual.score > line:
        yield Hit(
            ("residual",),
            f"the escalation to '{old.get('escalation.to')}' was removed, but the residual score {item.residual.score} "
            f"is still above the register's escalation line of {line}; expected the escalation to stay",
        )


RULES = (RC501, rc502, rc503, rc504, rc505)
