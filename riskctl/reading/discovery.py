"""Which registers and files a command is about: the registers below (or above) the paths
given, the files asked for, and the repository's other registers they are read beside.

A register is a directory holding ``register.yaml``; its risks are in ``risks/`` and its
policies in ``policies/`` (see ``layout``). Paths are judged through a ``Tree``, so the
working tree and a git revision are searched alike; a path given on the command line is
read no further out than the repository, and a register where it really is. Imports
``model`` and ``reading.layout``/``reading.tree`` only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple

from riskctl.model.errors import ConfigError
from riskctl.model.workspace import Note
from riskctl.reading.layout import KIND_DIRS, REGISTER_FILE, SKIP_DIRS, is_item_name
from riskctl.reading.tree import Tree, WorkTree, git_top, shown


class Root(NamedTuple):
    path: str  # absolute register directory
    display: str  # as the user would write it


class Found(NamedTuple):
    roots: list[Root]
    requested: frozenset[str] | None  # paths of the files asked for; None: every file
    notes: Sequence[Note] = ()


def show_path(path: str, base: str, given: str) -> str:
    """Paths in output stay as the user gave them: relative stays relative."""
    if os.path.isabs(given):
        return shown(os.path.normpath(path))
    return shown(os.path.relpath(path, base))


def join_shown(directory: str, name: str) -> str:
    """``name`` in ``directory`` as shown to the user (a register shown as ``.``: just ``name``)."""
    return name if directory in ("", ".") else os.path.join(directory, name)


def register_above(tree: Tree, path: str, limit: str | None) -> str | None:
    """The nearest directory at or above ``path`` (not above ``limit``) holding register.yaml."""
    current = path
    while True:
        if tree.is_file(os.path.join(current, REGISTER_FILE)):
            return current
        parent = os.path.dirname(current)
        if parent == current or (limit is not None and current == limit):
            return None
        current = parent


def discover(
    tree: Tree, paths: Sequence[str], cwd: str, limit: str | None = None, *, allow_empty: bool = False
) -> Found:
    """Register directories below ``paths`` and, for file arguments, the files asked for.

    ``allow_empty`` is for comparisons with a revision, which may hold no register yet."""
    roots: dict[str, str] = {}
    requested: set[str] = set()
    notes: list[Note] = []
    whole: list[str] = []  # registers asked for whole
    partly: set[str] = set()  # registers some of whose files were asked for
    for given in paths or ["."]:
        absolute = os.path.normpath(os.path.join(cwd, given))
        if not tree.exists(absolute):
            if limit is not None and not isinstance(tree, WorkTree):  # through a revision's link: the link is why
                _linked_in_revision(tree, given, absolute, limit, cwd)
            raise ConfigError(f"{shown(given)}: no such file or directory")
        absolute = _unlinked(tree, given, absolute, limit, cwd)
        bound = limit or git_top(absolute)
        if not tree.is_dir(absolute):
            root = register_above(tree, os.path.dirname(absolute), bound)
            if root is None:
                raise ConfigError(f"{shown(given)}: not inside a register (no {REGISTER_FILE} above it)")
            path = _shown_in(roots.setdefault(root, show_path(root, cwd, given)), root, absolute)
            if not read_by_riskctl(root, absolute):
                notes.append(Note(path, NOT_READ))
            requested.add(path)
            partly.add(root)
            continue
        above = register_above(tree, absolute, bound)
        if above is not None:
            display = roots.setdefault(above, show_path(above, cwd, given))
            inside = [root for root in _registers_below(tree, absolute, notes, cwd, given) if root != above]
            for root in inside:  # registers standing inside this one's folder
                roots.setdefault(root, show_path(root, cwd, given))
            if above == absolute:
                whole += [above, *inside]
            else:  # a directory inside a register: its files only
                requested.update(_shown_in(display, above, path) for path in _files_below(tree, absolute))
                requested.update(join_shown(roots[root], REGISTER_FILE) for root in inside)
                partly.update([above, *inside])
            continue
        below = _registers_below(tree, absolute, notes, cwd, given)
        if not below and not allow_empty:
            raise ConfigError(f"{shown(given)}: no register found (a register is a directory holding {REGISTER_FILE})")
        whole += below
        for root in below:
            roots.setdefault(root, show_path(root, cwd, given))
    if partly <= set(whole):  # every file given is in a register asked for whole
        return Found([Root(path, display) for path, display in sorted(roots.items())], None, notes)
    for root in whole:  # files given beside whole registers: all of those
        requested.add(join_shown(roots[root], REGISTER_FILE))
        requested.update(_shown_in(roots[root], root, path) for path in _files_below(tree, root))
    found = [Root(path, display) for path, display in sorted(roots.items())]
    return Found(found, frozenset(requested), notes)  # a folder of a register holding no file: none


NOT_READ = (
    "riskctl reads a register's register.yaml and the .yaml and .yml files directly in its risks/ and "
    "policies/ folders; this file is none of them, so it is not checked"
)


def read_by_riskctl(root: str, path: str) -> bool:
    """Whether ``path``, a file named on the command line, is one of its register's own."""
    parts = os.path.relpath(path, root).split(os.sep)
    return parts == [REGISTER_FILE] or (len(parts) == 2 and parts[0] in KIND_DIRS.values() and is_item_name(parts[1]))


def _unlinked(tree: Tree, given: str, absolute: str, limit: str | None, cwd: str) -> str:
    """``absolute`` where it really is. Each folder link on the way is judged from the
    repository the path has reached (found from where the link stands, never through a
    link): one that leads out of it, or is broken, is refused, as discovery never follows
    it; one inside it is followed, so a register named through a link is read once, where
    it is, not also as a second register of the same id. In a revision, where links are
    not followed, a path through one is refused."""
    if not isinstance(tree, WorkTree):
        if limit is not None:
            _linked_in_revision(tree, given, absolute, limit, cwd)
        return absolute
    parts = absolute.split(os.sep)[1:]
    folder_at_end = os.path.isdir(absolute)
    current = os.sep
    for index, part in enumerate(parts):
        following = os.path.join(current, part)
        if os.path.islink(following) and (index < len(parts) - 1 or folder_at_end):
            repository = limit or git_top(current)
            problem = tree.link_problem(following, repository) if repository is not None else None
            if problem is not None:
                spelled = os.sep + os.path.join(*parts[: index + 1])
                through = "" if index == len(parts) - 1 else f"{shown(os.path.relpath(spelled, cwd))}: "
                raise ConfigError(f"{shown(given)}: {through}{problem.message}")
            following = os.path.realpath(following)
        current = following
    return current


def _linked_in_revision(tree: Tree, given: str, absolute: str, top: str, cwd: str) -> None:
    """Refuse a path through a link of a revision's tree (links there are not followed)."""
    relative = os.path.relpath(absolute, top)
    if relative == "." or relative.startswith(".."):
        return
    current = top
    for part in relative.split(os.sep):
        current = os.path.join(current, part)
        problem = tree.link_problem(current, top)
        if problem is not None:
            through = "" if current == absolute else f"{shown(os.path.relpath(current, cwd))}: "
            raise ConfigError(f"{shown(given)}: {through}{problem.message}")


def _shown_in(display: str, root: str, path: str) -> str:
    """How ``path``, a file of the register at ``root`` shown as ``display``, is shown: as its
    records show it, whichever directory it was named from."""
    return join_shown(display, shown(os.path.relpath(path, root)))


# A register's own folders, which hold its files and never another register.
IN_REGISTER = frozenset({*KIND_DIRS.values(), "schemas"})


def _registers_below(tree: Tree, directory: str, notes: list[Note], cwd: str, given: str) -> list[str]:
    out: list[str] = []
    pending = [directory]
    while pending:
        current = pending.pop()
        listing = tree.scan(current)
        if listing.problem is not None:
            notes.append(Note(show_path(current, cwd, given), listing.problem.message))
            continue
        register = any(entry.name == REGISTER_FILE and not entry.is_dir for entry in listing)
        if register:
            out.append(current)  # and registers may stand inside it (a directorate's in the force's folder)
        for entry in reversed(listing):
            if not (entry.is_dir or entry.is_link) or entry.name in SKIP_DIRS or entry.name.startswith("."):
                continue
            if register and entry.name in IN_REGISTER:
                continue
            path = os.path.join(current, entry.name)
            if entry.is_link:
                if tree.is_file(os.path.join(tree.followed(path), REGISTER_FILE)):
                    message = (
                        "a symlink to a register directory; registers are read where they really are, not through links"
                    )
                    notes.append(Note(show_path(path, cwd, given), message))
                continue
            pending.append(path)
    return sorted(out)


def _files_below(tree: Tree, directory: str) -> list[str]:
    """The item files below ``directory``, by absolute path."""
    out: list[str] = []
    pending = [directory]
    while pending:
        current = pending.pop()
        for entry in tree.scan(current):
            path = os.path.join(current, entry.name)
            if entry.is_dir and not entry.is_link and entry.name not in SKIP_DIRS:
                pending.append(path)
            elif not entry.is_dir and is_item_name(entry.name):
                out.append(path)
    return out


def context_of(tree: Tree, found: Found, cwd: str, top: str | None = None) -> list[Root]:
    """Every register of the repositories holding the ones found (for ``parent`` and ``scoring.from``,
    which may name any of them, and policy references); outside git, every register below the
    current directory when the ones found are below it (what ``check .`` there reads), else
    just the ones found."""
    tops = sorted({repository for root in found.roots if (repository := top or _repository(root.path, cwd))})
    roots: list[Root] = []
    for repository in tops:
        roots += discover(tree, [os.path.relpath(repository, cwd)], cwd, repository, allow_empty=True).roots
    return roots


def _repository(path: str, cwd: str) -> str | None:
    """The git repository holding ``path``; outside git, the current directory when ``path``
    is below it, unless that is the file system's root or the home directory (a search
    below those could take all day)."""
    top = git_top(path)
    if top is not None:
        return top
    here = os.path.realpath(cwd)
    if here in (os.path.realpath(os.sep), os.path.realpath(os.path.expanduser("~"))):
        return None
    return here if os.path.realpath(path).startswith(here.rstrip(os.sep) + os.sep) else None
