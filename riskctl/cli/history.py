"""``riskctl history``, ``diff`` and ``audit``: the registers' audit trail, read from git."""

from __future__ import annotations

import json
import os
from typing import Annotated, Optional

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
    from riskctl.cli import plain

    return plain.history(item_id, format, output, no_cache)


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
    from riskctl.changes import audit_csv, audit_trail
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
            commits = repo.start_log(until=bounds.get("--until"))()[::-1]
            start = bounds.get("--since", "")[:10]
            rows = [
                row
                for commit, commit_rows in audit_trail(repo, commits, no_cache)
                if commit.day >= start
                for row in commit_rows
            ]
    if format == "json":  # one event a line: readable, and quick to write for long histories
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        write_output(f"[\n{lines}\n]\n" if rows else "[]\n", output)
    else:
        write_output(audit_csv(rows), output)
    return 0
