"""Edits that change only what they must, and writes that cannot leave a half-written file.

A file is edited as text: the exact span of each value that changes is replaced, so
comments, key order, quoting, indentation, line endings (LF or CRLF), a byte-order mark
and the final newline all stay as they were, and ``git diff`` shows only the changed
lines. Writes go to a temporary file in the same directory, keep the original's
permissions, and replace the original with ``os.replace``; a symlink is never written
through, and a file that changed on disk since it was read is not overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from riskctl.errors import RiskctlError
from riskctl.loading import decode, load_text
from riskctl.model import Document, JSONPath, Position


class EditError(RiskctlError):
    """The file could not be edited or written; it is left exactly as it was."""


@dataclass
class Source:
    """A file read for editing."""

    path: Path
    raw: bytes
    bom: bool
    newline: str
    document: Document
    lines: list[str] = field(default_factory=list)  # without line endings

    @classmethod
    def read(cls, path: Path) -> Source:
        if path.is_symlink():
            raise EditError(f"{path}: refusing to edit through a symlink")
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise EditError(f"{path}: cannot read: {error.strerror or error}") from None
        text, problem = decode(raw)
        if problem:
            raise EditError(f"{path}:{problem.position.line}:{problem.position.column}: {problem.message}")
        result = load_text(text, str(path))
        if result.document is None:
            first = result.problems[0]
            raise EditError(f"{path}:{first.position.line}:{first.position.column}: {first.message}")
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(path, raw, raw.startswith(b"\xef\xbb\xbf"), newline, result.document, text.split(newline))


class Editor:
    """Collects edits by position and applies them from the bottom up."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._replacements: list[tuple[Position, Position, str]] = []
        self._deleted: set[int] = set()
        self._insertions: list[tuple[int, list[str]]] = []  # (after line number, lines)

    def replace_value(self, path: JSONPath, text: str) -> None:
        document = self.source.document
        start, end = document.values[path], document.ends[path]
        if start.line != end.line:
            raise EditError(f"{self.source.path}: the value at {'.'.join(map(str, path))} spans lines; edit it by hand")
        self._replacements.append((start, end, text))

    def delete_line_of(self, path: JSONPath) -> None:
        """Remove the line holding the key ``path`` (a one-line ``key: value``)."""
        key = self.source.document.keys[path]
        end = self.source.document.ends[path]
        if key.line != end.line:
            raise EditError(f"{self.source.path}: {'.'.join(map(str, path))} spans lines; edit it by hand")
        self._deleted.add(key.line)

    def insert_after(self, line: int, lines: list[str]) -> None:
        self._insertions.append((line, lines))

    def result(self) -> bytes:
        lines = list(self.source.lines)
        for start, end, text in sorted(self._replacements, key=lambda r: (r[0].line, r[0].column), reverse=True):
            row = lines[start.line - 1]
            lines[start.line - 1] = row[: start.column - 1] + text + row[end.column - 1 :]
        for line, new in sorted(self._insertions, key=lambda i: i[0], reverse=True):
            lines[line:line] = new
        for line in sorted(self._deleted, reverse=True):
            del lines[line - 1]
        text = self.source.newline.join(lines)
        return (b"\xef\xbb\xbf" if self.source.bom else b"") + text.encode("utf-8")


def scalar(value: object) -> str:
    """YAML text for a scalar: plain where that reads back the same, else double-quoted."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    from riskctl.loading import resolve_plain

    plain_safe = (
        text
        and text == text.strip()
        and resolve_plain(text) == text
        and not any(ch in text for ch in ":#{}[],&*!|>'\"%@`\n\t")
        and not text.startswith(("-", "?"))
    )
    return text if plain_safe else json.dumps(text, ensure_ascii=False)


def last_line_within(document: Document, prefix: JSONPath) -> int:
    """The last line holding a scalar below ``prefix`` (where a block ends, comments aside)."""
    last = document.values.get(prefix, Position()).line
    for path, end in document.ends.items():
        if path[: len(prefix)] == prefix and path != prefix:
            value_start = document.values[path]
            last = max(last, end.line if end.column > 1 else end.line - 1, value_start.line)
    return last


# -- writing ----------------------------------------------------------------------


def write_atomic(path: Path, data: bytes, *, original: bytes | None) -> None:
    """Replace ``path`` with ``data``; ``original`` is what was read (None: the file must be new)."""
    if path.is_symlink():
        raise EditError(f"{path}: refusing to write through a symlink")
    directory = path.parent
    if not directory.is_dir():
        raise EditError(f"{path}: the directory {directory} does not exist")
    if original is None and path.exists():
        raise EditError(f"{path} already exists; refusing to overwrite it")
    if original is not None:
        try:
            current = path.read_bytes()
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError as error:
            raise EditError(f"{path}: {error.strerror or error}") from None
        if current != original:
            raise EditError(f"{path} changed on disk since it was read; run the command again")
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".riskctl-tmp")
    except OSError as error:
        raise EditError(f"{path}: cannot write in {directory}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if original is None:
            os.link(temporary, path)  # fails, rather than overwrites, if the file appeared meanwhile
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except FileExistsError:
        _remove(temporary)
        raise EditError(f"{path} already exists; refusing to overwrite it") from None
    except OSError as error:
        _remove(temporary)
        raise EditError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        _remove(temporary)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
