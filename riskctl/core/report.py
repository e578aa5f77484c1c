"""``report`` and ``export``: the registers gathered for people and spreadsheets, with where they came from."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from riskctl import __version__
from riskctl.core.load import Loaded, cache_for, incomplete, load
from riskctl.history.diff import ItemDiff, diff_snapshots
from riskctl.model.errors import GitError
from riskctl.model.records import Workspace
from riskctl.model.scoring import Scheme
from riskctl.outputs.export import Export, export_rows
from riskctl.outputs.report import Report, build_report
from riskctl.reading.files import Parser


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


def _baseline(since: str, at: str | None) -> tuple[dict[str, Any], dict[tuple[str, str], int], list[ItemDiff]]:
    """The registers at ``--since``: its commit, each risk's residual score, and the changes since."""
    from riskctl.history.git import Repository
    from riskctl.history.snapshot import snapshot

    with Repository(os.getcwd()) as repo:
        cache = cache_for([str(repo.root)], str(repo.root), True)
        parser = Parser(cache)
        try:
            commit = repo.resolve_at(since, "--since")
            before = snapshot(repo, commit, parser)
            after = snapshot(repo, repo.resolve_at(at) if at else None, parser)
        finally:
            if cache is not None:
                cache.save()
    scores = {
        (item.register.id, item.id): item.residual.score
        for item in before.items
        if item.kind == "risk" and item.residual is not None
    }
    return {"label": since, "commit": commit}, scores, diff_snapshots(before, after)


def report(paths: list[str] | None, today: dt.date, *, at: str | None, since: str | None) -> tuple[Report, Workspace]:
    loaded = load(paths, at)
    since_info, baseline, changes = _baseline(since, at) if since else (None, None, [])
    document = build_report(
        loaded.workspace,
        today,
        version=__version__,
        provenance=provenance(today, loaded),
        since=since_info,
        baseline=baseline,
        changes=changes,
        incomplete=incomplete(loaded.workspace),
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
