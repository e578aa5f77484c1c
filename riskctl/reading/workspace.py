"""Build the records of the registers ``discovery`` found: each register's settings, its
items, and of the repository's other registers what the rules need beside them.

The same code reads the working tree and a git revision: it sees files only through a
``Tree``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence

from riskctl.model.facts import assess_parts
from riskctl.model.records import Item, Kind, Problem, Register, SourceFile
from riskctl.model.workspace import Organisation, Workspace
from riskctl.reading.discovery import Found, Root, context_of, discover, join_shown
from riskctl.reading.files import FileInput, Parser, may_name
from riskctl.reading.layout import KIND_DIRS, REGISTER_FILE, is_item_name
from riskctl.reading.settings import Settings, read_settings
from riskctl.reading.tree import Tree, WorkTree, git_top, shown


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
        shown_path = join_shown(root.display, REGISTER_FILE)
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
    shown_folder = join_shown(root.display, KIND_DIRS[kind])
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
    prefix, shown_prefix = os.path.join(folder, ""), join_shown(shown_folder, "")
    for entry in listing:
        if entry.is_dir or not is_item_name(entry.name):
            continue
        path = prefix + entry.name
        raw = tree.read(path, boundary)
        repo_path = None if in_repo is None else f"{in_repo}/{entry.name}" if in_repo else entry.name
        inputs.append(FileInput(shown_prefix + shown(entry.name), kind, raw, repo_path, tree.location(path)))
    return inputs, None
