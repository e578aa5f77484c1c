"""``riskctl export``: one row per risk (the ``list`` columns and every other field), as CSV, JSON or XLSX.

Export writes what import reads back. Text a spreadsheet would run as a formula is written
with a leading apostrophe (see ``escape.neutralise``), which import takes off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from riskctl.model.facts import owners
from riskctl.model.records import Item, Workspace
from riskctl.outputs.escape import neutralise, xml_text
from riskctl.outputs.formats import ExportFormat
from riskctl.outputs.listing import flatten, natural, policy_row, risk_row
from riskctl.reading.columns import EXPORT_POLICY, EXPORT_RISK, EXTRA_POLICY, EXTRA_RISK


def _cell(value: Any) -> Any:
    """One spreadsheet cell: lists of text joined by newlines, structures as JSON."""
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "\n".join(value)
        if all(isinstance(v, dict) and set(v) == {"description"} for v in value):
            return "\n".join(v["description"] for v in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def export_row(item: Item, today: dt.date) -> dict[str, Any]:
    """The ``list`` columns of an item plus every other field, flattened for a spreadsheet."""
    row = flatten(risk_row(item, today) if item.kind == "risk" else policy_row(item, today))
    extras = EXTRA_RISK if item.kind == "risk" else EXTRA_POLICY
    review = item.data.get("review") or {}
    extra = {name: item.data.get(name) for name in extras if "." not in name}
    extra["owner"] = owners(item.data.get("owner"))
    extra["review.every"] = review.get("every")
    extra["review.stated_next"] = review.get("next")
    return {**row, **extra}


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


def _csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: neutralise(_cell(row.get(column))) for column in columns})
    return buffer.getvalue()


def to_csv(export: Export) -> str:
    if export.policies_only:
        return _csv(export.policies, EXPORT_POLICY)
    return _csv(export.risks, EXPORT_RISK)


def to_json(export: Export) -> str:
    document: dict[str, Any] = {"provenance": export.provenance, "risks": export.risks, "policies": export.policies}
    if export.incomplete:
        document["incomplete"] = export.incomplete
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def to_xlsx(export: Export) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets = (
        (book.active, export.risks, EXPORT_RISK, "Risks"),
        (book.create_sheet(), export.policies, EXPORT_POLICY, "Policies"),
    )
    for sheet, rows, columns, title in sheets:
        assert sheet is not None
        sheet.title = title
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([None for _ in columns])
            for index, column in enumerate(columns, start=1):
                value = neutralise(_cell(row.get(column)))
                target = sheet.cell(row=sheet.max_row, column=index)
                target.value = xlsx_text(value) if isinstance(value, str) else value
                if isinstance(value, str):
                    target.data_type = "s"  # text, never a formula
        sheet.freeze_panes = "C2"
    about = book.create_sheet("About")
    for key, value in export.provenance.items():
        about.append([key, xlsx_text(str(value))])
    for entry in export.incomplete:
        about.append(["left out", xlsx_text(f"{entry['path']}:{entry['line']}:{entry['column']}: {entry['message']}")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_text(value: str) -> str:
    """Text a workbook cell can hold: control characters (which XML forbids) made visible."""
    return xml_text(value)


EXPORT_FORMATS: dict[ExportFormat, Callable[[Export], str | bytes]] = {
    ExportFormat.csv: to_csv,
    ExportFormat.json: to_json,
    ExportFormat.xlsx: to_xlsx,
}
