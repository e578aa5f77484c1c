"""Rows as risks and policies: each cell read by its field's rule (``cells``), each problem named by
its sheet, row and column, actions joined from their own sheet on the risk id.

Nothing here decides whether a row may be written: that is the schema's and the scales'
word, asked by ``writing.importing`` once every row has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riskctl.model.errors import UsageError
from riskctl.model.records import Kind
from riskctl.model.scoring import ScaleError, Scheme
from riskctl.reading import cells
from riskctl.reading.cells import CellError
from riskctl.reading.columns import ACTION_FIELDS, RISK_FIELDS, Cell, Field
from riskctl.reading.schema import in_schema_order
from riskctl.reading.sheetrows import Layout

PARTS = ("inherent", "residual", "target")


@dataclass(frozen=True)
class Where:
    """A row of a sheet, and the column when one is to blame."""

    sheet: str  # the file, and the sheet's name in a workbook
    row: int
    column: str | None = None

    def __str__(self) -> str:
        column = f', column "{self.column}"' if self.column is not None else ""
        return f"{self.sheet}: row {self.row}{column}"


@dataclass(frozen=True)
class RowProblem:
    where: Where
    message: str
    actions: bool = False  # a row of the actions sheet (skipping it skips the action, not its risk)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Record:
    """One row, read: the item it describes and what the sheet said about it."""

    kind: Kind
    where: Where
    data: dict[str, Any] = field(default_factory=dict)
    written_id: str | None = None  # the id as the sheet writes it (actions join on it)
    supplied: set[tuple[str, ...]] = field(default_factory=set)  # fields the sheet speaks for
    headings: dict[tuple[str, ...], str] = field(default_factory=dict)  # field -> its column's heading
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str | None:
        value = self.data.get("id" if self.kind == "risk" else "reference")
        return value if isinstance(value, str) else None

    def column_of(self, name: str) -> str | None:
        """The heading of the column behind a field named as the schema names it (``controls[2].description``)."""
        parts = tuple(name.split("[", 1)[0].split("."))
        while parts:
            if parts in self.headings:
                return self.headings[parts]
            parts = parts[:-1]
        return None


def _translate(raw: Any, words: dict[str, Any] | None) -> Any:
    """The mapping's ``values:``: the sheet's word for riskctl's value (``Red`` -> ``open``)."""
    found = cells.text(raw)
    if not words or found is None:
        return raw
    for word, value in words.items():
        if word.strip() == found:
            return value
    for word, value in words.items():
        if word.strip().casefold() == found.casefold():
            return value
    return raw


def read_cell(target: Field, raw: Any, layout: Layout) -> Any:
    """The value of one cell for ``target``; raises CellError saying what is wrong with it."""
    settings = layout.settings
    words = settings.values.get(target.name) if settings is not None else None
    raw = _translate(raw, words)
    own = layout.own
    kind = target.cell
    if kind in (Cell.list, Cell.owner, Cell.controls):
        return _listed(target, raw, own, words)
    if kind in (Cell.id, Cell.line, Cell.text):
        found = cells.text(raw, exact=own)
        return cells.one_line(found) if found is not None and not own and kind != Cell.text else found
    if kind == Cell.choice:
        return cells.choice(raw, target.choices)
    if kind == Cell.level:
        return cells.level(raw)
    if kind == Cell.score:
        return cells.score(raw)
    if kind == Cell.date:
        return cells.date(raw, settings.dates if settings is not None else None)
    if kind == Cell.duration:
        return cells.duration(raw)
    if kind == Cell.flag:
        return cells.flag(raw)
    return cells.structure(raw)


def _listed(target: Field, raw: Any, own: bool, words: dict[str, Any] | None) -> Any:
    found = cells.text(raw, exact=own)
    if found is None:
        return None
    if own and found.startswith("["):
        return cells.structure(found)
    listed = [_translate(item, words) for item in cells.items(found)]
    if target.cell == Cell.controls:
        return [{"description": item} for item in listed]
    if target.cell == Cell.owner and len(listed) == 1:
        return listed[0]
    return listed


def read_rows(layout: Layout, scheme: Scheme | None) -> list[Record]:
    """Every data row of ``layout`` as a record (problems kept on the record, never raised)."""
    defaults = _defaults(layout)
    return [_read_row(layout, number, row, scheme, defaults) for number, row in layout.rows]


def _defaults(layout: Layout) -> dict[str, Any]:
    settings = layout.settings
    if settings is None:
        return {}
    known = ACTION_FIELDS if layout.key is not None else RISK_FIELDS
    out = {}
    for name, value in settings.defaults.items():
        try:
            out[name] = read_cell(known[name], value, layout)
        except CellError as error:
            raise UsageError(f"defaults.{name}: {error}") from None
    return out


def _read_row(
    layout: Layout, number: int, row: tuple[Any, ...], scheme: Scheme | None, defaults: dict[str, Any]
) -> Record:
    label = layout.sheet.label()
    record = Record(layout.kind, Where(label, number))
    values: dict[str, Any] = {}
    paths: dict[str, tuple[str, ...]] = {}
    for placed in layout.columns:
        raw = row[placed.index] if placed.index < len(row) else None
        record.supplied.add(placed.field.path)
        record.headings.setdefault(placed.field.path, placed.heading)
        paths[placed.field.name] = placed.field.path
        try:
            value = read_cell(placed.field, raw, layout)
        except CellError as error:
            record.problems.append(RowProblem(Where(label, number, placed.heading), str(error)))
            continue
        if value is not None:
            values[placed.field.name] = value
    for name, value in defaults.items():
        if values.get(name) is None and value is not None:
            values[name] = value
            paths.setdefault(name, tuple(name.split(".")))
    if layout.own:
        _stated(values, layout, row, scheme)
    ident = "id" if layout.kind == "risk" else "reference"
    if isinstance(values.get(ident), str):
        record.written_id = values[ident]
        if not layout.own:
            values[ident] = cells.repair_id(values[ident])
            if values[ident] != record.written_id:
                written = cells.quoted(record.written_id)
                record.notes.append(f"{record.where}: id {written} becomes {values[ident]} (letters, digits, . _ -)")
    data: dict[str, Any] = {}
    for name, value in values.items():
        _put(data, paths.get(name) or tuple(name.split(".")), value)
    record.data = in_schema_order(data, layout.kind)
    return record


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _same_level(scheme: Scheme | None, name: str, one: Any, other: Any) -> bool:
    if scheme is None:
        return bool(one == other)
    scale = scheme.likelihood if name == "likelihood" else scheme.impact
    try:
        return scale.resolve(one) == scale.resolve(other)
    except ScaleError:
        return False


def _stated(values: dict[str, Any], layout: Layout, row: tuple[Any, ...], scheme: Scheme | None) -> None:
    """riskctl's own export: what a file stated travels beside what riskctl worked out. A stated
    label stands where it names the level in the score column; a stated score that equalled the
    exported score follows the levels when they were changed in the sheet."""
    for part in PARTS:
        for name in ("likelihood", "impact"):
            stated = values.pop(f"{part}.stated_{name}", None)
            plain = values.get(f"{part}.{name}")
            if stated is not None and (plain is None or _same_level(scheme, name, plain, stated)):
                values[f"{part}.{name}"] = stated
        stated_score = values.get(f"{part}.stated_score")
        index = layout.derived.get(f"{part}.score")
        if stated_score is None or index is None or scheme is None:
            continue
        try:
            exported = cells.score(row[index] if index < len(row) else None)
            now = scheme.assess(values.get(f"{part}.likelihood"), values.get(f"{part}.impact")).score
        except (CellError, ScaleError):
            continue
        if exported is not None and stated_score == exported and now != exported:
            values[f"{part}.stated_score"] = now


def join_actions(records: list[Record], layout: Layout) -> list[RowProblem]:
    """Each row of the actions sheet as an action of the risk its key names (as the risks sheet
    writes the id); the problems of rows that could not be joined or read."""
    assert layout.key is not None
    by_id: dict[str, Record] = {}
    for record in records:
        if record.written_id is not None:
            by_id.setdefault(cells.repair_id(record.written_id), record)
    risk_sheet = records[0].where.sheet if records else "the risks sheet"
    defaults = _defaults(layout)
    problems: list[RowProblem] = []
    label = layout.sheet.label()
    for number, row in layout.rows:
        key = cells.text(row[layout.key.index] if layout.key.index < len(row) else None)
        action: dict[str, Any] = {}
        found: list[RowProblem] = []
        for placed in layout.columns:
            raw = row[placed.index] if placed.index < len(row) else None
            try:
                value = read_cell(placed.field, raw, layout)
            except CellError as error:
                found.append(RowProblem(Where(label, number, placed.heading), str(error), True))
                continue
            if value is not None:
                action[placed.field.name] = value
        for name, value in defaults.items():
            action.setdefault(name, value)
        target = by_id.get(cells.repair_id(cells.one_line(key))) if key is not None else None
        if key is None:
            found.append(RowProblem(Where(label, number, layout.key.heading), "no risk id to join the action on", True))
        elif target is None:
            message = f"no risk {cells.quoted(key)} in {risk_sheet}"
            found.append(RowProblem(Where(label, number, layout.key.heading), message, True))
        found += _action_problems(action, layout, label, number)
        if found:
            problems += found
            continue
        assert target is not None
        target.data.setdefault("actions", []).append(in_schema_order(action, "risk", ("actions", 0)))
        target.supplied.add(("actions",))
    return problems


def _action_problems(action: dict[str, Any], layout: Layout, label: str, number: int) -> list[RowProblem]:
    headings = {placed.field.name: placed.heading for placed in layout.columns}
    out = []
    for name, words in (("description", "description"), ("owner", "owner"), ("due", "due date"), ("status", "status")):
        if action.get(name) in (None, "", []):
            out.append(RowProblem(Where(label, number, headings.get(name)), f"the action has no {words}", True))
    status = action.get("status")
    if isinstance(status, str) and status not in ("open", "done"):
        message = f"{cells.quoted(status)} is not an action status; expected open or done (or map it under values:)"
        out.append(RowProblem(Where(label, number, headings.get("status")), message, True))
    return out
