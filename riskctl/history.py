"""The register through time: snapshots at a revision, field-level diffs, the audit trail.

Items are identified by register and id (not by path), so a file that is moved or
renamed keeps its history. Each distinct file version is parsed once.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl.cache import Cache, enabled
from riskctl.gitlog import Commit, Repository
from riskctl.gitstart import is_register_file, split_path
from riskctl.loading import load_bytes
from riskctl.parallel import PARALLEL_MIN, map_chunks
from riskctl.scoring import ScaleError, Scheme

ItemKey = tuple[str, str, str]  # (register id, kind, item id)
QUICK_MIN = 300  # importing quickload's parser costs what reading about this many versions saves
DERIVED = ("inherent.score", "inherent.rating", "residual.score", "residual.rating", "target.score")
PARTS = ("inherent", "residual", "target")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass
class RegisterVersion:
    directory: str  # relative to the repository root ('' for the root)
    data: dict[str, Any]
    scheme: Scheme | None

    @property
    def id(self) -> str:
        value = self.data.get("id")
        if isinstance(value, str) and value:
            return value
        return posixpath.basename(self.directory) or "register"

    @property
    def appetite(self) -> int | None:
        return self.scheme.appetite if self.scheme else None


@dataclass
class ItemVersion:
    key: ItemKey
    path: str
    data: dict[str, Any]
    register: RegisterVersion

    @property
    def kind(self) -> str:
        return self.key[1]

    @property
    def fields(self) -> dict[str, Any]:
        return normalise(self.data, self.register.scheme)


class Parser:
    """Parses file versions once each, by blob id (or by content for the working tree).

    With a ``store`` (the history cache, keyed by blob id) versions parsed by an earlier
    run are not read from git or parsed again at all.
    """

    def __init__(self, store: Cache | None = None) -> None:
        self._cache: dict[str, dict[str, Any] | None] = {}
        self.store = store
        self._held: list[str] = []  # read ahead, too few yet to be worth parsing

    @classmethod
    def cached(cls, root: Path, use_cache: bool = True) -> Parser:
        """A parser backed by the history cache of the repository at ``root`` (unless switched off)."""
        if not enabled(not use_cache):
            return cls()
        return cls(Cache(root, "history"))

    def known(self, name: str) -> bool:
        return name in self._cache or (self.store is not None and self.store.lookup(name) is not None)

    def parse(self, name: str, raw: bytes | None) -> dict[str, Any] | None:
        if name in self._cache:
            return self._cache[name]
        stored = self.store.lookup(name) if self.store is not None else None
        if stored is not None:
            parsed = stored or None  # {} stands for "not a mapping"
            self.store.put(name, stored)  # type: ignore[union-attr]
        else:
            parsed = _quick_parse(raw or b"") if "riskctl.quickload" in sys.modules else _UNSURE
            if parsed is _UNSURE:
                parsed = _parse(raw or b"", name)
            if self.store is not None and not name.startswith("worktree:"):
                self.store.put(name, parsed or {})
        self._cache[name] = parsed
        return parsed

    def parse_many(self, versions: Mapping[str, bytes], quick_only: bool = False) -> None:
        """Parse many versions ahead of use: by ``quickload`` where it is sure (from
        ``QUICK_MIN`` versions, or any number with ``quick_only``), and the rest by ``loading``,
        in worker processes when there are enough of them (not with ``quick_only``)."""
        global _VERSIONS
        todo = [name for name in versions if not self.known(name)]
        quick: dict[str, Any] = {}
        if todo and (quick_only or len(todo) >= QUICK_MIN or "riskctl.quickload" in sys.modules):
            from riskctl import quickload

            with quickload.quiet():
                quick = {name: quickload.load(versions[name]) for name in todo}
        unsure = [] if quick_only else [name for name in todo if quick.get(name) is None]
        _VERSIONS = versions  # workers inherit them through fork: only names are sent
        try:
            parsed = map_chunks(_parse_chunk, unsure, PARALLEL_MIN) or _parse_chunk(unsure)
        finally:
            _VERSIONS = {}
        parsed += [(name, data if isinstance(data, dict) else None) for name, data in quick.items() if data is not None]
        for name, data in parsed:
            self._cache[name] = data
            if self.store is not None:
                self.store.put(name, data or {})

    def read_ahead(self, repo: Repository, commits: Iterable[Commit]) -> None:
        """Read and parse the versions ``commits`` wrote and replaced, say while git's log
        is still running (by ``quickload`` only: no worker processes are forked while
        git's output is being read on threads; the rest wait for ``walk``).

        Versions are held until there are ``QUICK_MIN`` of them, the fewest worth
        importing quickload for; those still held at the end are left to ``walk``.
        """
        blobs = [blob for commit in commits for change in commit.changes for blob in (change.old, change.new)]
        self._held += [blob for blob in dict.fromkeys(blobs) if blob and not self.known(blob)]
        if len(self._held) >= QUICK_MIN:
            held, self._held = self._held, []
            repo.prefetch(held)
            self.parse_many({blob: repo.blob(blob) for blob in held}, quick_only=True)


_VERSIONS: Mapping[str, bytes] = {}


def _parse_chunk(names: Sequence[str]) -> list[tuple[str, dict[str, Any] | None]]:
    return [(name, _parse(_VERSIONS[name], name)) for name in names]


_UNSURE: Any = object()


def _quick_parse(raw: bytes) -> Any:
    """What ``_parse`` would give, by quickload (once it is imported, it is the cheaper
    reader even for one version: ruamel.yaml may then never need importing); ``_UNSURE``
    when quickload is not sure."""
    from riskctl import quickload

    with quickload.quiet():
        data = quickload.load(raw)
    return _UNSURE if data is None else data if isinstance(data, dict) else None


def _parse(raw: bytes, name: str) -> dict[str, Any] | None:
    result = load_bytes(raw, name, positions=False)
    data = result.document.data if result.document else None
    return data if isinstance(data, dict) else None


def register_version(directory: str, data: dict[str, Any] | None) -> RegisterVersion:
    data = data or {}
    scheme = None
    if isinstance(data.get("scoring"), dict):
        try:
            scheme = Scheme.from_register(data)
            if scheme.problems():
                scheme = None
        except (KeyError, TypeError, ValueError):
            scheme = None
    return RegisterVersion(directory, data, scheme)


def item_ident(kind: str, path: str, data: dict[str, Any]) -> str:
    """A risk's id or a policy's reference; the file stem when the file has none."""
    value = data.get("id" if kind == "risk" else "reference")
    return str(value) if isinstance(value, str | int) and value != "" else Path(path).stem


def item_key(register: RegisterVersion, kind: str, path: str, data: dict[str, Any]) -> ItemKey:
    return (register.id, kind, item_ident(kind, path, data))


@dataclass
class Snapshot:
    """Every register and item at one point: a commit, or the working tree."""

    registers: dict[str, RegisterVersion] = field(default_factory=dict)
    items: dict[ItemKey, ItemVersion] = field(default_factory=dict)

    @classmethod
    def build(
        cls, files: Mapping[str, bytes | None], parser: Parser, names: Mapping[str, str] | None = None
    ) -> Snapshot:
        """From ``{path: content}``; ``names`` gives each path a cache name (its blob id)."""
        snapshot = cls()
        names = names or {}
        for path, raw in files.items():
            directory, kind = split_path(path)
            if kind is None and raw is not None:
                snapshot.registers[directory] = register_version(directory, parser.parse(names.get(path, path), raw))
        for path, raw in sorted(files.items()):
            directory, kind = split_path(path)
            if kind is None or raw is None:
                continue
            register = snapshot.registers.get(directory) or register_version(directory, None)
            data = parser.parse(names.get(path, path), raw)
            if data is None:
                continue
            key = item_key(register, kind, path, data)
            snapshot.items.setdefault(key, ItemVersion(key, path, data, register))
        return snapshot


def snapshot_at(repo: Repository, commit: str, parser: Parser) -> Snapshot:
    files = repo.tree_files(commit)
    repo.prefetch(files.values())
    return Snapshot.build({path: repo.blob(sha) for path, sha in files.items()}, parser, files)


def snapshot_worktree(repo: Repository, parser: Parser) -> Snapshot:
    files: dict[str, bytes | None] = {}
    root = repo.root
    for path in sorted((root / repo.scope).rglob("*.y*ml")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".git/", ".venv/")) or "/." in f"/{relative}" or not is_register_file(relative):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        try:
            files[relative] = path.read_bytes()
        except OSError:
            continue
    return Snapshot.build(files, parser, {path: f"worktree:{path}:{hash(raw)}" for path, raw in files.items()})


# -- normalised fields and their changes --------------------------------------


def normalise(data: Mapping[str, Any], scheme: Scheme | None) -> dict[str, Any]:
    """Dotted fields of an item, likelihood/impact as integer scores, plus derived scores and ratings."""
    flat: dict[str, Any] = {}
    for key, value in data.items():  # two levels here (most fields), deeper ones by _flatten
        if not (isinstance(value, dict) and value):
            flat[str(key)] = value
            continue
        for inner_key, inner in value.items():
            if isinstance(inner, dict) and inner:
                _flatten(flat, f"{key}.{inner_key}", inner)
            else:
                flat[f"{key}.{inner_key}"] = inner
    if scheme is not None:
        for part in PARTS:
            value = data.get(part)
            if not isinstance(value, dict):
                continue
            try:
                assessed = scheme.assess(value.get("likelihood"), value.get("impact"))
            except ScaleError:
                continue
            flat[f"{part}.likelihood"] = assessed.likelihood.score
            flat[f"{part}.impact"] = assessed.impact.score
            flat[f"{part}.score"] = assessed.score
            if part != "target":
                flat[f"{part}.rating"] = assessed.rating_name
    return flat


def _flatten(flat: dict[str, Any], name: str, value: dict[Any, Any]) -> None:
    """Add the dotted leaves of ``value``, depth first in the file's order, to ``flat``."""
    pending: list[tuple[str, Any]] = [(name, value)]
    while pending:
        name, value = pending.pop()
        if isinstance(value, dict) and value:
            pending += [(f"{name}.{key}", inner) for key, inner in value.items()][::-1]
        else:
            flat[name] = value


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Changed fields in a stable order: as the new version lists them, then removed ones."""
    changes = []
    for name, value in new.items():
        before = old.get(name)
        if before is not value and before != value:
            changes.append(FieldChange(name, before, value))
    for name, before in old.items():
        if before is not None and before != None and name not in new:  # noqa: E711 (as ``_differ`` compares)
            changes.append(FieldChange(name, before, None))
    return changes


def _differ(old: Any, new: Any) -> bool:
    return old is not new and old != new  # the same object (say a NaN) is never a change


def changes_between(old: ItemVersion, new: ItemVersion) -> list[FieldChange]:
    """``field_changes(old.fields, new.fields)``, normalising only the top-level fields whose
    values differ: a commit usually touches one or two fields of an item.

    Each top-level key's dotted names start with that key and a dot, so other keys'
    names cannot interleave with them; a key that is not a dot-free string, or a change
    of scoring scheme (which changes every score), takes the full route.
    """
    a, b, scheme = old.data, new.data, new.register.scheme
    if _differ(old.register.scheme, scheme) or not (_plain_keys(a) and _plain_keys(b)):
        return field_changes(old.fields, new.fields)
    changed = {key for key, value in b.items() if key not in a or (a[key] is not value and a[key] != value)}
    changed.update(a.keys() - b.keys())
    if not changed:
        return []
    return field_changes(
        normalise({key: value for key, value in a.items() if key in changed}, scheme),
        normalise({key: value for key, value in b.items() if key in changed}, scheme),
    )


def _plain_keys(data: Mapping[Any, Any]) -> bool:
    try:
        return "." not in "\0".join(data)
    except TypeError:  # a key that is not a string
        return False


def is_closed(item: ItemVersion | None) -> bool:
    if item is None:
        return False
    return item.data.get("status") in ("closed", "retired")


# -- walking history -------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One change to one item in one commit (``fields`` empty when added or deleted)."""

    commit: Commit
    key: ItemKey
    change: str  # added | modified | deleted | renamed
    path: str
    fields: tuple[FieldChange, ...]


def walk(
    repo: Repository,
    commits: Iterable[Commit],
    parser: Parser,
    only: str | None = None,
    skip: Container[str] = (),
) -> Iterator[Event]:
    """Events of ``commits`` (oldest first), using register.yaml as it stood at each commit.

    ``only`` limits the walk to items whose file mentions that id: a version whose bytes
    do not contain it cannot hold the item, so it is not parsed at all. Commits whose id
    is in ``skip`` only move the registers on (their events are known already).
    """
    needle = only.casefold().encode() if only else None
    commits = list(commits)
    wanted = (
        blob
        for commit in commits
        if commit.sha not in skip
        for change in commit.changes
        for blob in (change.old, change.new)
    )
    unknown = [blob for blob in dict.fromkeys(wanted) if blob and not parser.known(blob)]
    repo.prefetch(unknown)  # parsed earlier: not read
    versions = {blob: repo.blob(blob) for blob in unknown}
    parser.parse_many({blob: raw for blob, raw in versions.items() if needle is None or needle in raw.lower()})
    registers: dict[str, RegisterVersion] = {}
    for commit in commits:
        previous = dict(registers)
        for change in commit.changes:
            directory, kind = split_path(change.path)
            if kind is None and change.new:
                raw = None if parser.known(change.new) else repo.blob(change.new)
                registers[directory] = register_version(directory, parser.parse(change.new, raw))
        if commit.sha in skip:
            continue
        before: dict[ItemKey, ItemVersion] = {}
        after: dict[ItemKey, ItemVersion] = {}
        for change in commit.changes:
            directory, kind = split_path(change.path)
            if kind is None:
                continue
            register = registers.get(directory) or register_version(directory, None)
            old_register = previous.get(directory) or register
            for blob, side, scheme_from in ((change.old, before, old_register), (change.new, after, register)):
                if blob is None:
                    continue
                if parser.known(blob):
                    data = parser.parse(blob, None)
                else:
                    raw = repo.blob(blob)
                    if needle is not None and needle not in raw.lower():
                        continue
                    data = parser.parse(blob, raw)
                if data is not None:
                    key = item_key(register, kind, change.path, data)  # identity by the current register id
                    side[key] = ItemVersion(key, change.path, data, scheme_from)
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            if old is None and new is not None:
                yield Event(commit, key, "added", new.path, ())
            elif new is None and old is not None:
                yield Event(commit, key, "deleted", old.path, ())
            elif old is not None and new is not None:
                fields = changes_between(old, new)
                if old.path != new.path:
                    yield Event(commit, key, "renamed", new.path, (FieldChange("path", old.path, new.path), *fields))
                elif fields:
                    yield Event(commit, key, "modified", new.path, tuple(fields))


def event_keys(commits: Sequence[Commit]) -> list[str]:
    """A key for each commit's events (commits oldest first), for the audit cache.

    A commit's events depend only on the versions it wrote and replaced and on the
    register.yaml of each register it touched, before and after it. The key names all of
    them, so the same commit walked along another route (a branch with another
    register.yaml) gets another key.
    """
    import hashlib

    current: dict[str, str] = {}
    keys = []
    for commit in commits:
        directories = sorted({split_path(change.path)[0] for change in commit.changes})
        before = [current.get(directory) for directory in directories]
        for change in commit.changes:
            directory, kind = split_path(change.path)
            if kind is None and change.new:
                current[directory] = change.new
        parts = [commit.sha]
        for directory, old in zip(directories, before, strict=True):
            parts.append(f"{directory}\0{old}\0{current.get(directory)}")
        keys.append(hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest())
    return keys
