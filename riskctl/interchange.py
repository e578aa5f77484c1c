"""Registers in and out of spreadsheets: export to CSV, JSON or XLSX; import CSV or XLSX.

Export writes one row per risk with the columns of ``riskctl list`` plus every other
field, so that importing an export gives the same register back. Text that a
spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
is prefixed with an apostrophe; import takes the apostrophe off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl.editing import EditError, scalar, write_atomic
from riskctl.evaluate import owners
from riskctl.listing import POLICY_COLUMNS, RISK_COLUMNS, flatten, neutralise, policy_row, risk_row
from riskctl.loading import load_text
from riskctl.scoring import ScaleError
from riskctl.validation import validate
from riskctl.workspace import Item, Register, Workspace

EXTRA_RISK = ["description", "response", "raised", "closed", "review.every", "review.stated_next",
              "controls", "actions", "policies", "acceptance", "tags"]  # fmt: skip
EXTRA_POLICY = ["applies_to", "classification", "summary", "review.every", "review.stated_next", "mandatory",
                "risk_rating", "legislation", "sources", "related", "procedures", "tags"]  # fmt: skip
EXPORT_RISK = RISK_COLUMNS + EXTRA_RISK
EXPORT_POLICY = POLICY_COLUMNS + EXTRA_POLICY
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- export -------------------------------------------------------------------------


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
    risks = [export_row(item, today) for item in workspace.items("risk") if item.file.valid]
    policies = [export_row(item, today) for item in workspace.items("policy") if item.file.valid]
    risks.sort(key=lambda r: (r["register"], _natural(r["id"])))
    policies.sort(key=lambda r: (r["register"], _natural(r["reference"])))
    return risks, policies


def _natural(text: str) -> tuple[Any, ...]:
    from riskctl.listing import natural

    return natural(text)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: neutralise(_cell(row.get(column))) for column in columns})
    return buffer.getvalue()


def to_json(risks: Sequence[dict[str, Any]], policies: Sequence[dict[str, Any]], provenance: dict[str, Any]) -> str:
    document = {"provenance": provenance, "risks": list(risks), "policies": list(policies)}
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def to_xlsx(risks: Sequence[dict[str, Any]], policies: Sequence[dict[str, Any]], provenance: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for sheet, rows, columns in ((book.active, risks, EXPORT_RISK), (book.create_sheet(), policies, EXPORT_POLICY)):
        assert sheet is not None
        sheet.title = "Risks" if columns is EXPORT_RISK else "Policies"
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([None for _ in columns])
            for index, column in enumerate(columns, start=1):
                value = neutralise(_cell(row.get(column)))
                target = sheet.cell(row=sheet.max_row, column=index)
                target.value = value
                if isinstance(value, str):
                    target.data_type = "s"  # text, never a formula
        sheet.freeze_panes = "C2"
    about = book.create_sheet("About")
    for key, value in provenance.items():
        about.append([key, str(value)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- import -------------------------------------------------------------------------


@dataclass
class RowProblem:
    row: int  # 1-based, as a spreadsheet numbers it (the header is row 1)
    message: str


@dataclass
class ImportResult:
    created: list[Path] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)


def read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV or XLSX file (the first sheet, or the one called Risks) as dicts."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as handle:
                return [dict(row) for row in csv.DictReader(handle)]
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            sheet = book["Risks"] if "Risks" in book.sheetnames else book.worksheets[0]
            values = list(sheet.iter_rows(values_only=True))
            book.close()
            if not values:
                return []
            header = [str(h).strip() if h is not None else "" for h in values[0]]
            return [dict(zip(header, row, strict=False)) for row in values[1:] if any(v not in (None, "") for v in row)]
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as error:
        raise EditError(f"{path}: cannot read it as {suffix[1:].upper()}: {error}") from None
    except Exception as error:  # openpyxl raises zipfile and XML errors for damaged files
        raise EditError(f"{path}: cannot read it as a spreadsheet: {error}") from None
    raise EditError(f"{path}: expected a .csv or .xlsx file")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in _FORMULA_START:
        text = text[1:]  # our own export's neutralising apostrophe
    return text or None


def _list(value: Any) -> list[Any] | None:
    text = _text(value)
    if text is None:
        return None
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError:
            return [line.strip() for line in text.splitlines() if line.strip()]
        return loaded if isinstance(loaded, list) else None
    separator = "\n" if "\n" in text else ";"
    return [part.strip() for part in text.split(separator) if part.strip()]


def _level(value: Any) -> Any:
    text = _text(value)
    if text is None:
        return None
    return int(text) if text.isdigit() else text


def row_to_risk(row: dict[str, Any], columns: dict[str, str]) -> dict[str, Any]:
    """A risk from one row; ``columns`` maps riskctl field -> column heading."""

    def get(name: str) -> Any:
        return row.get(columns.get(name, name))

    risk: dict[str, Any] = {}
    for name in ("id", "title", "category"):
        if _text(get(name)) is not None:
            risk[name] = _text(get(name))
    owner = _list(get("owner"))
    if owner:
        risk["owner"] = owner[0] if len(owner) == 1 else owner
    risk["status"] = _text(get("status")) or "open"
    for name in ("response", "raised", "closed"):
        if _text(get(name)) is not None:
            risk[name] = _text(get(name))
    if _text(get("description")) is not None:
        risk["description"] = _text(get("description"))
    for part in ("inherent", "residual", "target"):
        likelihood, impact = _level(get(f"{part}.likelihood")), _level(get(f"{part}.impact"))
        if likelihood is None and impact is None:
            continue
        risk[part] = {"likelihood": likelihood, "impact": impact}
        if part == "target" and _text(get("target.by")):
            risk[part]["by"] = _text(get("target.by"))
    controls = _list(get("controls"))
    if controls:
        risk["controls"] = [c if isinstance(c, dict) else {"description": c} for c in controls]
    actions = _list(get("actions"))
    if actions:
        risk["actions"] = actions
    for name in ("policies", "tags"):
        values = _list(get(name))
        if values:
            risk[name] = values
    acceptance = _text(get("acceptance"))
    if acceptance:
        try:
            risk["acceptance"] = json.loads(acceptance)
        except json.JSONDecodeError:
            risk["acceptance"] = acceptance  # the schema reports it
    review: dict[str, Any] = {}
    if _text(get("review.last")) is not None:
        review["last"] = _text(get("review.last"))
    if _text(get("review.every")) is not None:
        review["every"] = _text(get("review.every"))
    if _text(get("review.stated_next")) is not None:
        review["next"] = _text(get("review.stated_next"))
    risk["review"] = review
    return risk


def risk_yaml(risk: dict[str, Any], header: str | None) -> str:
    """Block-style YAML for a risk, values quoted where they must be."""
    lines = [header] if header else []

    def emit(value: Any, indent: int, key: str | None) -> None:
        pad = " " * indent
        prefix = f"{pad}{key}:" if key is not None else None
        if isinstance(value, dict):
            if prefix:
                lines.append(prefix)
            for inner_key, inner in value.items():
                emit(inner, indent + 2 if key is not None else indent, inner_key)
        elif isinstance(value, list):
            lines.append(prefix or pad)
            for inner in value:
                if isinstance(inner, dict):
                    first = True
                    for inner_key, leaf in inner.items():
                        marker = "- " if first else "  "
                        lines.append(f"{pad}  {marker}{inner_key}: {scalar(leaf)}")
                        first = False
                else:
                    lines.append(f"{pad}  - {scalar(inner)}")
        else:
            lines.append(f"{prefix} {scalar(value)}")

    for key, value in risk.items():
        emit(value, 0, key)
    return "\n".join(lines) + "\n"


def import_rows(
    rows: Sequence[dict[str, Any]],
    register: Register,
    columns: dict[str, str],
    *,
    skip_invalid: bool,
    header: str | None,
) -> ImportResult:
    """Validate every row first; write all (or, with ``skip_invalid``, the valid ones) or nothing."""
    existing = {item.id.casefold() for item in register.risks}
    planned: list[tuple[Path, str]] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        risk = row_to_risk(row, columns)
        text = risk_yaml(risk, header)
        problem = _row_problem(risk, text, register, existing, seen)
        if problem:
            problems.append(RowProblem(number, problem))
            continue
        seen.add(str(risk["id"]).casefold())
        planned.append((register.root / "risks" / f"{risk['id']}.yaml", text))
    if problems and not skip_invalid:
        return ImportResult([], problems)
    result = ImportResult([], problems)
    (register.root / "risks").mkdir(exist_ok=True)
    try:
        for path, text in planned:
            write_atomic(path, text.encode("utf-8"), original=None)
            result.created.append(path)
    except EditError:
        for path in result.created:  # all or nothing: take back what was written
            path.unlink(missing_ok=True)
        raise
    return result


def _row_problem(risk: dict[str, Any], text: str, register: Register, existing: set[str], seen: set[str]) -> str | None:
    ident = str(risk.get("id", ""))
    if not ident:
        return "no id"
    if ident.casefold() in existing:
        return f"{ident} is already in the register"
    if ident.casefold() in seen:
        return f"{ident} appears twice in the file"
    result = load_text(text, "row")
    if result.document is None:
        return "the row cannot be written as YAML"
    found = validate(result.document, "risk")
    if found:
        return "; ".join(problem.message for problem in found[:3])
    scheme = register.scheme
    if scheme is not None:
        for part in ("inherent", "residual", "target"):
            value = risk.get(part)
            if isinstance(value, dict):
                try:
                    scheme.assess(value.get("likelihood"), value.get("impact"))
                except ScaleError as error:
                    return f"{part}: {error}"
    return None


def load_mapping(path: Path) -> dict[str, str]:
    """``--mapping FILE``: YAML ``columns: {riskctl field: column heading}``."""
    from riskctl.loading import load_file

    result = load_file(str(path))
    if result.document is None:
        raise EditError(f"{path}: {result.problems[0].message}")
    data = result.document.data
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise EditError(f"{path}: expected 'columns:' mapping riskctl fields to column headings, e.g. title: Risk")
    return {str(key): value for key, value in columns.items()}


def known_fields() -> Iterable[str]:
    return [c for c in EXPORT_RISK if not c.endswith((".score", ".rating", ".state")) and c not in ("kind", "path")]
