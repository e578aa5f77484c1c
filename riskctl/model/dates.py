"""Dates, month-precision dates and review durations.

A DATE is ``YYYY-MM-DD`` or ``YYYY-MM``.  A month-precision date means "some time
in that month": a review due ``2026-04`` is due by 30 April 2026 and overdue from
1 May 2026.  Durations are ISO 8601 (``P1Y``, ``P6M``, ``P2W``, ``P30D``, or
combinations such as ``P1Y6M``) or one of the named cycles.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import NamedTuple

NAMED_DURATIONS: dict[str, str] = {
    "monthly": "P1M",
    "quarterly": "P3M",
    "six-monthly": "P6M",
    "annually": "P1Y",
    "biennially": "P2Y",
}

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_DURATION_RE = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)
LONGEST_MONTHS = 100 * 12  # a review cycle or retention period of a century at most


class DateError(ValueError):
    """A value that is not a DATE or DURATION; the message says what was expected."""


class Day(NamedTuple):
    """A calendar date that remembers whether it was written to the day or the month."""

    date: dt.date
    month_only: bool = False

    @property
    def due_by(self) -> dt.date:
        """The last day this date covers: the date itself, or the month's last day."""
        if not self.month_only:
            return self.date
        last = calendar.monthrange(self.date.year, self.date.month)[1]
        return self.date.replace(day=last)

    def iso(self) -> str:
        return self.date.strftime("%Y-%m") if self.month_only else self.date.isoformat()

    def __str__(self) -> str:
        return self.iso()


class Duration(NamedTuple):
    years: int = 0
    months: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


def parse_date(value: object) -> Day:
    """Parse ``YYYY-MM-DD`` or ``YYYY-MM``; raise DateError naming the value otherwise."""
    if isinstance(value, dt.date):
        return Day(value)
    if not isinstance(value, str):
        raise DateError(f"{value!r} is not a date; expected YYYY-MM-DD or YYYY-MM")
    return _parse_text(value)


@functools.lru_cache(maxsize=4096)
def _parse_text(value: str) -> Day:
    """Registers repeat the same few dates thousands of times; parse each once."""
    match = _DATE_RE.match(value.strip())
    if not match:
        raise DateError(f"{value!r} is not a date; expected YYYY-MM-DD or YYYY-MM")
    year, month, day = match.groups()
    try:
        parsed = Day(dt.date(int(year), int(month), int(day or 1)), month_only=day is None)
    except ValueError:
        raise DateError(f"{value!r} is not a real calendar date") from None
    if not EARLIEST <= parsed.date <= LATEST:
        raise DateError(f"{value!r} is out of range; expected a date from {EARLIEST.year} to {LATEST.year}")
    return parsed


def parse_duration(value: object) -> Duration:
    """Parse an ISO 8601 duration or a named cycle; raise DateError otherwise."""
    if not isinstance(value, str):
        raise DateError(f"{value!r} is not a duration; expected e.g. P3M, P1Y or annually")
    return _parse_duration_text(value)


@functools.lru_cache(maxsize=256)
def _parse_duration_text(value: str) -> Duration:
    """Every item of a register reads the register's cycle and warning window: parse each once."""
    text = NAMED_DURATIONS.get(value.strip().lower(), value.strip().upper())
    match = _DURATION_RE.match(text)
    if not match:
        raise DateError(f"{value!r} is not a duration; expected e.g. P3M, P1Y or annually")
    years, months, weeks, days = (int(group) if group else 0 for group in match.groups())
    found = Duration(years=years, months=months, days=weeks * 7 + days)
    if found.total_months + found.days // 28 > LONGEST_MONTHS:
        raise DateError(f"{value!r} is too long; expected a duration of at most 100 years")
    return found


def add_months(date: dt.date, months: int) -> dt.date:
    """Add calendar months, clamping the day to the end of a shorter month."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(date.day, last))


def add(day: Day, duration: Duration) -> Day:
    """``day + duration``; a month-precision date stays month-precision for whole months."""
    moved = add_months(day.date, duration.total_months)
    if day.month_only and duration.days == 0:
        return Day(moved, month_only=True)
    base = day.due_by if day.month_only else day.date
    if day.month_only:
        moved = add_months(base, duration.total_months)
    return Day(moved + dt.timedelta(days=duration.days))


def subtract(date: dt.date, duration: Duration) -> dt.date:
    return add_months(date, -duration.total_months) - dt.timedelta(days=duration.days)


def today_from(value: str | None) -> dt.date:
    """The reference date: ``value`` (from --today or RISKCTL_TODAY) or the local date."""
    if not value:
        return dt.date.today()
    day = parse_date(value)
    if day.month_only:
        raise DateError(f"{value!r}: --today needs a full date, YYYY-MM-DD")
    return day.date
