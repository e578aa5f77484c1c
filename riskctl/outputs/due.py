"""``riskctl due``: what each owner must do, as text for people, Markdown to post, JSON and a calendar.

The rows are built by ``core.owners`` from the dates ``model.facts`` works out; here they
are only written out. Owner names, titles and action descriptions are anyone's text and
go through ``escape``; handles are written as mentions only when they are handles
(``facts.is_handle``), which is the point of a post to an owner.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from riskctl.model import dates
from riskctl.model.facts import DueState, ObligationKind, is_handle
from riskctl.model.records import Kind
from riskctl.outputs.calendar import to_ics
from riskctl.outputs.escape import md_text, terminal
from riskctl.outputs.formats import DueFormat

MAX_MARKDOWN = 60_000  # an issue or comment body holds 65,536 characters
STATES: dict[DueState, str] = {"overdue": "overdue", "due-soon": "due soon"}


@dataclass(frozen=True)
class DueRow:
    """One obligation for one owner (a jointly owned item gives a row to each owner)."""

    owner: str
    handles: tuple[str, ...]  # the owner's handles in the item's register, valid ones only
    register: str  # register id
    register_name: str
    item: str
    kind: Kind
    what: ObligationKind
    index: int  # which action (0-based); 0 for the others
    title: str
    detail: str  # an action's description; '' for the others
    due: dates.Day
    state: DueState
    path: str
    owners: tuple[str, ...]  # everyone the obligation falls to

    @property
    def key(self) -> tuple[str, str, str, str, int]:
        """The obligation, whoever it falls to: what a calendar event stands for."""
        return (self.register, self.kind, self.item, self.what, self.index)

    @property
    def label(self) -> str:
        """``review``, ``action 2``, ``acceptance``, ``target``."""
        return f"action {self.index + 1}" if self.what == "action" else self.what

    @property
    def text(self) -> str:
        """The item's title, and for an action what is to be done."""
        return f"{self.title} — {self.detail}" if self.detail else self.title

    def to_json(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "handles": list(self.handles),
            "register": self.register,
            "item": self.item,
            "kind": self.kind,
            "what": self.what,
            "title": self.title,
            "due": self.due.iso(),
            "state": self.state,
            "path": self.path,
        }


@dataclass(frozen=True)
class OwnerDue:
    owner: str
    handles: tuple[str, ...]
    rows: list[DueRow]


@dataclass(frozen=True)
class DueReport:
    """What ``due`` found: rows in SPEC §9's order, and the files it could not read."""

    today: dt.date
    within: str | None  # the --within given; None: each register's review.warn_within
    rows: list[DueRow]
    incomplete: list[dict[str, Any]] = field(default_factory=list)
    color: bool = False

    def by_owner(self) -> list[OwnerDue]:
        """One group per owner name (ordered ignoring case), each in the rows' order, with every
        handle its registers give it."""
        groups: dict[str, list[DueRow]] = {}
        for row in self.rows:
            groups.setdefault(row.owner, []).append(row)
        out = []
        for owner in sorted(groups, key=lambda name: (name.casefold(), name)):
            rows = groups[owner]
            handles = tuple(dict.fromkeys(handle for row in rows for handle in row.handles))
            out.append(OwnerDue(owner, handles, rows))
        return out

    @property
    def window(self) -> str:
        return f"within {self.within}" if self.within else "within each register's review.warn_within"

    def summary(self) -> str:
        obligations = {row.key: row.state for row in self.rows}
        if not obligations:
            return f"Nothing is overdue or falling due {self.window} (as of {self.today.isoformat()})."
        counts = [f"{sum(1 for s in obligations.values() if s == state)} {STATES[state]}" for state in STATES]
        owners = len({row.owner for row in self.rows})
        noun = "obligation" if len(obligations) == 1 else "obligations"
        whom = "1 owner" if owners == 1 else f"{owners} owners"
        return f"{len(obligations)} {noun} for {whom} ({', '.join(counts)}) as of {self.today.isoformat()}."


def to_json(report: DueReport) -> str:
    document: dict[str, Any] = {
        "version": 1,
        "today": report.today.isoformat(),
        "obligations": [row.to_json() for row in report.rows],
    }
    if report.incomplete:
        document["incomplete"] = report.incomplete
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _paint(text: str, state: DueState, color: bool) -> str:
    if not color:
        return text
    return f"\033[1;31m{text}\033[0m" if state == "overdue" else f"\033[33m{text}\033[0m"


def to_text(report: DueReport) -> str:
    """Grouped by owner: due date, state, what, item and title, one line each."""
    lines: list[str] = []
    rows = report.rows
    due_width = max((len(row.due.iso()) for row in rows), default=0)
    what_width = max((len(row.label) for row in rows), default=0)
    item_width = max((len(terminal(f"{row.register}:{row.item}")) for row in rows), default=0)
    for group in report.by_owner():
        head = terminal(group.owner) + (f"  {' '.join(group.handles)}" if group.handles else "")
        lines.append(f"\033[1m{head}\033[0m" if report.color else head)
        items = [terminal(f"{row.register}:{row.item}") for row in group.rows]
        for row, item in zip(group.rows, items, strict=True):
            state = _paint(f"{STATES[row.state]:<8}", row.state, report.color)
            lines.append(
                f"  {row.due.iso():<{due_width}}  {state}  {row.label:<{what_width}}  "
                f"{item:<{item_width}}  {terminal(row.text)}".rstrip()
            )
        lines.append("")
    lines.append(report.summary())
    lines += _notice(report, terminal)
    return "\n".join(lines) + "\n"


def _notice(report: DueReport, escape: Callable[[object], str]) -> list[str]:
    if not report.incomplete:
        return []
    paths = ", ".join(escape(entry["path"]) for entry in report.incomplete)
    return ["", f"Incomplete: these files could not be read and are left out: {paths}"]


def _mention(handle: str) -> str:
    """A handle as a live mention (the post is for that person); anything else as inert text."""
    return handle if is_handle(handle) else md_text(handle)


def _md_head(group: OwnerDue) -> list[str]:
    handles = " ".join(_mention(handle) for handle in group.handles)
    return [
        "",
        f"## {md_text(group.owner)}",
        "",
        f"Handles: {handles}" if handles else "No handles in owners_map.",
        "",
        "| Due | State | What | Item | Title | File |",
        "| --- | --- | --- | --- | --- | --- |",
    ]


def _md_row(row: DueRow) -> str:
    state = f"**{STATES[row.state]}**" if row.state == "overdue" else STATES[row.state]
    item = md_text(f"{row.register}:{row.item}")
    return f"| {row.due.iso()} | {state} | {row.label} | {item} | {md_text(row.text)} | {md_text(row.path)} |"


def to_markdown(report: DueReport) -> str:
    """One section per owner with their handles (so a post reaches them), for a scheduled job;
    kept under an issue's size limit, saying how many rows it left out."""
    lines = ["# What is due", "", md_text(report.summary())]
    lines += [f"\n> **Incomplete:** {line}" for line in _notice(report, md_text)[1:]]
    size = sum(len(line) + 1 for line in lines)
    left = len(report.rows)
    for group in report.by_owner():
        head = _md_head(group)
        for number, line in enumerate([*head, *(_md_row(row) for row in group.rows)]):
            size += len(line) + 1
            if size > MAX_MARKDOWN:
                lines += ["", f"_{left} more rows are not shown here: run `riskctl due` for the whole list._"]
                return "\n".join(lines) + "\n"
            lines.append(line)
            if number >= len(head):
                left -= 1
    return "\n".join(lines) + "\n"


DUE_FORMATS: dict[DueFormat, Callable[[DueReport], str | bytes]] = {
    DueFormat.text: to_text,
    DueFormat.md: to_markdown,
    DueFormat.json: to_json,
    DueFormat.ics: to_ics,
}
