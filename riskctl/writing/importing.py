"""``riskctl import``: rows read from a spreadsheet as new files, or (``--update``) as edits in place
of the files they name, every one checked as ``check`` would before anything is written.

A new item is written in full, fields in schema order. An item that exists is edited with
``review``'s editor: only the fields the sheet gives a different value are touched, so
comments, order, quoting and line endings stay. A row that breaks the schema or the scales
(RC101-RC105, RC201) is named with its sheet, row and column; what is written is written
by ``batch`` all at once or not at all.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl.history.versions import FieldChange
from riskctl.model.errors import EditError
from riskctl.model.facts import PARTS, owners, scale_errors
from riskctl.model.records import Item, Kind, Register
from riskctl.model.scoring import ScaleError, Scheme
from riskctl.reading.layout import KIND_DIRS
from riskctl.reading.loading import load_text
from riskctl.reading.rowdata import Record, RowProblem, Where
from riskctl.reading.schema import in_schema_order, validate
from riskctl.writing import yamltext
from riskctl.writing.batch import Planned
from riskctl.writing.editing import Editor, Source, same


@dataclass(frozen=True)
class Step:
    """One file the import writes."""

    kind: Kind
    ident: str
    shown: str  # the path as shown to people
    planned: Planned
    changes: tuple[FieldChange, ...] = ()  # what differs, for an item that exists

    @property
    def created(self) -> bool:
        return self.planned.original is None


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # items already as the sheet says
    problems: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Into:
    """Where the rows go: the register, its items, and the modeline its files start with."""

    register: Register
    items: tuple[Item, ...]
    headers: dict[str, str | None]

    def folder(self, kind: Kind) -> Path:
        return Path(self.register.root) / KIND_DIRS[kind]

    def shown(self, kind: Kind, ident: str) -> str:
        return os.path.join(self.register.display, KIND_DIRS[kind], f"{ident}.yaml")


def plan_import(records: list[Record], into: Into, *, update: bool) -> Plan:
    """What the rows would write; rows that cannot be imported are the plan's problems."""
    plan = Plan()
    existing = {(item.kind, item.id.casefold()): item for item in into.items}
    seen: dict[tuple[str, str], Where] = {}
    for record in records:
        if record.problems:
            plan.problems += record.problems
            continue
        ident = record.id
        column = record.column_of("id" if record.kind == "risk" else "reference")
        if not ident:
            plan.problems.append(RowProblem(Where(record.where.sheet, record.where.row, column), "no id"))
            continue
        key = (record.kind, ident.casefold())
        if key in seen:
            message = f"{ident} is also on row {seen[key].row}; each {record.kind} takes one row"
            plan.problems.append(RowProblem(Where(record.where.sheet, record.where.row, column), message))
            continue
        seen[key] = record.where
        item = existing.get(key)
        if item is not None and not update:
            message = f"{ident} is already in the register ({item.path}); give --update to change it"
            plan.problems.append(RowProblem(Where(record.where.sheet, record.where.row, column), message))
            continue
        try:
            step = _update(record, item, into) if item is not None else _create(record, into)
        except _RowFailed as failed:
            plan.problems += failed.problems
            continue
        if step is None:
            plan.unchanged.append(ident)
        else:
            plan.steps.append(step)
    return plan


class _RowFailed(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems


def _problem(record: Record, field_name: str | None, message: str) -> RowProblem:
    column = record.column_of(field_name) if field_name else None
    return RowProblem(Where(record.where.sheet, record.where.row, column), message)


def _check(record: Record, raw: bytes, expected: dict[str, Any], scheme: Scheme | None) -> None:
    """The file ``raw`` reads back as ``expected``, within the schema and on the scales."""
    result = load_text(raw.decode("utf-8-sig"), "import")
    document = result.document
    if document is None or result.problems or not same(document.data, expected):
        raise _RowFailed([_problem(record, None, "riskctl cannot write this row as YAML (please report this)")])
    found = [_problem(record, p.field, p.message) for p in validate(document, record.kind)]
    if record.kind == "risk" and scheme is not None:
        for part in PARTS:
            value = expected.get(part)
            if isinstance(value, dict):
                found += [_problem(record, f"{part}.{n}", f"{part}.{n}: {m}") for n, m in scale_errors(scheme, value)]
    if found:
        raise _RowFailed(found)


def _create(record: Record, into: Into) -> Step:
    data = in_schema_order(record.data, record.kind)
    text = yamltext.document(data, into.headers.get(record.kind))
    raw = text.encode("utf-8")
    _check(record, raw, data, into.register.scheme)
    ident = str(record.id)
    path = into.folder(record.kind) / f"{ident}.yaml"
    return Step(record.kind, ident, into.shown(record.kind, ident), Planned(path, raw))


def _update(record: Record, item: Item, into: Into) -> Step | None:
    if item.file.location is None or not item.file.valid:
        problem = item.file.unusable()
        reason = problem.message if problem else "it is not a file in the working tree"
        raise _RowFailed([_problem(record, None, f"cannot update {item.path}: {reason}")])
    path = Path(item.file.location)
    try:
        source = Source.read(path)
    except EditError as error:
        raise _RowFailed([_problem(record, None, f"cannot update it: {error}")]) from None
    old = source.document.data
    new = merged(old, record, into.register.scheme)
    if same(old, new):
        return None
    editor = Editor(source, record.kind)
    try:
        editor.set((), new)
    except EditError as error:
        raise _RowFailed([_problem(record, None, str(error))]) from None
    raw = editor.result()
    _check(record, raw, new, into.register.scheme)
    changes = tuple(differences(old, new))
    return Step(record.kind, item.id, item.path, Planned(path, raw, source.raw), changes)


def _lookup(data: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False, None
        data = data[part]
    return True, data


def _equivalent(path: tuple[str, ...], old: Any, new: Any, scheme: Scheme | None) -> bool:
    """The sheet says what the file says, perhaps in other words: ``3`` for ``Significant``, one
    owner for a list of one."""
    if same(old, new):
        return True
    if path[-1] in ("likelihood", "impact") and scheme is not None:
        scale = scheme.likelihood if path[-1] == "likelihood" else scheme.impact
        try:
            return scale.resolve(old) == scale.resolve(new)
        except ScaleError:
            return False
    if path == ("owner",):
        return owners(old) == owners(new) and bool(owners(old))
    if path in (("id",), ("reference",)):
        return isinstance(old, str) and isinstance(new, str) and old.casefold() == new.casefold()
    return False


def _kept_controls(old: Any, new: Any) -> Any:
    """Controls a sheet gives by description keep the owner and policy the file gives them."""
    if not isinstance(old, list) or not isinstance(new, list):
        return new
    by_description = {c.get("description"): c for c in old if isinstance(c, dict)}
    return [
        by_description.get(c.get("description"), c) if isinstance(c, dict) and set(c) == {"description"} else c
        for c in new
    ]


def merged(old: dict[str, Any], record: Record, scheme: Scheme | None) -> dict[str, Any]:
    """The file's data with each field the sheet speaks for set to the sheet's value (taken out
    where the sheet's cell is empty); a stated score follows changed levels."""
    new = copy.deepcopy(old)
    for path in sorted(record.supplied):
        present, value = _lookup(record.data, path)
        was, before = _lookup(old, path)
        if present and was and _equivalent(path, before, value, scheme):
            continue
        holder: Any = new
        for part in path[:-1]:
            holder = holder.setdefault(part, {}) if present else holder.get(part, {})
        if present:
            holder[path[-1]] = copy.deepcopy(_kept_controls(before, value) if path == ("controls",) else value)
        elif isinstance(holder, dict):
            holder.pop(path[-1], None)
    for part in PARTS:
        _restate(part, old, new, record, scheme)
        if isinstance(new.get(part), dict) and not new[part]:
            del new[part]
    return in_schema_order(new, record.kind)


def _restate(part: str, old: dict[str, Any], new: dict[str, Any], record: Record, scheme: Scheme | None) -> None:
    before, after = old.get(part), new.get(part)
    if scheme is None or not isinstance(before, dict) or not isinstance(after, dict) or "score" not in before:
        return
    if (part, "score") in record.supplied and after.get("score") != before["score"]:
        return  # the sheet states a score of its own
    try:
        then = scheme.assess(before.get("likelihood"), before.get("impact"))
        now = scheme.assess(after.get("likelihood"), after.get("impact"))
    except ScaleError:
        return
    if (then.likelihood, then.impact) != (now.likelihood, now.impact):
        after["score"] = now.score


def differences(old: Any, new: Any, prefix: str = "") -> list[FieldChange]:
    """Field by field, what ``new`` changes in ``old`` (mappings are followed; lists compared whole)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[FieldChange] = []
        for key in [*old, *(k for k in new if k not in old)]:
            name = f"{prefix}.{key}" if prefix else str(key)
            if key not in new:
                out.append(FieldChange(name, old[key], None))
            elif key not in old:
                out.append(FieldChange(name, None, new[key]))
            else:
                out += differences(old[key], new[key], name)
        return out
    return [] if same(old, new) else [FieldChange(prefix, old, new)]
