"""``riskctl import``: rows of a CSV or XLSX file into risk files, all or nothing.

Reads riskctl's own export as it is, and other spreadsheets through a mapping of riskctl's
field names to their column headings. Every row is checked before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl.model.errors import EditError
from riskctl.model.records import Register
from riskctl.model.scoring import ScaleError
from riskctl.reading.columns import EXPORT_RISK, FORMULA_START
from riskctl.reading.loading import load_text
from riskctl.reading.schema import validate
from riskctl.writing.atomic import write_atomic
from riskctl.writing.editing import scalar

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
    if text.startswith("'") and text[1:2] in FORMULA_START:
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
    existing_ids: Iterable[str],
    columns: dict[str, str],
    *,
    skip_invalid: bool,
    header: str | None,
) -> ImportResult:
    """Validate every row first; write all (or, with ``skip_invalid``, the valid ones) or nothing."""
    existing = {ident.casefold() for ident in existing_ids}
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
        planned.append((Path(register.root) / "risks" / f"{risk['id']}.yaml", text))
    if problems and not skip_invalid:
        return ImportResult([], problems)
    result = ImportResult([], problems)
    (Path(register.root) / "risks").mkdir(exist_ok=True)
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
    from riskctl.model.records import Problem
    from riskctl.reading.loading import load_bytes
    from riskctl.reading.tree import WorkTree

    raw = WorkTree().read(str(path), os.sep)
    if isinstance(raw, Problem):
        raise EditError(f"{path}: {raw.message}")
    result = load_bytes(raw, str(path))
    if result.document is None:
        raise EditError(f"{path}: {result.problems[0].message}")
    data = result.document.data
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise EditError(f"{path}: expected 'columns:' mapping riskctl fields to column headings, e.g. title: Risk")
    return {str(key): value for key, value in columns.items()}


def known_fields() -> Iterable[str]:
    return [c for c in EXPORT_RISK if not c.endswith((".score", ".rating", ".state")) and c not in ("kind", "path")]
