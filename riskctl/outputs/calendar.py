"""``riskctl due --format ics``: an RFC 5545 calendar with one all-day event per obligation.

A calendar that subscribes to this file must move an event, not add a second one, when the
same obligation's date moves (a review recorded, an acceptance renewed, an action put
back), and drop it once it is done. So an event's UID names the obligation: the register,
the item's kind and id, what is due and, for an action, its place in the item's list;
never a date. An action inserted above others shifts their places: the events then move
to the actions now at those places, which a calendar shows as updates, not duplicates.

Written with the ``icalendar`` library, which folds lines, escapes text values and writes
CRLF as the RFC asks; user text first goes through ``escape.terminal`` (one line, no
control characters, which a calendar's text may not hold).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from riskctl.outputs.escape import terminal

if TYPE_CHECKING:
    from riskctl.outputs.due import DueReport, DueRow

PRODID = "-//riskctl//due//EN"


def uid(row: DueRow) -> str:
    """Stable from run to run and across date changes: a digest of what the obligation is."""
    key = "\0".join((row.register, row.kind, row.item, row.what, str(row.index)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + "@riskctl"


def summary(row: DueRow) -> str:
    """Names the item and what is due: ``Review of cambs:R3.3: Benefits ... not achieved``."""
    item = f"{row.register}:{row.item}"
    texts = {
        "review": f"Review of {item}: {row.title}",
        "action": f"Action {row.index + 1} of {item} due: {row.detail}",
        "acceptance": f"Acceptance of {item} ends: {row.title}",
        "target": f"Target date of {item}: {row.title}",
    }
    return terminal(texts[row.what])


def description(row: DueRow, today: dt.date) -> str:
    state = {"overdue": "overdue", "due-soon": "due soon"}[row.state]
    lines = [
        f"{row.label.capitalize()} of {row.kind} {row.register}:{row.item}: {row.title}",
        *([f"Action: {row.detail}"] if row.detail else []),
        f"Due: {row.due.iso()} ({state} on {today.isoformat()})",
        f"Register: {row.register_name} ({row.register})",
        f"Owner: {', '.join(row.owners)}",
        f"File: {row.path}",
    ]
    return "\n".join(terminal(line) for line in lines)


def to_ics(report: DueReport) -> bytes:
    # icalendar takes about 90 ms to import: only the ics format pays for it.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "riskctl: what is due")
    if report.incomplete:
        paths = ", ".join(terminal(entry["path"]) for entry in report.incomplete)
        notice = f"Incomplete: these files could not be read and are left out: {paths}"
        calendar.add("description", notice)
        calendar.add("x-wr-caldesc", notice)
    stamp = dt.datetime.combine(report.today, dt.time(), tzinfo=dt.UTC)
    events: dict[str, DueRow] = {}
    for row in report.rows:  # a jointly owned obligation: one row per owner, one event naming them all
        events.setdefault(uid(row), row)
    for ident, row in events.items():
        event = Event()
        event.add("uid", ident)
        event.add("dtstamp", stamp)
        event.add("dtstart", row.due.due_by)
        event.add("dtend", row.due.due_by + dt.timedelta(days=1))
        event.add("summary", summary(row))
        event.add("description", description(row, report.today))
        event.add("categories", ["riskctl", row.what])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
