"""Edits that change only what they must, as text.

A file is edited as text: the exact span of each value that changes is replaced, so
comments, key order, quoting, indentation, line endings (LF or CRLF), a byte-order mark
and the final newline all stay as they were, and ``git diff`` shows only the changed
lines. Writing the result is ``atomic``'s job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from riskctl.model.errors import EditError
from riskctl.model.records import Document, JSONPath, Position, Problem
from riskctl.reading.loading import decode, load_text, resolve_plain
from riskctl.reading.tree import WorkTree


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
        raw = WorkTree().read(str(path), str(path.parent))
        if isinstance(raw, Problem):
            raise EditError(f"{path}: {raw.message}")
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
