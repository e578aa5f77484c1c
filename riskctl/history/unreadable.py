"""Versions of an item's file that could not be read: said (``unreadable``), never taken
for a deletion, and the next version that can be read compared with the last one that
could before it, on its own line of commits.

May import ``history.commits``, ``history.events``, ``history.versions`` and ``model``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from riskctl.history.commits import Commit, FileChange
from riskctl.history.events import Event, ItemKey
from riskctl.history.versions import FieldChange
from riskctl.model.records import Item, Kind, Problem


class Broken(NamedTuple):
    """A version of a changed file that could not be read."""

    side: str  # before | after
    item: Item
    register_id: str
    change: FileChange


def unreadable(
    commit: Commit,
    broken: list[Broken],
    before: dict[ItemKey, Item],
    after: dict[ItemKey, Item],
    last_readable: Callable[[Commit, FileChange, Kind], Item | None],
) -> Iterator[Event]:
    """A version that could not be read is said (``unreadable``, with where and why in check's
    words), never taken for a deletion; the next version that can be read is compared with the
    last one that could before it, on its own line of commits (``last_readable``). An
    unreadable file moved as it was is that item, where it went."""
    deleted = {entry.change.old: entry for entry in broken if entry.side == "before" and entry.change.new is None}
    moved = {  # each unreadable version a commit added, and the same bytes it deleted elsewhere
        id(entry): deleted.pop(str(entry.change.new))
        for entry in broken
        if entry.side == "after" and entry.change.old is None and entry.change.new in deleted
    }
    sources = {id(source) for source in moved.values()}
    for entry in broken:
        side, item, register_id, change = entry
        if id(entry) in sources:  # said where it went
            continue
        counterpart = after if side == "before" else before
        key = next((k for k, v in counterpart.items() if v.path == item.path), (register_id, item.kind, item.stem))
        reason = finding(item.file.path, item.file.unusable() or Problem("RC101", "cannot be read"))
        if side == "after":
            if (source := moved.get(id(entry))) is not None:
                good = last_readable(commit, source.change, source.item.kind)
                key = (
                    (register_id, good.kind, good.id)
                    if good is not None
                    else (register_id, item.kind, source.item.stem)
                )
            before.pop(key, None)
            yield Event(commit, key, "unreadable", item.path, (FieldChange("error", None, reason),))
        elif change.new is None or key in after:  # deleted, or mended: from the last version that could be read
            good = last_readable(commit, change, item.kind)
            if good is not None:
                before[key if change.new is not None else (register_id, good.kind, good.id)] = good
            elif change.new is None:  # never read, and now deleted
                yield Event(commit, key, "deleted", item.path, ())


def finding(path: str, problem: Problem) -> str:
    """``path:line:col: CODE message``, as check says it."""
    return f"{path}:{problem.position.line}:{problem.position.column}: {problem.code} {problem.message}"
