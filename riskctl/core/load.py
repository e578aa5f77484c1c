"""Loading the registers for a command: the working tree (through the cache) or a git revision."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from riskctl.model.records import Kind
from riskctl.model.workspace import Workspace
from riskctl.reading.cache import Cache, enabled
from riskctl.reading.discovery import Found, Root, context_of, discover
from riskctl.reading.files import Parser
from riskctl.reading.tree import Tree, WorkTree, git_top
from riskctl.reading.workspace import build


class Loaded(NamedTuple):
    workspace: Workspace
    commit: str | None  # the revision read (--at), None for the working tree
    references: Workspace | None = None  # with every register's policies, when asked for


def cache_for(paths: Sequence[str], cwd: str, use_cache: bool) -> Cache | None:
    """The cache of the repository holding the first path (else of the current directory)."""
    if not enabled(not use_cache):
        return None
    first = os.path.abspath(os.path.join(cwd, (list(paths) or ["."])[0]))
    start = first if os.path.isdir(first) else os.path.dirname(first)
    cache = Cache(git_top(start) or cwd)
    return cache if cache.available else None


def load(
    paths: Sequence[str] | None,
    at: str | None = None,
    *,
    cwd: str | None = None,
    use_cache: bool = True,
    kinds: Sequence[Kind] = ("risk", "policy"),
    references: bool = False,
) -> Loaded:
    """The registers below ``paths`` now, or as they stood at ``at`` (a revision or date); with
    ``references``, also with the policies of every register of the repository (RC401)."""
    if at is not None:
        from riskctl.history.words import check_revision

        check_revision(at, "--at")  # an impossible date is a usage error before anything is read
    here = os.path.abspath(cwd or os.getcwd())
    given = list(paths or ["."])
    cache = cache_for(given, here, use_cache)
    parser = Parser(cache)
    try:
        if at is not None:
            from riskctl.history.snapshot import load_at

            def widen(workspace: Workspace, tree: Tree, top: str) -> Workspace:
                return whole_repository(workspace, parser, ("policy",), tree=tree, top=top)

            workspace, commit, others = load_at(given, at, parser, here, widen=widen if references else None)
            return Loaded(workspace, commit, others)
        tree = WorkTree()
        found = discover(tree, given, here)
        context = context_of(tree, found, here)
        workspace = build(tree, found, parser, kinds=kinds, context=context)
        return Loaded(workspace, None, whole_repository(workspace, parser, ("policy",)) if references else None)
    finally:
        if cache is not None:
            cache.save()


def whole_repository(
    workspace: Workspace,
    parser: Parser,
    kinds: Sequence[Kind],
    only: Mapping[Kind, Collection[str]] | None = None,
    tree: Tree | None = None,
    top: str | None = None,
) -> Workspace:
    """Every register of the repositories holding ``workspace``'s registers (of those kinds), for
    references that may point anywhere in the repository; registers already loaded are reused.
    The others are read for their data only: why a file breaks its schema is not worked out.
    With ``only``, just the files that may hold those ids (``files.may_name``). ``tree`` and
    ``top``: a revision's (``--at``), else the working tree."""
    loaded = {register.root for register in workspace.registers}
    tree = tree or WorkTree()
    here = os.getcwd()
    asked = Found([Root(register.root, register.display) for register in workspace.registers], None)
    roots = [root for root in context_of(tree, asked, here, top) if root.path not in loaded]
    found = Found(roots, None if only is None else frozenset())
    narrow = None if only is None else lambda _: only
    extra = build(tree, found, parser.terse(), top=top, kinds=kinds, narrow=narrow)
    return dataclasses.replace(
        workspace, registers=workspace.registers + extra.registers, items=workspace.items + extra.items
    )


def incomplete(workspace: Workspace) -> list[dict[str, Any]]:
    """SPEC §7's ``incomplete`` entries: each file left out, and why, in ``check``'s words."""
    entries = [problem.to_json(path) for path, problem in workspace.unreadable()]
    entries += [
        {"path": n.path, "line": 1, "column": 1, "code": "RC101", "message": n.message} for n in workspace.notes
    ]
    return entries
