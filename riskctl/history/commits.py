"""What git says, read from its output: the log's commits and the files each changed
(``git.Repository.start_log`` runs the log), and the entries of a tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from riskctl.model.errors import GitError
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


class TreeEntry(NamedTuple):
    path: str  # relative to the repository root
    mode: str
    kind: str  # blob | tree | commit (a submodule)
    sha: str

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]


def tree_entries(out: bytes) -> Iterator[TreeEntry]:
    """The entries ``git ls-tree -z`` wrote."""
    for record in out.split(b"\0"):
        if record:
            meta, _, path = record.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            yield TreeEntry(path.decode("utf-8", "surrogateescape"), mode, kind, sha)


def register_commits(raw: bytes, links: dict[str, tuple[str, ...]] | None = None) -> list[Commit]:
    """The commits of ``Repository.start_log``'s output that changed register files, with those
    changes; the parents of the others go into ``links`` (which ``lineage`` follows)."""
    found = []
    for commit in parse_log(raw):
        changes = tuple(change for change in commit.changes if is_register_file(change.path))
        if changes:
            found.append(commit._replace(changes=changes))
        elif links is not None:
            links[commit.sha] = commit.parents
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
        starts = record_starts(joined)
        cut = starts[-1] if starts else 0  # where the last record, perhaps not all written yet, starts
        if cut <= 0:  # one record, not all of it yet: wait for twice as much
            pending, wanted = [joined], 2 * length
            continue
        yield joined[:cut]
        pending, length, wanted = [joined[cut:]], len(joined) - cut, size
    if pending:
        yield b"".join(pending)


def turned(log: bytes) -> bytes:
    """A log's records in the opposite order: what ``git log --reverse`` writes, from what
    ``git log`` writes, and the other way round."""
    starts = record_starts(log)
    if not starts:
        return log
    ends = [*starts[1:], len(log)]
    return log[: starts[0]] + b"".join(
        log[start:end] for start, end in zip(reversed(starts), reversed(ends), strict=True)
    )


def record_starts(raw: bytes) -> list[int]:
    """Where each commit's record in a log (or the start of one) begins: the offset of its
    \\x01. Read a field at a time (the fields are NUL-separated, and none holds a NUL), so a
    \\x01 in a subject, a name or a file name is read as part of it, never as a record."""
    starts = []
    offset = 0
    header = 0  # fields of a record's header still to come (parents, author, email, date, subject)
    path = False  # a file name comes next
    for field in raw.split(b"\0"):
        if header:
            header -= 1
        elif path:
            path = False
        else:
            text = field.lstrip(b"\n")
            if text.startswith(b"\x01"):
                starts.append(offset + len(field) - len(text))
                header = 5
            elif text.startswith(b":"):
                path = True
        offset += len(field) + 1
    return starts


def parse_log(raw: bytes) -> Iterator[Commit]:
    """Parse ``git log -z --raw -c --format=%x01...`` output, a record at a time (see ``record_starts``)."""
    starts = record_starts(raw)
    for start, end in zip(starts, [*starts[1:], len(raw)][: len(starts)], strict=True):
        tokens = raw[start + 1 : end].split(b"\0")
        if len(tokens) < 6:
            raise GitError("git's log ended inside a commit's record")
        sha, parents, author, email, date, subject = tokens[:6]
        changes = []
        index = 6
        while index < len(tokens):
            meta = tokens[index].lstrip(b"\n")
            index += 1
            if not meta.startswith(b":") or index >= len(tokens):
                continue
            path = tokens[index].decode("utf-8", "surrogateescape")
            index += 1
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
