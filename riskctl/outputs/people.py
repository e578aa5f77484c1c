"""Values as reports for people write them: ``15 January 2027``, ``April 2026``.

Machine outputs (JSON, CSV, SARIF ...) keep ISO dates (SPEC §6); the HTML, PDF and
Markdown reports read as a committee paper does (SPEC §10). Month names are written out
here rather than taken from the locale, so a report reads the same on every machine.
"""

from __future__ import annotations

import datetime as dt

from riskctl.model.dates import DateError, Day, parse_date

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(value: object) -> str:
    """``15 January 2027`` for a day, ``April 2026`` for a month-precision date; a git date
    with a time (``2026-03-03T10:00:00+00:00``) gives its day. Anything that is not a date
    (a value a file got wrong) is returned as it stands, for the template to escape."""
    if value is None:
        return "-"
    day: Day | None = None
    if isinstance(value, Day):
        day = value
    elif isinstance(value, dt.datetime):
        day = Day(value.date())
    elif isinstance(value, dt.date):
        day = Day(value)
    elif isinstance(value, str):
        try:
            day = parse_date(value[:10] if len(value) > 10 and value[10:11] == "T" else value)
        except DateError:
            return value
    if day is None:
        return str(value)
    month = MONTHS[day.date.month - 1]
    return f"{month} {day.date.year}" if day.month_only else f"{day.date.day} {month} {day.date.year}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 risk``, ``3 risks``."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
