"""Find registers below the given paths and load their files.

A register is a directory holding ``register.yaml``; its risks live in ``risks/`` and
its policies in ``policies/``. Symlinks that lead outside the workspace (the git
repository holding the register, or the register itself outside git) are not
followed; they are reported.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from riskctl.cache import Cache, content_key
from riskctl.errors import ConfigError, RiskctlError
from riskctl.loading import MAX_BYTES, LoadProblem, decode, load_bytes, load_file, load_text
from riskctl.model import Document, Position
from riskctl.parallel import PARALLEL_MIN, map_chunks
from riskctl.scoring import Scheme
from riskctl.validation import SchemaProblem, is_valid, validate

Kind = Literal["risk", "policy"]
REGISTER_FILE = "register.yaml"
KIND_DIRS: dict[Kind, str] = {"risk": "risks", "policy": "policies"}
YAML_SUFFIXES = (".yaml", ".yml")
RACY_SECONDS = 2
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".riskctl_cache", ".tox"}


@dataclass
class Loaded:
    """One file as read: its document (None when unreadable) and what went wrong."""

    path: str  # as shown to the user
    document: Document | None
    load_problems: list[LoadProblem] = field(default_factory=list)
    schema_problems: list[SchemaProblem] = field(default_factory=list)
    outside_link: str | None = None  # target of a symlink leading out of the workspace

    @property
    def data(self) -> dict[str, Any]:
        data = self.document.data if self.document else None
        return data if isinstance(data, dict) else {}

    @property
    def valid(self) -> bool:
        return self.document is not None and not self.schema_problems and not self.outside_link

    def position(self, *path: str | int, key: bool = False) -> Position:
        if self.document is None:
            return Position()
        if not self.document.positioned:  # loaded quickly; read again, with positions, now they matter
            positioned = load_text(self.document.text, self.path).document
            if positioned is not None:
                self.document = positioned
        return self.document.locate(path, key=key)


@dataclass(eq=False)
class Item:
    kind: Kind
    register: Register
    file: Loaded
    derived: dict[Any, Any] = field(default_factory=dict, repr=False)  # scores and review state, computed once

    @property
    def id(self) -> str:
        field_name = "id" if self.kind == "risk" else "reference"
        value = self.file.data.get(field_name)
        return str(value) if isinstance(value, str | int) and value != "" else self.stem

    @property
    def stem(self) -> str:
        return os.path.splitext(os.path.basename(self.file.path))[0]

    @property
    def qualified_id(self) -> str:
        return f"{self.register.id}:{self.id}"

    @property
    def data(self) -> dict[str, Any]:
        return self.file.data

    @property
    def path(self) -> str:
        return self.file.path


@dataclass
class Register:
    root: Path  # absolute directory
    display: str  # directory as shown to the user
    file: Loaded
    items: list[Item] = field(default_factory=list)
    scheme: Scheme | None = None
    scheme_problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        value = self.file.data.get("id")
        return value if isinstance(value, str) and value else self.root.name

    @property
    def name(self) -> str:
        value = self.file.data.get("name")
        return value if isinstance(value, str) and value else self.root.name

    @property
    def usable(self) -> bool:
        return self.file.valid and not self.scheme_problems

    @functools.cached_property
    def ids(self) -> dict[tuple[str, str], list[str]]:
        """``(kind, id) -> paths`` of the readable, valid items (built once, after loading)."""
        index: dict[tuple[str, str], list[str]] = {}
        for item in self.items:
            if item.file.valid:
                index.setdefault((item.kind, item.id), []).append(item.path)
        return index

    @property
    def risks(self) -> list[Item]:
        return [item for item in self.items if item.kind == "risk"]

    @property
    def policies(self) -> list[Item]:
        return [item for item in self.items if item.kind == "policy"]


@dataclass
class Workspace:
    registers: list[Register]
    requested: set[str] | None = None  # display paths of files asked for; None means all

    def wanted(self, path: str) -> bool:
        return self.requested is None or path in self.requested

    def items(self, kind: Kind | None = None) -> list[Item]:
        return [item for register in self.registers for item in register.items if kind is None or item.kind == kind]


def show_path(path: Path, base: Path, given: str) -> str:
    """Paths in output stay as the user gave them: relative stays relative."""
    if os.path.isabs(given):
        return str(path)
    try:
        return os.path.relpath(path, base)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def find_workspace_root(start: Path) -> Path:
    """The git repository holding ``start``, else ``start`` itself."""
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start


def find_register_above(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if (candidate / REGISTER_FILE).is_file():
            return candidate
    return None


def discover(paths: Sequence[str], cwd: Path | None = None) -> tuple[list[tuple[Path, str]], set[str] | None]:
    """Register directories (absolute, with the user's spelling) and, for file arguments, the files asked for."""
    base = cwd or Path.cwd()
    found: dict[Path, str] = {}
    requested: set[str] = set()
    whole = False
    for given in paths or ["."]:
        absolute = (base / given).absolute()
        if not absolute.exists() and not absolute.is_symlink():
            raise ConfigError(f"{given}: no such file or directory")
        if absolute.is_file() or (absolute.is_symlink() and not absolute.is_dir()):
            root = find_register_above(absolute.parent)
            if root is None:
                raise ConfigError(f"{given}: not inside a register (no {REGISTER_FILE} above it)")
            found.setdefault(root, show_path(root, base, given))
            requested.add(show_path(absolute, base, given))
            continue
        above = find_register_above(absolute)
        if above is not None:
            found.setdefault(above, show_path(above, base, given))
            if above != absolute:  # a directory inside a register: its files only
                requested.update(_files_below(absolute, base, given))
            else:
                whole = True
            continue
        below = list(_registers_below(absolute))
        if not below:
            raise ConfigError(f"{given}: no register found (a register is a directory holding {REGISTER_FILE})")
        whole = True
        for root in below:
            found.setdefault(root, show_path(root, base, given))
    return sorted(found.items()), (None if whole and not requested else requested or None)


def _registers_below(directory: Path) -> Iterable[Path]:
    for current, dirs, files in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        if REGISTER_FILE in files:
            yield Path(current)
            dirs[:] = []  # a register holds no other registers


def _files_below(directory: Path, base: Path, given: str) -> set[str]:
    out: set[str] = set()
    for current, dirs, files in os.walk(directory, followlinks=False):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        for name in files:
            if name.endswith(YAML_SUFFIXES):
                out.add(show_path(Path(current) / name, base, given))
    return out


def load_workspace(paths: Sequence[str], cwd: Path | None = None, *, use_cache: bool = False) -> Workspace:
    """Load the registers below ``paths``; ``use_cache`` reads and updates ``.riskctl_cache/``."""
    roots, requested = discover(paths, cwd)
    cache = Cache(_cache_root(roots[0][0], cwd or Path.cwd())) if use_cache and roots else None
    registers = [_open_register(root, display, cache) for root, display in roots]
    jobs = [job for register in registers for job in _item_jobs(register)]
    for (register, kind, *_), (loaded, entry) in zip(jobs, _load_all(jobs, cache), strict=True):
        register.items.append(Item(kind, register, loaded))
        if entry is not None and cache is not None:
            cache.put(*entry)
    for register in registers:
        _check_scheme(register)
    if cache is not None:
        cache.save()
    return Workspace(registers, requested)


def _cache_root(register: Path, cwd: Path) -> Path:
    """The git repository holding the registers, else the current directory."""
    top = find_workspace_root(register)
    return top if (top / ".git").exists() else cwd


def load_register(root: Path, display: str) -> Register:
    register = _open_register(root, display, None)
    for register_, kind, *job in _item_jobs(register):
        loaded, _ = _load(*job)  # type: ignore[arg-type]
        register_.items.append(Item(kind, register_, loaded))
    _check_scheme(register)
    return register


def _open_register(root: Path, display: str, cache: Cache | None) -> Register:
    """The register with its register.yaml read and its scheme built; items come later."""
    workspace_root = find_workspace_root(root).resolve()
    loaded, entry = _load(root / REGISTER_FILE, _join(display, REGISTER_FILE), "register", workspace_root, cache)
    if entry is not None and cache is not None:
        cache.put(*entry)
    register = Register(root, display, loaded)
    if register.file.valid and "scoring" in register.file.data:
        try:
            register.scheme = Scheme.from_register(register.file.data)
            register.scheme_problems = register.scheme.problems()
        except (KeyError, TypeError, ValueError) as error:  # pragma: no cover - schema prevents these
            register.scheme_problems = [f"the scoring scheme cannot be used ({error})"]
        if register.scheme_problems:
            register.scheme = None
    return register


Job = tuple[Register, Kind, Path, str, str, Path]


def _item_jobs(register: Register) -> list[Job]:
    """What to load for ``register``: each item file, or a symlinked folder leading outside."""
    workspace_root = find_workspace_root(register.root).resolve()
    jobs: list[Job] = []
    for kind, dirname in KIND_DIRS.items():
        directory = register.root / dirname
        if not directory.is_dir():
            continue
        shown_dir = _join(register.display, dirname)
        if directory.is_symlink() and not _inside(directory, workspace_root):
            register.items.append(Item(kind, register, Loaded(shown_dir, None, outside_link=os.readlink(directory))))
            continue
        for entry in item_entries(directory):
            jobs.append((register, kind, Path(entry.path), _join(shown_dir, entry.name), kind, workspace_root))
    return jobs


def _check_scheme(register: Register) -> None:
    if register.scheme is None and register.risks and register.file.valid and not register.scheme_problems:
        register.scheme_problems = [
            "the register holds risks but defines no scoring scheme "
            "(scoring.likelihood, scoring.impact, scoring.ratings)"
        ]


_POOL_CACHE: Cache | None = None


def _load_all(jobs: Sequence[Job], cache: Cache | None) -> list[tuple[Loaded, tuple[str, Any] | None]]:
    """Load every file; a cold run of many files is spread over worker processes."""
    global _POOL_CACHE
    plain = [job[2:] for job in jobs]
    cold = cache is None or len(cache) < len(plain) // 2
    if cold:
        _POOL_CACHE = cache  # workers inherit it through fork; they only read it
        try:
            loaded = map_chunks(_load_chunk, plain, PARALLEL_MIN)
        finally:
            _POOL_CACHE = None
        if loaded is not None:
            return loaded
    return [_load(*job, cache) for job in plain]


def _load_chunk(chunk: Sequence[tuple[Path, str, str, Path]]) -> list[tuple[Loaded, tuple[str, Any] | None]]:
    return [_load(*job, _POOL_CACHE) for job in chunk]


def item_entries(directory: Path) -> list[os.DirEntry[str]]:
    """The item files of a risks/ or policies/ directory, by name."""
    entries = []
    for entry in os.scandir(directory):
        if not entry.name.endswith(YAML_SUFFIXES) or entry.name.startswith("."):
            continue
        if entry.is_file(follow_symlinks=True) or entry.is_symlink():
            entries.append(entry)
    return sorted(entries, key=lambda e: e.name)


def fingerprint(paths: Sequence[str], cwd: Path) -> tuple[str, bool, Path] | None:
    """A digest of every register file's path, size and modification time, for the result cache.

    ``(digest, single_files, cache root)``; None when a path cannot be read, or when a file
    changed within the last ``RACY_SECONDS`` (a second edit within the clock's granularity
    could keep size and time the same, as git's "racily clean" files). Stat only.
    """
    import hashlib
    import time

    recent = time.time_ns() - RACY_SECONDS * 1_000_000_000
    try:
        roots, requested = discover(paths, cwd)
    except RiskctlError:
        return None
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((str(cwd), list(paths), sorted(requested or []))).encode())
    for root, display in roots:
        files = [root / REGISTER_FILE]
        for dirname in KIND_DIRS.values():
            directory = root / dirname
            if directory.is_dir():
                files.append(directory)
                files += [Path(entry.path) for entry in item_entries(directory)]
        for path in files:
            try:
                info = path.stat()
            except OSError:
                digest.update(f"{path}|missing\n".encode())
                continue
            if info.st_mtime_ns >= recent:
                return None
            link = os.readlink(path) if path.is_symlink() else ""
            digest.update(f"{path}|{display}|{info.st_size}|{info.st_mtime_ns}|{info.st_ino}|{link}\n".encode())
    return digest.hexdigest(), requested is not None, _cache_root(roots[0][0], cwd)


def _join(directory: str, name: str) -> str:
    return name if directory in ("", ".") else os.path.join(directory, name)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _load(
    path: Path, shown: str, kind: str, workspace_root: Path, cache: Cache | None = None
) -> tuple[Loaded, tuple[str, Any] | None]:
    """One file, and what to store in the cache for it (the caller stores it)."""
    if path.is_symlink() and not _inside(path, workspace_root):
        return Loaded(shown, None, outside_link=os.readlink(path)), None
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError:
        raw = None
    if raw is None:  # unreadable or too large: load_file says which
        result = load_file(str(path), shown)
        return Loaded(shown, result.document, result.problems), None
    key = content_key(raw, kind) if cache is not None else ""
    if cache is not None:
        data = cache.lookup(key)
        if data is not None:
            text, _ = decode(raw)
            return Loaded(shown, Document(shown, text, data, positioned=False)), (key, data)
    # Most files are fine: read them without positions and validate with the fast path;
    # only a file with a problem is read again with positions, to place every finding.
    result = load_bytes(raw, shown, positions=False)
    if result.document is not None and not result.problems and is_valid(result.document.data, kind):
        return Loaded(shown, result.document), ((key, result.document.data) if cache is not None else None)
    result = load_bytes(raw, shown)
    loaded = Loaded(shown, result.document, result.problems)
    if result.document is not None:
        loaded.schema_problems = validate(result.document, kind)
    return loaded, None
