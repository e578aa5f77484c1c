"""RC402-RC405: the organisation of registers: escalation up the hierarchy, parents, register ids (SPEC §8)."""

from __future__ import annotations

from collections.abc import Iterator

from riskctl.model.records import Item, Register, Severity
from riskctl.rules.base import Context, Hit, register_rule, rule


def _escalation_to(item: Item) -> str | None:
    escalation = item.data.get("escalation")
    target = escalation.get("to") if isinstance(escalation, dict) else None
    return target if isinstance(target, str) else None


@rule("RC402", "escalation-missing", Severity.WARNING, "open risk above its register's escalation line, not escalated")
def rc402(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that an open risk whose residual score is above its register's
    `escalation.above` names, in `escalation.to`, the risk in an ancestor register that
    carries it.

    Why it matters: risks above the line belong on the register above (a department's
    risk on the directorate's, a directorate's on the force's strategic register); the
    board that owns the higher register cannot act on a risk it never sees.

    Example that fires (the register says `escalation: {above: 12}`): an open risk with
    residual 4 x 4 = 16 and no `escalation`.

    How to fix: add `escalation: {to: REGISTER:ID, on: DATE}` naming the risk that carries
    it in an ancestor register (add that risk there first), or bring the residual score down.
    """
    line = item.register.escalation_above
    if item.kind != "risk" or line is None or item.data.get("status") != "open" or item.residual is None:
        return
    if item.register.parent is None:  # nowhere to escalate to: RC404 says so on register.yaml
        return
    if item.residual.score > line and _escalation_to(item) is None:
        yield Hit(
            ("residual",),
            f"residual score {item.residual.score} is above the register's escalation line of {line} and the risk "
            "is not escalated; expected escalation.to naming the risk in an ancestor register that carries it",
        )


@rule(
    "RC403",
    "escalation-target",
    Severity.ERROR,
    "escalation.to names no risk, a closed one, or one outside the ancestors",
)
def rc403(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that `escalation.to` names an open risk, by its qualified id
    (`REGISTER:ID`), in a register above this one: its parent, its parent's parent, and so on.

    Why it matters: an escalation to a risk that does not exist, was closed, or sits in a
    register outside the line of reporting is an escalation nobody receives.

    Example that fires: `escalation: {to: cambs:R9.9, on: 2026-03-01}` where the
    Cambridgeshire register has no R9.9; or `to:` a risk of a sibling directorate.

    How to fix: name an open risk of an ancestor register (`riskctl list --register ID`
    lists them), or open the risk that should carry this one.
    """
    target = _escalation_to(item)
    if target is None:
        return
    organisation = ctx.workspace.organisation
    ancestors = organisation.ancestors(item.register)
    where = ("escalation", "to")
    register_id, _, risk_id = target.partition(":")
    register = organisation.get(register_id)
    if register is not None and register not in ancestors:
        yield Hit(
            where,
            f"escalation.to '{target}' is in register '{register_id}', which is not above this one; "
            f"expected a risk in an ancestor register ({_above(item.register, ancestors)})",
        )
        return
    carrier = organisation.item(target)
    if carrier is None:
        if register is None:
            found = f"names register '{register_id}', which is not in the repository"
        else:
            found = f"names no risk '{risk_id}' in register '{register_id}'"
        unread = organisation.unread_in(register) if register is not None else []
        known = f" (riskctl could not read {', '.join(unread)})" if unread else ""
        if register is None:
            known = organisation.unread_note()
        yield Hit(where, f"escalation.to '{target}' {found}{known}; expected REGISTER:ID of an open risk above")
        return
    if carrier.kind != "risk" or carrier.data.get("status") != "open":
        yield Hit(where, f"escalation.to '{target}' names a risk that is not open; expected an open risk to carry it")


def _above(register: Register, ancestors: list[Register]) -> str:
    """The registers above ``register``, in words, for a message."""
    if ancestors:
        return ", ".join(ancestor.id for ancestor in ancestors)
    if register.parent is None:
        return "none: the register has no parent"
    return f"none: its parent '{register.parent}' is not found, or leads back to it"


@register_rule(
    "RC404", "register-parent", Severity.ERROR, "parent names no register, the parents form a loop, or none is named"
)
def rc404(register: Register, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that a register's `parent` names the id of a register in the repository,
    that following parents never comes back to where it started, and that a register with
    an escalation line (`escalation.above`) has a parent to escalate to.

    Why it matters: escalation and roll-up follow the parents; a parent that is not there
    (a typo, a register renamed), a loop, or no parent at all leaves risks with nowhere to go.

    Example that fires: `parent: cambridgshire` (misspelt); two registers each naming the
    other as parent; `escalation: {above: 8}` in a register with no `parent`.

    How to fix: name the id of the register this one reports to (its `id`, or its
    directory's name when it has none); the top register has no `parent` and no
    `escalation`.
    """
    parent = register.parent
    if parent is None:
        if register.escalation_above is not None:
            yield Hit(
                ("escalation",),
                "escalation.above is set but the register has no parent, so its risks above the line have "
                "nowhere to go; expected parent naming the register this one reports to",
            )
        return
    organisation = ctx.workspace.organisation
    found = organisation.by_id.get(parent, [])
    if not found:
        import difflib

        known = sorted(organisation.by_id)
        close = difflib.get_close_matches(parent, known, n=1, cutoff=0.8)
        hint = f"; did you mean '{close[0]}'?" if close else f"; registers here: {', '.join(known)}"
        yield Hit(
            ("parent",), f"parent '{parent}' names no register in the repository{organisation.unread_note()}{hint}"
        )
    elif organisation.in_loop(register):
        yield Hit(("parent",), f"parent '{parent}' leads back to this register: the parents form a loop")


@register_rule("RC405", "register-id-duplicate", Severity.ERROR, "two registers in the repository share an id")
def rc405(register: Register, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that no two registers in the repository have the same `id` (a
    register without one takes its directory's name).

    Why it matters: qualified ids (`cambs:R1.1`), parents and escalations name registers by
    id; two registers with one id make every such name ambiguous.

    Example that fires: registers/force/register.yaml and registers/old-force/register.yaml
    both say `id: force`.

    How to fix: give each register its own `id`.
    """
    others = [other for other in ctx.workspace.organisation.by_id.get(register.id, []) if other is not register]
    if others:
        where = ", ".join(other.file.path for other in others)
        yield Hit(("id",) if "id" in register.data else (), f"the register id '{register.id}' is also used by {where}")


RULES = (rc402, rc403, rc404, rc405)
