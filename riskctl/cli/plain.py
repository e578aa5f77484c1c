"""Bodies of the hot commands, free of the CLI framework.

``check`` runs in pre-commit hooks and CI, ``history ID`` answers people at a terminal and
``audit`` feeds exports, so they must start quickly. Their typer commands
(``cli/check.py``, ``cli/history.py``) call these functions, and so does the quick path
(``cli/quick.py``), which runs them without importing typer at all when the arguments
are plain.
"""

from __future__ import annotations

import functools
import gc
import json
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from riskctl.cache import enabled
from riskctl.cli.state import STATE, info, load, write_output
from riskctl.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ConfigError, UsageError

if TYPE_CHECKING:
    from riskctl.cache import ResultCache
    from riskctl.checking import Base, CheckResult

FORMAT_CHOICES = ("text", "json", "sarif", "junit", "github", "gitlab")
P = ParamSpec("P")
R = TypeVar("R")


def without_collection(command: Callable[P, R]) -> Callable[P, R]:
    """Run ``command`` with Python's cyclic garbage collector paused, as Mercurial does
    (``util.nogc``) around building large structures.

    Walking history builds hundreds of thousands of containers (parsed versions, events,
    audit rows) that live until the command ends and form no cycles, so reference
    counting frees whatever is dropped. Each automatic collection would walk them all
    again: about 45 ms of a cold 0.6 s audit over 5,000 commits.
    """

    @functools.wraps(command)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


def check(
    paths: Sequence[str] | None = None,
    format: str = "text",
    output: str | None = None,
    fail_on: str = "error",
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    base: str | None = None,
    at: str | None = None,
    no_cache: bool = False,
    today: str | None = None,
) -> int:
    """``riskctl check``: the exit status for these findings (see the typer command for the options)."""
    from riskctl import __version__
    from riskctl.checking import Selection, run_check
    from riskctl.formats import FORMATS
    from riskctl.formats import Output as FormatOutput
    from riskctl.model import Severity

    if format not in FORMATS:
        raise UsageError(f"--format {format}: expected one of {', '.join(FORMATS)}")
    if fail_on not in ("error", "warning"):
        raise UsageError(f"--fail-on {fail_on}: expected error or warning")
    selection = Selection.parse(select or (), ignore or ())
    day = STATE.today(today)
    if base is not None and at is not None:
        raise UsageError("--base compares the working tree with REV; it cannot be combined with --at")
    use_cache = enabled(no_cache) and at is None and base is None
    keyed = _result_key(list(paths or ["."]), day) if use_cache else None
    result = _cached_result(*keyed) if keyed else None
    if result is None:
        workspace = load(list(paths) if paths else None, at, use_cache=use_cache)
        result = run_check(workspace, day, None, _base(base) if base else None)
        if keyed:
            keyed[0].put(keyed[1], result.to_cache())
    result = result.select(selection)
    color = format == "text" and output is None and STATE.color()
    rendered = FormatOutput(result, day, __version__, Severity(fail_on), color)
    write_output(FORMATS[format](rendered), output)
    if format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from riskctl.formats.ci import step_summary

        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(step_summary(rendered))
    if result.unusable:
        info(f"riskctl: cannot use the register(s) {', '.join(result.unusable)}: fix register.yaml (see above)")
        return EXIT_USAGE
    threshold = Severity(fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in result.findings) else EXIT_OK


@without_collection
def history(item_id: str, format: str = "text", output: str | None = None, no_cache: bool = False) -> int:
    """``riskctl history ID``: every commit that changed the item, newest first.

    git's log is started before the parser and the renderers are imported, so that the
    two overlap.
    """
    from riskctl.gitlog import Repository

    if format not in ("text", "json"):
        raise UsageError(f"--format {format}: expected text or json")
    register_id, _, wanted = item_id.rpartition(":")
    with Repository(".") as repo:
        head = repo.head()
        if head is None:
            raise ConfigError("the repository has no commits yet")
        parser = None
        if not enabled(no_cache):
            # the whole log; only versions whose bytes mention the id are parsed
            pending = repo.start_log()
        else:
            from riskctl.cache import cache_file
            from riskctl.pathindex import NAME, SUFFIX, PathIndex, start_item_log

            index = PathIndex(cache_file(repo.root, NAME, SUFFIX))
            if index.behind(head):
                from riskctl.history import Parser

                # building the index reads every version: the parsed versions' cache saves most of it
                parser = Parser.cached(repo.root) if not index.tips else Parser()
                index.update(repo, parser, head)
                if parser.store is not None:
                    parser.store.save()
            pending = start_item_log(repo, index.paths(wanted), head)
        from riskctl.changes import history_json, render_history_text
        from riskctl.history import Parser, walk
        from riskctl.loading import preload

        preload()
        parser = parser or Parser()
        commits = pending()
        events = [
            event
            for event in walk(repo, reversed(commits), parser, only=wanted)
            if event.key[2].casefold() == wanted.casefold() and (not register_id or event.key[0] == register_id)
        ]
        registers = sorted({event.key[0] for event in events})
        if not events:
            raise ConfigError(f"no commit in this repository changed an item with id '{item_id}'")
        if len(registers) > 1:
            names = ", ".join(f"{name}:{wanted}" for name in registers)
            raise UsageError(f"'{item_id}' names items in more than one register ({names}); qualify it as REGISTER:ID")
        key = events[-1].key
        qualified = f"{key[0]}:{key[2]}"
        last_path = events[-1].path if events[-1].change != "deleted" else None
        shown = os.path.relpath(repo.root / last_path) if last_path else None
    if format == "json":
        write_output(json.dumps(history_json(events, qualified, shown), indent=2, ensure_ascii=False) + "\n", output)
    else:
        write_output(render_history_text(events, qualified), output)
    return 0


@without_collection
def audit(
    since: str | None = None,
    until: str | None = None,
    format: str = "json",
    output: str | None = None,
    no_cache: bool = False,
) -> int:
    """``riskctl audit``: one row per changed field, oldest first."""
    from riskctl import dates
    from riskctl.changes import audit_csv, audit_json, audit_trail, cold_reader
    from riskctl.gitlog import Repository

    if format not in ("json", "csv"):
        raise UsageError(f"--format {format}: expected json or csv")
    bounds = {}
    for name, value, suffix in (("--since", since, "T00:00:00"), ("--until", until, "T23:59:59")):
        if value is None:
            continue
        try:
            day = dates.parse_date(value)
        except dates.DateError as error:
            raise UsageError(f"{name}: {error}") from None
        bounds[name] = (
            day.date if not day.month_only else day.date if name == "--since" else day.due_by
        ).isoformat() + suffix
    with Repository(".") as repo:
        if repo.head() is None:
            rows: list[dict[str, object]] = []
        else:
            # --since filters after the walk: the register's scheme comes from earlier commits
            parser = cold_reader(repo, no_cache)  # reads versions while git's log runs
            arriving = (lambda batch: parser.read_ahead(repo, batch)) if parser else None
            commits = repo.start_log(until=bounds.get("--until"), arriving=arriving)()[::-1]
            start = bounds.get("--since", "")[:10]
            rows = [
                row
                for commit, commit_rows in audit_trail(repo, commits, no_cache, parser)
                if commit.day >= start
                for row in commit_rows
            ]
    if format == "json":  # one event a line: readable, and quick to write for long histories
        write_output(audit_json(rows), output)
    else:
        write_output(audit_csv(rows), output)
    return 0


def _base(revision: str) -> Base:
    from pathlib import Path

    from riskctl.checking import Base
    from riskctl.gitlog import Repository
    from riskctl.history import Parser, snapshot_at

    with Repository(Path.cwd()) as repo:
        commit = repo.resolve(revision)
        return Base(snapshot_at(repo, commit, Parser()).items, repo.root, commit)


def _result_key(paths: list[str], day: Any) -> tuple[ResultCache, str] | None:
    from pathlib import Path

    from riskctl.cache import ResultCache
    from riskctl.workspace import fingerprint

    found = fingerprint(paths, Path.cwd())
    if found is None or found[1]:  # single files are checked against the whole repository: not cached
        return None
    digest, _, root = found
    return ResultCache(root), f"{digest}:{day.isoformat()}"


def _cached_result(cache: ResultCache, key: str) -> CheckResult | None:
    from riskctl.checking import CheckResult

    value = cache.get(key)
    if value is None:
        return None
    try:
        return CheckResult.from_cache(value)
    except (KeyError, TypeError, ValueError):  # a damaged entry: compute afresh
        return None
