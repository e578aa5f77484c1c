"""``riskctl history``, ``diff`` and ``audit``: the registers' audit trail, read from git."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any, Optional

import typer

from riskctl.cli.options import ItemId, NoCache, Output
from riskctl.cli.state import command, write_output
from riskctl.errors import ConfigError, UsageError


@command
def history(
    item_id: ItemId,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    output: Output = None,
    no_cache: NoCache = False,
) -> int:
    """Every commit that changed a risk or policy, newest first, with the fields it changed."""
    from riskctl.cache import cache_file
    from riskctl.changes import history_json, render_history_text
    from riskctl.gitlog import Repository
    from riskctl.history import Parser, PathIndex, item_log, walk

    if format not in ("text", "json"):
        raise UsageError(f"--format {format}: expected text or json")
    register_id, _, wanted = item_id.rpartition(":")
    with Repository(".") as repo:
        if repo.head() is None:
            raise ConfigError("the repository has no commits yet")
        if no_cache or os.environ.get("RISKCTL_NO_CACHE"):
            # the whole log; only versions whose bytes mention the id are parsed
            parser = Parser()
            commits = repo.log()
        else:
            index = PathIndex(cache_file(repo.root, "paths"))
            # building the index reads every version: the parsed versions' cache saves most of it
            parser = history_parser(repo.root, no_cache) if not index.tips else Parser()
            index.update(repo, parser)
            if parser.store is not None:
                parser.store.save()
            prefix = f"{repo.scope}/" if repo.scope else ""
            commits = item_log(repo, [path for path in index.paths(wanted) if path.startswith(prefix)])
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


@command
def diff(
    base: Annotated[
        Optional[str], typer.Argument(help="Base revision (default: merge-base with main or master).")
    ] = None,
    head: Annotated[Optional[str], typer.Argument(help="Head revision (default: the working tree).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text, md or json.")] = "text",
    output: Output = None,
) -> int:
    """Semantic diff of the registers between two revisions: items added, closed, rescored, reassigned."""
    from riskctl.changes import diff_snapshots, render_json, render_markdown, render_text
    from riskctl.gitlog import Repository
    from riskctl.history import Parser, snapshot_at, snapshot_worktree

    renderers = {"text": render_text, "md": render_markdown, "json": render_json}
    if format not in renderers:
        raise UsageError(f"--format {format}: expected text, md or json")
    with Repository(".") as repo:
        parser = Parser()
        if base is None:
            base_sha = repo.merge_base("main", "master", "origin/main", "origin/master") or repo.head()
            if base_sha is None:
                raise ConfigError("the repository has no commits yet; nothing to compare with")
        else:
            base_sha = repo.resolve(base)
        head_sha = repo.resolve(head) if head is not None else "WORKTREE"
        before = snapshot_at(repo, base_sha, parser)
        after = snapshot_worktree(repo, parser) if head is None else snapshot_at(repo, head_sha, parser)
    diffs = diff_snapshots(before, after)
    text = renderers[format](diffs, base_sha, head_sha)
    write_output(text, output)
    if format == "md" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(text)
    return 0


@command
def audit(
    since: Annotated[
        Optional[str], typer.Option("--since", metavar="DATE", help="Only commits on or after DATE.")
    ] = None,
    until: Annotated[
        Optional[str], typer.Option("--until", metavar="DATE", help="Only commits on or before DATE.")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="json or csv.")] = "json",
    output: Output = None,
    no_cache: NoCache = False,
) -> int:
    """The whole audit trail: one event per changed field, oldest first."""
    from riskctl import dates
    from riskctl.changes import audit_csv, audit_rows
    from riskctl.gitlog import Repository
    from riskctl.history import walk

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
            commits = repo.log(until=bounds.get("--until"))
            start = bounds.get("--since", "")[:10]
            parser = history_parser(repo.root, no_cache)
            events = [event for event in walk(repo, reversed(commits), parser) if event.commit.day >= start]
            rows = audit_rows(events)
            if parser.store is not None:
                parser.store.save()
    if format == "json":  # one event a line: readable, and quick to write for long histories
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        write_output(f"[\n{lines}\n]\n" if rows else "[]\n", output)
    else:
        write_output(audit_csv(rows), output)
    return 0


def history_parser(root: Any, no_cache: bool) -> Any:
    """A parser backed by the history cache in the repository (unless switched off)."""
    from riskctl.cache import Cache
    from riskctl.history import Parser

    if no_cache or os.environ.get("RISKCTL_NO_CACHE"):
        return Parser()
    return Parser(Cache(root, "history"))
