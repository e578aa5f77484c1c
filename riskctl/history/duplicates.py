"""A second file holding an item's id, told apart from the item being added or deleted.

The walk follows an item by its id, one changed file at a time. A file that takes an id
another file already holds (a copy of ``R2.1.yaml`` as ``R2.1-copy.yaml``, id unchanged)
is not the item added; a file that gives it up while the other still holds it is not the
item deleted: both are a ``duplicate`` (``check`` fails on it, RC104). The other file is
looked for where files are kept, under the id's own name (RC105 holds names to ids: ``R2.1.yaml``
or ``R2.1.yml``, other than the file itself), in the tree before the commit (a file that took
the id) or after it (one that gave it up).

May import ``history.git``, ``history.versions``, ``model`` and ``reading``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from riskctl.history.versions import FieldChange
from riskctl.model.records import Item, Register
from riskctl.reading.files import FileInput, Parser
from riskctl.reading.layout import YAML_SUFFIXES, split_path
from riskctl.reading.tree import shown
from riskctl.reading.workspace import build_item

if TYPE_CHECKING:
    from riskctl.history.git import Repository
    from riskctl.history.walk import Event


def duplicate(event: Event, item: Item, registers: Mapping[str, Register], repo: Repository, parser: Parser) -> Event:
    """``event``, an item ``added`` or ``deleted`` (``item`` the version added or deleted), as a
    ``duplicate`` when the file named after its id holds the same id: in the tree before the
    commit when added, after it when deleted (``registers`` are that tree's). Its one field is
    ``path``: the file that took the id (``None -> path``) or gave it up (``path -> None``)."""
    ident, kind = event.key[2], item.kind
    path = item.file.repo_path
    revision = event.commit.sha if event.change == "deleted" else next(iter(event.commit.parents), None)
    if path is None or revision is None:
        return event
    folder = posixpath.dirname(path)
    names = [name for name in (f"{folder}/{ident}{suffix}" for suffix in YAML_SUFFIXES) if name != path]
    register = registers.get(split_path(path)[0])
    if register is None or any(posixpath.dirname(name) != folder for name in names):  # an id with a '/'
        return event
    for name, blob in sorted(repo.files_at(revision, names).items()):
        other = build_item(kind, register, parser.file(FileInput(shown(name), kind, repo.blob(blob), name)))
        if isinstance(other.file.document and other.file.document.data, dict) and other.id == ident:
            moved = (
                FieldChange("path", None, event.path)
                if event.change == "added"
                else FieldChange("path", event.path, None)
            )
            return event._replace(change="duplicate", fields=(moved,), residual=None)
    return event


def followed(events: Sequence[Event]) -> list[Event]:
    """One item's events (oldest first) without those of a second file while it held the
    item's id: from the ``duplicate`` that says it took the id to the one that says it gave
    it up. Where the item is, and its trend, follow the item's own file."""
    copies: set[str] = set()
    kept = []
    for event in events:
        moved = next((change for change in event.fields if change.field == "path"), None)
        if event.change == "renamed" and moved is not None and moved.old in copies:  # the second file moved
            copies.discard(str(moved.old))
            copies.add(str(moved.new))
        elif event.change != "duplicate":
            if event.path not in copies:
                kept.append(event)
        elif event.fields and event.fields[0].new is not None:
            copies.add(str(event.fields[0].new))
        elif event.fields:
            copies.discard(str(event.fields[0].old))
    return kept
