"""The columns riskctl writes and reads back: ``list`` (SPEC §6) and ``export``/``import`` (SPEC §11).

One catalogue of fields says, for every column a spreadsheet may hold, where its value
goes in a file, how a cell is read (a date, a level on a scale, a list ...) and the heading
people see. ``export`` writes these columns, ``import`` reads them, a mapping may name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

RISK_COLUMNS = [
    "register", "id", "kind", "title", "category", "owner", "status", "path",
    "inherent.likelihood", "inherent.impact", "inherent.score", "inherent.rating",
    "residual.likelihood", "residual.impact", "residual.score", "residual.rating",
    "target.likelihood", "target.impact", "target.score", "target.rating", "target.by",
    "review.last", "review.next", "review.state", "appetite", "escalation.to", "escalation.on",
]  # fmt: skip
POLICY_COLUMNS = ["register", "reference", "kind", "title", "owner", "status", "path",
                  "review.last", "review.next", "review.state"]  # fmt: skip
# What a file itself stated beside what riskctl works out: a label where the list shows the
# score, a stated total, a stated next review. Empty when the file states nothing more.
STATED_RISK = [f"{part}.stated_{name}" for part in ("inherent", "residual", "target")
               for name in ("likelihood", "impact", "score")]  # fmt: skip
EXTRA_RISK = ["description", "response", "raised", "closed", "review.every", "review.stated_next",
              "review.history", "controls", "actions", "policies", "acceptance", "escalation.note", "tags",
              *STATED_RISK]  # fmt: skip
EXTRA_POLICY = ["applies_to", "classification", "summary", "review.every", "review.stated_next", "review.history",
                "mandatory", "risk_rating", "legislation", "sources", "related", "procedures",
                "equality_impact_assessment", "consultation", "changes", "tags"]  # fmt: skip
EXPORT_RISK = RISK_COLUMNS + EXTRA_RISK
EXPORT_POLICY = POLICY_COLUMNS + EXTRA_POLICY
# What riskctl works out, or where a row came from: export writes them, import passes them by.
DERIVED = frozenset(
    ["register", "kind", "path", "review.next", "review.state", "appetite"]
    + [f"{part}.{name}" for part in ("inherent", "residual", "target") for name in ("score", "rating")]
)
# The columns of an empty workbook (export --template): what people fill in.
TEMPLATE_RISK = ["id", "title", "description", "category", "owner", "status", "response", "raised",
                 "inherent.likelihood", "inherent.impact", "residual.likelihood", "residual.impact",
                 "target.likelihood", "target.impact", "target.by", "controls", "review.last", "review.every",
                 "policies", "tags"]  # fmt: skip
TEMPLATE_POLICY = ["reference", "title", "owner", "status", "applies_to", "classification", "summary",
                   "review.last", "review.every", "mandatory", "legislation", "related", "tags"]  # fmt: skip
# Text a spreadsheet would run as a formula starts with one of these; export puts an apostrophe first.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Cell(StrEnum):
    """How a cell is read into a value."""

    id = "id"  # an id or reference
    line = "line"  # one line of text
    text = "text"  # free text, line breaks kept
    owner = "owner"  # one name, or a list of them
    choice = "choice"  # one of a few words (status, response)
    level = "level"  # a score or label on the register's scale
    score = "score"  # a whole number
    date = "date"
    duration = "duration"
    list = "list"  # a list of text items
    controls = "controls"  # a list of controls (descriptions, or their full form)
    structure = "structure"  # a mapping or list of mappings (JSON in a cell)
    flag = "flag"  # yes or no


@dataclass(frozen=True)
class Field:
    """One column a spreadsheet may hold: where it goes in the file and how its cells read."""

    name: str  # the column name: residual.likelihood
    path: tuple[str, ...]  # where the value goes: ("residual", "likelihood")
    cell: Cell
    choices: tuple[str, ...] = ()


def _fields(*specs: tuple[str, Cell] | tuple[str, Cell, tuple[str, ...]]) -> dict[str, Field]:
    out = {}
    for spec in specs:
        name, cell = spec[0], spec[1]
        choices = spec[2] if len(spec) > 2 else ()
        path = tuple(name.replace("stated_", "").split("."))
        out[name] = Field(name, path, cell, choices)
    return out


_LEVELS = tuple(
    (f"{part}.{prefix}{name}", Cell.level)
    for part in ("inherent", "residual", "target")
    for prefix in ("", "stated_")
    for name in ("likelihood", "impact")
)
_SCORES = tuple(
    (f"{part}.{name}", Cell.score) for part in ("inherent", "residual", "target") for name in ("score", "stated_score")
)
RISK_FIELDS: dict[str, Field] = _fields(
    ("id", Cell.id),
    ("title", Cell.line),
    ("description", Cell.text),
    ("category", Cell.line),
    ("owner", Cell.owner),
    ("status", Cell.choice, ("open", "closed")),
    ("response", Cell.choice, ("treat", "tolerate", "transfer", "terminate", "take")),
    ("raised", Cell.date),
    ("closed", Cell.date),
    *_LEVELS,
    *_SCORES,
    ("target.by", Cell.date),
    ("controls", Cell.controls),
    ("actions", Cell.structure),
    ("review.last", Cell.date),
    ("review.every", Cell.duration),
    ("review.next", Cell.date),
    ("review.stated_next", Cell.date),
    ("review.history", Cell.structure),
    ("policies", Cell.list),
    ("tags", Cell.list),
    ("acceptance", Cell.structure),
    ("acceptance.by", Cell.line),
    ("acceptance.on", Cell.date),
    ("acceptance.until", Cell.date),
    ("acceptance.rationale", Cell.text),
    ("escalation", Cell.structure),
    ("escalation.to", Cell.line),
    ("escalation.on", Cell.date),
    ("escalation.note", Cell.text),
)
POLICY_FIELDS: dict[str, Field] = _fields(
    ("reference", Cell.id),
    ("title", Cell.line),
    ("owner", Cell.owner),
    ("status", Cell.choice, ("draft", "active", "retired")),
    ("applies_to", Cell.list),
    ("classification", Cell.line),
    ("summary", Cell.text),
    ("review.last", Cell.date),
    ("review.every", Cell.duration),
    ("review.next", Cell.date),
    ("review.stated_next", Cell.date),
    ("review.history", Cell.structure),
    ("mandatory", Cell.flag),
    ("risk_rating", Cell.line),
    ("legislation", Cell.list),
    ("sources", Cell.list),
    ("related", Cell.list),
    ("procedures", Cell.list),
    ("equality_impact_assessment", Cell.structure),
    ("consultation", Cell.list),
    ("changes", Cell.structure),
    ("tags", Cell.list),
)
ACTION_FIELDS: dict[str, Field] = _fields(
    ("description", Cell.text), ("owner", Cell.owner), ("due", Cell.date), ("status", Cell.choice, ("open", "done"))
)
# Names a mapping may give (a stated score is `inherent.score` there; the stated_ columns are export's).
MAPPING_RISK_FIELDS = sorted(name for name in RISK_FIELDS if "stated_" not in name and name != "actions")

_HEADINGS = {
    "id": "ID", "reference": "Reference", "path": "File", "target.by": "Target date", "review.last": "Last review",
    "review.next": "Next review", "review.state": "Review state", "review.every": "Review cycle",
    "review.stated_next": "Next review (as stated)", "review.history": "Review history", "applies_to": "Applies to",
    "related": "Related policies", "risk_rating": "Policy risk rating", "mandatory": "Mandatory",
    "equality_impact_assessment": "Equality impact assessment", "changes": "Summary of changes",
}  # fmt: skip


def heading(name: str) -> str:
    """The heading people read for a column: ``residual.likelihood`` -> ``Residual likelihood``."""
    if name in _HEADINGS:
        return _HEADINGS[name]
    part, _, rest = name.partition(".")
    if rest.startswith("stated_"):
        return f"{part.capitalize()} {rest[len('stated_') :]} (as stated)"
    return f"{part} {rest}".strip().replace("_", " ").capitalize()
