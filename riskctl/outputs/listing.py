"""``riskctl list``: rows in SPEC §6's shapes, and the table, JSON and CSV written from them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from riskctl.model.facts import facts, owners
from riskctl.model.records import Item
from riskctl.outputs.escape import neutralise, terminal, visible
from riskctl.outputs.formats import ListFormat
from riskctl.reading.columns import POLICY_COLUMNS, RISK_COLUMNS


def natural(text: object) -> tuple[Any, ...]:
    """Sort R3.10 after R3.9."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", str(text)))


def risk_row(item: Item, today: dt.date) -> dict[str, Any]:
    data = item.data
    found = facts(item, today)
    target = None
    if item.target is not None:
        target = {**item.target.to_json(), "by": (data.get("target") or {}).get("by")}
    return {
        "register": item.register.id,
        "id": item.id,
        "kind": "risk",
        "title": data.get("title"),
        "category": data.get("category"),
        "owner": data.get("owner"),
        "status": data.get("status"),
        "path": item.path,
        "inherent": item.inherent.to_json() if item.inherent else None,
        "residual": item.residual.to_json() if item.residual else None,
        "target": target,
        "review": found.review.to_json(),
        "appetite": found.appetite,
        "escalation": _escalation(data.get("escalation")),
    }


def _escalation(value: object) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    return {"to": value.get("to"), "on": value.get("on")}


def policy_row(item: Item, today: dt.date) -> dict[str, Any]:
    data = item.data
    return {
        "register": item.register.id,
        "reference": item.id,
        "kind": "policy",
        "title": data.get("title"),
        "owner": data.get("owner"),
        "status": data.get("status"),
        "path": item.path,
        "review": facts(item, today).review.to_json(),
    }


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"residual": {"score": 9}}`` -> ``{"residual.score": 9}``; lists joined with '; '."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = "; ".join(str(v) for v in value)
        else:
            out[name] = value
    return out


@dataclass(frozen=True)
class Listing:
    """What ``list`` found: rows, whether they are policies, and the rating colours for the table."""

    rows: list[dict[str, Any]]
    policies: bool
    colours: dict[str, str]
    color: bool = False
    width: int | None = None


def to_csv(listing: Listing) -> str:
    columns = POLICY_COLUMNS if listing.policies else RISK_COLUMNS
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in listing.rows:
        flat = flatten(row)
        writer.writerow({column: neutralise(visible(flat.get(column))) for column in columns})
    return buffer.getvalue()


def to_json(listing: Listing) -> str:
    return json.dumps(listing.rows, indent=2, ensure_ascii=False) + "\n"


_STATE = {"overdue": "overdue", "due-soon": "due soon", "ok": "ok"}


def _ansi(colour: str) -> str:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        return ""
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"\033[38;2;{red};{green};{blue}m"


def _scored(part: dict[str, Any] | None, listing: Listing) -> tuple[str, str]:
    """``(plain text, text as shown)`` of a score and its rating."""
    if not part:
        return "-", "-"
    rating = str(part.get("rating") or "")
    plain = f"{part['score']:>2} {terminal(rating)}"
    tint = _ansi(listing.colours.get(rating, "")) if listing.color else ""
    return plain, f"{part['score']:>2} {tint}{terminal(rating)}\033[0m" if tint else plain


def to_table(listing: Listing) -> str:
    """A table for people: the columns fit the terminal, long titles and owners wrap.

    Laid out here rather than by a table library: ten thousand rows take a fraction of a
    second this way, where a general layout engine took seconds.
    """
    several = len({row["register"] for row in listing.rows}) > 1
    headers = ["Register"] if several else []
    headers += ["Ref" if listing.policies else "ID", "Title"]
    headers += [] if listing.policies else ["Inherent", "Residual"]
    headers += ["Owner", "Next review"]
    table: list[list[tuple[str, str]]] = []
    for row in listing.rows:
        cells = [(terminal(row["register"]),) * 2] if several else []
        cells.append((terminal(row.get("reference") or row.get("id")),) * 2)
        cells.append((terminal(row.get("title") or ""),) * 2)
        if not listing.policies:
            cells += [_scored(row.get("inherent"), listing), _scored(row.get("residual"), listing)]
        cells.append((terminal(", ".join(owners(row.get("owner")))),) * 2)
        review = row["review"]
        state = _STATE[review["state"]]
        shown = state
        if listing.color and review["state"] != "ok":
            shown = f"\033[1;31m{state}\033[0m" if review["state"] == "overdue" else f"\033[33m{state}\033[0m"
        cells.append((f"{review['next'] or '-'} {state}", f"{review['next'] or '-'} {shown}"))
        table.append(cells)
    widths = _widths(headers, table, listing.width or shutil.get_terminal_size((160, 24)).columns)
    lines = [_line([(h, _bold(h, listing.color)) for h in headers], widths, headers)]
    for cells in table:
        lines.append(_line(cells, widths, headers))
    noun = (
        ("policy" if listing.policies else "risk") if len(table) == 1 else ("policies" if listing.policies else "risks")
    )
    lines.append(f"{len(table)} {noun}")
    return "\n".join(lines) + "\n"


def _bold(text: str, color: bool) -> str:
    return f"\033[1m{text}\033[0m" if color else text


_WRAPPING = ("Title", "Owner")


def _widths(headers: Sequence[str], table: Sequence[Sequence[tuple[str, str]]], total: int) -> list[int]:
    widths = [max([len(h)] + [len(cells[i][0]) for cells in table]) for i, h in enumerate(headers)]
    fixed = sum(w for w, h in zip(widths, headers, strict=True) if h not in _WRAPPING) + 2 * (len(headers) - 1)
    room = max(total - fixed, 30)
    title, owner = headers.index("Title"), headers.index("Owner")
    if widths[title] + widths[owner] > room:
        # the room shared in proportion to what each column holds, the owner's share wide
        # enough for its longest word (up to 20) so that names break between words
        longest = max((len(word) for cells in table for word in cells[owner][0].split()), default=0)
        share = room * widths[owner] // (widths[title] + widths[owner])
        owner_width = min(widths[owner], max(12, min(longest, 20), share), room - 12)
        widths[owner] = owner_width
        widths[title] = max(room - owner_width, 12)
    return widths


def _line(cells: Sequence[tuple[str, str]], widths: Sequence[int], headers: Sequence[str]) -> str:
    wrapped = [
        textwrap.wrap(plain, width, break_long_words=True) or [""]
        if header in _WRAPPING and len(plain) > width
        else None
        for (plain, _), width, header in zip(cells, widths, headers, strict=True)
    ]
    height = max(len(lines) for lines in wrapped if lines is not None) if any(wrapped) else 1
    out = []
    for number in range(height):
        parts = []
        for (plain, shown), width, lines in zip(cells, widths, wrapped, strict=True):
            text = (
                (lines[number] if number < len(lines) else "") if lines is not None else (plain if number == 0 else "")
            )
            rendered = shown if lines is None and number == 0 else text
            parts.append(rendered + " " * (width - len(text)))
        out.append("  ".join(parts).rstrip())
    return "\n".join(out)


LIST_FORMATS = {ListFormat.table: to_table, ListFormat.json: to_json, ListFormat.csv: to_csv}
