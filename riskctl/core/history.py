"""``history``, ``diff`` and ``audit``: the registers' audit trail, read from git."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NamedTuple

from riskctl.history.audit import AUDIT_COLUMNS
from riskctl.history.commits import Commit, register_commits, turned
from riskctl.history.git import Repository
from riskctl.model import dates
from riskctl.model.errors import ConfigError, UsageError
from riskctl.reading.cache import Cache, content_key, enabled

# What reads and compares file versions is imported where it is used: ``audit`` from
# the cache needs git and the cache only.
if TYPE_CHECKING:
    from collections.abc import Sequence

    from riskctl.history.diff import Diff
    from riskctl.history.walk import Event, ItemHistory
    from riskctl.reading.files import Parser

_COLUMNS = set(AUDIT_COLUMNS)


def _cache(repo: Repository, use_cache: bool) -> Cache | None:
    if not enabled(not use_cache):
        return None
    cache = Cache(str(repo.root))
    return cache if cache.available else None


def _parser(cache: Cache | None) -> Parser:
    from riskctl.reading.files import Parser

    return Parser(cache)


def history(item_id: str, *, use_cache: bool = True) -> ItemHistory:
    """Every commit that changed the item (on any branch merged into HEAD)."""
    register_id, _, wanted = item_id.rpartition(":")
    with Repository(".") as repo:
        if repo.head() is None:
            raise ConfigError("the repository has no commits yet")
        repo.refuse_shallow()
        from riskctl.history.walk import ItemHistory, walk

        cache = _cache(repo, use_cache)
        try:
            commits = repo.log()[::-1]
            events = [
                event
                for event in walk(repo, commits, _parser(cache), only=wanted)
                if event.key[2].casefold() == wanted.casefold() and (not register_id or event.key[0] == register_id)
            ]
        finally:
            if cache is not None:
                cache.save()
        if not events:
            where = f"below {repo.scope}/ (run it from the top to search the whole repository)" if repo.scope else ""
            raise ConfigError(f"no commit in this repository changed an item with id '{item_id}' {where}".rstrip())
        registers = sorted({event.key[0] for event in events})
        if len(registers) > 1:
            names = ", ".join(f"{name}:{wanted}" for name in registers)
            raise UsageError(f"'{item_id}' names items in more than one register ({names}); qualify it as REGISTER:ID")
        now = _where(events)
        shown = os.path.relpath(repo.root / now) if now is not None else None
        return ItemHistory(f"{events[-1].key[0]}:{events[-1].key[2]}", shown, events)


def _where(events: Sequence[Event]) -> str | None:
    """Where the item's file is after ``events`` (None once deleted): never a second file that
    took its id (a ``duplicate``), though changes to that file are shown as the item's."""
    from riskctl.history.duplicates import followed

    own = followed(events)
    return None if not own or own[-1].change == "deleted" else own[-1].path


def diff(base: str | None, head: str | None, *, use_cache: bool = True) -> Diff:
    from riskctl.history.diff import Diff, diff_snapshots
    from riskctl.history.snapshot import snapshot
    from riskctl.model.records import Problem

    with Repository(".") as repo:
        cache = _cache(repo, use_cache)
        parser = _parser(cache)
        try:
            if base is None:
                base_sha = repo.merge_base("main", "master", "origin/main", "origin/master") or repo.head()
                if base_sha is None:
                    raise ConfigError("the repository has no commits yet; nothing to compare with")
            else:
                base_sha = repo.resolve(base, "BASE")
            head_sha = repo.resolve(head, "HEAD") if head is not None else "WORKTREE"
            before = snapshot(repo, base_sha, parser)
            after = snapshot(repo, None if head is None else head_sha, parser)
        finally:
            if cache is not None:
                cache.save()
    notes = list(dict.fromkeys([*before.notes, *after.notes]))
    unusable = [register for side in (before, after) for register in side.registers if not register.usable]
    left_out = [register.file.unusable() or Problem("RC102", register.scheme_problems[0]) for register in unusable]
    incomplete = [problem.to_json(register.file.path) for register, problem in zip(unusable, left_out, strict=True)]
    return Diff(base_sha, head_sha, diff_snapshots(before, after), notes, incomplete)


def _bound(value: str, option: str, end: bool) -> str:
    try:
        day = dates.parse_date(value)
    except dates.DateError as error:
        raise UsageError(f"{option}: {error}") from None
    return (day.due_by if end else day.date).isoformat()


class Trail(NamedTuple):
    rows: list[dict[str, Any]]  # one per changed field, oldest first
    nothing_below: str | None = None  # the directory read from, when no commit changed an item below it


def audit(since: str | None, until: str | None, *, use_cache: bool = True) -> Trail:
    """One row per changed field, oldest first; ``since``/``until`` are DATEs."""
    start = _bound(since, "--since", False) if since else ""
    stop = _bound(until, "--until", True) if until else "9999-12-31"
    with Repository(".") as repo:
        if repo.head() is None:
            return Trail([])
        repo.refuse_shallow()
        cache = _cache(repo, use_cache)
        try:
            rows = _trail(repo, cache)
        finally:
            if cache is not None:
                cache.save()
    nothing_below = repo.scope if repo.scope and not rows else None
    # by the date each row shows (the author's): git's own --since and --until go by the
    # committer's, so a commit made on a wrong clock would fall outside every window
    return Trail([row for row in rows if start <= row["date"][:10] <= stop], nothing_below)


def _trail(repo: Repository, cache: Cache | None) -> list[dict[str, Any]]:
    """The audit rows of every commit.

    The rows are a function of git's log (which names every commit, its changes and the
    file versions they wrote, by their hashes) and of the directory the walk is limited
    to, so the whole trail is kept in the cache under a hash of the two (the log as ``git
    log`` writes it, newest first); the trail kept last is read while git writes its log,
    and used only if the log is the same. Each commit's rows are kept too, by
    ``event_keys``, so after a new commit a run walks only that commit. Without a trail
    kept, git writes its log oldest first (``--reverse``), and the versions are read and
    parsed as it goes (``ahead.Early``); with one, newest first, which git writes sooner.
    """
    prefix = "audit:" + content_key(repo.scope.encode("utf-8", "surrogateescape")) + ":"
    known = cache.latest(prefix) if cache is not None else None
    parser: Parser | None = None  # made only to walk: a kept trail needs no parsing (nor its imports)
    try:
        with repo.start_log(oldest_first=known is None) as running:
            if known is not None and cache is not None:  # a trail is kept: read while git writes
                kept = cache.result(known)
                log, commits = running.output(), None
            else:  # a walk is likely: the versions it reads are read, and parsed, while git writes
                kept = None
                _import_walk()
                parser = _parser(cache)
                from riskctl.history.ahead import Early

                early = Early(repo, parser)
                backwards, commits = repo.read_log(running, early.versions, early.arrived)
                log = turned(backwards) if cache is not None else b""  # newest first, as git log writes it: the key
        whole = prefix + content_key(log)
        if known != whole:
            kept = cache.result(whole) if cache is not None else None
        found = kept.get("rows") if isinstance(kept, dict) else None
        if isinstance(found, list) and all(_is_row(row) for row in found):
            return found
        commits = register_commits(log, repo.links)[::-1] if commits is None else commits
        parser = parser or _parser(cache)
        rows = [row for _, commit_rows in _by_commit(repo, commits, cache, parser) for row in commit_rows]
    finally:
        if parser is not None:
            parser.close()
    if cache is not None:
        cache.put_result(whole, {"rows": rows})
    return rows


def _import_walk() -> None:
    import riskctl.history.walk  # noqa: F401
    from riskctl.reading.loading import preload

    preload()


def _is_row(row: object) -> bool:
    return isinstance(row, dict) and row.keys() == _COLUMNS and isinstance(row["date"], str)


def _by_commit(
    repo: Repository, commits: list[Commit], cache: Cache | None, parser: Parser
) -> list[tuple[Commit, list[Any]]]:
    """Each commit with its audit rows. A commit's rows never change, so they are kept in the
    cache by ``event_keys`` and a later run walks only the commits it has not seen."""
    from riskctl.history.audit import audit_rows
    from riskctl.history.lineage import Lineage
    from riskctl.history.walk import event_keys, walk

    lineage = Lineage(commits, repo.links, repo.register_files)
    keys = event_keys(lineage, commits, repo.scope)
    known = cache.events(keys) if cache is not None else {}
    skip = {commit.sha for commit, key in zip(commits, keys, strict=True) if key in known}
    found: dict[str, list[Event]] = {}
    for event in walk(repo, commits, parser, skip=skip, lineage=lineage):
        found.setdefault(event.commit.sha, []).append(event)
    fresh = {key: audit_rows(found.get(commit.sha, [])) for commit, key in zip(commits, keys, strict=True)
             if key not in known}  # fmt: skip
    if cache is not None:
        cache.put_events(fresh)
    return [(commit, known[key] if key in known else fresh[key]) for commit, key in zip(commits, keys, strict=True)]
