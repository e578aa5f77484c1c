"""Spreadsheet cells as riskctl values (SPEC §11): the rules for the imperfect cells real registers hold.

A likelihood written ``3 - Possible / Occasional `` is the score 3; a date is a date cell,
ISO text or ``31/01/2023`` read day-first or month-first as the mapping says; a cell of
numbered items running over several lines is a list; an id with spaces becomes a valid
id. Each rule raises ``CellError`` with what is wrong with the cell, and the caller adds
the sheet, row and column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from typing import Any

from riskctl.model import dates
from riskctl.reading.columns import FORMULA_START


class CellError(ValueError):
    """What is wrong with a cell, in words: the caller says where it is."""


def quoted(value: Any) -> str:
    """A cell as it is shown in messages: ``"31/02/2023"``."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return json.dumps(text if len(text) <= 60 else text[:59] + "…", ensure_ascii=False)


def text(value: Any, *, exact: bool = False) -> str | None:
    """A cell as text (None when empty). ``exact`` keeps surrounding spaces and line breaks, as
    riskctl's own export wrote them; otherwise they are trimmed. Our export's apostrophe before
    formula-like text is taken off again."""
    if value is None:
        return None
    if isinstance(value, bool):
        out = "yes" if value else "no"
    elif isinstance(value, dt.datetime):
        out = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        out = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        out = str(int(value))
    else:
        out = str(value)
    if out.startswith("'") and out.lstrip("'").startswith(FORMULA_START):
        out = out[1:]  # the apostrophe riskctl's export put before formula-like text
    if not exact:
        out = out.strip()
    return out if out.strip() else None


def one_line(value: str) -> str:
    """Line breaks inside a one-line field (a title typed with Alt+Enter) become spaces."""
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", value).strip()


_LEADING_SCORE = re.compile(r"^(\d+)\s*(?:[-–—:]|\.(?!\d))")


def _whole(value: Any) -> int | None:
    """A number cell holding a whole number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, float) and value.is_integer() else None


def level(value: Any) -> int | str | None:
    """A likelihood or impact: ``3``, ``3 - Possible / Occasional``, ``3: Possible`` -> 3; otherwise
    the label as written (the register's scale decides whether it is one)."""
    if isinstance(value, bool):
        raise CellError(f"{quoted(value)} is not a score or label on the scale")
    if _whole(value) is not None:
        return _whole(value)
    found = text(value)
    if found is None:
        return None
    found = one_line(found)
    if found.isdigit():
        return int(found)
    match = _LEADING_SCORE.match(found)
    if match:
        return int(match.group(1))
    return re.sub(r"\s+", " ", found)


def score(value: Any) -> int | None:
    if _whole(value) is not None:
        return _whole(value)
    found = text(value)
    if found is None:
        return None
    if found.isdigit():
        return int(found)
    raise CellError(f"{quoted(found)} is not a whole number")


_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO_WITH_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WORDY_DATE = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+(\d{4})$")


def date(value: Any, order: str | None = None) -> str | None:
    """A date cell, ISO text, ``31/01/2023`` (``order``: day-first or month-first), ``31 January 2023``
    or ``January 2023`` (a month), as ``YYYY-MM-DD`` or ``YYYY-MM``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    found = text(value)
    if found is None:
        return None
    with_time = _ISO_WITH_TIME.match(found)
    candidate = with_time.group(1) if with_time else found
    try:
        return dates.parse_date(candidate).iso()
    except dates.DateError:
        pass
    numeric = _NUMERIC_DATE.match(found)
    wordy = _WORDY_DATE.match(found)
    if numeric:
        return _numeric_date(found, numeric, order)
    if wordy and wordy.group(2).casefold() in _MONTHS:
        day, month, year = wordy.group(1), _MONTHS[wordy.group(2).casefold()], int(wordy.group(3))
        return _real(found, year, month, int(day) if day else None)
    raise CellError(f"{quoted(found)} is not a date; expected a date cell, YYYY-MM-DD, YYYY-MM or DD/MM/YYYY")


def _numeric_date(found: str, match: re.Match[str], order: str | None) -> str:
    first, second, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
    year = int(year_text)
    if len(year_text) == 2:  # as Excel reads two-digit years: 00-29 this century, 30-99 the last
        year += 2000 if year < 30 else 1900
    if order is None:
        if first > 12 >= second:
            order = "day-first"
        elif second > 12 >= first:
            order = "month-first"
        elif first != second:
            raise CellError(
                f"{quoted(found)} could be either day or month first; say which with 'dates: day-first' "
                "or 'dates: month-first' in the mapping"
            )
    day, month = (first, second) if order in (None, "day-first") else (second, first)
    return _real(found, year, month, day)


def _real(found: str, year: int, month: int, day: int | None) -> str:
    try:
        if day is None:
            return dt.date(year, month, 1).strftime("%Y-%m")
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise CellError(f"{quoted(found)} is not a date") from None


_NAMED = {"yearly": "annually", "annual": "annually", "every year": "annually", "half-yearly": "six-monthly"}
_COUNTED = re.compile(r"^(?:every\s+)?(\d+)\s*(year|month|week|day)s?$", re.IGNORECASE)


def duration(value: Any) -> str | None:
    """A review cycle: ``P1Y``, ``annually``, ``Quarterly``, ``12 months``."""
    found = text(value)
    if found is None:
        return None
    lowered = re.sub(r"\s+", " ", found.casefold())
    lowered = _NAMED.get(lowered, lowered)
    counted = _COUNTED.match(lowered)
    if counted:
        lowered = f"P{counted.group(1)}{counted.group(2)[0].upper()}"
    candidate = lowered if lowered in dates.NAMED_DURATIONS else lowered.upper()
    try:
        dates.parse_duration(candidate)
    except dates.DateError:
        raise CellError(f"{quoted(found)} is not a review cycle; expected e.g. P1Y, P6M, annually") from None
    return candidate


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    found = text(value)
    if found is None:
        return None
    if found.casefold() in _YES:
        return True
    if found.casefold() in _NO:
        return False
    raise CellError(f"{quoted(found)} is not yes or no")


def choice(value: Any, choices: tuple[str, ...]) -> str | None:
    """One of a few words, whatever its case (``Open`` is ``open``); other words are left for the
    schema to name with the words allowed."""
    found = text(value)
    if found is None:
        return None
    for option in choices:
        if option.casefold() == found.casefold():
            return option
    return found


def structure(value: Any) -> Any:
    """A mapping or list written as JSON in a cell, as riskctl's export writes them."""
    found = text(value)
    if found is None:
        return None
    try:
        return json.loads(found)
    except json.JSONDecodeError as error:
        raise CellError(f"{quoted(found)} is not JSON as riskctl's export writes it ({error.msg})") from None


_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,3})[.)](?=\s|$)")
_BULLET = re.compile(r"^\s*[•·▪◦‣●○■□➢►\-*–—]\s+")


def items(value: str) -> list[str]:
    """A cell holding several items: numbered items (``1.``, ``2.`` ..., each running to the next
    number), else bullets, else one item per line."""
    numbered = _numbered(value)
    if numbered is not None:
        return numbered
    lines = value.splitlines()
    if any(_BULLET.match(line) for line in lines):
        out: list[str] = []
        for line in lines:
            if _BULLET.match(line) or not out:
                out.append(_BULLET.sub("", line).strip())
            elif line.strip():
                out[-1] = f"{out[-1]} {line.strip()}".strip()
        return [item for item in out if item]
    return [line.strip() for line in lines if line.strip()]


def _numbered(value: str) -> list[str] | None:
    starts: list[re.Match[str]] = []
    for match in _NUMBER.finditer(value):
        if int(match.group(1)) == len(starts) + 1:
            starts.append(match)
    if not starts or (len(starts) == 1 and value[: starts[0].start()].strip()):
        return None
    out = [value[: starts[0].start()]]
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(value)
        out.append(value[match.end() : end])
    return [one_line(part) for part in out if part.strip()]


_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def repair_id(value: str) -> str:
    """A valid id from what a sheet wrote: each run of other characters becomes ``-``
    (``Risk 001`` -> ``Risk-001``); an id starts with a letter or digit."""
    if _ID.fullmatch(value):
        return value
    repaired = _NOT_ID.sub("-", value.strip()).strip("-")
    return re.sub(r"^[._-]+", "", repaired)
