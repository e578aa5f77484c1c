"""``history``, ``diff`` and ``audit``: the registers' audit trail, read from git."""

from __future__ import annotations

import os
from typing import Any

from riskctl.core.load import cache_for
from riskctl.history.audit import audit_rows
from riskctl.history.diff import Diff, diff_snapshots
from riskctl.history.git import Commit, Repository
from riskctl.history.snapshot import snapshot
from riskctl.history.walk import Event, ItemHistory, event_keys, walk
from riskctl.model import dates
from riskctl.model.errors import ConfigError, UsageError
from riskctl.model.records import Problem
from riskctl.reading.cache import Cache
from riskctl.reading.files import Parser


def _parser(root: str, use_cache: bool) -> tuple[Parser, Any]:
    cache = cache_for([root], root, use_cache)
    return Parser(cache), cache


def history(item_id: str, *, use_cache: bool = True) -> ItemHistory:
    """Every commit that changed the item (on any branch merged into HEAD)."""
    register_id, _, wanted = item_id.rpartition(":")
    with Repository(".") as repo:
        if repo.head() is None:
            raise ConfigError("the repository has no commits yet")
        repo.refuse_shallow()
        parser, cache = _parser(str(repo.root), use_cache)
        try:
            commits = repo.log()[::-1]
            events = [
                event
                for event in walk(repo, commits, parser, only=wanted)
                if event.key[2].casefold() == wanted.casefold() and (not register_id or event.key[0] == register_id)
            ]
        finally:
            if cache is not None:
                cache.save()
        if not events:
            raise ConfigError(f"no commit in this repository changed an item with id '{item_id}'")
        registers = sorted({event.key[0] for event in events})
        if len(registers) > 1:
            names = ", ".join(f"{name}:{wanted}" for name in registers)
            raise UsageError(f"'{item_id}' names items in more than one register ({names}); qualify it as REGISTER:ID")
        last = events[-1]
        shown = os.path.relpath(repo.root / last.path) if last.change != "deleted" else None
        return ItemHistory(f"{last.key[0]}:{last.key[2]}", shown, events)


def diff(base: str | None, head: str | None, *, use_cache: bool = True) -> Diff:
    with Repository(".") as repo:
        parser, cache = _parser(str(repo.root), use_cache)
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


def audit(since: str | None, until: str | None, *, use_cache: bool = True) -> list[dict[str, Any]]:
    """One row per changed field, oldest first; ``since``/``until`` are DATEs."""
    start = _bound(since, "--since", False) if since else ""
    stop = _bound(until, "--until", True) + "T23:59:59" if until else None
    with Repository(".") as repo:
        if repo.head() is None:
            return []
        repo.refuse_shallow()
        parser, cache = _parser(str(repo.root), use_cache)
        try:
            commits = repo.log(until=stop)[::-1]
            trail = _trail(repo, commits, parser, cache)  # --since filters after: schemes come from earlier commits
        finally:
            if cache is not None:
                cache.save()
    return [row for commit, rows in trail if commit.date[:10] >= start for row in rows]


def _trail(
    repo: Repository, commits: list[Commit], parser: Parser, cache: Cache | None
) -> list[tuple[Commit, list[Any]]]:
    """Each commit with its audit rows. A commit's rows never change, so they are kept in the
    cache by ``event_keys`` and a later run walks only the commits it has not seen."""
    keys = event_keys(commits)
    known = cache.events(keys) if cache is not None else {}
    skip = {commit.sha for commit, key in zip(commits, keys, strict=True) if key in known}
    found: dict[str, list[Event]] = {}
    for event in walk(repo, commits, parser, skip=skip):
        found.setdefault(event.commit.sha, []).append(event)
    fresh = {key: audit_rows(found.get(commit.sha, [])) for commit, key in zip(commits, keys, strict=True)
             if key not in known}  # fmt: skip
    if cache is not None:
        cache.put_events(fresh)
    return [(commit, known[key] if key in known else fresh[key]) for commit, key in zip(commits, keys, strict=True)]
