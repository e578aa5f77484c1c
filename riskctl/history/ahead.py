"""What a walk reads, handed to the parser ahead of it: the versions each commit names, in
the walk's order (``versions``), parsed before the walk needs them (``parse_ahead``), or
as git writes its log (``Early``).

May import ``history.commits``, ``history.git`` and ``reading``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

from riskctl.history.commits import Commit
from riskctl.history.git import Repository
from riskctl.reading.files import FileInput, Parser, literal
from riskctl.reading.layout import split_path
from riskctl.reading.tree import shown


def scoped(commit: Commit, scope: str) -> Commit:
    """``commit`` with the items below ``scope`` only, and every register.yaml (whose scheme
    an item below may be scored on, through ``scoring.from``)."""
    kept = tuple(
        change
        for change in commit.changes
        if split_path(change.path)[1] is None or f"{split_path(change.path)[0]}/".startswith(f"{scope}/")
    )
    return commit if len(kept) == len(commit.changes) else commit._replace(changes=kept)


def parse_ahead(
    repo: Repository, commits: list[Commit], parser: Parser, needle: bytes | None
) -> tuple[Generator[int, None, None], dict[str, int]]:
    """Start parsing every version the walk will need, in commit order (in worker processes
    when there are many): how many are parsed so far, and how many each commit needs."""
    inputs = []
    needs: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()  # a version is named twice: written by one commit, replaced by the next
    for commit in commits:
        for blob, kind, path in versions(commit):
            if (blob, kind) in seen:
                continue
            seen.add((blob, kind))
            raw = repo.blob(blob)
            if kind == "register" or mentions(raw, path, needle):
                inputs.append(FileInput(shown(path), kind, raw, path))
        needs[commit.sha] = len(inputs)
    return parser.ahead(inputs), needs


def needle_of(wanted: str | None) -> bytes | None:
    """What the bytes of a version holding item ``wanted`` must contain (``mentions``); None
    when an id could be spelt otherwise (a number, a non-ASCII letter in another case, a
    quote or a space: then every version is read)."""
    if wanted is None or not wanted.isascii() or not literal(wanted):
        return None
    return wanted.casefold().encode()


def mentions(raw: bytes, path: str, needle: bytes | None) -> bool:
    """Whether the version ``raw`` at ``path`` may hold the item ``needle`` names: its bytes or
    its file's name hold it (an item without an id goes by its name), or it has a backslash
    (an escape could spell it)."""
    return (
        needle is None
        or needle in raw.lower()
        or b"\\" in raw
        or needle in path.lower().encode("utf-8", "surrogateescape")
    )


def versions(commit: Commit) -> Iterator[tuple[str, str, str]]:
    """The file versions a walk reads for ``commit`` (scoped already), in order: each with its
    kind and its path in the repository."""
    for change in commit.changes:
        kind = split_path(change.path)[1] or "register"
        for blob in (change.old, change.new):
            if blob is not None:
                yield blob, kind, change.path


class Early:
    """The file versions a walk will parse, in the order it will (oldest commit first), handed
    to the parser as they arrive while git writes its log (``Repository.read_log``)."""

    def __init__(self, repo: Repository, parser: Parser) -> None:
        self.repo, self.parser = repo, parser
        self.order: list[tuple[str, str]] = []  # (version, kind)
        self.fed = 0

    def versions(self, commit: Commit) -> Iterator[str]:
        for blob, kind, _ in versions(scoped(commit, self.repo.scope) if self.repo.scope else commit):
            self.order.append((blob, kind))
            yield blob

    def arrived(self, done: bool) -> None:
        """Hand the parser what has arrived, in order (once all have, skip what git could not read)."""
        while self.fed < len(self.order):
            blob, kind = self.order[self.fed]
            raw = self.repo.ready(blob)
            if raw is not None:
                self.parser.feed(raw, kind)
            elif not done:
                return
            self.fed += 1
