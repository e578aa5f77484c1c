from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskctl.model import dates
from riskctl.model.dates import Day, Duration


@pytest.mark.parametrize(
    ("text", "expected", "month_only"),
    [
        ("2026-04-30", dt.date(2026, 4, 30), False),
        ("2026-04", dt.date(2026, 4, 1), True),
        (" 2024-02-29 ", dt.date(2024, 2, 29), False),
    ],
)
def test_parse_date(text: str, expected: dt.date, month_only: bool) -> None:
    day = dates.parse_date(text)
    assert day.date == expected
    assert day.month_only is month_only
    assert day.iso() == text.strip()


@pytest.mark.parametrize("text", ["2026-13-01", "2023-02-29", "2026-4-1", "April 2026", "", "2026-04-31", 20260401])
def test_parse_date_rejects(text: object) -> None:
    with pytest.raises(dates.DateError):
        dates.parse_date(text)


def test_month_precision_is_due_by_month_end() -> None:
    assert dates.parse_date("2026-04").due_by == dt.date(2026, 4, 30)
    assert dates.parse_date("2024-02").due_by == dt.date(2024, 2, 29)
    assert dates.parse_date("2026-04-10").due_by == dt.date(2026, 4, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1Y", Duration(years=1)),
        ("P2Y", Duration(years=2)),
        ("P6M", Duration(months=6)),
        ("P3M", Duration(months=3)),
        ("P2W", Duration(days=14)),
        ("P30D", Duration(days=30)),
        ("P1Y6M", Duration(years=1, months=6)),
        ("monthly", Duration(months=1)),
        ("quarterly", Duration(months=3)),
        ("six-monthly", Duration(months=6)),
        ("Annually", Duration(years=1)),
        ("biennially", Duration(years=2)),
    ],
)
def test_parse_duration(text: str, expected: Duration) -> None:
    assert dates.parse_duration(text) == expected


@pytest.mark.parametrize("text", ["P", "1Y", "P1X", "PT1H", "yearly", "", 12])
def test_parse_duration_rejects(text: object) -> None:
    with pytest.raises(dates.DateError):
        dates.parse_duration(text)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ("2024-04", "P2Y", "2026-04"),  # month precision stays month precision
        ("2023-08-18", "P2Y", "2025-08-18"),
        ("2026-01-31", "P1M", "2026-02-28"),  # clamped to month end
        ("2024-02-29", "P1Y", "2025-02-28"),
        ("2026-10-15", "P3M", "2027-01-15"),
        ("2026-12-20", "P30D", "2027-01-19"),
        ("2026-04", "P30D", "2026-05-30"),  # days count from the month's end
    ],
)
def test_add(start: str, duration: str, expected: str) -> None:
    assert dates.add(dates.parse_date(start), dates.parse_duration(duration)).iso() == expected


def test_subtract() -> None:
    assert dates.subtract(dt.date(2026, 3, 31), Duration(months=1)) == dt.date(2026, 2, 28)
    assert dates.subtract(dt.date(2026, 1, 10), Duration(days=30)) == dt.date(2025, 12, 11)


def test_today_from() -> None:
    assert dates.today_from("2026-11-22") == dt.date(2026, 11, 22)
    assert dates.today_from(None) == dt.date.today()
    with pytest.raises(dates.DateError):
        dates.today_from("2026-11")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)), st.integers(0, 240))
def test_add_months_round_trip(day: dt.date, months: int) -> None:
    moved = dates.add(Day(day), Duration(months=months))
    assert moved.date.day <= day.day
    assert (moved.date.year * 12 + moved.date.month) - (day.year * 12 + day.month) == months
