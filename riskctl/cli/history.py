"""``riskctl history``, ``diff`` and ``audit``: the registers' audit trail, read from git."""

from __future__ import annotations

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
    from riskctl.cli import plain

    return plain.audit(since, until, format, output, no_cache)
