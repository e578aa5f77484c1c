"""``report`` and ``export``: the registers gathered for people and spreadsheets, with where they came from."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from riskctl import __version__
from riskctl.core.load import Loaded, cache_for, incomplete, load
from riskctl.history.diff import ItemDiff, diff_snapshots
from riskctl.model.errors import GitError
from riskctl.model.scoring import Scheme
from riskctl.model.workspace import Workspace
from riskctl.outputs.export import Export, export_rows
from riskctl.outputs.report import Report, build_report
from riskctl.outputs.trends import Timeline
from riskctl.reading.files import Parser
from riskctl.reading.tree import git_top

if TYPE_CHECKING:
    from riskctl.history.git import Repository


def provenance(today: dt.date, loaded: Loaded) -> dict[str, Any]:
    """Which commit the output was made from, and whether the working tree differed from it."""
    from riskctl.history.git import Repository

    facts: dict[str, Any] = {"generated": today.isoformat(), "riskctl": __version__, "commit": None, "dirty": None}
    registers = loaded.workspace.registers
    try:
        where = registers[0].root if registers and loaded.commit is None else os.getcwd()
        with Repository(where) as repo:
            facts["commit"] = loaded.commit or repo.head()
            facts["dirty"] = False if loaded.commit else repo.is_dirty()
    except GitError:
        pass
    return facts


@dataclass(frozen=True)
class Baseline:
    """The registers at ``--since``: its commit, each risk's residual score then, and what changed since."""

    since: dict[str, Any]
    scores: dict[tuple[str, str], int]
    changes: list[ItemDiff]


def _history(workspace: Workspace, at: str | None, since: str | None) -> tuple[Baseline | None, Timeline | None]:
    """What git knows about the registers: the baseline at ``--since`` and the timeline of every
    change (one ``git log`` and one walk over it, for every risk at once). A plain report
    outside git has no trends; where git cannot answer, the report says why it has none;
    ``--since`` needs them (exit 2)."""
    from riskctl.history.git import Repository

    start = workspace.registers[0].root if workspace.registers else os.getcwd()
    try:
        with Repository(git_top(start) or start) as repo:
            if repo.head() is None and since is None:
                return None, None
            cache = cache_for([str(repo.root)], str(repo.root), True)
            parser = Parser(cache)
            try:
                return _read_history(repo, parser, at, since)
            finally:
                if cache is not None:
                    cache.save()
    except GitError as error:
        if since is not None:
            raise
        if git_top(start) is None:  # not in git: a report with no trends, and says it is not from a commit
            return None, None
        return None, Timeline((), unread=str(error))  # in git, but git could not answer: said in the report


def _read_history(
    repo: Repository, parser: Parser, at: str | None, since: str | None
) -> tuple[Baseline | None, Timeline]:
    from riskctl.history.lineage import Lineage
    from riskctl.history.snapshot import snapshot
    from riskctl.history.walk import walk

    head = repo.resolve_at(at) if at else None
    baseline, after_since, pending = None, None, []
    if since is not None:
        commit = repo.resolve_at(since, "--since")
        before = snapshot(repo, commit, parser)
        after = snapshot(repo, head, parser)
        scores = {
            (item.register.id, item.id): item.residual.score
            for item in before.items
            if item.kind == "risk" and item.residual is not None
        }
        baseline = Baseline({"label": since, "commit": commit}, scores, diff_snapshots(before, after))
        after_since = frozenset(repo.text("rev-list", "--end-of-options", f"{commit}..{head or 'HEAD'}", "--").split())
        current = repo.head()
        if head is None and current is not None and repo.is_dirty():  # told apart from the commits
            pending = diff_snapshots(snapshot(repo, current, parser), after)
    commits = repo.log(head or "HEAD")[::-1]
    lineage = Lineage(commits, repo.links, repo.register_files)
    events = list(walk(repo, commits, parser, lineage=lineage))
    line = None  # the events along the first-parent line, for trends: the same, unless there are merges
    if any(len(commit.parents) > 1 for commit in commits) or any(len(p) > 1 for p in repo.links.values()):
        line = list(walk(repo, repo.log(head or "HEAD", first_parent=True)[::-1], parser, lineage=lineage))
    oldest = commits[0].day if commits else None
    return baseline, Timeline(events, after_since, pending, repo.is_shallow(), oldest, line=line)


def report(paths: list[str] | None, today: dt.date, *, at: str | None, since: str | None) -> tuple[Report, Workspace]:
    loaded = load(paths, at)
    baseline, timeline = _history(loaded.workspace, at, since)
    document = build_report(
        loaded.workspace,
        today,
        version=__version__,
        provenance=provenance(today, loaded),
        since=baseline.since if baseline else None,
        baseline=baseline.scores if baseline else None,
        changes=baseline.changes if baseline else [],
        incomplete=incomplete(loaded.workspace),
        timeline=timeline,
    )
    return document, loaded.workspace


def _schemes(workspace: Workspace) -> dict[str, Scheme]:
    return {register.id: register.scheme for register in workspace.registers if register.scheme is not None}


def export(paths: list[str] | None, today: dt.date, *, at: str | None, policies_only: bool) -> tuple[Export, Workspace]:
    loaded = load(paths, at)
    risks, policy_rows = export_rows(loaded.workspace, today)
    found = incomplete(loaded.workspace)
    schemes = _schemes(loaded.workspace)
    return Export(risks, policy_rows, provenance(today, loaded), policies_only, found, schemes), loaded.workspace


def template(register: str, today: dt.date) -> Export:
    """An empty workbook for one register (``export --template``): its columns and drop-downs."""
    from riskctl.core.author import target_register

    target = target_register([register])
    facts = provenance(today, Loaded(target.workspace, None))
    facts = {"register": target.register.id, "name": target.register.name, **facts}
    return Export([], [], facts, schemes=_schemes(target.workspace), template=True)
