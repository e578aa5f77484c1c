"""How diffs, item histories and the audit trail are written out: pure functions from data to text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from riskctl.history.audit import AUDIT_COLUMNS
from riskctl.outputs.escape import md_text, neutralise, terminal, visible
from riskctl.outputs.formats import AuditFormat, DiffFormat, HistoryFormat

if TYPE_CHECKING:  # the records written out; writing them needs none of their modules
    from riskctl.history.diff import Diff, ItemDiff
    from riskctl.history.versions import FieldChange
    from riskctl.history.walk import ItemHistory

MAX_MARKDOWN = 60_000
REVIEW_ENTRY = frozenset({"date", "by", "note"})  # the fields of a review.history entry


# -- values for people -----------------------------------------------------------


def show_value(value: Any, limit: int = 80) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        if all(isinstance(v, dict) and "description" in v for v in value):
            return f"{len(value)} item" + ("" if len(value) == 1 else "s")
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_change(change: FieldChange, arrow: str = "->") -> str:
    """``residual.score 12 -> 9``, or for lists of controls/actions what was added and removed."""
    if isinstance(change.old, list) or isinstance(change.new, list):
        old = change.old if isinstance(change.old, list) else []
        new = change.new if isinstance(change.new, list) else []
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        parts = []
        if added:
            parts.append("added " + "; ".join(_entry(v) for v in added))
        if removed:
            parts.append("removed " + "; ".join(_entry(v) for v in removed))
        return f"{change.field}: " + (", ".join(parts) if parts else "reordered")
    return f"{change.field} {show_value(change.old)} {arrow} {show_value(change.new)}"


def _entry(value: Any) -> str:
    """A list entry in a few words: a control's or action's description; a recorded review as
    ``2026-11-22 by Alice Analyst: fallback room tested``."""
    if isinstance(value, dict) and "description" not in value and "date" in value and set(value) <= REVIEW_ENTRY:
        who = f" by {value['by']}" if value.get("by") is not None else ""
        note = f": {value['note']}" if value.get("note") is not None else ""
        return show_value(f"{value['date']}{who}{note}", 80)
    if isinstance(value, dict):
        return show_value(value.get("description", value), 60)
    return show_value(value, 60)


def summary(diffs: Sequence[ItemDiff]) -> str:
    if not diffs:
        return "No changes to the registers."
    counts: dict[str, int] = {}
    for diff in diffs:
        counts[diff.change] = counts.get(diff.change, 0) + 1
    parts = [
        f"{counts[kind]} {kind}"
        for kind in ("added", "removed", "closed", "reopened", "modified", "unreadable", "duplicate")
        if kind in counts
    ]
    up = sum(1 for d in diffs if d.direction == "up")
    down = sum(1 for d in diffs if d.direction == "down")
    scores = f"; residual scores up {up}, down {down}" if up or down else ""
    noun = "item" if len(diffs) == 1 else "items"
    return f"{len(diffs)} {noun} changed: {', '.join(parts)}{scores}."


def _score(value: tuple[int, str | None] | None) -> str:
    if value is None:
        return "-"
    return f"{value[0]} {value[1]}" if value[1] else str(value[0])


def render_text(found: Diff) -> str:
    diffs, base, head = found.items, found.base, found.head
    lines = [f"Changes from {base[:12]} to {head if head == 'WORKTREE' else head[:12]}", summary(diffs)]
    for diff in diffs:
        lines.append("")
        arrow = {"up": " (up)", "down": " (down)"}.get(diff.direction, "")
        lines.append(terminal(f"{diff.register}:{diff.item} {diff.change}: {diff.title}"))
        lines.extend(f"  {terminal(line)}" for line in special(diff))
        if diff.before or diff.after:
            if diff.change == "modified" and diff.before == diff.after:
                pass
            else:
                lines.append(f"  residual {terminal(_score(diff.before))} -> {terminal(_score(diff.after))}{arrow}")
        if diff.appetite_note:
            lines.append(f"  {terminal(diff.appetite_note)}")
        lines.extend(f"  {terminal(describe_change(change))}" for change in diff.fields)
    return "\n".join(lines) + "\n"


def special(diff: ItemDiff) -> list[str]:
    """What an unreadable file or a duplicate id needs said."""
    if diff.error is not None:
        error = diff.error
        return [f"{error['path']}:{error['line']}:{error['column']}: {error['code']} {error['message']}"]
    if diff.paths:
        return [f"the id is held by {len(diff.paths)} files: {', '.join(diff.paths)}"]
    return []


def render_markdown(found: Diff) -> str:
    diffs, base, head = found.items, found.base, found.head
    arrows = {"up": "↑", "down": "↓", "": ""}
    head_name = "the working tree" if head == "WORKTREE" else f"`{head[:12]}`"
    parts = ["## Risk register changes", "", f"{md_text(summary(diffs))} (from `{base[:12]}` to {head_name})", ""]
    if diffs:
        parts += ["| Item | Title | Change | Residual | Note |", "| --- | --- | --- | --- | --- |"]
        for diff in diffs:
            residual = f"{_score(diff.before)} → {_score(diff.after)} {arrows[diff.direction]}".strip()
            if diff.change == "added":
                residual = _score(diff.after)
            elif diff.change == "removed":
                residual = _score(diff.before)
            note = "; ".join([diff.appetite_note, *special(diff)]).strip("; ")
            parts.append(
                f"| {md_text(f'{diff.register}:{diff.item}')} | {md_text(diff.title)} | {diff.change} | "
                f"{md_text(residual)} | {md_text(note)} |"
            )
        parts += ["", "<details><summary>Field changes</summary>", ""]
        for diff in diffs:
            if not diff.fields:
                continue
            parts.append(f"**{md_text(diff.register)}:{md_text(diff.item)}** ({diff.change})")
            parts.append("")
            parts.extend(f"- {md_text(describe_change(change, '→'))}" for change in diff.fields)
            parts.append("")
        parts.append("</details>")
    text = "\n".join(parts) + "\n"
    if len(text) > MAX_MARKDOWN:
        cut = text.rfind("\n", 0, MAX_MARKDOWN - 200)
        text = text[:cut] + "\n\n*The list is cut short here; run `riskctl diff` for all changes.*\n"
        if "<details>" in text and "</details>" not in text:
            text += "\n</details>\n"
    return text


def render_json(found: Diff) -> str:
    document: dict[str, Any] = {"base": found.base, "head": found.head, "items": [d.to_json() for d in found.items]}
    left_out = found.incomplete + [diff.error for diff in found.items if diff.error]
    if left_out:
        document["incomplete"] = left_out
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- history and audit -----------------------------------------------------------


def history_json(found: ItemHistory) -> str:
    events = found.events
    changes = [
        {
            "commit": event.commit.sha,
            "date": event.commit.date,
            "author": event.commit.author,
            "message": event.commit.message,
            "change": event.change,
            "fields": [change.to_json() for change in event.fields],
        }
        for event in reversed(events)
    ]
    document = {"item": found.item, "path": found.path, "changes": changes}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_history_text(found: ItemHistory) -> str:
    events, item = found.events, terminal(found.item)
    if not events:
        return f"No commits changed {item}.\n"
    count = len({event.commit.sha for event in events})  # a commit may give an item two events (unscored)
    lines = [f"History of {item}: {count} commit" + ("" if count == 1 else "s")]
    for event in reversed(events):
        commit = event.commit
        lines.append("")
        when = commit.date[:16].replace("T", " ")
        lines.append(f"{commit.sha[:10]}  {when}  {terminal(commit.author)}  {event.change}")
        lines.append(f"    {terminal(commit.message)}")
        if event.change in _LEFT_OUT and event.fields:  # the reason in full, never cut short
            lines.append(f"    {_LEFT_OUT[event.change]}: {terminal(str(event.fields[0].new))}")
        else:
            lines.extend(f"    {terminal(describe_change(change))}" for change in event.fields)
    return "\n".join(lines) + "\n"


_LEFT_OUT = {"unreadable": "this version cannot be read", "unscored": "its scores cannot be worked out"}


def audit_json(rows: Sequence[dict[str, Any]]) -> str:
    """A JSON array with one event a line: readable, and quick to write for long histories."""
    if not rows:
        return "[]\n"
    encode = _row_encoder()
    return "[\n" + ",\n".join(["".join(encode(row, 0)) for row in rows]) + "\n]\n"


def _row_encoder() -> Callable[[Any, int], Sequence[str]]:
    """What ``json.dumps(row, ensure_ascii=False)`` does, made once: json.dumps makes its encoder
    anew for every row, which is half the time of writing a long trail."""
    import json.encoder

    make = getattr(json.encoder, "c_make_encoder", None)  # CPython's own, undeclared in its stubs
    if make is None:  # pragma: no cover - CPython always has it
        plain = json.JSONEncoder(ensure_ascii=False)
        return lambda row, _: [plain.encode(row)]
    # markers None: no check for cycles, which JSON-typed rows cannot have; nothing but JSON
    # types is allowed (no default); NaN is written as json.dumps writes it
    made: Callable[[Any, int], Sequence[str]] = make(
        None, None, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return made


def audit_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=AUDIT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        flat = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}
        writer.writerow({k: neutralise(visible(v)) for k, v in flat.items()})  # as list's CSV: no escapes
    return buffer.getvalue()


HISTORY_FORMATS = {HistoryFormat.text: render_history_text, HistoryFormat.json: history_json}
DIFF_FORMATS = {DiffFormat.text: render_text, DiffFormat.md: render_markdown, DiffFormat.json: render_json}
AUDIT_FORMATS = {AuditFormat.json: audit_json, AuditFormat.csv: audit_csv}
