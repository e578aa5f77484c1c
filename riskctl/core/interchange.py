"""``riskctl import``: a spreadsheet into a register, all or nothing; what was read, planned and written.

The order follows SPEC §7: the mapping and the spreadsheet's layout are settled first (a
usage error, exit 2, before any register file is read), then the register, then every
row; only when every row can be imported (or ``--skip-invalid`` says to pass the others
by) is anything written, and then what ``check`` says of the written files is returned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl.core.author import Target, target_register
from riskctl.core.check import CheckOptions, check
from riskctl.core.report import incomplete
from riskctl.model.errors import EditError, UsageError
from riskctl.model.records import Kind
from riskctl.reading.columns import ACTION_FIELDS, RISK_FIELDS
from riskctl.reading.mapping import Mapping, load_mapping
from riskctl.reading.rowdata import Record, RowProblem, join_actions, read_rows
from riskctl.reading.sheetrows import Layout, mapped_layout, own_layout
from riskctl.reading.spreadsheet import Book, read_book
from riskctl.rules.engine import CheckResult
from riskctl.writing.atomic import locked
from riskctl.writing.authoring import modeline
from riskctl.writing.batch import write_all
from riskctl.writing.importing import Into, Plan, plan_import

NOTES = 5  # ids made valid are said row by row up to this many, then counted


@dataclass(frozen=True)
class ImportOptions:
    file: str
    into: str
    today: dt.date
    mapping: str | None = None
    skip_invalid: bool = False
    update: bool = False
    dry_run: bool = False


@dataclass
class ImportOutcome:
    register: str  # as shown
    read: list[str] = field(default_factory=list)  # how each sheet was read, for people
    notes: list[str] = field(default_factory=list)  # ids repaired, columns passed by
    plan: Plan = field(default_factory=Plan)
    problems: list[RowProblem] = field(default_factory=list)  # why rows (and action rows) are not imported
    written: bool = False
    check: CheckResult | None = None
    unreadable: list[dict[str, Any]] = field(default_factory=list)  # the register's files left out (SPEC §7)

    @property
    def skipped(self) -> str:
        """How many rows are not imported, in words: ``2 rows and 1 action row``."""
        parts = []
        for actions, noun in ((False, "row"), (True, "action row")):
            rows = {(p.where.sheet, p.where.row) for p in self.problems if p.actions is actions}
            if rows:
                parts.append(f"{len(rows)} {noun}" + ("s" if len(rows) != 1 else ""))
        return " and ".join(parts)


def layouts(book: Book, mapping: Mapping | None) -> list[Layout]:
    """The sheets to import and where their fields are."""
    if mapping is not None:
        return [mapped_layout(book.sheet(mapping.risks.sheet), mapping.risks, RISK_FIELDS, "risk")]
    named = [sheet for sheet in (book.find("Risks"), book.find("Policies")) if sheet is not None]
    found = [layout for sheet in named or [book.sheet()] if (layout := own_layout(sheet)) is not None]
    if not found:
        first = book.sheet() if not named else named[0]
        headings = ", ".join(f'"{cell}"' for cell in first.row(1) if cell is not None) or "nothing"
        raise UsageError(
            f"{first.label()}: no row of riskctl field names (id, title, ...) in its first rows, so it is not "
            f"riskctl's own export; describe its columns with --mapping FILE (see the README). Row 1 holds: {headings}"
        )
    return found


def _actions(mapping: Mapping, book: Book) -> tuple[Layout, Book]:
    """The actions' sheet: in the same workbook, or in the file the mapping names."""
    assert mapping.actions is not None
    other = read_book(mapping.actions.file) if mapping.actions.file is not None else book
    sheet = other.sheet(mapping.actions.sheet)
    return mapped_layout(sheet, mapping.actions, ACTION_FIELDS, "risk"), other


def _described(layout: Layout, book: Book, what: str = "") -> str:
    rows = len(layout.rows)
    how = f"; {book.how}" if book.how and book.how != "XLSX" else ""
    header = layout.settings.header_row if layout.settings is not None else 1
    where = f", headings on row {header}" if header > 1 else ""
    return f"read {layout.sheet.label()}{what}: {rows} row{'s' if rows != 1 else ''}{where}{how}"


def _folders(target: Target, kinds: set[Kind]) -> list[Path]:
    """The folders the import writes in; refused when one leads outside the register (a symlink)."""
    root = os.path.realpath(target.register.root)
    folders = []
    for kind in sorted(kinds):
        folder = Path(target.register.root) / ("risks" if kind == "risk" else "policies")
        real = os.path.realpath(folder)
        if real != os.path.join(root, folder.name):
            raise EditError(f"{folder}: leads outside the register ({real}); import writes only inside it")
        folders.append(folder)
    return folders


def _records(
    sheets: list[tuple[Layout, Book]], actions: tuple[Layout, Book] | None, target: Target, outcome: ImportOutcome
) -> tuple[list[Record], list[RowProblem]]:
    """Every row read, with the actions joined; the action rows that could not be."""
    records: list[Record] = []
    for layout, book in sheets:
        outcome.read.append(_described(layout, book))
        records += read_rows(layout, target.register.scheme)
        label = layout.sheet.label()
        outcome.notes += [f'{label}: column "{name}" is no riskctl field; passed by' for name in layout.ignored]
    problems: list[RowProblem] = []
    if actions is not None:
        outcome.read.append(_described(*actions, " (actions)"))
        problems = join_actions([record for record in records if record.kind == "risk"], actions[0])
    notes = [note for record in records for note in record.notes]
    outcome.notes += notes[:NOTES] + (
        [f"... and {len(notes) - NOTES} more ids made valid the same way"] if len(notes) > NOTES else []
    )
    return records, problems


def run_import(options: ImportOptions) -> ImportOutcome:
    mapping = load_mapping(options.mapping) if options.mapping else None
    book = read_book(options.file)
    sheets = [(layout, book) for layout in layouts(book, mapping)]
    actions = _actions(mapping, book) if mapping is not None and mapping.actions is not None else None
    target = target_register([options.into])
    outcome = ImportOutcome(target.register.display, unreadable=incomplete(target.workspace))
    records, action_problems = _records(sheets, actions, target, outcome)
    folders = _folders(target, {record.kind for record in records})
    with contextlib.ExitStack() as stack:
        if not options.dry_run:
            for folder in folders:
                folder.mkdir(exist_ok=True)
                stack.enter_context(locked(folder))
        headers = {kind: modeline(target.items(kind), kind, target.register) for kind in ("risk", "policy")}
        into = Into(target.register, tuple(target.items()), headers)
        outcome.plan = plan_import(records, into, update=options.update)
        outcome.problems = list(dict.fromkeys(outcome.plan.problems + action_problems))
        if (outcome.problems and not options.skip_invalid) or options.dry_run:
            return outcome
        write_all([step.planned for step in outcome.plan.steps])
        outcome.written = True
    if outcome.plan.steps:
        outcome.check = check(CheckOptions([step.shown for step in outcome.plan.steps], options.today))
    return outcome
