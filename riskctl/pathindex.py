"""Where each item has lived, so ``history ID`` can ask git about a few paths only.

Kept apart from ``history`` so that ``history ID`` can start git before importing the
parser and the rest: git's log of the item's paths then runs while Python loads.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from riskctl.cache import read_json, write_json
from riskctl.errors import GitError
from riskctl.gitlog import Commit, Repository, split_path

if TYPE_CHECKING:
    from riskctl.history import Parser


class PathIndex:
    """Every register file path that has held a version of each item, by casefolded id.

    ``history ID`` asks git for the log of the few paths the item has lived at, which
    takes a fraction of the whole log. The index covers the commits reachable from
    ``tips`` and is brought up to date by reading only the commits added since. It may
    hold extra paths (the walk over them filters by id), never too few: every version
    of every register file in those commits is read into it. It lives in the history
    cache, is checked on load (a damaged or planted file is ignored) and is rebuilt
    when a tip has gone, say after a rebase and garbage collection.
    """

    KEEP_TIPS = 16

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.tips: list[str] = []
        self.items: dict[str, set[str]] = {}
        loaded = read_json(path) if path is not None else None
        if isinstance(loaded, dict) and _valid_index(loaded):
            self.tips = list(loaded["tips"])
            self.items = {ident: set(paths) for ident, paths in loaded["items"].items()}

    def paths(self, ident: str) -> list[str]:
        return sorted(self.items.get(ident.casefold(), ()))

    def behind(self, head: str) -> bool:
        return head not in self.tips

    def update(self, repo: Repository, parser: Parser, head: str) -> None:
        """Read the commits not yet in the index, then save it (when it has a path)."""
        try:
            commits = repo.start_log(exclude=self.tips, whole=True)()
        except GitError:  # a tip no longer exists: start again
            self.tips, self.items = [], {}
            commits = repo.start_log(whole=True)()
        self.add(repo, commits, parser)
        self.tips = [head, *(tip for tip in self.tips if tip != head)][: self.KEEP_TIPS]
        if self.path is not None:
            payload = {"tips": self.tips, "items": {ident: sorted(paths) for ident, paths in self.items.items()}}
            write_json(self.path, payload)

    def add(self, repo: Repository, commits: Sequence[Commit], parser: Parser) -> None:
        """Index the version each commit wrote (every earlier version was written by an earlier commit)."""
        from riskctl.history import item_ident

        written = [(change.path, change.new) for commit in commits for change in commit.changes if change.new]
        repo.prefetch(blob for _, blob in written if not parser.known(blob))
        for path, blob in written:
            kind = split_path(path)[1]
            if kind is None:
                continue
            data = parser.parse(blob, None if parser.known(blob) else repo.blob(blob))
            if data is not None:
                self.items.setdefault(item_ident(kind, path, data).casefold(), set()).add(path)


def _valid_index(loaded: dict[str, Any]) -> bool:
    tips, items = loaded.get("tips"), loaded.get("items")
    return (
        isinstance(tips, list)
        and all(isinstance(tip, str) and re.fullmatch(r"[0-9a-f]{40,64}", tip) for tip in tips)
        and isinstance(items, dict)
        and all(isinstance(paths, list) and all(isinstance(path, str) for path in paths) for paths in items.values())
    )


def start_item_log(repo: Repository, paths: Sequence[str]) -> Callable[[], list[Commit]]:
    """Start the log of ``paths`` and the register.yaml beside each (see ``Repository.start_log``)."""
    registers = {posixpath.join(split_path(path)[0], "register.yaml") for path in paths}
    return repo.start_log(paths=sorted({*paths, *registers}) if paths else [])
