"""What changed since ``--since``, written as sentences a committee reads.

"Residual score lowered from 12 (Very high) to 9 (High) on 3 March 2026 by Bob Reviewer:
“Rescore R1 after the new site opened”." One sentence per commit that changed an item
(from the walk over git history), then one for what the working tree changes and has not
committed. Field names become words, dates read as dates, lists say what was added and
removed; nothing is ever shown as JSON. The sentences are plain text: templates escape them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from riskctl.history.diff import ItemDiff
from riskctl.history.versions import FieldChange
from riskctl.history.walk import Event
from riskctl.outputs.people import long_date

LABELS = {
    "title": "title",
    "description": "risk statement",
    "summary": "summary",
    "category": "category",
    "owner": "owner",
    "status": "status",
    "response": "response",
    "raised": "date raised",
    "closed": "closed date",
    "review.last": "last review",
    "review.next": "next review",
    "review.every": "review cycle",
    "target.by": "target date",
    "acceptance.by": "acceptance by",
    "acceptance.on": "acceptance date",
    "acceptance.until": "acceptance end",
    "acceptance.rationale": "acceptance rationale",
    "escalation.to": "escalation",
    "controls": "control",
    "actions": "action",
    "policies": "policy",
    "tags": "tag",
    "review.history": "review note",
}
REWORDED = {"description", "summary", "acceptance.rationale"}  # long text: said to have changed, not quoted
PARTS = ("residual", "inherent", "target")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


@dataclass(frozen=True)
class Story:
    """One item's changes since the baseline, oldest first."""

    ident: str
    kind: str
    title: str
    sentences: tuple[str, ...]


def value(raw: Any, limit: int = 80) -> str:
    """A field's value in words: dates as dates, lists joined, long text cut short."""
    if raw is None:
        return "none"
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, str) and _DATE.match(raw):
        return long_date(raw)
    if isinstance(raw, list):
        text = ", ".join(_entry(v) for v in raw)
    elif isinstance(raw, dict):
        text = ", ".join(f"{k}: {value(v)}" for k, v in raw.items())
    else:
        text = str(raw)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry(raw: Any) -> str:
    if isinstance(raw, dict):
        for key in ("description", "note", "summary"):
            if key in raw:
                return value(raw[key], 60)
        return value(raw, 60)
    return value(raw, 60)


def label(name: str) -> str:
    return LABELS.get(name, name.replace(".", " ").replace("_", " "))


def _score_phrase(part: str, changes: dict[str, FieldChange], residual: tuple[int, str | None] | None) -> str | None:
    change = changes.get(f"{part}.score")
    if change is None:
        return None
    rated = changes.get(f"{part}.rating")
    old_rating = rated.old if rated else residual[1] if part == "residual" and residual else None
    new_rating = rated.new if rated else residual[1] if part == "residual" and residual else None
    old = f"{change.old} ({old_rating})" if old_rating else str(change.old)
    new = f"{change.new} ({new_rating})" if new_rating else str(change.new)
    if change.old is None:
        return f"{part} score set to {new}"
    if change.new is None:
        return f"{part} score removed (was {old})"
    direction = "raised" if change.new > change.old else "lowered"
    return f"{part} score {direction} from {old} to {new}"


def _list_phrases(name: str, old: Any, new: Any) -> list[str]:
    before = old if isinstance(old, list) else []
    after = new if isinstance(new, list) else []
    added = [v for v in after if v not in before]
    removed = [v for v in before if v not in after]
    phrases = []
    if name == "actions":  # an action whose status changed is the same action, marked done (or reopened)
        for action in list(added):
            same = next((r for r in removed if isinstance(r, dict) and isinstance(action, dict)
                         and r.get("description") == action.get("description")), None)  # fmt: skip
            if same is not None and isinstance(action, dict):
                added.remove(action)
                removed.remove(same)
                phrases.append(f"action “{_entry(action)}” marked {value(action.get('status'))}")
    phrases += [f"{label(name)} added: “{_entry(v)}”" for v in added]
    phrases += [f"{label(name)} removed: “{_entry(v)}”" for v in removed]
    return phrases or [f"{label(name)}s reordered"]


def _field_phrase(change: FieldChange, changes: dict[str, FieldChange]) -> str | None:
    name = change.field
    if name == "status" and change.new == "closed":
        closed = changes.get("closed")
        return f"closed (closed date {value(closed.new)})" if closed and closed.new else "closed"
    if name == "status" and change.old == "closed":
        return "reopened"
    if name == "closed" and "status" in changes:
        return None
    if name == "review.last" and change.new is not None:
        return f"review recorded for {value(change.new)}" + (f" (last was {value(change.old)})" if change.old else "")
    if isinstance(change.old, list) or isinstance(change.new, list):
        return "; ".join(_list_phrases(name, change.old, change.new))
    if name in REWORDED:
        return f"{label(name)} reworded"
    if change.old is None:
        return f"{label(name)} set to {value(change.new)}"
    if change.new is None:
        return f"{label(name)} removed (was {value(change.old)})"
    return f"{label(name)} changed from {value(change.old)} to {value(change.new)}"


def phrases(fields: Sequence[FieldChange], residual: tuple[int, str | None] | None = None) -> list[str]:
    """What a set of field changes did, scores first."""
    changes = {change.field: change for change in fields}
    out: list[str] = []
    handled: set[str] = {"path"}
    for part in PARTS:
        phrase = _score_phrase(part, changes, residual)
        if phrase is not None:
            out.append(phrase)
            handled |= {f"{part}.{name}" for name in ("score", "rating", "likelihood", "impact")}
        handled.add(f"{part}.rating")
    handled.add("target.score")
    for change in fields:
        if change.field not in handled:
            phrase = _field_phrase(change, changes)
            if phrase:
                out.append(phrase)
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def event_sentence(event: Event) -> str:
    """One commit's change to one item, with when, who and why."""
    if event.change == "added":
        score = f" with residual score {event.residual[0]} ({event.residual[1]})" if event.residual else ""
        what = f"added{score}"
    elif event.change == "deleted":
        what = "removed from the register (its file was deleted)"
    elif event.change == "unreadable":
        reason = event.fields[0].new if event.fields else "it could not be read"
        what = f"a version that could not be read was committed ({reason})"
    elif event.change == "duplicate":
        took, gave = (event.fields[0].new, event.fields[0].old) if event.fields else (None, "another file")
        if took is not None:
            what = f"its id was taken by a second file, {took}, as well as its own"
        else:
            what = f"a second file that held its id, {gave}, gave it up"
    elif event.change == "unscored":
        reason = event.fields[0].new if event.fields else "its register has no usable scoring scheme"
        what = f"its scores could not be worked out for this version ({reason})"
    else:
        said = phrases(event.fields, event.residual)
        moved = next((c for c in event.fields if c.field == "path"), None)
        if moved is not None:
            said.insert(0, f"file moved from {moved.old} to {moved.new}")
        what = "; ".join(said) or "file rewritten with no change to its fields"
    commit = event.commit
    who = commit.author.strip() or "an unnamed author"
    why = f": “{commit.message.strip()}”" if commit.message.strip() else ""
    return f"{_capital(what)} on {long_date(commit.day)} by {who}{why}."


def pending_sentence(diff: ItemDiff) -> str:
    """What the working tree changes and has not committed."""
    if diff.change == "added":
        what = "added"
    elif diff.change == "removed":
        what = "removed from the register (its file was deleted)"
    elif diff.change in ("unreadable", "duplicate"):
        what = "its file cannot be used" if diff.change == "unreadable" else "its id is held by more than one file"
    else:
        what = "; ".join(phrases(diff.fields, diff.after)) or "file rewritten"
    return f"{_capital(what)}, not yet committed."


def stories(events: Sequence[Event], pending: Sequence[ItemDiff], titles: dict[tuple[str, str], str]) -> list[Story]:
    """Each item's sentences: its commits after the baseline, then its uncommitted changes.
    ``titles`` maps (kind, id) to the item's title now (an item removed keeps its last)."""
    told: dict[tuple[str, str], list[str]] = {}
    for event in events:
        told.setdefault((event.key[1], event.key[2]), []).append(event_sentence(event))
    for diff in pending:
        told.setdefault((diff.kind, diff.item), []).append(pending_sentence(diff))
    last = {(d.kind, d.item): d.title for d in pending}
    return [
        Story(ident, kind, titles.get((kind, ident)) or last.get((kind, ident), ""), tuple(sentences))
        for (kind, ident), sentences in told.items()
    ]
