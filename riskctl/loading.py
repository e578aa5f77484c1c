"""Read a YAML file into plain JSON-typed data with the position of every key and value.

The loader builds the data itself from the parser's event stream (ruamel.yaml's C
parser when installed, its pure-Python parser otherwise) and never runs a YAML
constructor, so hostile input is handled before it can cost anything:

- tags outside the YAML 1.2 core schema (``!!python/object``, ``!custom``) are refused,
  never constructed;
- aliases are counted as they are expanded and a file that would expand past
  ``MAX_NODES`` values is refused (a 340-byte "billion laughs" stops in microseconds);
  an alias that refers to its own anchor is refused;
- nesting deeper than ``MAX_DEPTH`` is refused; nothing here recurses;
- scalars resolve by the YAML 1.2 core schema: ``NO`` stays text, dates stay text,
  ``.nan``/``.inf`` and integers too long to be sensible stay text (the schema then
  says a number was expected).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from riskctl.model import Document, JSONPath, Position

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000
MAX_INT_DIGITS = 50

_CORE = "tag:yaml.org,2002:"
_CORE_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_YAML11 = re.compile(r"^%YAML[ \t]+1\.[01]\b", re.MULTILINE)


@dataclass(frozen=True)
class LoadProblem:
    """Something wrong with the file as YAML. ``code`` is RC101 or RC103."""

    code: str
    message: str
    position: Position


@dataclass
class LoadResult:
    document: Document | None
    problems: list[LoadProblem] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def load_file(path: str, display: str | None = None) -> LoadResult:
    """Read and parse ``path``; every failure comes back as a problem, never raised."""
    shown = display or path
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        return LoadResult(None, [LoadProblem("RC101", f"cannot read the file: {reason}", Position())])
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, path: str) -> LoadResult:
    if len(raw) > MAX_BYTES:
        return _fail(f"the file is larger than {MAX_BYTES // 1024} KiB; riskctl reads files up to that size")
    text, problem = decode(raw)
    if problem:
        return LoadResult(None, [problem])
    return load_text(text, path)


def decode(raw: bytes) -> tuple[str, LoadProblem | None]:
    """UTF-8 text (a UTF-8 BOM is dropped); bad bytes are reported by line and column."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", LoadProblem("RC101", "the file is UTF-16 encoded; save it as UTF-8", Position())
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        where = _byte_position(raw, error.start)
        bad = raw[error.start : error.start + 1].hex()
        message = f"byte 0x{bad} is not valid UTF-8 text; save the file as UTF-8"
        return "", LoadProblem("RC101", message, where)
    nul = text.find("\0")
    if nul >= 0:
        where = _char_position(text, nul)
        return "", LoadProblem("RC101", "the file contains a NUL character; it is not a text file", where)
    return text, None


def load_text(text: str, path: str) -> LoadResult:
    directive = _YAML11.search(text)
    if directive:
        where = _char_position(text, directive.start())
        message = "the file asks for YAML 1.1 (%YAML 1.1); riskctl reads YAML 1.2: remove the directive"
        return LoadResult(None, [LoadProblem("RC101", message, where)])
    composer = _Composer(path, text)
    try:
        composer.run(_events(text))
    except _Refused as refused:
        return LoadResult(None, [*composer.problems, LoadProblem("RC101", refused.message, refused.position)])
    except RecursionError:
        return _fail("the file is nested too deeply to read")
    except Exception as error:  # ruamel's MarkedYAMLError and friends
        return LoadResult(None, [_syntax_problem(error, text)])
    return LoadResult(composer.document, composer.problems)


def _events(text: str) -> Iterator[Any]:
    try:
        from ruamel.yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - the C extension is a declared dependency
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            yield event
            if type(event).__name__ == "StreamEndEvent":
                return
    finally:
        parser.dispose()


def _syntax_problem(error: Exception, text: str) -> LoadProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    position = Position(mark.line + 1, mark.column + 1) if mark is not None else Position()
    problem = str(getattr(error, "problem", None) or error).strip().splitlines()[0]
    lines = text.splitlines()
    line = lines[position.line - 1] if 0 < position.line <= len(lines) else ""
    if "\t" in line[: position.column] and ("cannot start any token" in problem or "tab" in problem):
        problem = "a tab character is used for indentation; YAML needs spaces"
    return LoadProblem("RC101", f"invalid YAML: {problem}", position)


def _fail(message: str) -> LoadResult:
    return LoadResult(None, [LoadProblem("RC101", message, Position())])


def _byte_position(raw: bytes, offset: int) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return Position(raw.count(b"\n", 0, offset) + 1, column)


def _char_position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


@dataclass
class _Frame:
    container: Any  # dict or list
    path: JSONPath
    position: Position
    anchor: str | None
    start_count: int
    pending_key: str | None = None
    pending_key_position: Position | None = None


_NO_KEY = object()


class _Composer:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[LoadProblem] = []
        self.document: Document | None = None
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.count = 0
        self.documents = 0
        self.root: Any = _NO_KEY

    def run(self, events: Iterator[Any]) -> None:
        doc = Document(self.path, self.text, None)
        self.document = doc
        for event in events:
            kind = type(event).__name__
            mark = event.start_mark
            position = Position(mark.line + 1, mark.column + 1)
            if kind == "ScalarEvent":
                value = self._scalar(event, position)
                self._node(doc, value, position, event.anchor, 1)
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                self._check_tag(event.tag, "map" if kind == "MappingStartEvent" else "seq", position)
                if len(self.stack) >= MAX_DEPTH:
                    raise _Refused(f"the file is nested more than {MAX_DEPTH} levels deep", position)
                path = self._child_path(position)
                container: Any = {} if kind == "MappingStartEvent" else []
                if event.anchor:
                    self.open_anchors.add(event.anchor)
                self.stack.append(_Frame(container, path, position, event.anchor, self.count))
                self.count += 1
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                frame = self.stack.pop()
                size = self.count - frame.start_count
                if frame.anchor:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (frame.container, size)
                self._attach(doc, frame.container, frame.position, frame.path)
            elif kind == "AliasEvent":
                self._alias(doc, event.anchor, position)
            elif kind == "DocumentStartEvent":
                self.documents += 1
                if self.documents > 1:
                    raise _Refused("the file holds several YAML documents (---); keep one item per file", position)
        if self.root is _NO_KEY:
            doc.data = None
        else:
            doc.data = self.root

    def _alias(self, doc: Document, anchor: str, position: Position) -> None:
        if anchor in self.open_anchors:
            raise _Refused(f"the alias *{anchor} refers to the value that contains it", position)
        if anchor not in self.anchors:
            raise _Refused(f"the alias *{anchor} has no matching anchor &{anchor}", position)
        value, size = self.anchors[anchor]
        if self._expecting_key() and isinstance(value, dict | list):
            raise _Refused("a key must be plain text, not a list or mapping", position)
        self.count += size
        if self.count > MAX_NODES:
            raise _Refused(f"aliases expand to more than {MAX_NODES} values; refusing to read further", position)
        self._node(doc, value, position, None, 0)

    def _node(self, doc: Document, value: Any, position: Position, anchor: str | None, size: int) -> None:
        self.count += size
        if self.count > MAX_NODES:
            raise _Refused(f"the file holds more than {MAX_NODES} values", position)
        if anchor:
            self.anchors[anchor] = (value, size)
        if self._expecting_key():
            self._key(doc, value, position)
            return
        self._attach(doc, value, position, self._child_path(position))

    def _expecting_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) and self.stack[-1].pending_key is None

    def _key(self, doc: Document, value: Any, position: Position) -> None:
        frame = self.stack[-1]
        if isinstance(value, dict | list):  # pragma: no cover - guarded by callers
            raise _Refused("a key must be plain text, not a list or mapping", position)
        key = value if isinstance(value, str) else _key_text(value)
        if key in frame.container:
            first = doc.keys.get((*frame.path, key))
            where = f" (first at line {first.line})" if first else ""
            self.problems.append(
                LoadProblem("RC103", f"the key '{key}' appears twice in this mapping{where}", position)
            )
        frame.pending_key = key
        frame.pending_key_position = position
        doc.keys[(*frame.path, key)] = position

    def _child_path(self, position: Position) -> JSONPath:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if frame.pending_key is None:
            raise _Refused("a key must be plain text, not a list or mapping", position)
        return (*frame.path, frame.pending_key)

    def _attach(self, doc: Document, value: Any, position: Position, path: JSONPath) -> None:
        doc.values[path] = position
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
        else:
            assert frame.pending_key is not None
            frame.container[frame.pending_key] = value
            frame.pending_key = None

    def _check_tag(self, tag: str | None, expected: str, position: Position) -> None:
        if tag is None or tag in ("!", f"{_CORE}{expected}"):
            return
        shown = tag.replace(_CORE, "!!")
        if tag in _CORE_TAGS:
            raise _Refused(f"the tag {shown} does not fit this value", position)
        raise _Refused(f"the tag {shown} is not allowed; riskctl reads plain YAML values only", position)

    def _scalar(self, event: Any, position: Position) -> Any:
        text: str = event.value
        tag: str | None = event.tag
        if tag is not None and tag != "!":
            if tag not in _CORE_TAGS or tag in (f"{_CORE}map", f"{_CORE}seq"):
                self._check_tag(tag, "str", position)
            if tag == f"{_CORE}str":
                return text
            value = resolve_plain(text)
            wanted = {f"{_CORE}int": int, f"{_CORE}float": float, f"{_CORE}bool": bool, f"{_CORE}null": type(None)}
            kind = wanted[tag]
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                return float(value)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise _Refused(f"the value '{text[:40]}' cannot be read as {tag.replace(_CORE, '!!')}", position)
            return value
        if event.style or tag == "!":  # quoted or block scalars, and the non-specific "!" tag, are text
            return text
        return resolve_plain(text)


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema (dates stay text)."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        digits = text.lstrip("+-")
        return int(text) if len(digits) <= MAX_INT_DIGITS else text
    if _OCT.fullmatch(text):
        return int(text[2:], 8) if len(text) <= MAX_INT_DIGITS else text
    if _HEX.fullmatch(text):
        return int(text[2:], 16) if len(text) <= MAX_INT_DIGITS else text
    if _FLOAT.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else text
    return text  # includes .nan / .inf: not JSON numbers, so kept as text


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
