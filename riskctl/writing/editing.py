"""Edits that change only what they must, as text.

A file is edited as text: the exact span of each value that changes is replaced, so
comments, key order, quoting, indentation, line endings (LF or CRLF), a byte-order mark
and the final newline all stay as they were, and ``git diff`` shows only the changed
lines. ``Editor.set`` and ``Editor.remove`` change any field so: a mapping or a list is
edited field by field and item by item, a field that is added goes where the schema
orders it, a flow value (``[Kent Police]``) stays flow. Writing the result is ``atomic``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl.model.errors import EditError
from riskctl.model.records import Document, JSONPath, Position, Problem, field_name
from riskctl.reading.loading import decode, load_text
from riskctl.reading.schema import property_order
from riskctl.reading.tree import WorkTree
from riskctl.writing import yamltext
from riskctl.writing.yamltext import scalar

__all__ = ["Editor", "Source", "last_line_within", "same", "scalar"]


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
        return cls.parse(path, raw)

    @classmethod
    def parse(cls, path: Path, raw: bytes) -> Source:
        text, problem = decode(raw)
        if problem:
            raise EditError(f"{path}:{problem.position.line}:{problem.position.column}: {problem.message}")
        result = load_text(text, str(path))
        if result.document is None:
            first = result.problems[0]
            raise EditError(f"{path}:{first.position.line}:{first.position.column}: {first.message}")
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(path, raw, raw.startswith(b"\xef\xbb\xbf"), newline, result.document, text.split(newline))


def same(one: Any, other: Any) -> bool:
    """Equal, and of the same types all the way down (``1`` is not ``True``, ``3`` is not ``"3"``);
    the order of a mapping's fields does not count."""
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(same(one[k], other[k]) for k in one)
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(same(a, b) for a, b in zip(one, other, strict=True))
    return type(one) is type(other) and one == other


class Editor:
    """Collects edits by position and applies them from the bottom up.

    Every edit is made against the file as it was read, and edits never overlap: a field
    is either changed as a whole or edited inside, never both.
    """

    def __init__(self, source: Source, kind: str | None = None) -> None:
        self.source = source
        self.kind = kind
        self._spans: list[tuple[Position, Position, str]] = []  # same-line replacements
        self._lines: list[tuple[int, int, int, list[str]]] = []  # (first, last, order, new lines)

    # -- the edits ---------------------------------------------------------------------

    def replace_value(self, path: JSONPath, text: str) -> None:
        document = self.source.document
        start, end = document.values[path], document.ends[path]
        if start.line != end.line:
            raise EditError(f"{self.source.path}: the value at {'.'.join(map(str, path))} spans lines; edit it by hand")
        self._spans.append((start, end, text))

    def delete_line_of(self, path: JSONPath) -> None:
        """Remove the line holding the key ``path`` (a one-line ``key: value``)."""
        key = self.source.document.keys[path]
        end = self.source.document.ends[path]
        if key.line != end.line:
            raise EditError(f"{self.source.path}: {'.'.join(map(str, path))} spans lines; edit it by hand")
        self._replace_lines(key.line, key.line, [])

    def insert_after(self, line: int, lines: list[str]) -> None:
        self._replace_lines(line + 1, line, lines)

    def _replace_lines(self, first: int, last: int, lines: list[str]) -> None:
        self._lines.append((first, last, len(self._lines), lines))

    def set(self, path: JSONPath, value: Any) -> None:
        """Give the field at ``path`` the value ``value``, changing only what differs."""
        found, old = self._get(path)
        if not found:
            self._add(path, value)
            return
        if same(old, value):
            return
        if isinstance(old, dict) and isinstance(value, dict) and value and self._is_block(path):
            for key in old:
                if key not in value:
                    self.remove((*path, key))
            for key, inner in value.items():
                self.set((*path, key), inner)
            return
        if isinstance(old, list) and isinstance(value, list) and value and self._is_block(path):
            for index, item in enumerate(value[: len(old)]):
                self.set((*path, index), item)
            for index in range(len(value), len(old)):
                self._delete_item((*path, index))
            if len(value) > len(old):
                dash = self.source.document.values[(*path, 0)].column - 3
                added = [line for item in value[len(old) :] for line in yamltext.item_lines(item, dash)]
                self.insert_after(self._last_line(path), added)
            return
        self._rewrite(path, value)

    def remove(self, path: JSONPath) -> None:
        """Take the field at ``path`` out of the file, with its lines."""
        found, _ = self._get(path)
        if not found:
            return
        parent = path[:-1]
        _, parent_value = self._get(parent)
        if parent and (not self._is_block(parent) or (isinstance(parent_value, dict) and len(parent_value) == 1)):
            trimmed = {k: v for k, v in parent_value.items() if k != path[-1]}
            self._rewrite(parent, trimmed)
            return
        key = self.source.document.keys[path]
        if self.source.lines[key.line - 1][: key.column - 1].strip():  # `- key: value`: the item's first field
            self._rewrite(parent, {k: v for k, v in parent_value.items() if k != path[-1]})
            return
        self._replace_lines(key.line, self._last_line(path), [])

    # -- where things are ---------------------------------------------------------------

    def _get(self, path: JSONPath) -> tuple[bool, Any]:
        value: Any = self.source.document.data
        for part in path:
            found = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
            if not (found or (isinstance(value, dict) and part in value)):
                return False, None
            value = value[part]
        return True, value

    def _is_block(self, path: JSONPath) -> bool:
        """Written as a block below its key (not ``{...}`` / ``[...]`` on one line)."""
        if not path:
            return True
        start = self.source.document.values[path]
        return self.source.lines[start.line - 1][start.column - 1 : start.column] not in ("{", "[")

    def _first_line(self, path: JSONPath) -> int:
        key = self.source.document.keys.get(path)
        return key.line if key is not None else self.source.document.values[path].line

    def _last_line(self, path: JSONPath) -> int:
        """The last line of the field's value, comments and blank lines after it left out."""
        document = self.source.document
        end = document.ends[path]
        lines = self.source.lines
        before_end = lines[end.line - 1][: end.column - 1] if end.line <= len(lines) else ""
        last = end.line if before_end.strip() else end.line - 1  # a block ends where the next token starts
        first = self._first_line(path)
        indent = self._indent(path)
        while last > first:
            text = lines[last - 1] if last <= len(lines) else ""
            stripped = text.lstrip(" ")
            if stripped and not (stripped.startswith("#") and len(text) - len(stripped) <= indent):
                break
            last -= 1
        return max(last, first, last_line_within(document, path))

    def _indent(self, path: JSONPath) -> int:
        key = self.source.document.keys.get(path)
        if key is not None:
            return key.column - 1
        return self.source.document.values[path].column - 3  # a list item: where its dash is

    def _child_indent(self, path: JSONPath, value: Any) -> int:
        """Where the children of a block at ``path`` stand (as the file has them, else two spaces in)."""
        _, old = self._get(path)
        document = self.source.document
        if isinstance(old, dict) and old and self._is_block(path):
            return document.keys[(*path, next(iter(old)))].column - 1
        if isinstance(old, list) and old and self._is_block(path):
            return document.values[(*path, 0)].column - 3
        return self._indent(path) + 2

    # -- whole values -------------------------------------------------------------------

    def _rewrite(self, path: JSONPath, value: Any) -> None:
        """Write the field at ``path`` afresh, keeping its key, the comment on the key's line and,
        for a one-line value, what follows it."""
        document = self.source.document
        first, last = self._first_line(path), self._last_line(path)
        start, end = document.values[path], document.ends[path]
        line = self.source.lines[first - 1]
        child = self._child_indent(path, value)
        if isinstance(path[-1] if path else None, int):
            new = yamltext.item_lines(value, self._indent(path))
            if not self._is_block(path) and isinstance(value, dict | list) and value:  # `- {...}` stays flow
                new = [f"{' ' * self._indent(path)}- {yamltext.flow(value)}"]
            if end.line == first and len(new) == 1:
                new = [new[0] + line[end.column - 1 :]]
            self._replace_lines(first, last, new)
            return
        if start.line > first:  # a block below the key: keep the key's line and its comment
            colon = line.index(":", document.keys[path].column - 1)
            head, comment = line[: colon + 1], line[colon + 1 :]
        else:
            head = line[: start.column - 1].rstrip()
            comment = line[end.column - 1 :] if end.line == first else ""
        comment = comment if comment.strip() else ""
        self._replace_lines(first, last, self._lines_for(head, value, child, comment, path))

    def _lines_for(self, head: str, value: Any, child: int, comment: str, path: JSONPath) -> list[str]:
        if isinstance(value, dict | list) and value:
            if not self._is_block(path):
                return [f"{head} {yamltext.flow(value)}{comment}"]
            return [f"{head}{comment}", *yamltext.block(value, child)]
        if isinstance(value, str):
            old_start = self.source.document.values[path]
            style = self.source.lines[old_start.line - 1][old_start.column - 1 : old_start.column]
            if style in (">", "|") or "\n" in value.rstrip("\n"):
                styled = yamltext.text_block(value, child, ">" if style == ">" else None)
                if styled is not None:
                    return [f"{head} {styled[0]}{comment}", *styled[1]]
        return [f"{head} {yamltext.flow(value)}{comment}"]

    def _delete_item(self, path: JSONPath) -> None:
        self._replace_lines(self._first_line(path), self._last_line(path), [])

    def _add(self, path: JSONPath, value: Any) -> None:
        """A field the file does not have: after the field the schema puts before it."""
        parent, key = path[:-1], path[-1]
        found, parent_value = self._get(parent)
        if not found:
            self._add(parent, {key: value})
            return
        if not isinstance(parent_value, dict) or not isinstance(key, str):
            raise EditError(f"{self.source.path}: cannot add {field_name(path)} here; edit it by hand")
        if parent and (not self._is_block(parent) or not parent_value):
            self._rewrite(parent, _placed(parent_value, key, value, self._order(parent)))
            return
        order = self._order(parent)
        rank = {name: index for index, name in enumerate(order)}
        before = [k for k in parent_value if rank.get(k, len(order)) <= rank.get(key, len(order))]
        indent = self._child_indent(parent, parent_value) if parent else 0
        lines = yamltext.entry(scalar(key), value, indent)
        if before:
            self.insert_after(self._last_line((*parent, before[-1])), lines)
        else:
            self.insert_after(self._first_line((*parent, next(iter(parent_value)))) - 1, lines)

    def _order(self, parent: JSONPath) -> list[str]:
        return property_order(self.kind, parent) if self.kind else []

    def result(self) -> bytes:
        lines = list(self.source.lines)
        for start, end, text in sorted(self._spans, key=lambda r: (r[0].line, r[0].column), reverse=True):
            row = lines[start.line - 1]
            lines[start.line - 1] = row[: start.column - 1] + text + row[end.column - 1 :]
        # From the bottom up; where a field is inserted before a line that is itself rewritten,
        # the rewrite goes first, and fields inserted at one place keep the order they were added in.
        for first, last, _, new in sorted(self._lines, key=lambda op: (op[0], op[1] >= op[0], op[2]), reverse=True):
            lines[first - 1 : last] = new
        text = self.source.newline.join(lines)
        return (b"\xef\xbb\xbf" if self.source.bom else b"") + text.encode("utf-8")


def _at(data: Any, path: JSONPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _placed(mapping: dict[str, Any], key: str, value: Any, order: list[str]) -> dict[str, Any]:
    rank = {name: index for index, name in enumerate(order)}
    merged = {**mapping, key: value}
    return {k: merged[k] for k in sorted(merged, key=lambda k: rank.get(k, len(order)))}


def last_line_within(document: Document, prefix: JSONPath) -> int:
    """The last line holding a scalar below ``prefix`` (where a block ends, comments aside)."""
    last = document.values.get(prefix, Position()).line
    for path, end in document.ends.items():
        if path[: len(prefix)] == prefix and path != prefix and not isinstance(_at(document.data, path), dict | list):
            value_start = document.values[path]
            last = max(last, end.line if end.column > 1 else end.line - 1, value_start.line)
    return last
