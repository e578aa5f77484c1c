"""``riskctl check``: load, run the rules (and the change rules against ``--base``), cache the result."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections.abc import Sequence
from typing import NamedTuple

from riskctl.core.load import cache_for, whole_repository
from riskctl.model.records import Item, Kind
from riskctl.model.workspace import Workspace
from riskctl.reading.cache import blake2b
from riskctl.reading.discovery import Found, Root, context_of, discover, read_by_riskctl, register_above
from riskctl.reading.files import Parser, literal
from riskctl.reading.layout import KIND_DIRS, REGISTER_FILE, split_path
from riskctl.reading.tree import WorkTree, git_top
from riskctl.reading.workspace import build
from riskctl.resources import stale_schema_copies
from riskctl.rules.engine import Base, CheckResult, run_check
from riskctl.rules.references import policy_references

RACY_SECONDS = 2  # a file changed this recently may change again within the clock's granularity


class CheckOptions(NamedTuple):
    paths: Sequence[str]
    today: dt.date
    base: str | None = None
    at: str | None = None
    use_cache: bool = True
    whole: bool = False  # the paths are changed files: check their registers whole (pre-commit)


def policy_refs(workspace: Workspace) -> set[str]:
    """Every policy reference a reference may name: ``O28`` and ``essex-kent:O28``."""
    refs: set[str] = set()
    for item in workspace.items:
        if item.kind == "policy" and item.file.readable:
            refs.update({item.id, item.qualified_id})
    return refs


def check(options: CheckOptions) -> CheckResult:
    """Every finding for the files asked about; the CLI applies ``--select`` and ``--ignore``."""
    here = os.getcwd()
    if options.whole:
        paths = whole_registers(options.paths, here)
        if not paths:
            return CheckResult([], [])
        options = options._replace(paths=paths, whole=False)
    if options.at is not None:
        from riskctl.core.load import load

        loaded = load(options.paths, options.at, cwd=here, use_cache=options.use_cache, references=True)
        return run_check(loaded.workspace, options.today, policy_refs(loaded.references or loaded.workspace))
    cache = cache_for(options.paths, here, options.use_cache)
    try:
        tree = WorkTree()
        found = discover(tree, options.paths, here)
        stale = [
            os.path.join(root.display, "schemas", os.path.basename(path))
            for root in found.roots
            for path, _ in stale_schema_copies([root.path])
        ]
        context = context_of(tree, found, here)
        key = _result_key(found, context, options, here) if cache is not None and options.base is None else None
        if key is not None and cache is not None:
            cached = CheckResult.from_cache(cache.result(key))
            if cached is not None:
                return dataclasses.replace(cached, stale_schemas=stale)
        parser = Parser(cache)
        workspace = build(tree, found, parser, context=context, narrow=named)
        policies: dict[Kind, frozenset[str]] | None = None  # every policy file of the other registers
        if found.requested is not None:  # single files: only those that may hold the policies they name
            wanted = named([item for item in workspace.items if workspace.wanted(item.path)])
            policies = None if wanted is None else {"policy": wanted["policy"]}
        references = whole_repository(workspace, parser, ("policy",), policies)  # RC401: no register holds it
        base = _base(options.base, parser) if options.base else None
        result = run_check(workspace, options.today, policy_refs(references), base)
        if key is not None and cache is not None:
            cache.put_result(key, result.to_cache())
        return dataclasses.replace(result, stale_schemas=stale)
    finally:
        if cache is not None:
            cache.save()


def named(items: Sequence[Item]) -> dict[Kind, frozenset[str]] | None:
    """The ids that the rules read in other files when checking ``items`` alone: each item's
    own (RC104: two files with one id) and the policies it names (RC401; a reference
    qualified ``REGISTER:ID`` may be any of its suffixes after a colon); None when one of
    them is not ``literal``, so that files cannot be told apart by their bytes, or when an
    item is escalated (RC403 reads the risk it names, in a register that may be one of
    those asked about, by an id matched ignoring case)."""
    wanted: dict[Kind, set[str]] = {"risk": set(), "policy": set()}
    for item in items:
        if not item.file.valid:  # no rule reads another file for it
            continue
        if item.data.get("escalation") is not None:
            return None
        wanted[item.kind].add(item.id)
        for _, ref in policy_references(item):
            text = str(ref)
            wanted["policy"].update([text, *(text[i + 1 :] for i, char in enumerate(text) if char == ":")])
    if not all(literal(value) for values in wanted.values() for value in values):
        return None
    return {kind: frozenset(values) for kind, values in wanted.items()}


def whole_registers(paths: Sequence[str], cwd: str) -> list[str]:
    """``check --whole``: the registers holding the files given (pre-commit passes those a
    commit changes) or files deleted (staged, or between pre-commit's ``--from-ref`` and
    ``--to-ref``), to be checked whole, since a change to one file (a scale in register.yaml,
    a deleted item) can break the others. Every register of the repository when a policy was
    deleted: a risk anywhere may name it."""
    tree = WorkTree()
    roots: set[str] = set()
    unread: list[str] = []  # files given that are none of a register's own: named, so said (RC101)
    for given in paths:
        absolute = os.path.normpath(os.path.join(cwd, given))
        start = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        root = register_above(tree, start, git_top(start))
        if root is not None:
            roots.add(root)
            if os.path.isfile(absolute) and not read_by_riskctl(root, absolute):
                unread.append(given)
    top = git_top(cwd)
    heads = any(os.path.basename(given) == REGISTER_FILE for given in paths)
    for path in _deleted(top) if top is not None else []:
        directory, kind = split_path(path)
        if kind == "policy" and top is not None:
            everything = discover(tree, [top], top, top, allow_empty=True).roots
            return sorted(os.path.relpath(root.path, cwd) for root in everything) + unread
        heads = heads or kind is None
        root = os.path.join(top or "", *directory.split("/")) if directory else top or ""
        if tree.is_file(os.path.join(root, REGISTER_FILE)):
            roots.add(root)
    if roots and top is not None:
        roots |= _below(roots, top, everyone=heads)
    return sorted(os.path.relpath(root, cwd) for root in roots) + unread


def _below(roots: set[str], top: str, *, everyone: bool) -> set[str]:
    """The registers that report to ``roots`` (their risks may be escalated to a risk changed
    there: RC403); with ``everyone``, when a register.yaml changed (an id, a parent), every
    register of a repository that has parents at all."""
    from riskctl.reading.workspace import load

    organisation = load([top], Parser(), cwd=top, kinds=()).organisation
    if not any(register.parent for register in organisation.registers):
        return set()
    if everyone:
        return {register.root for register in organisation.registers}
    real = {os.path.realpath(root) for root in roots}
    changed = [register for register in organisation.registers if os.path.realpath(register.root) in real]
    return {
        register.root
        for register in organisation.registers
        if any(ancestor in changed for ancestor in organisation.ancestors(register))
    }


def _deleted(top: str) -> list[str]:
    from riskctl.history.git import Repository
    from riskctl.history.words import check_revision

    since, until = os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF")
    for name, value in (("PRE_COMMIT_FROM_REF", since), ("PRE_COMMIT_TO_REF", until)):
        if value:
            check_revision(value, name)
    with Repository(top) as repo:
        return repo.deleted(since, until)


def _base(revision: str, parser: Parser) -> Base:
    from riskctl.history.diff import items_by_key
    from riskctl.history.git import Repository
    from riskctl.history.snapshot import snapshot

    with Repository(os.getcwd()) as repo:
        commit = repo.resolve(revision, "--base")
        before = snapshot(repo, commit, parser)
    files = [register.file for register in before.registers] + [item.file for item in before.items]
    texts = {file.repo_path: file.document.text for file in files if file.repo_path and file.document is not None}
    return Base(items_by_key(before), commit, texts)


def _result_key(found: Found, context: Sequence[Root], options: CheckOptions, cwd: str) -> str | None:
    """A digest of the path, size, modification time and inode of every file of the registers
    found and of the repository's other registers (an ancestor's risk or id decides RC403 and
    RC404 here), with the day and the user; None for single files, or when a file changed
    within ``RACY_SECONDS``."""
    if found.requested is not None:
        return None
    recent = time.time_ns() - RACY_SECONDS * 1_000_000_000
    digest = blake2b(digest_size=20)
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest.update(repr((cwd, list(options.paths), options.today.isoformat(), user)).encode("utf-8", "surrogateescape"))
    asked = {root.path for root in found.roots}
    for root in [*found.roots, *(other for other in context if other.path not in asked)]:
        paths = [os.path.join(root.path, REGISTER_FILE)]
        for folder in KIND_DIRS.values():
            directory = os.path.join(root.path, folder)
            paths.append(directory)
            try:
                paths += sorted(entry.path for entry in os.scandir(directory))
            except OSError:
                continue
        for path in paths:
            try:
                info = os.lstat(path)
            except OSError:
                digest.update(f"{path}|missing\n".encode("utf-8", "surrogateescape"))
                continue
            if info.st_mtime_ns >= recent:
                return None
            link = ""
            if os.path.islink(path):  # a link inside the workspace: what it leads to counts
                try:
                    target = os.stat(path)
                    link = f"{os.readlink(path)}|{target.st_size}|{target.st_mtime_ns}|{target.st_ino}"
                except OSError:
                    link = os.readlink(path)
            stamp = f"{info.st_mode}|{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}|{info.st_ino}"
            line = f"{path}|{root.display}|{stamp}|{link}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
