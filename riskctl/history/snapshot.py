"""The registers as they stood at a revision, read from git objects in memory.

A revision's tree is laid over the repository's place in the file system and read through
the same discovery and loading as the working tree (``reading.workspace``), so the
records, and the paths in output, are the ones the working tree would give. Nothing is
written to disk. Entries whose paths could not be checked out safely (``..``, absolute)
are left out and said; a submodule is not followed, and that is said too.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence

from riskctl.history.git import Repository, TreeEntry
from riskctl.model.records import Problem
from riskctl.model.workspace import Note, Workspace
from riskctl.reading.discovery import context_of, discover
from riskctl.reading.files import Parser
from riskctl.reading.layout import is_register_file
from riskctl.reading.loading import MAX_BYTES
from riskctl.reading.tree import Entry, Listing, Tree, WorkTree, shown
from riskctl.reading.workspace import build

SUBMODULE = "a git submodule; riskctl does not follow it (run riskctl inside it for its registers)"


def _safe(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and all(part not in ("", ".", "..") for part in parts)


class GitTree:
    """A commit's tree as a ``reading.tree.Tree``: register files are read in one stream, up front."""

    def __init__(self, repo: Repository, commit: str) -> None:
        self.repo = repo
        self.root = str(repo.root)
        self.files: dict[str, TreeEntry] = {}
        self.submodules: set[str] = set()
        self.children: dict[str, dict[str, bool]] = {}  # directory -> {name: is_dir}
        self.unsafe: list[str] = []
        for entry in repo.tree(commit):
            if not _safe(entry.path):
                self.unsafe.append(entry.path)
                continue
            absolute = os.path.join(self.root, *entry.path.split("/"))
            if entry.kind == "commit":
                self.submodules.add(absolute)
            elif entry.kind == "blob":
                self.files[absolute] = entry
            self._add_parents(absolute, entry.kind == "commit")
        repo.prefetch(
            entry.sha for entry in self.files.values() if entry.mode != "120000" and is_register_file(entry.path)
        )

    def _add_parents(self, absolute: str, is_dir: bool) -> None:
        child = absolute
        while child != self.root:
            parent = os.path.dirname(child)
            self.children.setdefault(parent, {})[os.path.basename(child)] = is_dir
            is_dir = True
            child = parent

    def is_dir(self, path: str) -> bool:
        return path == self.root or path in self.children or path in self.submodules

    def is_file(self, path: str) -> bool:
        return path in self.files

    def exists(self, path: str) -> bool:
        return self.is_dir(path) or self.is_file(path)

    def scan(self, directory: str) -> Listing:
        listing = Listing()
        if directory in self.submodules:
            listing.problem = Problem("RC101", SUBMODULE)
            return listing
        for name, is_dir in sorted(self.children.get(directory, {}).items()):
            entry = self.files.get(os.path.join(directory, name))
            listing.append(Entry(name, is_dir, entry is not None and entry.mode == "120000"))
        return listing

    def boundary(self, register_root: str) -> str:
        return self.root

    def location(self, path: str) -> str | None:
        return None  # a version in git, not a file that can be edited

    def followed(self, link: str) -> str:
        """The path a link of the commit names (its blob is the target's text), as an absolute path."""
        entry = self.files.get(link)
        if entry is None or entry.mode != "120000":
            return link
        target = os.fsdecode(self.repo.blob(entry.sha))
        return os.path.normpath(os.path.join(os.path.dirname(link), target))

    def link_problem(self, path: str, boundary: str) -> Problem | None:
        entry = self.files.get(path)
        if entry is not None and entry.mode == "120000":
            return Problem("RC101", "this is a symlink in the commit; riskctl does not follow symlinks in history")
        return None

    def read(self, path: str, boundary: str) -> bytes | Problem:
        problem = self.link_problem(path, boundary)
        if problem is not None:
            return problem
        entry = self.files.get(path)
        if entry is None:
            return Problem("RC101", "the file is not in the commit")
        data = self.repo.blob(entry.sha)
        if len(data) > MAX_BYTES:
            return Problem(
                "RC101", f"the file is larger than {MAX_BYTES // 1024} KiB; riskctl reads files up to that size"
            )
        return data

    def notes(self, cwd: str) -> list[Note]:
        return [Note(shown(path), "a path that cannot be checked out safely; left out") for path in self.unsafe]


class StopAtSubmodules(WorkTree):
    """The working tree, not followed into submodules: the side of a comparison with a
    revision, whose tree holds only the submodule's commit id."""

    def __init__(self, top: str) -> None:
        self.top = top

    def scan(self, directory: str) -> Listing:
        if directory != self.top and os.path.lexists(os.path.join(directory, ".git")):
            listing = Listing()
            listing.problem = Problem("RC101", SUBMODULE)
            return listing
        return super().scan(directory)


Widen = Callable[[Workspace, Tree, str], Workspace]  # (workspace, the revision's tree, repository top)


def load_at(
    paths: Sequence[str], at: str, parser: Parser, cwd: str | None = None, *, widen: Widen | None = None
) -> tuple[Workspace, str, Workspace | None]:
    """``(workspace, commit id, widened)`` for ``paths`` at revision or date ``at``; ``widen``
    reads more of the revision beside the workspace (every register's policies, for RC401)."""
    here = os.path.abspath(cwd or os.getcwd())
    with Repository(here) as repo:
        commit = repo.resolve_at(at)
        tree = GitTree(repo, commit)
        found = discover(tree, paths, here, str(repo.root))
        context = context_of(tree, found, here, str(repo.root))
        workspace = build(tree, found, parser, top=str(repo.root), context=context)
        others = widen(workspace, tree, str(repo.root)) if widen is not None else None
    return _with_notes(workspace, tree.notes(here)), commit, others


def snapshot(repo: Repository, commit: str | None, parser: Parser, cwd: str | None = None) -> Workspace:
    """Every register below the current directory at ``commit`` (None: the working tree);
    an empty workspace when there are none (a comparison with a revision that had none)."""
    here = os.path.abspath(cwd or os.getcwd())
    top = str(repo.root)
    tree: GitTree | StopAtSubmodules = GitTree(repo, commit) if commit else StopAtSubmodules(top)
    start = os.path.join(top, *repo.scope.split("/")) if repo.scope else top
    found = discover(tree, [os.path.relpath(start, here)], here, top, allow_empty=True)
    context = discover(tree, [os.path.relpath(top, here)], here, top, allow_empty=True).roots
    workspace = build(tree, found, parser, top=top, context=context)
    return _with_notes(workspace, tree.notes(here) if isinstance(tree, GitTree) else [])


def _with_notes(workspace: Workspace, notes: list[Note]) -> Workspace:
    merged = tuple(dict.fromkeys([*workspace.notes, *notes]))
    return dataclasses.replace(workspace, notes=merged)  # the organisation and all: only the notes change
