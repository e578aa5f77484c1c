"""The XLSX export, made for people: friendly headings over a row of field names that import reads
back (SPEC §11), real date cells, a frozen header with filters, rating cells in the register's
colours, drop-down lists of the scale's levels and the statuses, and an About sheet saying
where the workbook came from and which files were left out.

``export --template`` writes the same workbook with no rows, for teams that start in a
spreadsheet: its drop-downs reach down the empty rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from riskctl.model import dates
from riskctl.model.errors import OutputError
from riskctl.model.scoring import Scheme
from riskctl.outputs.escape import neutralise, xml_text
from riskctl.outputs.export import Export, cell
from riskctl.reading.columns import DERIVED, POLICY_FIELDS, RISK_FIELDS, Cell, heading

FIRST_ROW = 3  # row 1: field names, row 2: headings
EMPTY_ROWS = 500  # how far drop-downs reach below the rows (all of a template)
_WIDE = {"title": 40, "description": 60, "summary": 60, "controls": 60, "actions": 50, "review.history": 40}
_WRAP = {"title", "description", "summary", "controls", "actions", "owner", "policies", "tags", "review.history"}
_GREY, _HEAD = "FF808080", "FFD9E1F2"
Spans = list[tuple[str, int, int]]  # (register, first row, last row)


def xlsx_text(value: str) -> str:
    """Text a workbook cell can hold: control characters (which XML forbids) made visible."""
    return xml_text(value)


def _level_text(scheme: Scheme | None, name: str, value: Any) -> Any:
    """``3 - Probable``: what the drop-down offers, and what import reads as the score 3."""
    if scheme is None or value is None:
        return value
    scale = scheme.likelihood if name.endswith("likelihood") else scheme.impact
    for level in scale.levels:
        if level.score == value:
            return f"{level.score} - {level.label}"
    return value


def _date_cell(value: Any) -> Any:
    if isinstance(value, str):
        try:
            day = dates.parse_date(value)
        except dates.DateError:
            return value
        if not day.month_only:  # a month stays text: a date cell would claim a day
            return day.date
    return value


def _contrast(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return "FF000000" if red * 0.299 + green * 0.587 + blue * 0.114 > 150 else "FFFFFFFF"


def _colour(value: str) -> str | None:
    text = value.lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    return text.upper() if re.fullmatch(r"[0-9a-fA-F]{6}", text) else None


def _write_cell(sheet: Any, row: int, column: int, name: str, value: Any, scheme: Scheme | None) -> None:

    kind = RISK_FIELDS.get(name) or POLICY_FIELDS.get(name)
    if name.endswith((".likelihood", ".impact")) and ".stated_" not in name:
        value = _level_text(scheme, name, value)
    elif (kind is not None and kind.cell == Cell.date) or name == "review.next":
        value = _date_cell(value)
    value = neutralise(cell(value, name))
    target = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        target.value = xlsx_text(value)
        target.data_type = "s"  # text, never a formula
    else:
        target.value = value
    if isinstance(value, dt.date):
        target.number_format = "d mmm yyyy"
    if name in _WRAP:
        target.alignment = Alignment(wrap_text=True, vertical="top")
    if name.endswith(".rating") and isinstance(value, str) and scheme is not None:
        band = next((rating for rating in scheme.ratings if rating.name == value), None)
        fill = _colour(band.colour) if band is not None else None
        if fill is not None:
            target.fill = PatternFill("solid", fgColor="FF" + fill)
            target.font = Font(color=_contrast(fill), bold=True)


def _header(sheet: Any, columns: list[str]) -> None:

    for index, name in enumerate(columns, start=1):
        names = sheet.cell(row=1, column=index, value=name)
        names.font = Font(size=8, italic=True, color=_GREY)
        shown = sheet.cell(row=2, column=index, value=heading(name))
        shown.font = Font(bold=True, color=_GREY if name in DERIVED else "FF000000")
        shown.fill = PatternFill("solid", fgColor=_HEAD)
        shown.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = _WIDE.get(name, 16)
    sheet.row_dimensions[1].height = 11


def _sheet(sheet: Any, export: Export, kind: str) -> Spans:
    """Fill one sheet; ``(register, first row, last row)`` of each register's rows."""

    columns = export.columns(kind)
    rows = export.risks if kind == "risk" else export.policies
    _header(sheet, columns)
    spans: Spans = []
    for number, row in enumerate(rows, start=FIRST_ROW):
        register = str(row.get("register"))
        scheme = export.schemes.get(register)
        for index, name in enumerate(columns, start=1):
            _write_cell(sheet, number, index, name, row.get(name), scheme)
        if spans and spans[-1][0] == register:
            spans[-1] = (register, spans[-1][1], number)
        else:
            spans.append((register, number, number))
    last = FIRST_ROW + len(rows) - 1
    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{max(last, 2)}"
    return spans


def _about(book: Any, export: Export) -> Any:

    about = book.create_sheet("About")
    about.append(["riskctl " + ("template" if export.template else "export")])
    about["A1"].font = Font(bold=True, size=14)
    for key, value in export.provenance.items():
        about.append([key, xlsx_text(str(value))])
    about.append([])
    if export.incomplete:
        about.append(["Files left out: this export is incomplete, these files could not be read or used"])
        about.cell(row=about.max_row, column=1).font = Font(bold=True, color="FFC00000")
        for entry in export.incomplete:
            where = f"{entry['path']}:{entry['line']}:{entry['column']}"
            about.append(["left out", xlsx_text(f"{where}: {entry['code']} {entry['message']}")])
        about.append([])
    about.append(["Row 1 of Risks and Policies holds riskctl's field names: riskctl import reads them back."])
    about.append(["Headings in grey are worked out by riskctl (scores, ratings, next review); import passes them by."])
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 44
    return about


def _lists(about: Any, export: Export) -> dict[str, dict[str, str]]:
    """Each register's scale levels in About's columns D onwards; register -> name -> range."""

    ranges: dict[str, dict[str, str]] = {}
    column = 4
    for register, scheme in sorted(export.schemes.items()):
        for name, scale in (("likelihood", scheme.likelihood), ("impact", scheme.impact)):
            letter = get_column_letter(column)
            about.cell(row=1, column=column, value=xlsx_text(f"{register} {name}")).font = Font(bold=True)
            for offset, level in enumerate(scale.levels, start=2):
                text = neutralise(f"{level.score} - {level.label}")
                about.cell(row=offset, column=column, value=xlsx_text(text)).data_type = "s"
            last = len(scale.levels) + 1
            ranges.setdefault(register, {})[name] = f"About!${letter}$2:${letter}${last}"
            about.column_dimensions[letter].width = 22
            column += 1
    return ranges


def _choices(sheet: Any, kind: str, columns: list[str], spans: Spans, lists: dict[str, dict[str, str]]) -> None:
    """Drop-downs: levels from About for each register's rows, statuses and responses everywhere."""

    fields = RISK_FIELDS if kind == "risk" else POLICY_FIELDS
    end = (spans[-1][2] if spans else FIRST_ROW - 1) + EMPTY_ROWS
    if spans:
        spans = [*spans[:-1], (spans[-1][0], spans[-1][1], end)]
    elif len(lists) == 1:
        spans = [(next(iter(lists)), FIRST_ROW, end)]
    for index, name in enumerate(columns, start=1):
        letter = get_column_letter(index)
        spec = fields.get(name)
        if spec is not None and spec.cell == Cell.choice:
            _validation(sheet, '"' + ",".join(spec.choices) + '"', f"{letter}{FIRST_ROW}:{letter}{end}")
        elif name.endswith((".likelihood", ".impact")) and ".stated_" not in name:
            for register, first, last in spans:
                source = lists.get(register, {}).get(name.rsplit(".", 1)[1])
                if source is not None:
                    _validation(sheet, source, f"{letter}{first}:{letter}{last}")


def _validation(sheet: Any, formula: str, target: str) -> None:

    check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True, errorStyle="warning")
    check.error = "Not one of the register's values: choose from the list"
    check.errorTitle = "riskctl"
    check.add(target)
    sheet.add_data_validation(check)


def workbook(export: Export) -> bytes:
    """Sheets Risks, Policies and About."""

    book = Workbook()
    risks = book.active
    assert risks is not None
    risks.title = "Risks"
    policies = book.create_sheet("Policies")
    spans = {"risk": _sheet(risks, export, "risk"), "policy": _sheet(policies, export, "policy")}
    about = _about(book, export)
    lists = _lists(about, export)
    _choices(risks, "risk", export.columns("risk"), spans["risk"], lists)
    _choices(policies, "policy", export.columns("policy"), spans["policy"], {})
    buffer = io.BytesIO()
    try:
        book.save(buffer)  # openpyxl writes each sheet to a temporary file on the way
    except OSError as error:  # a full disk or ``ulimit -f`` where temporary files go
        why = f"the workbook's working files could not be written ({error.strerror or error})"
        raise OutputError(f"cannot write the output: {why}") from None
    return buffer.getvalue()
