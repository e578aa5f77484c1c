"""Where each item has lived, so ``history ID`` can ask git about a few paths only.

Importing this module loads nothing beyond ``gitstart``, so that ``history ID`` can
start git's log of the item's paths before the parser and the rest are imported (see
``prestart_history``): the log then runs while Python loads.
"""

from __future__ import annotations

import os
import posixpath

from riskctl.cache import cache_name, write_file
from riskctl.gitstart import (
    ROOT_AND_HEAD,
    is_register_file,
    literal,
    log_arguments,
    nearest_root,
    prestart,
    scope_below,
    split_path,
    working_directory,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from riskctl.gitlog import Commit, Repository
    from riskctl.history import Parser

NAME, SUFFIX = "paths", ".idx"
_MAGIC = "riskctl path index 1"
_HEX = frozenset("0123456789abcdef")


class PathIndex:
    """Every register file path that has held a version of each item, by casefolded id.

    ``history ID`` asks git for the log of the few paths the item has lived at, which
    takes a fraction of the whole log. The index covers the commits reachable from
    ``tips`` (newest first) and is brought up to date by reading only the commits added
    since. It may hold extra paths (the walk over them filters by id), never too few:
    every version of every register file in those commits is read into it. It lives in
    the history cache, is checked on load (a damaged or planted file is ignored) and is
    rebuilt when a tip has gone, say after a rebase and garbage collection.

    On disk it is NUL-separated fields, read without ``json`` (whose import would delay
    git): the format line, ``@`` and a tip for each tip, then ``#`` and an id for each
    item followed by ``/`` and a path for each of its paths.
    """

    KEEP_TIPS = 16

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = path
        self.tips: list[str] = []
        self.items: dict[str, set[str]] = {}
        loaded = _decode(_read(path)) if path is not None else None
        if loaded is not None:
            self.tips, self.items = loaded

    def paths(self, ident: str) -> list[str]:
        return sorted(self.items.get(ident.casefold(), ()))

    def behind(self, head: str) -> bool:
        return head not in self.tips

    def update(self, repo: Repository, parser: Parser, head: str) -> None:
        """Read the commits not yet in the index, then save it (when it has a path)."""
        from riskctl.errors import GitError

        try:
            commits = repo.start_log(exclude=self.tips, whole=True)()
        except GitError:  # a tip no longer exists: start again
            self.tips, self.items = [], {}
            commits = repo.start_log(whole=True)()
        self.add(repo, commits, parser)
        self.tips = [head, *(tip for tip in self.tips if tip != head)][: self.KEEP_TIPS]
        if self.path is not None:
            from pathlib import Path

            write_file(Path(self.path), _encode(self.tips, self.items))

    def add(self, repo: Repository, commits: Sequence[Commit], parser: Parser) -> None:
        """Index the version each commit wrote (every earlier version was written by an earlier commit)."""
        from riskctl.history import item_ident

        written = [(change.path, change.new) for commit in commits for change in commit.changes if change.new]
        repo.prefetch(blob for _, blob in written if not parser.known(blob))
        for path, blob in written:
            kind = split_path(path)[1]
            if kind is None:
                continue
            data = parser.parse(blob, None if parser.known(blob) else repo.blob(blob))
            if data is not None:
                self.items.setdefault(item_ident(kind, path, data).casefold(), set()).add(path)


def item_log_paths(paths: Sequence[str], scope: str) -> list[str]:
    """The paths below ``scope`` and the register.yaml beside each: what ``history ID`` asks git about."""
    prefix = f"{scope}/" if scope else ""
    inside = [path for path in paths if path.startswith(prefix)]
    registers = {posixpath.join(split_path(path)[0], "register.yaml") for path in inside}
    return sorted({*inside, *registers})


def start_item_log(repo: Repository, paths: Sequence[str], head: str) -> Callable[[], list[Commit]]:
    """Start the log of ``paths`` below the scope (see ``item_log_paths`` and ``Repository.start_log``)."""
    return repo.start_log(head, paths=item_log_paths(paths, repo.scope))


def prestart_history(item_id: str, *, use_index: bool = True) -> None:
    """Start the git processes ``history ITEM_ID`` will want, before anything else is imported.

    The root is taken to be the nearest directory upwards holding ``.git``, and the log
    is that of the item's paths as of the index's newest tip; without ``use_index``
    (``--no-cache``) only the root and HEAD are asked for. A wrong guess costs nothing but a discarded
    process: ``Repository`` only takes a process identical to one it would start.
    """
    cwd = working_directory()
    if cwd is None:
        return
    prestart(ROOT_AND_HEAD, cwd)
    root = nearest_root(cwd) if use_index else None
    if root is None:
        return
    index = PathIndex(os.path.join(root, cache_name(NAME, SUFFIX)))
    paths = item_log_paths(index.paths(item_id.rpartition(":")[2]), scope_below(root, cwd))
    if index.tips and paths:
        prestart(log_arguments(index.tips[0], pathspecs=[literal(path) for path in paths]), root)


def _read(path: Path | str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _encode(tips: Sequence[str], items: dict[str, set[str]]) -> bytes:
    fields = [_MAGIC, *(f"@{tip}" for tip in tips)]
    for ident in sorted(items):
        if "\0" not in ident:  # no command line can hold a NUL, so nobody can ask for this id
            fields.append(f"#{ident}")
            fields += [f"/{path}" for path in sorted(items[ident])]
    return "\0".join(fields).encode("utf-8", "surrogatepass")


def _decode(data: bytes | None) -> tuple[list[str], dict[str, set[str]]] | None:
    """``(tips, items)``; None unless ``data`` is an index whose every field is as ``_encode`` writes it."""
    if data is None:
        return None
    try:
        fields = data.decode("utf-8", "surrogatepass").split("\0")
    except UnicodeDecodeError:
        return None
    if fields[0] != _MAGIC:
        return None
    tips: list[str] = []
    items: dict[str, set[str]] = {}
    paths: set[str] | None = None
    for field in fields[1:]:
        mark, value = field[:1], field[1:]
        if mark == "#":
            paths = items.setdefault(value, set())
        elif mark == "/" and paths is not None and _plain_path(value):
            paths.add(value)
        elif mark == "@" and paths is None and len(value) in (40, 64) and _HEX.issuperset(value):
            tips.append(value)
        else:
            return None
    return tips, items


def _plain_path(path: str) -> bool:
    """A register file's path as git lists it: relative, without empty, ``.`` or ``..`` parts."""
    return is_register_file(path) and all(part not in ("", ".", "..") for part in path.split("/"))
