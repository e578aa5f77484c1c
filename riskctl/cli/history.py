"""``riskctl history``, ``diff`` and ``audit``: the registers' audit trail, read from git."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from riskctl.cli.options import ItemId, NoCache, Output
from riskctl.cli.runtime import command, warn
from riskctl.outputs.escape import terminal
from riskctl.outputs.formats import AuditFormat, DiffFormat, HistoryFormat

# Bodies import what they use (see cli/check.py).
if TYPE_CHECKING:
    from riskctl.history.walk import Event


@command
def history(
    item_id: ItemId,
    format: Annotated[HistoryFormat, typer.Option("--format", "-f", help="Output format.")] = HistoryFormat.text,
    output: Output = None,
    no_cache: NoCache = False,
) -> int:
    """Every commit that changed a risk or policy, newest first, with the fields it changed."""
    from riskctl.core import history as core
    from riskctl.outputs.changes import HISTORY_FORMATS
    from riskctl.writing.atomic import write_output

    found = core.history(item_id, use_cache=not no_cache)
    write_output(HISTORY_FORMATS[format](found), output)
    return _say_unreadable(found.events)


@command
def diff(
    base: Annotated[
        Optional[str], typer.Argument(help="Base revision (default: merge-base with main or master).")
    ] = None,
    head: Annotated[Optional[str], typer.Argument(help="Head revision (default: the working tree).")] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    output: Output = None,
) -> int:
    """Semantic diff of the registers between two revisions: items added, closed, rescored, reassigned."""
    from riskctl.core import history as core
    from riskctl.outputs.changes import DIFF_FORMATS
    from riskctl.writing.atomic import append_summary, write_output

    found = core.diff(base, head)
    for note in found.notes:
        warn(f"{terminal(note.path)}: {terminal(note.message)}")
    left_out = found.incomplete + [diff.error for diff in found.items if diff.error]
    for entry in left_out:
        where = f"{terminal(entry['path'])}:{entry['line']}:{entry['column']}"
        warn(f"{where}: {entry['code']} {terminal(entry['message'])} (cannot be compared)")
    text = DIFF_FORMATS[format](found)
    write_output(text, output)
    if format is DiffFormat.md:
        append_summary(text)
    return 1 if left_out else 0


@command
def audit(
    since: Annotated[
        Optional[str], typer.Option("--since", metavar="DATE", help="Only commits on or after DATE.")
    ] = None,
    until: Annotated[
        Optional[str], typer.Option("--until", metavar="DATE", help="Only commits on or before DATE.")
    ] = None,
    format: Annotated[AuditFormat, typer.Option("--format", "-f", help="Output format.")] = AuditFormat.json,
    output: Output = None,
    no_cache: NoCache = False,
) -> int:
    """The whole audit trail: one event per changed field, oldest first."""
    from riskctl.core import history as core
    from riskctl.outputs.changes import AUDIT_FORMATS
    from riskctl.writing.atomic import write_output

    rows, nothing_below = core.audit(since, until, use_cache=not no_cache)
    write_output(AUDIT_FORMATS[format](rows), output)
    if nothing_below is not None:  # an empty trail, as read from below the top: say where it looked
        shown = terminal(nothing_below)
        warn(f"no commit changed a risk or policy below {shown}/ (run it from the top to audit the whole repository)")
    broken = [row for row in rows if row["change"] in _LEFT_OUT]
    for row in broken:
        _say(str(row["new"]), f"{row['register']}:{row['item']}", str(row["commit"]), row["change"])
    return 1 if broken else 0


# what the trail leaves out of a version it could not read, or whose register could not score it
_LEFT_OUT = {"unreadable": "this version is left out", "unscored": "its scores are left out"}


def _say_unreadable(events: Sequence[Event]) -> int:
    """File versions in history that could not be read or scored: said on stderr, and the output is incomplete."""
    broken = [event for event in events if event.change in _LEFT_OUT]
    for event in broken:
        reason = str(event.fields[0].new) if event.fields else f"{event.path}: cannot be read"
        _say(reason, f"{event.key[0]}:{event.key[2]}", event.commit.sha, event.change)
    return 1 if broken else 0


def _say(reason: str, item: str, commit: str, change: str) -> None:
    """``path:line:col: CODE message`` as check says it, then which item, at which commit, and
    what the trail leaves out for it."""
    warn(f"{terminal(reason)} ({terminal(item)} at {commit[:12]}: {_LEFT_OUT[change]})")
