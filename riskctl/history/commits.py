"""What git's log says: the commits, and the files each changed, read from its output.

``git.Repository.start_log`` runs the log; this reads what it wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from riskctl.reading.layout import is_register_file

NULL_SHA = "0" * 40


class FileChange(NamedTuple):
    path: str  # relative to the repository root, '/'-separated
    old: str | None  # blob id in the first parent, None when added
    new: str | None  # blob id in this commit, None when deleted


class Commit(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # ISO 8601 with offset, as git gives it
    message: str  # the subject line
    changes: tuple[FileChange, ...] = ()

    @property
    def day(self) -> str:
        return self.date[:10]


def register_commits(raw: bytes) -> list[Commit]:
    """The commits of ``Repository.start_log``'s output that changed register files, with those changes."""
    found = []
    for commit in parse_log(raw):
        changes = tuple(change for change in commit.changes if is_register_file(change.path))
        if changes:
            found.append(commit._replace(changes=changes))
    return found


def whole_records(pieces: Iterable[bytes], size: int = 1 << 15) -> Iterator[bytes]:
    """The pieces of a log's output (as git writes them) regrouped into runs of whole records,
    about ``size`` bytes each: each can be read by ``register_commits`` while git goes on, and
    together they read as the whole output does."""
    pending: list[bytes] = []
    length = 0
    wanted = size
    for piece in pieces:
        pending.append(piece)
        length += len(piece)
        if length < wanted:
            continue
        joined = b"".join(pending)
        cut = joined.rfind(b"\x01")  # where the last record, perhaps not all written yet, starts
        if cut <= 0:  # one record, not all of it yet: wait for twice as much
            pending, wanted = [joined], 2 * length
            continue
        yield joined[:cut]
        pending, length, wanted = [joined[cut:]], len(joined) - cut, size
    if pending:
        yield b"".join(pending)


def oldest_first(log: bytes) -> bytes:
    """A log written newest first, as ``git log --reverse`` writes it: its records (each
    starting at a \\x01) in the opposite order."""
    records = log.split(b"\x01")
    return records[0] + b"".join(b"\x01" + record for record in reversed(records[1:]))


def parse_log(raw: bytes) -> Iterator[Commit]:
    """Parse ``git log -z --raw -c --format=%x01...`` output."""
    for chunk in raw.split(b"\x01"):
        if not chunk.strip():
            continue
        sha, parents, author, email, date, rest = chunk.split(b"\0", 5)
        subject, _, entries = rest.partition(b"\0")
        tokens = entries.split(b"\0")
        changes = []
        index = 0
        while index < len(tokens):
            meta = tokens[index].lstrip(b"\n")
            if not meta.startswith(b":"):
                index += 1
                continue
            path = tokens[index + 1].decode("utf-8", "surrogateescape")
            index += 2
            colons = len(meta) - len(meta.lstrip(b":"))
            fields = meta[colons:].decode().split()
            shas = fields[colons + 1 : 2 * colons + 2]
            old, new = shas[0], shas[-1]
            changes.append(FileChange(path, None if old == NULL_SHA else old, None if new == NULL_SHA else new))
        yield Commit(
            sha=sha.decode(),
            parents=tuple(parents.decode().split()),
            author=author.decode("utf-8", "replace"),
            email=email.decode("utf-8", "replace"),
            date=date.decode(),
            message=subject.decode("utf-8", "replace"),
            changes=tuple(changes),
        )
