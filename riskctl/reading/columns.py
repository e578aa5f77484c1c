"""The columns riskctl writes and reads back: ``list`` (SPEC §6) and ``export``/``import`` (SPEC §11)."""

from __future__ import annotations

RISK_COLUMNS = [
    "register", "id", "kind", "title", "category", "owner", "status", "path",
    "inherent.likelihood", "inherent.impact", "inherent.score", "inherent.rating",
    "residual.likelihood", "residual.impact", "residual.score", "residual.rating",
    "target.likelihood", "target.impact", "target.score", "target.rating", "target.by",
    "review.last", "review.next", "review.state",
]  # fmt: skip
POLICY_COLUMNS = ["register", "reference", "kind", "title", "owner", "status", "path",
                  "review.last", "review.next", "review.state"]  # fmt: skip
EXTRA_RISK = ["description", "response", "raised", "closed", "review.every", "review.stated_next",
              "controls", "actions", "policies", "acceptance", "tags"]  # fmt: skip
EXTRA_POLICY = ["applies_to", "classification", "summary", "review.every", "review.stated_next", "mandatory",
                "risk_rating", "legislation", "sources", "related", "procedures", "tags"]  # fmt: skip
EXPORT_RISK = RISK_COLUMNS + EXTRA_RISK
EXPORT_POLICY = POLICY_COLUMNS + EXTRA_POLICY
# Text a spreadsheet would run as a formula starts with one of these; export puts an apostrophe first.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
