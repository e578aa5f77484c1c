"""The rule catalogue: an explicit registry, in code order. Codes are never reused.

Rules read the records of ``riskctl.model`` and nothing else: they import only ``model``.
"""

from __future__ import annotations

from riskctl.rules import changes, hierarchy, references, retention, reviews, scores, structure
from riskctl.rules.base import Context, Hit, Rule

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        *structure.RULES,
        *scores.RULES,
        *reviews.RULES,
        *references.RULES,
        *hierarchy.RULES,
        *changes.RULES,
        *retention.RULES,
    )
}

__all__ = ["RULES", "Context", "Hit", "Rule"]
