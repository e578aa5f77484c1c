"""Find registers below the given paths and build their records.

A register is a directory holding ``register.yaml``; its risks are in ``risks/`` and its
policies in ``policies/`` (see ``layout``). The same code reads the working tree and a git
revision: it sees files only through a ``Tree``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

from riskctl.model.errors import ConfigError
from riskctl.model.facts import assess_parts
from riskctl.model.records import Item, Kind, Problem, Register, SourceFile
from riskctl.model.workspace import Note, Organisation, Workspace
from riskctl.reading.files import FileInput, Parser, may_name
from riskctl.reading.layout import KIND_DIRS, REGISTER_FILE, SKIP_DIRS, is_item_name
from riskctl.reading.settings import Settings, read_settings
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


def _join(directory: str, name: str) -> str:
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
            raise ConfigError(f"{given}: no such file or directory")
        bound = limit or git_top(absolute)
        absolute = _unlinked(tree, given, absolute, bound, cwd)
        if not tree.is_dir(absolute):
            root = register_above(tree, os.path.dirname(absolute), bound)
            if root is None:
                raise ConfigError(f"{given}: not inside a register (no {REGISTER_FILE} above it)")
            requested.add(_shown_in(roots.setdefault(root, show_path(root, cwd, given)), root, absolute))
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
                requested.update(_join(roots[root], REGISTER_FILE) for root in inside)
                partly.update([above, *inside])
            continue
        below = _registers_below(tree, absolute, notes, cwd, given)
        if not below and not allow_empty:
            raise ConfigError(f"{given}: no register found (a register is a directory holding {REGISTER_FILE})")
        whole += below
        for root in below:
            roots.setdefault(root, show_path(root, cwd, given))
    if partly <= set(whole):  # every file given is in a register asked for whole
        return Found([Root(path, display) for path, display in sorted(roots.items())], None, notes)
    for root in whole:  # files given beside whole registers: all of those
        requested.add(_join(roots[root], REGISTER_FILE))
        requested.update(_shown_in(roots[root], root, path) for path in _files_below(tree, root))
    found = [Root(path, display) for path, display in sorted(roots.items())]
    return Found(found, frozenset(requested), notes)  # a folder of a register holding no file: none


def _unlinked(tree: Tree, given: str, absolute: str, bound: str | None, cwd: str) -> str:
    """``absolute`` where it really is: a path given on the command line is read no further out
    than the repository, as discovery reads (a folder on the way from the repository's top
    linked out of it, or broken, is refused), and a register named through a folder linked
    inside it is read once, where it is, not also as a second register of the same id."""
    if bound is None or not isinstance(tree, WorkTree):
        return absolute
    folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
    relative = os.path.relpath(folder, bound)
    if relative == "." or relative.startswith(".."):
        return absolute
    current = bound
    for part in relative.split(os.sep):
        current = os.path.join(current, part)
        problem = tree.link_problem(current, bound)
        if problem is not None:
            through = "" if current == absolute else f"{shown(os.path.relpath(current, cwd))}: "
            raise ConfigError(f"{given}: {through}{problem.message}")
    real = os.path.join(bound, os.path.relpath(os.path.realpath(folder), os.path.realpath(bound)))
    real = os.path.normpath(real)
    return real if folder == absolute else os.path.join(real, os.path.basename(absolute))


def _shown_in(display: str, root: str, path: str) -> str:
    """How ``path``, a file of the register at ``root`` shown as ``display``, is shown: as its
    records show it, whichever directory it was named from."""
    return _join(display, shown(os.path.relpath(path, root)))


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
            if not entry.is_dir or entry.name in SKIP_DIRS or entry.name.startswith("."):
                continue
            if register and entry.name in IN_REGISTER:
                continue
            path = os.path.join(current, entry.name)
            if entry.is_link:
                if tree.is_file(os.path.join(path, REGISTER_FILE)):
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


def build_item(kind: Kind, register: Register, file: SourceFile) -> Item:
    return Item(kind, register, file, **assess_parts(register.scheme, file.data))


def _repo_path(path: str, top: str | None) -> str | None:
    if top is None:
        return None
    relative = os.path.relpath(path, top)
    return "" if relative == "." else relative.replace(os.sep, "/")


def load(
    paths: Sequence[str],
    parser: Parser,
    *,
    cwd: str | None = None,
    tree: Tree | None = None,
    top: str | None = None,
    kinds: Sequence[Kind] = ("risk", "policy"),
) -> Workspace:
    """The registers below ``paths``, read from ``tree`` (default: the working tree)."""
    tree = tree or WorkTree()
    here = os.path.abspath(cwd or os.getcwd())
    found = discover(tree, paths, here, top)
    return build(tree, found, parser, top=top, kinds=kinds, context=context_of(tree, found, here, top))


def _heads(tree: Tree, roots: Sequence[Root], parser: Parser, top: str | None) -> list[SourceFile]:
    inputs = []
    for root in roots:
        repository = top or git_top(root.path)
        path = os.path.join(root.path, REGISTER_FILE)
        raw = tree.read(path, repository or tree.boundary(root.path))
        shown_path = _join(root.display, REGISTER_FILE)
        inputs.append(FileInput(shown_path, "register", raw, _repo_path(path, repository), tree.location(path)))
    return parser.files(inputs)


Jobs = list[tuple[Kind, "FileInput | SourceFile"]]  # a file to read, or a folder that could not be listed
# Given the items asked for, the ids (by kind) that other files are read for; None: every file.
Narrow = Callable[[Sequence[Item]], Mapping[Kind, Collection[str]] | None]


def _jobs(tree: Tree, root: Root, top: str | None, kinds: Sequence[Kind]) -> Jobs:
    repository = top or git_top(root.path)
    boundary = repository or tree.boundary(root.path)
    jobs: Jobs = []
    for kind in kinds:
        inputs, folder_problem = _item_inputs(tree, root, kind, boundary, repository)
        jobs += [(kind, entry) for entry in inputs]
        if folder_problem is not None:
            jobs.append((kind, folder_problem))
    return jobs


def _items(work: Sequence[tuple[Register, Jobs]], parser: Parser) -> list[Item]:
    reads = [(register, kind, job) for register, jobs in work for kind, job in jobs if isinstance(job, FileInput)]
    files = iter(parser.files([job for _, _, job in reads]))
    items = [build_item(kind, register, next(files)) for register, kind, _ in reads]
    items += [Item(kind, register, job) for register, jobs in work for kind, job in jobs if isinstance(job, SourceFile)]
    return items


def _narrowed(
    work: Sequence[tuple[Register, Jobs]], parser: Parser, requested: frozenset[str], narrow: Narrow
) -> list[tuple[Register, Jobs]]:
    """``work`` without the files not asked for that cannot hold an id ``narrow`` names for
    the items asked for (their bytes show it: ``files.may_name``)."""
    asked: list[tuple[Register, Jobs]] = [
        (register, [(kind, job) for kind, job in jobs if isinstance(job, FileInput) and job.path in requested])
        for register, jobs in work
    ]
    wanted = narrow(_items(asked, parser))
    if wanted is None:
        return list(work)
    return [
        (register, [(kind, job) for kind, job in jobs if _kept(job, requested, wanted.get(kind, ()))])
        for register, jobs in work
    ]


def _kept(job: FileInput | SourceFile, requested: frozenset[str], ids: Collection[str]) -> bool:
    return not isinstance(job, FileInput) or job.path in requested or may_name(job, ids)


def _register(root: Root, file: SourceFile, found: Settings, top: str | None, jobs: Jobs) -> Register:
    problems = found.problems
    holds_risks = any(kind == "risk" and isinstance(job, FileInput) for kind, job in jobs)
    if found.scheme is None and not problems and file.valid and holds_risks:
        problems = (NO_SCHEME,)
    repo_dir = _repo_path(root.path, top or git_top(root.path))
    return Register(root.display, root.path, repo_dir, file, found.scheme, problems, found.appetite)


def build(
    tree: Tree,
    found: Found,
    parser: Parser,
    *,
    top: str | None = None,
    kinds: Sequence[Kind] = ("risk", "policy"),
    context: Sequence[Root] = (),
    narrow: Narrow | None = None,
) -> Workspace:
    """The registers ``found`` with their items; ``context`` names the repository's other registers,
    read for their settings (``scoring.from``) and, where they are related through ``parent``,
    for the risks an escalation may name or a roll-up may show (SPEC §8). With ``narrow``, of
    the files not asked for, only those that may hold an id it names are read."""
    asked = {root.path for root in found.roots}
    others = [root for root in context if root.path not in asked]
    roots = [*found.roots, *others]
    heads = _heads(tree, roots, parser, top)
    settings = read_settings([(root.path, file) for root, file in zip(roots, heads, strict=True)])
    jobs = [_jobs(tree, root, top, kinds) for root in found.roots]
    registers = [
        _register(root, file, settings[root.path], top, jobs[index] if index < len(jobs) else [])
        for index, (root, file) in enumerate(zip(roots, heads, strict=True))
    ]
    mine, theirs = registers[: len(found.roots)], registers[len(found.roots) :]
    work = list(zip(mine, jobs, strict=True))
    if narrow is not None and found.requested is not None:
        work = _narrowed(work, parser, found.requested, narrow)
    items = _items(work, parser)
    related = _related(Organisation(tuple(registers)), mine, theirs)
    extra: list[Item] = []
    if related:
        work = [(register, _jobs(tree, root, top, ["risk"])) for root, register in zip(others, theirs, strict=True)]
        extra = _items([pair for pair in work if pair[0] in related], parser)
    unreadable = tuple(item.file for item in extra if not item.file.valid)
    unread_heads = tuple(register.file for register in theirs if not register.file.valid)
    organisation = Organisation(tuple(registers), tuple(items + extra), unreadable, unread_heads)
    return Workspace(tuple(mine), tuple(items), found.requested, tuple(found.notes), organisation)


def _related(organisation: Organisation, asked: Sequence[Register], others: Sequence[Register]) -> list[Register]:
    """The other registers whose risks the asked ones may name or be named by: their ancestors
    and descendants through ``parent``."""
    if not any(register.parent for register in organisation.registers):
        return []
    wanted: list[Register] = []
    for register in others:
        if any(mine in organisation.ancestors(register) for mine in asked) or any(
            register in organisation.ancestors(mine) for mine in asked
        ):
            wanted.append(register)
    return wanted


NO_SCHEME = (
    "the register holds risks but defines no scoring scheme (scoring.likelihood, scoring.impact, scoring.ratings)"
)


def _item_inputs(
    tree: Tree, root: Root, kind: Kind, boundary: str, top: str | None
) -> tuple[list[FileInput], SourceFile | None]:
    """The item files of one kind, by name; or the folder, when it cannot be read, with why."""
    folder = os.path.join(root.path, KIND_DIRS[kind])
    if not tree.is_dir(folder) and not tree.link_problem(folder, boundary):
        return [], None
    shown_folder = _join(root.display, KIND_DIRS[kind])
    problem = tree.link_problem(folder, boundary)
    listing = tree.scan(folder) if problem is None else None
    if listing is not None and listing.problem is not None:
        problem = listing.problem
    if problem is not None or listing is None:
        return [], SourceFile(shown_folder, None, (problem or Problem("RC101", "cannot read the folder"),))
    inputs = []
    # once per folder, for a register of thousands of files: relpath is slow enough to show, and
    # joining a plain name (as a listing gives) to a folder is putting the two side by side
    in_repo = _repo_path(folder, top)
    prefix, shown_prefix = os.path.join(folder, ""), _join(shown_folder, "")
    for entry in listing:
        if entry.is_dir or not is_item_name(entry.name):
            continue
        path = prefix + entry.name
        raw = tree.read(path, boundary)
        repo_path = None if in_repo is None else f"{in_repo}/{entry.name}" if in_repo else entry.name
        inputs.append(FileInput(shown_prefix + shown(entry.name), kind, raw, repo_path, tree.location(path)))
    return inputs, None
