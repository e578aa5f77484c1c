"""``import --mapping FILE``: how another organisation's spreadsheet maps onto riskctl's fields (SPEC §11).

A mapping names the sheet, the row of headings, rows to pass by, how text dates are
written, which heading (or column letter) feeds each field, defaults, the sheet's own
words for riskctl's values, and where the actions are. A mistake in it is reported at
its line and column, with what is allowed, before any spreadsheet is read.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, replace
from typing import Any

from riskctl.model.errors import UsageError
from riskctl.model.records import Document, Problem
from riskctl.reading.columns import ACTION_FIELDS, MAPPING_RISK_FIELDS
from riskctl.reading.loading import load_bytes
from riskctl.reading.tree import WorkTree

DATE_ORDERS = ("day-first", "month-first")
_SHEET_KEYS = ("file", "sheet", "header_row", "skip_rows", "dates", "columns", "defaults", "values")
_TOP_KEYS = (*_SHEET_KEYS[1:], "actions")
_ACTION_KEYS = (*_SHEET_KEYS, "key")
_LETTERS = re.compile(r"[A-Za-z]{1,3}")


@dataclass(frozen=True)
class Column:
    """Where a field's cells are: under a heading, or in a lettered column (where headings repeat)."""

    heading: str | None = None
    letter: str | None = None

    @property
    def number(self) -> int:
        """The 1-based column number of ``letter`` (A = 1, AC = 29)."""
        number = 0
        for char in (self.letter or "").upper():
            number = number * 26 + ord(char) - 64
        return number

    def __str__(self) -> str:
        return f'"{self.heading}"' if self.heading is not None else f"column {self.letter}"


@dataclass(frozen=True)
class SheetMapping:
    """One sheet's layout and columns: the risks, or the actions joined to them."""

    columns: dict[str, Column]
    sheet: str | None = None
    header_row: int = 1
    skip_rows: frozenset[int] = frozenset()
    dates: str | None = None
    defaults: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    file: str | None = None  # actions: another workbook (resolved against the mapping's directory)
    key: Column | None = None  # actions: the column holding the risk id


@dataclass(frozen=True)
class Mapping:
    path: str
    risks: SheetMapping
    actions: SheetMapping | None = None


class _Reader:
    """Reads the mapping's data, raising UsageError at the line and column of a mistake."""

    def __init__(self, path: str, document: Document) -> None:
        self.path = path
        self.document = document

    def fail(self, where: tuple[str | int, ...], message: str, *, key: bool = False) -> UsageError:
        position = self.document.locate(where, key=key)
        return UsageError(f"{self.path}:{position.line}:{position.column}: {message}")

    def mapping(self, value: Any, where: tuple[str | int, ...], allowed: tuple[str, ...] | None) -> dict[str, Any]:
        name = ".".join(map(str, where)) or "the mapping"
        if not isinstance(value, dict):
            raise self.fail(where, f"{name} must be a mapping of names to values")
        for key in value:
            if allowed is not None and key not in allowed:
                raise self.fail(
                    (*where, key), f"unknown setting '{key}'; expected one of: {', '.join(allowed)}", key=True
                )
        return value

    def row_number(self, value: Any, where: tuple[str | int, ...]) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(where, f"{'.'.join(map(str, where))} must be a row number (1 or more), not {value!r}")
        return value

    def column(self, value: Any, where: tuple[str | int, ...]) -> Column:
        if isinstance(value, str) and value.strip():
            return Column(heading=value)
        if isinstance(value, dict) and set(value) == {"column"} and isinstance(value["column"], str):
            letter = value["column"].strip()
            if _LETTERS.fullmatch(letter) and Column(letter=letter).number <= 16384:
                return Column(letter=letter.upper())
        raise self.fail(where, "expected a column heading, or {column: LETTER} such as {column: AC}")

    def sheet(self, data: dict[str, Any], where: tuple[str, ...], known: list[str], actions: bool) -> SheetMapping:
        allowed = _ACTION_KEYS if actions else _TOP_KEYS
        self.mapping(data, where, allowed)
        columns = self.mapping(data.get("columns"), (*where, "columns"), None) if "columns" in data else {}
        if not columns:
            raise self.fail((*where, "columns") if "columns" in data else where, "give 'columns:' (field: heading)")
        for name in columns:
            if name not in known:
                raise self.fail((*where, "columns", name), _unknown(name, known), key=True)
        for section in ("defaults", "values"):
            for name in self.mapping(data.get(section, {}), (*where, section), None):
                if name not in known:
                    raise self.fail((*where, section, name), _unknown(name, known), key=True)
        values = {
            name: {str(word): value for word, value in self.mapping(words, (*where, "values", name), None).items()}
            for name, words in data.get("values", {}).items()
        }
        skip = data.get("skip_rows", [])
        skip_list = skip if isinstance(skip, list) else [skip]
        dates = data.get("dates")
        if dates is not None and dates not in DATE_ORDERS:
            raise self.fail((*where, "dates"), f"dates must be day-first or month-first, not {dates!r}")
        text_keys = [key for key in ("sheet", "file") if key in data and not isinstance(data[key], str)]
        if text_keys:
            raise self.fail((*where, text_keys[0]), f"{text_keys[0]} must be text")
        return SheetMapping(
            columns={name: self.column(value, (*where, "columns", name)) for name, value in columns.items()},
            sheet=data.get("sheet"),
            header_row=self.row_number(data.get("header_row", 1), (*where, "header_row")),
            skip_rows=frozenset(self.row_number(n, (*where, "skip_rows")) for n in skip_list),
            dates=dates,
            defaults=dict(data.get("defaults", {})),
            values=values,
            file=data.get("file"),
            key=self.column(data["key"], (*where, "key")) if actions and "key" in data else None,
        )


def _unknown(name: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(str(name), known, n=1)
    if hint:
        return f"unknown field '{name}'; did you mean '{hint[0]}'?"
    return f"unknown field '{name}'; riskctl's fields are: {', '.join(known)}"


def load_mapping(path: str) -> Mapping:
    """Read and check ``--mapping FILE``; UsageError (exit 2) names the line of any mistake."""
    raw = WorkTree().read(path, os.path.dirname(os.path.abspath(path)) or os.sep)
    if isinstance(raw, Problem):
        raise UsageError(f"--mapping {path}: {raw.message}")
    result = load_bytes(raw, path)
    if result.document is None or result.problems:
        problem = result.problems[0]
        raise UsageError(f"{path}:{problem.position.line}:{problem.position.column}: {problem.message}")
    reader = _Reader(path, result.document)
    data = reader.mapping(result.document.data, (), _TOP_KEYS)
    risks = reader.sheet({k: v for k, v in data.items() if k != "actions"}, (), MAPPING_RISK_FIELDS, actions=False)
    actions = None
    if "actions" in data:
        section = reader.mapping(data["actions"], ("actions",), _ACTION_KEYS)
        actions = reader.sheet(section, ("actions",), list(ACTION_FIELDS), actions=True)
        if actions.key is None:
            raise reader.fail(("actions",), "actions need 'key:', the heading of the column holding the risk id")
        if actions.file is None and actions.sheet is None:
            raise reader.fail(("actions",), "say where the actions are: 'sheet:' in this workbook, or 'file:'")
        if actions.file is not None:
            folder = os.path.dirname(path)
            actions = replace(actions, file=os.path.join(folder, actions.file) if folder else actions.file)
    return Mapping(path, risks, actions)
