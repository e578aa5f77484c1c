"""``riskctl review``: record a review in place, changing only the values that change."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskctl.model import dates
from riskctl.model.errors import EditError, Refused
from riskctl.model.facts import review_cycle, safe_date
from riskctl.model.records import Item
from riskctl.model.scoring import Assessment
from riskctl.reading.loading import load_bytes
from riskctl.reading.schema import validate
from riskctl.writing.authoring import parse_pair
from riskctl.writing.editing import Editor, Source, last_line_within, scalar
from riskctl.writing.yamltext import flow


@dataclass
class ReviewResult:
    path: Path
    before: Assessment | None
    after: Assessment | None
    last: dates.Day
    next: dates.Day | None
    original: bytes = b""  # the file as it was read
    edited: bytes = b""  # the file as the review leaves it (written once ``check`` accepts it)

    def message(self, item_id: str) -> str:
        before, after = self.before, self.after
        if before and after and before.score != after.score:
            rating = (
                f" ({before.rating_name} -> {after.rating_name})" if before.rating_name != after.rating_name else ""
            )
            return f"Review {item_id}: residual {before.score} -> {after.score}{rating}"
        return f"Review {item_id}: no change to scores" if after else f"Review {item_id}"


def plan_review(
    item: Item, *, on: dt.date, residual: str | None, note: str | None, today: dt.date, by: str | None = None
) -> ReviewResult:
    """The edit of ``item``'s file for a review: review.last, review.next, optionally the residual;
    who reviewed and a note go into a new ``review.history`` entry. Nothing is written here:
    ``core.author`` checks the result first."""
    if on > today:
        raise EditError(
            f"--date {on.isoformat()} is after today ({today.isoformat()}); a review cannot be recorded ahead"
        )
    if item.file.location is None:
        raise EditError(f"{item.path}: not a file in the working tree")
    path = Path(item.file.location)
    source = Source.read(path)
    document = source.document
    data = document.data
    editor = Editor(source)
    last = dates.Day(on)
    review = data["review"]
    previous = safe_date(review.get("last"))
    if previous is not None and on < previous.date:
        raise Refused(
            f"{item.path}: the last review was {previous}; a review on {on.isoformat()} would move it back, "
            "so nothing was written"
        )
    cycle = review_cycle(item)
    upcoming = dates.add(last, cycle) if cycle else None
    entry = _entry(last, by, note)
    if document.values[("review",)].line > document.keys[("review",)].line:
        _edit_block_review(editor, document, review, last, upcoming, entry)
    else:  # a flow mapping on the key's line: write it out again
        updated = {**review, "last": last.iso()}
        if "next" in review:
            if upcoming is None:
                del updated["next"]
            else:
                updated["next"] = upcoming.iso()
        if entry:
            updated["history"] = [*review.get("history", []), entry]
        editor.replace_value(("review",), flow(updated))
    before = item.residual if item.kind == "risk" else None
    after = before
    if residual is not None:
        if item.kind != "risk" or item.register.scheme is None:
            raise EditError("--residual applies to risks on a register with a scoring scheme")
        scheme = item.register.scheme
        likelihood, impact = parse_pair(residual, scheme, "--residual")
        for name, level in (("likelihood", likelihood), ("impact", impact)):
            old = data["residual"][name]
            editor.replace_value(("residual", name), scalar(level.label) if isinstance(old, str) else str(level.score))
        after = scheme.assess(likelihood.score, impact.score)
        if "score" in data["residual"]:
            editor.replace_value(("residual", "score"), str(after.score))
    text = editor.result()
    _check_edit(text, item.kind)
    return ReviewResult(path, before, after, last, upcoming, source.raw, text)


def _entry(last: dates.Day, by: str | None, note: str | None) -> dict[str, str]:
    """The ``review.history`` entry: who reviewed and what they found; none when neither is known."""
    if by is None and note is None:
        return {}
    return {
        "date": last.iso(),
        **({"by": by} if by is not None else {}),
        **({"note": note} if note is not None else {}),
    }


def _edit_block_review(
    editor: Editor,
    document: Any,
    review: dict[str, Any],
    last: dates.Day,
    upcoming: dates.Day | None,
    fields: dict[str, str],
) -> None:
    editor.replace_value(("review", "last"), last.iso())
    if "next" in review:
        if upcoming is not None:
            editor.replace_value(("review", "next"), upcoming.iso())
        else:
            editor.delete_line_of(("review", "next"))
    if not fields:
        return
    entry = [f"- date: {fields['date']}"]
    entry += [f"  {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if key != "date"]
    if review.get("history") and ("review", "history", 0) in document.values:
        dash = document.values[("review", "history", 0)].column - 3  # "- " precedes the item
        editor.insert_after(last_line_within(document, ("review", "history")), [" " * dash + line for line in entry])
        return
    indent = document.values[("review",)].column - 1
    lines = [" " * indent + "history:", *(" " * (indent + 2) + line for line in entry)]
    editor.insert_after(last_line_within(document, ("review",)), lines)


def _check_edit(raw: bytes, kind: str) -> None:
    result = load_bytes(raw, "edited file")
    if result.document is None or result.problems or validate(result.document, kind):
        raise EditError("the edit would leave the file invalid; nothing was written (please report this)")
