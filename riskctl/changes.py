"""Semantic diff of two snapshots, and how history, diffs and the audit trail are written out.

Pure functions from data to text; the CLI decides where the text goes.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from riskctl.gitlog import Commit, Repository
from riskctl.history import (
    Event,
    FieldChange,
    ItemVersion,
    Parser,
    Snapshot,
    changes_between,
    event_keys,
    is_closed,
    walk,
)

MAX_MARKDOWN = 60_000


@dataclass(frozen=True)
class ItemDiff:
    register: str
    item: str
    kind: str
    change: str  # added | removed | modified | closed | reopened
    title: str
    path: str
    fields: tuple[FieldChange, ...]
    before: tuple[int, str | None] | None  # residual (score, rating)
    after: tuple[int, str | None] | None
    appetite: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "register": self.register,
            "item": self.item,
            "kind": self.kind,
            "change": self.change,
            "fields": [change.to_json() for change in self.fields],
        }

    @property
    def direction(self) -> str:
        if self.before is None or self.after is None or self.before[0] == self.after[0]:
            return ""
        return "up" if self.after[0] > self.before[0] else "down"

    @property
    def appetite_note(self) -> str:
        if self.appetite is None or self.before is None or self.after is None:
            return ""
        was, now = self.before[0] > self.appetite, self.after[0] > self.appetite
        if now and not was:
            return f"now above appetite ({self.appetite})"
        if was and not now:
            return f"now within appetite ({self.appetite})"
        return ""


def _residual(item: ItemVersion | None) -> tuple[int, str | None] | None:
    if item is None:
        return None
    fields = item.fields
    score = fields.get("residual.score")
    return (score, fields.get("residual.rating")) if isinstance(score, int) else None


def diff_snapshots(base: Snapshot, head: Snapshot) -> list[ItemDiff]:
    out = []
    for key in sorted(set(base.items) | set(head.items)):
        old, new = base.items.get(key), head.items.get(key)
        current = new or old
        assert current is not None
        fields: tuple[FieldChange, ...] = ()
        if old is None:
            change = "added"
        elif new is None:
            change = "removed"
        else:
            fields = tuple(changes_between(old, new))
            if old.path != new.path:
                fields = (FieldChange("path", old.path, new.path), *fields)
            if not fields:
                continue
            change = "modified"
            if is_closed(new) and not is_closed(old):
                change = "closed"
            elif is_closed(old) and not is_closed(new):
                change = "reopened"
        out.append(
            ItemDiff(
                register=key[0],
                item=key[2],
                kind=key[1],
                change=change,
                title=str(current.data.get("title", "")),
                path=current.path,
                fields=fields,
                before=_residual(old),
                after=_residual(new),
                appetite=current.register.appetite,
            )
        )
    return out


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
        f"{counts[kind]} {kind}" for kind in ("added", "removed", "closed", "reopened", "modified") if kind in counts
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


def render_text(diffs: Sequence[ItemDiff], base: str, head: str) -> str:
    lines = [f"Changes from {base[:12]} to {head if head == 'WORKTREE' else head[:12]}", summary(diffs)]
    for diff in diffs:
        lines.append("")
        arrow = {"up": " (up)", "down": " (down)"}.get(diff.direction, "")
        lines.append(f"{diff.register}:{diff.item} {diff.change}: {diff.title}")
        if diff.before or diff.after:
            if diff.change == "modified" and diff.before == diff.after:
                pass
            else:
                lines.append(f"  residual {_score(diff.before)} -> {_score(diff.after)}{arrow}")
        if diff.appetite_note:
            lines.append(f"  {diff.appetite_note}")
        lines.extend(f"  {describe_change(change)}" for change in diff.fields)
    return "\n".join(lines) + "\n"


def cell(text: str) -> str:
    """Safe inside a Markdown table cell on GitHub and GitLab: no HTML, pipes, newlines or @mentions."""
    text = html.escape(" ".join(str(text).split()), quote=False)
    text = text.replace("|", "\\|").replace("`", "'").replace("@", "@\u200b")
    return text


def render_markdown(diffs: Sequence[ItemDiff], base: str, head: str) -> str:
    arrows = {"up": "↑", "down": "↓", "": ""}
    head_name = "the working tree" if head == "WORKTREE" else f"`{head[:12]}`"
    parts = ["## Risk register changes", "", f"{cell(summary(diffs))} (from `{base[:12]}` to {head_name})", ""]
    if diffs:
        parts += ["| Item | Title | Change | Residual | Note |", "| --- | --- | --- | --- | --- |"]
        for diff in diffs:
            residual = f"{_score(diff.before)} → {_score(diff.after)} {arrows[diff.direction]}".strip()
            if diff.change == "added":
                residual = _score(diff.after)
            elif diff.change == "removed":
                residual = _score(diff.before)
            parts.append(
                f"| `{cell(diff.register)}:{cell(diff.item)}` | {cell(diff.title)} | {diff.change} | "
                f"{cell(residual)} | {cell(diff.appetite_note)} |"
            )
        parts += ["", "<details><summary>Field changes</summary>", ""]
        for diff in diffs:
            if not diff.fields:
                continue
            parts.append(f"**{cell(diff.register)}:{cell(diff.item)}** ({diff.change})")
            parts.append("")
            parts.extend(f"- {cell(describe_change(change, '→'))}" for change in diff.fields)
            parts.append("")
        parts.append("</details>")
    text = "\n".join(parts) + "\n"
    if len(text) > MAX_MARKDOWN:
        cut = text.rfind("\n", 0, MAX_MARKDOWN - 200)
        text = text[:cut] + "\n\n*The list is cut short here; run `riskctl diff` for all changes.*\n"
        if "<details>" in text and "</details>" not in text:
            text += "\n</details>\n"
    return text


def render_json(diffs: Sequence[ItemDiff], base: str, head: str) -> str:
    document = {"base": base, "head": head, "items": [diff.to_json() for diff in diffs]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- history and audit -----------------------------------------------------------


def history_json(events: Sequence[Event], item: str, path: str | None) -> dict[str, Any]:
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
    return {"item": item, "path": path, "changes": changes}


def render_history_text(events: Sequence[Event], item: str) -> str:
    if not events:
        return f"No commits changed {item}.\n"
    lines = [f"History of {item}: {len(events)} commit" + ("" if len(events) == 1 else "s")]
    for event in reversed(events):
        commit = event.commit
        lines.append("")
        lines.append(f"{commit.sha[:10]}  {commit.date[:16].replace('T', ' ')}  {commit.author}  {event.change}")
        lines.append(f"    {commit.message}")
        lines.extend(f"    {describe_change(change)}" for change in event.fields)
    return "\n".join(lines) + "\n"


AUDIT_COLUMNS = ["commit", "date", "author", "register", "item", "change", "field", "old", "new"]


def audit_rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        base = {
            "commit": event.commit.sha,
            "date": event.commit.date,
            "author": event.commit.author,
            "register": event.key[0],
            "item": event.key[2],
            "change": event.change,
        }
        if not event.fields:
            rows.append({**base, "field": None, "old": None, "new": None})
        for change in event.fields:
            rows.append({**base, "field": change.field, "old": change.old, "new": change.new})
    return rows


def cold_reader(repo: Repository, no_cache: bool) -> Parser | None:
    """A parser to read versions with while git's log runs, when the audit cache cannot
    answer (switched off, or not written yet); None when the cache will answer."""
    from riskctl.cache import cache_file, enabled

    if not enabled(no_cache):
        return Parser()
    return None if cache_file(repo.root, "audit").exists() else Parser.cached(repo.root)


def audit_trail(
    repo: Repository, commits: Sequence[Commit], no_cache: bool, parser: Parser | None = None
) -> list[tuple[Commit, list[dict[str, Any]]]]:
    """Each commit (oldest first) with its audit rows; ``parser`` is one from ``cold_reader``.

    Rows are kept in the audit cache under ``event_keys``: a commit's events never change,
    so a later run walks only the commits it has not seen (moving the registers on through
    the others) and reads the rest back.
    """
    from riskctl.cache import Cache, enabled

    store = Cache(repo.root, "audit") if enabled(no_cache) else None
    keys = event_keys(commits) if store is not None else [commit.sha for commit in commits]
    known: dict[str, list[dict[str, Any]]] = {}
    for key in keys:
        rows = store.lookup(key) if store is not None else None
        if isinstance(rows, list) and all(isinstance(row, dict) and list(row) == AUDIT_COLUMNS for row in rows):
            known[key] = rows
    found: dict[str, list[Event]] = {}
    if len(known) < len(keys):
        parser = parser or Parser.cached(repo.root, not no_cache)
        skip = {commit.sha for commit, key in zip(commits, keys, strict=True) if key in known}
        for event in walk(repo, commits, parser, skip=skip):
            found.setdefault(event.commit.sha, []).append(event)
        if parser.store is not None:
            parser.store.save()
    trail = []
    for commit, key in zip(commits, keys, strict=True):
        rows = known[key] if key in known else audit_rows(found.get(commit.sha, ()))
        if store is not None:
            store.put(key, rows)
        trail.append((commit, rows))
    if store is not None:
        store.save()
    return trail


def audit_json(rows: Sequence[dict[str, Any]]) -> str:
    """``rows`` as a JSON array, one row a line: the text of ``json.dumps(rows,
    ensure_ascii=False)`` with a line break before each row.

    Written here rather than by the encoder because it is the whole cost of writing a
    long audit: a commit's columns are encoded once for all its rows, and strings,
    integers and nulls (nearly every value) by json's own C escaper and ``int.__repr__``,
    as the encoder writes them; anything else goes to the encoder itself.
    """
    if not rows:
        return "[]\n"
    string, number = json.encoder.encode_basestring, int.__repr__
    other = json.JSONEncoder(ensure_ascii=False).encode

    def value(item: Any) -> str:
        kind = type(item)
        if kind is str:
            return string(item)
        if item is None:
            return "null"
        return number(item) if kind is int else other(item)

    lines = []
    commit = head = None
    for row in rows:
        if (row["commit"], row["date"], row["author"]) != commit:
            commit = (row["commit"], row["date"], row["author"])
            head = f'{{"commit": {value(commit[0])}, "date": {value(commit[1])}, "author": {value(commit[2])}, '
        lines.append(
            f'{head}"register": {value(row["register"])}, "item": {value(row["item"])}, '
            f'"change": {value(row["change"])}, "field": {value(row["field"])}, '
            f'"old": {value(row["old"])}, "new": {value(row["new"])}}}'
        )
    return "[\n" + ",\n".join(lines) + "\n]\n"


def audit_csv(rows: Sequence[dict[str, Any]]) -> str:
    from riskctl.listing import neutralise

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=AUDIT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        flat = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}
        writer.writerow({k: neutralise(v) for k, v in flat.items()})
    return buffer.getvalue()
