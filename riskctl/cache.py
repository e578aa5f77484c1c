"""A cache of parsed, schema-checked files, like ruff's or mypy's: ``.riskctl_cache/``.

Entries are keyed by the file's content hash and its kind; the cache file is named after
riskctl's version and a hash of the schemas, so upgrading either starts afresh. Only
files that parsed cleanly and passed the schema are cached (their data); anything with a
problem is read again every time, and the rules always run, since they depend on today
and on each register's settings. The cache is JSON (loading it can never run code),
written atomically, and ignored when it is unreadable or damaged; concurrent runs at
worst each write a whole cache, the last one winning.
"""

from __future__ import annotations

import os
import zlib

from riskctl import __version__
from riskctl.resources import SCHEMA_NAMES, schema_file

TYPE_CHECKING = False  # importing this module loads nothing more: history ID reads caches first
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

DIRECTORY = ".riskctl_cache"
_STAMP: list[str] = []


def _stamp() -> str:
    """riskctl's version and its schemas, checksummed once per run (every cache file is named by it).

    A CRC, not a cryptographic hash: it only has to change when they do, and importing
    hashlib (OpenSSL) would cost ``history ID`` 5 ms before it can start git.
    """
    if not _STAMP:
        stamp = zlib.crc32(__version__.encode())
        for name in SCHEMA_NAMES:
            with open(schema_file(name), "rb") as handle:
                stamp = zlib.crc32(handle.read(), stamp)
        _STAMP.append(f"{stamp:08x}")
    return _STAMP[0]


def enabled(no_cache: bool = False) -> bool:
    """Whether to use the cache: not with ``--no-cache``, nor with ``RISKCTL_NO_CACHE`` set."""
    return not no_cache and not os.environ.get("RISKCTL_NO_CACHE")


def content_key(raw: bytes, kind: str) -> str:
    import hashlib

    return f"{kind}:{hashlib.blake2b(raw, digest_size=16).hexdigest()}"


def cache_file(root: Path, name: str, suffix: str = ".json") -> Path:
    """Where the cache called ``name`` lives for this riskctl version and these schemas."""
    return root / cache_name(name, suffix)


def cache_name(name: str, suffix: str = ".json") -> str:
    """``cache_file`` relative to the root."""
    return f"{DIRECTORY}/{name}-{_stamp()}{suffix}"


def read_json(path: Path) -> Any | None:
    """A cache file's content; None when it is missing, unreadable or damaged."""
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def write_json(path: Path, payload: Any) -> None:
    """``write_file`` with ``payload`` as compact JSON."""
    import json

    write_file(path, json.dumps(payload, separators=(",", ":")))


def write_file(path: Path, content: str | bytes) -> None:
    """Replace a cache file atomically, dropping its versions for other stamps.

    Failures are skipped: a cache that cannot be written is only a slower next run.
    """
    import contextlib
    import tempfile

    directory = path.parent
    name = path.name.split("-", 1)[0]
    try:
        directory.mkdir(exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by riskctl; safe to delete.\n*\n", encoding="utf-8")
        for stale in directory.glob(f"{name}-*"):
            if stale != path:
                stale.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}-", suffix=".tmp")
    except OSError:
        return
    try:
        if isinstance(content, str):
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(content)
        else:
            with os.fdopen(handle, "wb") as binary:
                binary.write(content)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


class Cache:
    """Parsed data by content hash; ``name`` keeps separate uses (files, history) apart."""

    def __init__(self, root: Path, name: str = "files") -> None:
        self.directory = root / DIRECTORY
        self.name = name
        self.path = cache_file(root, name)
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        loaded = read_json(self.path)
        if isinstance(loaded, dict) and isinstance(loaded.get("files"), dict):
            self._old = loaded["files"]

    def lookup(self, key: str) -> Any | None:
        """The cached data for ``key``; read-only, so worker processes may call it."""
        return self._old.get(key)

    def __len__(self) -> int:
        return len(self._old)

    def put(self, key: str, data: Any) -> None:
        self._new[key] = data

    def save(self) -> None:
        """Write what this run used (stale entries drop out); failures are silently skipped."""
        if self._new.keys() != self._old.keys():
            write_json(self.path, {"riskctl": __version__, "files": self._new})


class ResultCache:
    """Whole ``check`` results, keyed by a stat fingerprint of every register file and the day.

    When nothing in the workspace changed since the last run on the same day, the
    findings are read back instead of recomputed. A few recent results are kept so that
    alternating runs (a whole workspace, one register) both stay warm.
    """

    KEEP = 8

    def __init__(self, root: Path) -> None:
        self.directory = root / DIRECTORY
        self.path = cache_file(root, "results")
        loaded = read_json(self.path)
        self._entries: dict[str, Any] = loaded if isinstance(loaded, dict) else {}

    def get(self, key: str) -> Any | None:
        return self._entries.get(key)

    def put(self, key: str, value: Any) -> None:
        self._entries.pop(key, None)
        self._entries[key] = value
        while len(self._entries) > self.KEEP:
            self._entries.pop(next(iter(self._entries)))
        write_json(self.path, self._entries)
