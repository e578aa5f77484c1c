"""What the walk over git history tells of each item: one ``Event`` per change in a commit.

May import ``history.commits`` and ``history.versions``.
"""

from __future__ import annotations

from typing import NamedTuple

from riskctl.history.commits import Commit
from riskctl.history.versions import FieldChange

ItemKey = tuple[str, str, str]  # (register id, kind, item id)


class Event(NamedTuple):
    """One change to one item in one commit (``fields`` empty when added or deleted)."""

    commit: Commit
    key: ItemKey
    change: str  # added | modified | deleted | renamed | duplicate | unreadable | unscored
    path: str
    fields: tuple[FieldChange, ...]
    residual: tuple[int, str | None] | None = None  # (score, rating) after the change, when it can be scored
