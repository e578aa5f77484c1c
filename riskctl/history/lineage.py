"""Which register.yaml versions each commit's own tree holds, worked out from its parents'.

A commit's items are scored on the registers of its own tree: a commit on a branch on the
register.yaml of that branch, whatever order git's log gives the commits in. A commit's
register.yaml files are its first parent's with the changes the log names for it. A merge
names a file only when it differs from every parent, so where its parents disagree and it
names nothing, its tree is asked (``Repository.register_files``); as it is for a parent the
log does not hold (one outside the revisions it was asked for).

May import ``history.commits``, ``reading.layout`` and ``reading.cache``; it starts no process
(``Repository.register_files``, passed in, does).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import NamedTuple

from riskctl.history.commits import Commit
from riskctl.reading.cache import blake2b
from riskctl.reading.layout import REGISTER_FILE, split_path

# a revision's register.yaml versions by directory: all of them, or those in the collection
TreeReader = Callable[[str, Collection[str] | None], dict[str, str]]


class Heads(NamedTuple):
    """The register.yaml files of a tree: each register directory's version, and a key naming them all."""

    key: str
    blobs: Mapping[str, str]


def _heads(blobs: Mapping[str, str]) -> Heads:
    text = "\n".join(f"{directory}\0{blob}" for directory, blob in sorted(blobs.items()))
    return Heads(blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest(), blobs)


EMPTY = _heads({})


class Lineage:
    """Each commit's register.yaml files, from ``commits`` (the log's register commits, with
    their changes) and ``links`` (the parents of the log's other commits, which changed none)."""

    def __init__(self, commits: Iterable[Commit], links: Mapping[str, tuple[str, ...]], tree: TreeReader) -> None:
        self.commits = {commit.sha: commit for commit in commits}
        self.links = links
        self.tree = tree
        self.known: dict[str, Heads] = {}
        self.shared: dict[str, Heads] = {EMPTY.key: EMPTY}  # one Heads per distinct set of files

    def before(self, commit: Commit) -> Heads:
        """The register.yaml files ``commit``'s changes are read against: its first parent's."""
        return self.after(commit.parents[0]) if commit.parents else EMPTY

    def after(self, sha: str) -> Heads:
        """The register.yaml files of commit ``sha``'s tree."""
        stack = [sha]
        while stack:  # parents before children, without recursion (a history may be long)
            top = stack[-1]
            if top in self.known:
                stack.pop()
                continue
            parents = self._parents(top)
            waiting = [parent for parent in parents or () if parent not in self.known]
            if waiting:
                stack.extend(waiting)
                continue
            self.known[top] = self._share(self.tree(top, None)) if parents is None else self._derive(top, parents)
            stack.pop()
        return self.known[sha]

    def writer(self, start: str, path: str, blob: str) -> Commit | None:
        """The nearest commit from ``start`` back (``start`` included) that wrote ``blob`` at
        ``path``: where the version ``start``'s tree holds there came from. A line of commits
        that changed ``path`` to something else first is not followed further."""
        queue, seen = deque([start]), {start}
        while queue:
            sha = queue.popleft()
            commit = self.commits.get(sha)
            change = next((c for c in commit.changes if c.path == path), None) if commit is not None else None
            if change is not None and change.new == blob:
                return commit
            if change is not None:
                continue
            for parent in self._parents(sha) or ():
                if parent not in seen:
                    seen.add(parent)
                    queue.append(parent)
        return None

    def _parents(self, sha: str) -> tuple[str, ...] | None:
        """A commit's parents; None for one the log does not hold."""
        commit = self.commits.get(sha)
        return commit.parents if commit is not None else self.links.get(sha)

    def _derive(self, sha: str, parents: tuple[str, ...]) -> Heads:
        own: dict[str, str | None] = {}
        commit = self.commits.get(sha)
        for change in commit.changes if commit is not None else ():
            if change.path.endswith(REGISTER_FILE):  # (a quick test first: most changes are items)
                directory, kind = split_path(change.path)
                if kind is None:
                    own[directory] = change.new
        if not own and len(parents) == 1:  # most commits: their parent's files
            return self.known[parents[0]]
        sides = [self.known[parent].blobs for parent in parents]
        blobs = dict(sides[0]) if sides else {}
        disputed = {directory for side in sides[1:] for directory in side.keys() | blobs.keys()}
        disputed = {d for d in disputed - own.keys() if any(side.get(d) != blobs.get(d) for side in sides[1:])}
        if disputed:  # a merge whose parents differ here, and which names nothing: its tree says
            found = self.tree(sha, disputed)
            for directory in disputed:
                own[directory] = found.get(directory)
        for directory, blob in own.items():
            if blob is None:
                blobs.pop(directory, None)
            else:
                blobs[directory] = blob
        return self._share(blobs)

    def _share(self, blobs: Mapping[str, str]) -> Heads:
        heads = _heads(blobs)
        return self.shared.setdefault(heads.key, heads)
