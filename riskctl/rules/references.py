"""RC4xx: references to policies that no register holds."""

from __future__ import annotations

from collections.abc import Iterator

from riskctl.model.records import Item, JSONPath, Severity
from riskctl.rules.base import Context, Hit, rule


@rule("RC401", "unknown-reference", Severity.ERROR, "a reference names a policy no register holds")
def rc401(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that every policy a risk names (`policies`, `controls[].policy`) and
    every policy a policy names in `related` exists in some register of the workspace.
    A reference may be qualified with the register id: `essex-kent:O28`.

    Why it matters: a control resting on a policy that was renamed or retired is a
    control on paper only.

    Example that fires: `policies: [O29]` where no register holds policies/O29.yaml.

    How to fix: correct the reference, or add the policy to a register.
    """
    for path, ref in policy_references(item):
        if str(ref) not in ctx.policy_refs:
            yield Hit(path, f"the policy '{ref}' is not in any register; expected the reference of an existing policy")


def policy_references(item: Item) -> list[tuple[JSONPath, object]]:
    """Where a valid item names a policy, and the reference it gives."""
    places: list[tuple[JSONPath, object]] = []
    if item.kind == "risk":
        places += [(("policies", i), ref) for i, ref in enumerate(item.data.get("policies") or [])]
        for i, control in enumerate(item.data.get("controls") or []):
            if "policy" in control:
                places.append((("controls", i, "policy"), control["policy"]))
    else:
        places += [(("related", i), ref) for i, ref in enumerate(item.data.get("related") or [])]
    return places


RULES = (rc401,)
