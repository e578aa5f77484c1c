"""riskctl's cache: parsed files and whole ``check`` results, in the user's cache directory.

Nothing in a repository can reach it. It lives in the user's cache directory
(platformdirs; ``RISKCTL_CACHE_DIR`` moves it), one SQLite database per repository, named
by a hash of the repository's real path; a ``.riskctl_cache`` in a repository is never
read, written or followed. SQLite gives atomic, concurrent writes and reads only the
entries asked for, so a pre-commit check of one file does not load the cache of 10,000.

- Parsed files are keyed by a hash of their bytes (a file's content decides its parse),
  stored with the schema kinds it passed; only files that parsed without a problem are
  kept. Rules always run afresh: they depend on the day and on each register's settings.
- ``check`` results are keyed by a stat fingerprint of every register file, the day and
  the user running it.
- Every entry carries a checksum and the size of what it stands for: an entry that fails
  its checksum, or is larger than the data it stands for could make it, is ignored.
- The database file is named by riskctl's version and its schemas, so an upgrade starts
  afresh; older files of riskctl's own naming are removed, nothing else. Failures are
  never errors: a cache that cannot be used is only a slower run.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from riskctl import __version__

try:  # CPython's BLAKE2 (what hashlib.blake2b is), without hashlib's OpenSSL start-up (4 ms a run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b
from riskctl.resources import SCHEMA_NAMES, schema_file

if TYPE_CHECKING:
    import sqlite3

_OWN_FILE = re.compile(r"^v[0-9a-f]{8}\.sqlite3(-journal|-wal|-shm)?$")
_STAMP: list[str] = []


def enabled(no_cache: bool = False) -> bool:
    """Whether to use the cache: not with ``--no-cache``, nor with ``RISKCTL_NO_CACHE`` set."""
    return not no_cache and not os.environ.get("RISKCTL_NO_CACHE")


def stamp() -> str:
    """riskctl's version and its schemas, checksummed once per run."""
    if not _STAMP:
        value = zlib.crc32(__version__.encode())
        for name in SCHEMA_NAMES:
            with open(schema_file(name), "rb") as handle:
                value = zlib.crc32(handle.read(), value)
        _STAMP.append(f"{value:08x}")
    return _STAMP[0]


def base_directory() -> str:
    configured = os.environ.get("RISKCTL_CACHE_DIR")
    if configured:
        return os.path.abspath(configured)
    import platformdirs

    return platformdirs.user_cache_dir("riskctl", appauthor=False)


@functools.lru_cache(maxsize=1 << 15)  # a walk asks for each version's key several times; bytes keep their hash
def content_key(raw: bytes) -> str:
    return blake2b(raw, digest_size=16).hexdigest()


def _checksum(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _bound(size: int) -> int:
    """The longest entry that a file of ``size`` bytes can honestly parse to (JSON is at most a
    few times YAML's size; an alias-heavy file that expands further is simply not cached)."""
    return 4 * size + 256


class Cache:
    """One repository's cache; every method swallows failures (the cache is then off)."""

    def __init__(self, repository: str) -> None:
        self._db: sqlite3.Connection | None = None
        self._pending: dict[str, tuple[str, str, int]] = {}
        try:
            self._db = _open(repository)
        except Exception:  # sqlite3.Error, OSError: no cache this run
            self._db = None

    @property
    def available(self) -> bool:
        return self._db is not None

    # -- parsed files ----------------------------------------------------------------

    def parsed(self, keys: Iterable[tuple[str, int]]) -> dict[str, tuple[Any, frozenset[str]]]:
        """``{key: (data, kinds it is valid as)}`` for the keys (with their files' sizes) found."""
        wanted = dict(keys)
        found: dict[str, tuple[Any, frozenset[str]]] = {}
        if self._db is None or not wanted:
            return found
        names = list(wanted)
        try:
            for start in range(0, len(names), 500):
                chunk = names[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value, checksum FROM parsed WHERE key IN ({marks})"
                for key, value, checksum in self._db.execute(query, chunk):
                    entry = _decode(value, checksum, _bound(wanted[key]))
                    if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list):
                        found[key] = (entry[0], frozenset(str(kind) for kind in entry[1]))
        except Exception:
            return {}
        return found

    def put_parsed(self, key: str, size: int, data: Any, kinds: Iterable[str]) -> None:
        if self._db is None:
            return
        text = json.dumps([data, sorted(kinds)], separators=(",", ":"), ensure_ascii=False)
        if len(text) <= _bound(size):
            self._pending[key] = (text, _checksum(text), size)

    # -- a commit's audit rows ----------------------------------------------------------

    def events(self, keys: Iterable[str]) -> dict[str, list[Any]]:
        """The audit rows kept for each commit key found (see ``history.walk.event_keys``)."""
        found: dict[str, list[Any]] = {}
        names = list(keys)
        if self._db is None:
            return found
        try:
            for start in range(0, len(names), 500):
                chunk = names[start : start + 500]
                query = f"SELECT key, value, checksum FROM events WHERE key IN ({','.join('?' * len(chunk))})"
                for key, value, checksum in self._db.execute(query, chunk):
                    rows = _decode(value, checksum, 1 << 26)
                    if isinstance(rows, list) and all(isinstance(row, dict) for row in rows):
                        found[key] = rows
        except Exception:
            return {}
        return found

    def put_events(self, entries: Mapping[str, list[Any]]) -> None:
        if self._db is None or not entries:
            return
        rows = []
        for key, value in entries.items():
            text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            rows.append((key, text, _checksum(text)))
        with contextlib.suppress(Exception), _transaction(self._db):
            self._db.executemany("INSERT OR REPLACE INTO events VALUES (?, ?, ?)", rows)

    # -- check results ---------------------------------------------------------------

    def result(self, key: str) -> Any | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value, checksum FROM results WHERE key = ?", (key,)).fetchone()
        except Exception:
            return None
        return _decode(row[0], row[1], 1 << 30) if row else None

    def latest(self, prefix: str) -> str | None:
        """The key of the result written last whose key starts with ``prefix``."""
        if self._db is None:
            return None
        query = "SELECT key FROM results WHERE substr(key, 1, ?) = ? ORDER BY rowid DESC LIMIT 1"
        try:
            row = self._db.execute(query, (len(prefix), prefix)).fetchone()
        except Exception:
            return None
        return str(row[0]) if row else None

    def put_result(self, key: str, value: Mapping[str, Any]) -> None:
        if self._db is None:
            return
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        with contextlib.suppress(Exception), _transaction(self._db):
            self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", (key, text, _checksum(text)))
            self._db.execute(
                "DELETE FROM results WHERE rowid NOT IN (SELECT rowid FROM results ORDER BY rowid DESC LIMIT 8)"
            )

    def save(self) -> None:
        """Write what this run parsed; then close."""
        if self._db is None:
            return
        with contextlib.suppress(Exception):
            if self._pending:
                rows = [(key, text, checksum, size) for key, (text, checksum, size) in self._pending.items()]
                with _transaction(self._db):
                    self._db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?)", rows)
            self._pending.clear()
        self.close()

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._db.close()
            self._db = None


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _decode(value: object, checksum: object, limit: int) -> Any | None:
    if not isinstance(value, str) or len(value) > limit or checksum != _checksum(value):
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def repository_directory(repository: str) -> str:
    real = os.path.realpath(repository)
    name = blake2b(os.fsencode(real), digest_size=12).hexdigest()
    return os.path.join(base_directory(), name)


def _private_directory(path: str) -> None:
    """Create ``path`` (mode 0700) and make sure it is a real directory of this user."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise OSError(f"{path} is not a directory of this user")


def _open(repository: str) -> sqlite3.Connection:
    import sqlite3

    directory = repository_directory(repository)
    _private_directory(directory)
    name = f"v{stamp()}.sqlite3"
    path = os.path.join(directory, name)
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.lstat(path).st_mode):
            raise OSError(f"{path} is not a regular file")
    _remove_stale(directory, name)
    try:
        return _connect(path)
    except sqlite3.DatabaseError as error:  # not a database (cut short by a power cut): made afresh
        if error.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            raise  # busy, locked, cannot be opened: no cache this run, and nothing removed
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG(os.lstat(path + suffix).st_mode):
                    os.unlink(path + suffix)
        return _connect(path)


def _connect(path: str) -> sqlite3.Connection:
    """The database at ``path``, its tables made. Nothing is synced to disk (``synchronous=OFF``):
    every entry can be made again, and each carries its own checksum; a run that ends
    midway leaves the database whole, and one the machine lost power under is made afresh
    (``_open``). Syncing was most of the time a first run spent on its cache."""
    import sqlite3

    db = sqlite3.connect(path, timeout=2.0, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA synchronous=OFF")
        query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('parsed', 'results', 'events')"
        if db.execute(query).fetchone()[0] < 3:  # made now (a write, so only when needed: others may be writing)
            db.execute("PRAGMA journal_mode=WAL")
            with _transaction(db):
                for table in ("parsed (key TEXT PRIMARY KEY, value TEXT, checksum TEXT, size INTEGER)",
                              "results (key TEXT PRIMARY KEY, value TEXT, checksum TEXT)",
                              "events (key TEXT PRIMARY KEY, value TEXT, checksum TEXT)"):  # fmt: skip
                    db.execute(f"CREATE TABLE IF NOT EXISTS {table}")
    except BaseException:
        db.close()
        raise
    return db


def _remove_stale(directory: str, current: str) -> None:
    """Remove older riskctl databases in riskctl's own directory (regular files of its naming only)."""
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if (
                _OWN_FILE.match(entry.name)
                and not entry.name.startswith(current)
                and entry.is_file(follow_symlinks=False)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
