"""Events from commits: for each commit, which items it added, changed, moved or deleted, and how.

Items are identified by register and id (not by path), so a file that is moved or renamed
keeps its history; each commit's items are scored on the register.yaml files of its own tree
(``lineage``).
Each distinct file version is read once, in one stream, and parsed once.
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass

from riskctl.history.ahead import mentions, needle_of, parse_ahead, scoped
from riskctl.history.commits import Commit, FileChange
from riskctl.history.duplicates import duplicate
from riskctl.history.events import Event, ItemKey
from riskctl.history.git import Repository
from riskctl.history.lineage import Heads, Lineage
from riskctl.history.unreadable import Broken, finding, unreadable
from riskctl.history.versions import FieldChange, changes_between, residual
from riskctl.model.records import Item, Kind, Problem, Register, SourceFile
from riskctl.reading.cache import blake2b
from riskctl.reading.files import FileInput, Parser
from riskctl.reading.layout import register_yaml, split_path
from riskctl.reading.settings import Settings, read_settings
from riskctl.reading.tree import shown
from riskctl.reading.workspace import build_item


@dataclass(frozen=True)
class ItemHistory:
    item: str  # qualified id
    path: str | None  # where it is now (None once deleted), relative to the current directory
    events: list[Event]  # oldest first


def register_at(top: str, directory: str, file: SourceFile | None, settings: Settings | None = None) -> Register:
    """A register as a commit holds it (a stand-in without settings where it has no register.yaml)."""
    if file is None:
        file = SourceFile(register_yaml(directory), None)
    root = os.path.join(top, *directory.split("/")) if directory else top
    found = settings or Settings(None, (), None)
    return Register(directory or ".", root, directory, file, found.scheme, found.problems, found.appetite)


def _registers_at(top: str, heads: dict[str, SourceFile]) -> dict[str, Register]:
    """Every register as the commit holds them: settings are read together (``scoring.from``)."""
    roots = {directory: os.path.join(top, *directory.split("/")) if directory else top for directory in heads}
    settings = read_settings([(roots[directory], file) for directory, file in heads.items()])
    return {
        directory: register_at(top, directory, file, settings[roots[directory]]) for directory, file in heads.items()
    }


def walk(
    repo: Repository,
    commits: Iterable[Commit],
    parser: Parser,
    only: str | None = None,
    skip: Container[str] = frozenset(),
    lineage: Lineage | None = None,
) -> Iterator[Event]:
    """Events of ``commits`` (oldest first).

    ``only`` limits the walk to items whose file mentions that id: a version whose bytes
    do not contain it cannot hold the item, so it is not parsed at all. Commits in ``skip``
    (whose events are known already) only move the registers' last ids on. Each commit is
    read against the registers of its own tree (``lineage``, made from ``commits`` if none).
    """
    needle = needle_of(only)
    commits = list(commits)
    lineage = lineage or Lineage(commits, repo.links, repo.register_files)
    commits = [scoped(commit, repo.scope) for commit in commits] if repo.scope else commits
    wanted = [commit for commit in commits if commit.sha not in skip]
    heads_changed = [c for c in commits if any(split_path(ch.path)[1] is None and ch.new for ch in c.changes)]
    repo.prefetch(blob for c in wanted for change in c.changes for blob in (change.old, change.new))
    repo.prefetch(change.new for c in heads_changed for change in c.changes if split_path(change.path)[1] is None)
    ready, needs = parse_ahead(repo, wanted, parser, needle)
    parsed = 0
    state = _State(str(repo.root), repo, parser, lineage)
    try:
        for commit in commits:
            while parsed < needs.get(commit.sha, 0):  # its versions are parsed (the later ones still are)
                parsed = next(ready)
            previous = state.advance(commit)
            if commit.sha not in skip:
                yield from state.events(commit, repo, parser, needle, previous)
    finally:
        ready.close()
        parser.close()


class _State:
    """The registers each commit is read with (those of its own tree, from ``lineage``), and
    the versions a commit wrote, for the next commit that changes the file."""

    def __init__(self, top: str, repo: Repository, parser: Parser, lineage: Lineage) -> None:
        self.top, self.repo, self.parser, self.lineage = top, repo, parser, lineage
        self.registers: dict[str, Register] = {}
        self.built: dict[str, dict[str, Register]] = {}  # by Heads.key: one set of registers per set of files
        self.files: dict[tuple[str, str], SourceFile] = {}  # each register.yaml version read, by (directory, blob)
        self.ids: dict[str, str] = {}  # each register folder's id as its register.yaml last said it
        # each version a commit wrote, by (blob, path): the next commit to change the file
        # finds it there as its version before, scored on the same register unless that changed
        self.written: dict[tuple[str, str], Item] = {}

    def advance(self, commit: Commit) -> dict[str, Register]:
        """Take the registers of ``commit``'s tree; the registers of its first parent's."""
        previous = self._registers(self.lineage.before(commit))
        registers = self._registers(self.lineage.after(commit.sha))
        if registers is not self.registers:
            self.registers = registers
            self.ids.update((folder, found.id) for folder, found in registers.items() if found.file.valid)
        return previous

    def _registers(self, heads: Heads) -> dict[str, Register]:
        found = self.built.get(heads.key)
        if found is None:
            files = {directory: self._file(directory, blob) for directory, blob in heads.blobs.items()}
            found = self.built[heads.key] = _registers_at(self.top, files)
        return found

    def _file(self, directory: str, blob: str) -> SourceFile:
        found = self.files.get((directory, blob))
        if found is None:
            path = register_yaml(directory)
            raw = self.repo.blob(blob)
            found = self.files[(directory, blob)] = self.parser.file(FileInput(shown(path), "register", raw, path))
        return found

    def last_readable(self, commit: Commit, change: FileChange, kind: Kind) -> Item | None:
        """The last version of ``change.path`` that could be read before the unreadable one
        ``commit`` replaced, on ``commit``'s own line of commits (``Lineage.writer``; a file
        moved is followed to where it was), scored on the registers it was read with."""
        blob, path, start = change.old, change.path, next(iter(commit.parents), None)
        while blob is not None and start is not None:
            writer = self.lineage.writer(start, path, blob)
            written = next((c for c in writer.changes if c.path == path), None) if writer else None
            if writer is None or written is None:
                return None
            start = next(iter(writer.parents), None)
            if written.old is None:  # added there: moved from where the same bytes were deleted, if so
                path = next((c.path for c in writer.changes if c.new is None and c.old == blob), "")
                if not path:
                    return None
                continue
            directory, kind = split_path(path)[0], split_path(path)[1] or kind
            register = self._registers(self.lineage.before(writer)).get(directory)
            version = FileInput(shown(path), kind, self.repo.blob(written.old), path)
            item = build_item(kind, register or register_at(self.top, directory, None), self.parser.file(version))
            if _readable(item):
                return item
            blob = written.old
        return None

    def identity(self, directory: str, register: Register) -> str:
        """The register id an item in ``directory`` is known by: while its register.yaml cannot be
        read or breaks its schema (or is gone, and the items stay) the id it last had, never the
        folder's name. (A register.yaml that is fine without an ``id`` is known by its folder.)"""
        return register.id if register.file.valid else self.ids.get(directory, register.id)

    def version(
        self,
        blob: str,
        path: str,
        kind: Kind,
        register: Register,
        repo: Repository,
        parser: Parser,
        needle: bytes | None,
        written: bool,
    ) -> Item | None:
        """The item version ``blob`` at ``path`` scored on ``register``; None when its bytes
        do not mention ``needle``."""
        known = self.written.pop((blob, path), None)
        if known is not None and known.register is register:
            item = known
        else:
            raw = repo.blob(blob)
            if not mentions(raw, path, needle):
                return None
            item = build_item(kind, register, parser.file(FileInput(shown(path), kind, raw, path)))
        if written:
            self.written[(blob, path)] = item
        return item

    def sides(
        self,
        path: str,
        kind: Kind,
        sides: tuple[tuple[str | None, str, Register], ...],
        repo: Repository,
        parser: Parser,
        needle: bytes | None,
    ) -> dict[str, Item | None]:
        """The versions a change replaced and wrote (``before``, ``after``), each scored on its
        register; None for one whose bytes do not mention ``needle``, unless the other does (the
        file was emptied or rewritten: it is read all the same)."""
        found: dict[str, Item | None] = {}
        for attempt in (needle, None) if needle is not None else (None,):
            for blob, name, register in sides:
                if blob is not None and found.get(name) is None:
                    found[name] = self.version(blob, path, kind, register, repo, parser, attempt, name == "after")
            if len(found) < 2 or list(found.values()).count(None) != 1:
                break
        return found

    def events(
        self, commit: Commit, repo: Repository, parser: Parser, needle: bytes | None, previous: dict[str, Register]
    ) -> Iterator[Event]:
        held: dict[str, dict[ItemKey, list[Item]]] = {"before": {}, "after": {}}  # two files may hold one id
        moved = {c.old for c in commit.changes if c.new is None} & {c.new for c in commit.changes if c.old is None}
        broken: list[Broken] = []  # the versions that could not be read
        for change in commit.changes:
            directory, kind = split_path(change.path)
            if kind is None:
                continue
            register = self.registers.get(directory) or register_at(self.top, directory, None)
            old_register = previous.get(directory) or register
            # identity by the register as it is now; one this commit deleted or moved, as it was
            identity = self.identity(directory, register if directory in self.registers else old_register)
            sides = ((change.old, "before", old_register), (change.new, "after", register))
            moving = needle is not None and (change.old in moved or change.new in moved)  # read whole, as one
            for name, item in self.sides(change.path, kind, sides, repo, parser, None if moving else needle).items():
                if item is None:
                    continue
                if not _readable(item):
                    broken.append(Broken(name, item, identity, change))
                    continue
                held[name].setdefault((identity, kind, item.id), []).append(item)
        before, extra_before = _one_each(held["before"], held["after"])
        after, extra_after = _one_each(held["after"], held["before"])
        yield from unreadable(commit, broken, before, after, self.last_readable)
        for event in _events(commit, before, after):
            if event.change == "added":  # unless the file named after its id held it already
                event = duplicate(event, after[event.key], previous, repo, parser)
            elif event.change == "deleted":  # unless the file named after its id still holds it
                event = duplicate(event, before[event.key], self.registers, repo, parser)
            yield event
        yield from _second_files(commit, extra_before, extra_after, before, after)


def _one_each(
    held: dict[ItemKey, list[Item]], other: dict[ItemKey, list[Item]]
) -> tuple[dict[ItemKey, Item], dict[ItemKey, list[Item]]]:
    """Of the changed files that hold one id on one side of a commit, the one followed as the
    item (the file named after the id, else one on the other side too, else the first by
    path), and the others: second files holding its id (``check`` fails on it, RC104)."""
    one: dict[ItemKey, Item] = {}
    others: dict[ItemKey, list[Item]] = {}
    for key, items in held.items():
        there = {item.path for item in other.get(key, ())}
        alike = [item.data for item in other.get(key, ())]  # a file moved as it was, rather than a copy
        ranked = sorted(
            items, key=lambda item: (item.stem != key[2], item.path not in there, item.data not in alike, item.path)
        )
        first, *rest = ranked
        one[key] = first
        if rest:
            others[key] = rest
    return one, others


def _second_files(
    commit: Commit,
    extra_before: dict[ItemKey, list[Item]],
    extra_after: dict[ItemKey, list[Item]],
    before: dict[ItemKey, Item],
    after: dict[ItemKey, Item],
) -> Iterator[Event]:
    """What a commit did to second files holding an item's id (``_one_each``): took it, gave it
    up (a ``duplicate``, with the file's path), or changed it (the item ``modified``)."""
    for key in sorted(extra_before.keys() | extra_after.keys()):
        olds = {item.path: item for item in extra_before.get(key, ())}
        news = {item.path: item for item in extra_after.get(key, ())}
        followed = {item.path for item in (before.get(key), after.get(key)) if item is not None}
        for path in sorted(olds.keys() | news.keys()):
            old, new = olds.get(path), news.get(path)
            if old is not None and new is not None:
                if fields := changes_between(old, new):
                    yield Event(commit, key, "modified", path, tuple(fields), residual(new))
            elif path not in followed:  # (else the file followed as the item on the other side)
                yield Event(
                    commit,
                    key,
                    "duplicate",
                    path,
                    (FieldChange("path", None if old is None else path, None if new is None else path),),
                )


def _readable(item: Item) -> bool:
    return isinstance(item.file.document and item.file.document.data, dict)  # not unread, empty, or no mapping


def event_keys(lineage: Lineage, commits: Sequence[Commit], scope: str = "") -> list[str]:
    """A key for each commit's events, for the audit cache.

    A commit's events depend only on the versions it wrote and replaced and on every
    register.yaml of its tree and its first parent's (a scheme may come from another register
    through ``scoring.from``). The key names all of them (``lineage``), so the same commit
    reached along another route (a branch with another register.yaml) gets another key; and
    the directory the walk is limited to (``Repository.scope``), below which it reads items.
    """
    keys = []
    for commit in commits:
        before, after = lineage.before(commit).key, lineage.after(commit.sha).key
        named = f"{scope}\0{commit.sha}|{before}|{after}".encode("utf-8", "surrogateescape")
        keys.append(blake2b(named, digest_size=16).hexdigest())
    return keys


def _events(commit: Commit, before: dict[ItemKey, Item], after: dict[ItemKey, Item]) -> Iterator[Event]:
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            yield Event(commit, key, "added", new.path, (), residual(new))
        elif new is None and old is not None:
            yield Event(commit, key, "deleted", old.path, ())
        elif old is not None and new is not None:
            fields = changes_between(old, new)
            if old.path != new.path:
                moved = (FieldChange("path", old.path, new.path), *fields)
                yield Event(commit, key, "renamed", new.path, moved, residual(new))
            elif fields:
                yield Event(commit, key, "modified", new.path, tuple(fields), residual(new))
            else:
                continue
        if new is not None and new.kind == "risk":
            yield from _unscored(commit, key, new, old)


def _unscored(commit: Commit, key: ItemKey, new: Item, old: Item | None) -> Iterator[Event]:
    """A risk version whose register could not score it (on either side of the change) is said
    (``unscored``, with why): its derived fields are left out, never taken as unchanged."""
    register = next((item.register for item in (new, old) if item is not None and not item.register.usable), None)
    if register is None:
        return
    problem = register.file.unusable() or next(iter(register.settings_problems()), None)
    if problem is None:
        problem = Problem("RC101", "there is no register.yaml here at this commit, so no scoring scheme")
    reason = finding(register.file.path, problem)
    if register is not new.register:  # the register as it stood before this commit; it is fine now
        reason += " (as it stood before this commit: the version before could not be scored)"
    yield Event(commit, key, "unscored", new.path, (FieldChange("error", None, reason),))
