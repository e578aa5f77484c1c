"""RC2xx: scores that are off the register's scales or do not add up."""

from __future__ import annotations

from collections.abc import Iterator

from riskctl.model.facts import PARTS, scale_errors
from riskctl.model.records import Item, Severity
from riskctl.rules.base import Context, Hit, rule


@rule("RC201", "off-scale", Severity.ERROR, "likelihood / impact not on the register's scales")
def rc201(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that every likelihood and impact (inherent, residual and target) is a
    score or a label on the register's own scales (scoring.likelihood / scoring.impact).
    Labels match case-insensitively.

    Why it matters: a 5 on a 4x4 register, or a misspelt label, gives a score the
    matrix cannot show and a rating nobody agreed.

    Example that fires (on a 4x4 register):

        residual: {likelihood: 5, impact: Major}

    How to fix: use one of the scores or labels the message lists.
    """
    scheme = item.register.scheme
    if scheme is None:
        return
    for part in PARTS:
        value = item.data.get(part)
        if isinstance(value, dict):
            for field, message in scale_errors(scheme, value):
                yield Hit((part, field), f"{part}.{field}: {message}")


@rule("RC202", "residual-above-inherent", Severity.ERROR, "residual score > inherent score")
def rc202(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that the residual score (after controls) is not higher than the
    inherent score (before controls).

    Why it matters: controls cannot make a risk worse; a higher residual score usually
    means the two assessments were swapped or one was not updated.

    Example that fires: inherent 2 x 3 = 6, residual 3 x 3 = 9.

    How to fix: check which assessment is current and correct the other.
    """
    inherent, residual = item.inherent, item.residual
    if inherent and residual and residual.score > inherent.score:
        yield Hit(
            ("residual",),
            f"residual score {residual.score} is higher than inherent score {inherent.score}; "
            "expected controls to lower the score or leave it equal",
        )


@rule("RC203", "target-above-residual", Severity.WARNING, "target score > residual score")
def rc203(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that the target score is not above the current residual score.

    Why it matters: a target is where the risk should get to; a target above today's
    score is no target.

    Example that fires: residual 2 x 2 = 4, target 3 x 2 = 6.

    How to fix: lower the target, or remove it if the risk is already where it should be.
    """
    residual, target = item.residual, item.target
    if residual and target and target.score > residual.score:
        yield Hit(("target",), f"target score {target.score} is above the residual score {residual.score}")


@rule("RC204", "above-appetite-no-action", Severity.WARNING, "open risk above appetite with no open action")
def rc204(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that an open risk whose residual score is above the register's
    `appetite` has at least one open action.

    Why it matters: above appetite means the organisation has said it will not accept
    the risk as it stands; with no open action nothing is being done about it.

    Example that fires (appetite 8): an open risk with residual 3 x 3 = 9 and no
    `actions`, or only actions with `status: done`.

    How to fix: add an action with an owner and a due date, or record a formal
    `acceptance` and lower the response to `tolerate`.
    """
    found = ctx.facts(item)
    if not found.above_appetite or found.open_actions:
        return
    assert item.residual is not None
    yield Hit(
        ("residual",),
        f"residual score {item.residual.score} is above the register's appetite of {found.appetite} "
        "and the risk has no open action; expected at least one open action",
    )


@rule("RC205", "score-mismatch", Severity.ERROR, "a stated score differs from the computed one")
def rc205(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: where a file states `score:` inside inherent, residual or target,
    that it equals the score computed from likelihood and impact on the register's
    matrix.

    Why it matters: registers imported from documents carry totals; when a likelihood
    is changed and the total is not, the two disagree and readers trust the wrong one.

    Example that fires (product scoring):

        residual: {likelihood: 2, impact: 3, score: 9}

    How to fix: correct the score, or delete it and let riskctl compute it.
    """
    for part in PARTS:
        value = item.data.get(part)
        computed = getattr(item, part)
        if not isinstance(value, dict) or "score" not in value or computed is None:
            continue
        if value["score"] != computed.score:
            yield Hit(
                (part, "score"),
                f"{part}.score is {value['score']} but {computed.likelihood.score} x {computed.impact.score} "
                f"scores {computed.score} on this register's matrix; expected {computed.score}",
            )


RULES = (rc201, rc202, rc203, rc204, rc205)
