"""Where a sheet's fields are: the columns a mapping names, or riskctl's own export recognised by
its row of field names; and which rows hold data.

A heading the mapping names that the sheet lacks, or has more than once, stops the import
here, naming it and the headings the sheet has (exit 2): no row has been looked at yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from riskctl.model.errors import UsageError
from riskctl.model.records import Kind
from riskctl.reading.cells import text
from riskctl.reading.columns import DERIVED, POLICY_FIELDS, RISK_FIELDS, Cell, Field, heading
from riskctl.reading.mapping import Column, SheetMapping
from riskctl.reading.spreadsheet import Sheet
from riskctl.resources import schema

OWN_HEADER_ROWS = 5  # riskctl's export puts its row of field names within the first rows


@dataclass(frozen=True)
class Placed:
    """A field and the column that feeds it."""

    field: Field
    index: int  # 0-based
    heading: str  # as the sheet writes it, for messages


@dataclass(frozen=True)
class Layout:
    """A sheet, read for import: its fields' columns and its data rows."""

    sheet: Sheet
    kind: Kind
    columns: list[Placed]
    rows: list[tuple[int, tuple[Any, ...]]]  # (1-based row number, cells)
    own: bool  # riskctl's own export: text exactly as written, JSON cells, derived columns
    settings: SheetMapping | None = None
    derived: dict[str, int] = field(default_factory=dict)  # own export: inherent.score -> column index
    ignored: list[str] = field(default_factory=list)  # own export: columns that are no riskctl field
    key: Placed | None = None  # actions: the column of the risk id


def _normal(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _letters(index: int) -> str:
    out, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _data_rows(sheet: Sheet, after: int, skip: frozenset[int] = frozenset()) -> list[tuple[int, tuple[Any, ...]]]:
    rows = sheet.filled(below=after)
    return [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if number > after and number not in skip and any(text(cell) is not None for cell in row)
    ]


def mapped_layout(sheet: Sheet, settings: SheetMapping, fields: dict[str, Field], kind: Kind) -> Layout:
    """The columns a mapping names, found on its ``header_row``."""
    header = sheet.row(settings.header_row)
    headings = [(index, _normal(found)) for index, cell in enumerate(header) if (found := text(cell)) is not None]
    problems: list[str] = []
    placed: list[Placed] = []
    wanted = list(settings.columns.items())
    if settings.key is not None:
        wanted.append(("key", settings.key))
    for name, column in wanted:
        where = _locate(column, headings, problems, name)
        if where is not None:
            target = fields.get(name) or Field(name, (name,), Cell.line)
            shown = dict(headings).get(where, column.letter or name)
            placed.append(Placed(target, where, shown))
    if problems:
        found = ", ".join(f'"{h}"' for _, h in headings) or "none"
        raise UsageError(
            f"{sheet.label()}, row {settings.header_row}: {'; '.join(problems)}. The headings on that row are: {found}"
        )
    key = next((p for p in placed if p.field.name == "key" and settings.key is not None), None)
    columns = [p for p in placed if p is not key]
    rows = _data_rows(sheet, settings.header_row, settings.skip_rows)
    return Layout(sheet, kind, columns, rows, own=False, settings=settings, key=key)


def _locate(column: Column, headings: list[tuple[int, str]], problems: list[str], name: str) -> int | None:
    if column.letter is not None:
        return column.number - 1
    wanted = _normal(column.heading or "")
    matches = [index for index, found in headings if found == wanted]
    if not matches:
        matches = [index for index, found in headings if found.casefold() == wanted.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        problems.append(f'no column headed "{wanted}" (for {name})')
    else:
        letters = [_letters(index) for index in matches]
        problems.append(
            f'"{wanted}" heads {len(matches)} columns ({", ".join(letters)}); '
            f"for {name} name one of them as {{column: {letters[0]}}}"
        )
    return None


def own_layout(sheet: Sheet) -> Layout | None:
    """riskctl's own export (or template): found by its row of field names, or, where someone took
    that row out, by its headings for people; None when it has neither."""
    return _own_by(sheet, lambda cell: cell, _NEEDED) or _own_by(sheet, _FROM_HEADING.get, _NEEDED_HEADINGS)


_FROM_HEADING = {heading(name): name for name in (*RISK_FIELDS, *POLICY_FIELDS, *DERIVED)}
_NEEDED: dict[str, set[str]] = {"risk": {"id", "title"}, "policy": {"reference", "title"}}
# Headings alone are taken for riskctl's only where they could hardly be anyone else's.
_NEEDED_HEADINGS = {
    "risk": {"id", "title", "inherent.likelihood", "residual.likelihood"},
    "policy": {"reference", "title", "review.last"},
}


def _own_by(sheet: Sheet, name_of: Callable[[str], str | None], needed: dict[str, set[str]]) -> Layout | None:
    for number in range(1, min(OWN_HEADER_ROWS, len(sheet.rows)) + 1):
        cells = [text(cell) for cell in sheet.row(number)]
        names = [name_of(cell) if cell is not None else None for cell in cells]
        present = {name for name in names if name is not None}
        kind: Kind | None = "risk" if "id" in present else "policy" if "reference" in present else None
        if kind is None or not needed[kind] <= present:
            continue
        fields = RISK_FIELDS if kind == "risk" else POLICY_FIELDS
        known = sum(1 for name in names if name is not None and (name in fields or name in DERIVED))
        if known * 2 < sum(1 for cell in cells if cell is not None):
            continue
        return _own(sheet, number, names, kind, fields)
    return None


def _own(sheet: Sheet, number: int, names: list[str | None], kind: Kind, fields: dict[str, Field]) -> Layout:
    properties = schema(kind)["properties"]
    columns, derived, ignored = [], {}, []
    for index, name in enumerate(names):
        if name is None:
            continue
        if name in DERIVED:
            derived[name] = index
        elif name in fields:
            columns.append(Placed(fields[name], index, name))
        elif name in properties:  # a field this version has no column rule for: its JSON
            columns.append(Placed(Field(name, (name,), Cell.structure), index, name))
        else:
            ignored.append(name)
    last = number
    while last < len(sheet.rows) and _is_heading_row(sheet.row(last + 1), names):
        last += 1
    return Layout(sheet, kind, columns, _data_rows(sheet, last), own=True, derived=derived, ignored=ignored)


def _is_heading_row(row: tuple[Any, ...], names: list[str | None]) -> bool:
    """The row of headings for people that riskctl's export writes below its field names."""
    cells = [(index, text(cell)) for index, cell in enumerate(row) if text(cell) is not None]
    return bool(cells) and all(
        index < len(names) and names[index] is not None and found == heading(str(names[index]))
        for index, found in cells
    )
