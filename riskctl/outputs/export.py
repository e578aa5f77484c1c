"""``riskctl export``: one row per risk and per policy (the ``list`` columns and every other field),
as CSV, JSON or XLSX (``workbook``).

Export writes what import reads back: every field of every file travels, what a file
itself stated (a label, a score, a next review) in columns of its own, and a cell holds a
list as lines only where import splits the lines back into the same items, else as JSON.
Text a spreadsheet would run as a formula is written with a leading apostrophe (see
``escape.neutralise``), which import takes off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from riskctl.model.records import Item
from riskctl.model.scoring import Assessment, Scheme
from riskctl.model.workspace import Workspace
from riskctl.outputs.escape import neutralise
from riskctl.outputs.formats import ExportFormat
from riskctl.outputs.listing import flatten, natural, policy_row, risk_row
from riskctl.reading.cells import items
from riskctl.reading.columns import (
    EXPORT_POLICY,
    EXPORT_RISK,
    EXTRA_POLICY,
    EXTRA_RISK,
    STATED_RISK,
    TEMPLATE_POLICY,
    TEMPLATE_RISK,
)


def _lines(values: list[Any]) -> str | None:
    """Text items as lines, when import reads the lines back as exactly these items."""
    if not values or not all(isinstance(v, str) for v in values):
        return None
    text = "\n".join(values)
    return text if not text.startswith("[") and items(text) == values else None


def cell(value: Any, name: str = "") -> Any:
    """One spreadsheet cell: lists of text as lines where that reads back the same, else JSON."""
    if isinstance(value, list):
        if name == "owner" and len(value) == 1:
            return json.dumps(value, ensure_ascii=False)  # a list of one, as the file has it
        if all(isinstance(v, dict) and set(v) == {"description"} for v in value) and value:
            as_lines = _lines([v["description"] for v in value])
        else:
            as_lines = _lines(value)
        return as_lines if as_lines is not None else json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _stated(item: Item) -> dict[str, Any]:
    """What the file states beside what riskctl works out: a label where the list shows a score,
    a score of its own. Empty cells where it states nothing more."""
    out: dict[str, Any] = dict.fromkeys(STATED_RISK)
    assessed: dict[str, Assessment | None] = {"inherent": item.inherent, "residual": item.residual}
    assessed["target"] = item.target
    for part, assessment in assessed.items():
        value = item.data.get(part)
        if not isinstance(value, dict):
            continue
        for name in ("likelihood", "impact"):
            level = getattr(assessment, name) if assessment is not None else None
            stated = value.get(name)
            if stated is not None and not (isinstance(stated, int) and level is not None and stated == level.score):
                out[f"{part}.stated_{name}"] = stated
        out[f"{part}.stated_score"] = value.get("score")
    return out


def export_row(item: Item, today: dt.date) -> dict[str, Any]:
    """The ``list`` columns of an item plus every other field, flattened for a spreadsheet."""
    row = flatten(risk_row(item, today) if item.kind == "risk" else policy_row(item, today))
    extras = EXTRA_RISK if item.kind == "risk" else EXTRA_POLICY
    review = item.data.get("review") or {}
    extra = {name: item.data.get(name) for name in extras if "." not in name}
    extra["owner"] = item.data.get("owner")
    extra["review.every"] = review.get("every")
    extra["review.stated_next"] = review.get("next")
    extra["review.history"] = review.get("history")
    if item.kind == "risk":
        extra.update(_stated(item))
        escalation = item.data.get("escalation")
        extra["escalation.note"] = escalation.get("note") if isinstance(escalation, dict) else None
    known = {name.split(".")[0] for name in (*EXPORT_RISK, *EXPORT_POLICY)}
    others = {name: value for name, value in item.data.items() if name not in known and name != "reference"}
    return {**row, **extra, **others}


def export_rows(workspace: Workspace, today: dt.date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    risks = [export_row(item, today) for item in workspace.valid("risk")]
    policies = [export_row(item, today) for item in workspace.valid("policy")]
    risks.sort(key=lambda r: (r["register"], natural(r["id"])))
    policies.sort(key=lambda r: (r["register"], natural(r["reference"])))
    return risks, policies


@dataclass(frozen=True)
class Export:
    risks: list[dict[str, Any]]
    policies: list[dict[str, Any]]
    provenance: dict[str, Any]
    policies_only: bool = False  # CSV holds one kind of row: the policies instead of the risks
    incomplete: list[dict[str, Any]] = field(default_factory=list)
    schemes: dict[str, Scheme] = field(default_factory=dict)  # register id -> its scales and bands
    template: bool = False  # an empty workbook to fill in (export --template)

    def columns(self, kind: str) -> list[str]:
        """The export's columns, and after them any field a file has that no column names."""
        if self.template:
            return list(TEMPLATE_RISK if kind == "risk" else TEMPLATE_POLICY)
        base = EXPORT_RISK if kind == "risk" else EXPORT_POLICY
        rows = self.risks if kind == "risk" else self.policies
        extra = sorted({name for row in rows for name in row} - set(base))
        return [*base, *extra]


def _csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: neutralise(cell(row.get(column), column)) for column in columns})
    return buffer.getvalue()


def to_csv(export: Export) -> str:
    if export.policies_only:
        return _csv(export.policies, export.columns("policy"))
    return _csv(export.risks, export.columns("risk"))


def to_json(export: Export) -> str:
    document: dict[str, Any] = {"provenance": export.provenance, "risks": export.risks, "policies": export.policies}
    if export.incomplete:
        document["incomplete"] = export.incomplete
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def to_xlsx(export: Export) -> bytes:
    from riskctl.outputs.workbook import workbook  # openpyxl takes about 0.15 s to import: XLSX only

    return workbook(export)


EXPORT_FORMATS: dict[ExportFormat, Callable[[Export], str | bytes]] = {
    ExportFormat.csv: to_csv,
    ExportFormat.json: to_json,
    ExportFormat.xlsx: to_xlsx,
}
