"""Read a YAML file into plain JSON-typed data with the position of every key and value.

The loader builds the data itself from the parser's event stream (ruamel.yaml's C
parser; its pure-Python one where the C one falls short) and never runs a YAML
constructor, so hostile input is handled before it can cost anything:

- tags outside the YAML 1.2 core schema (``!!python/object``, ``!custom``) are refused,
  never constructed;
- aliases are counted as they are expanded and a file that would expand past
  ``MAX_NODES`` values is refused (a 340-byte "billion laughs" stops in microseconds);
  an alias that refers to its own anchor is refused;
- nesting deeper than ``MAX_DEPTH`` is refused; nothing here recurses;
- plain scalars resolve by the YAML 1.2 core schema (``scalars``): ``NO`` and dates stay text.

The official YAML test suite (tests/test_yaml_suite.py) pins how this reads YAML 1.2;
where ruamel.yaml's C parser reads a case otherwise, ``yamlcheck`` corrects it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from riskctl.model.records import Document, JSONPath, Position
from riskctl.reading import yamlcheck
from riskctl.reading.scalars import TagRefused, resolve_plain, tag_refused, tagged

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000
MAX_CHARS = 2 * MAX_BYTES  # text an alias may expand the file to: a few aliases of a large anchor would be gigabytes

# Characters YAML 1.2 does not allow in a stream (its c-printable set, tab and line breaks aside).
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_YAML_VERSION = re.compile(r"^%YAML[ \t]+(?!1\.2(?![0-9]))([^\s#]+)", re.MULTILINE)


class LoadProblem(NamedTuple):
    """Something wrong with the file as YAML. ``code`` is RC101 or RC103."""

    code: str
    message: str
    position: Position


class LoadResult(NamedTuple):
    document: Document | None
    problems: list[LoadProblem]


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


def load_bytes(raw: bytes, path: str, *, positions: bool = True) -> LoadResult:
    if len(raw) > MAX_BYTES:
        return _fail(f"the file is larger than {MAX_BYTES // 1024} KiB; riskctl reads files up to that size")
    text, problem = decode(raw)
    if problem:
        return LoadResult(None, [problem])
    return load_text(text, path, positions=positions)


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
    control = _CONTROL.search(text) if not text.isprintable() else None
    if control is not None:
        code = ord(control.group())
        message = (
            f"the file contains the control character U+{code:04X}, which YAML does not allow; "
            f"remove it, or write it as \\x{code:02x} inside double quotes"
        )
        return "", LoadProblem("RC101", message, _char_position(text, control.start()))
    return text, None


def load_text(text: str, path: str, *, positions: bool = True) -> LoadResult:
    """Parse ``text``; ``positions=False`` skips recording where keys and values stand (faster)."""
    directive = _YAML_VERSION.search(text) if "%YAML" in text else None
    if directive:
        version = directive.group(1)
        message = f"the file asks for YAML {version} (%YAML {version}); riskctl reads YAML 1.2: remove the directive"
        return LoadResult(None, [LoadProblem("RC101", message, _char_position(text, directive.start()))])
    source, restore = yamlcheck.prepare(text)
    if "..." in source and yamlcheck.is_empty_stream(source):  # libyaml reads the rest of these itself
        return LoadResult(Document(path, text, None, {}, {}, {}), [])

    def compose(source: str, pure: bool, blanked: list[int] | None) -> tuple[LoadResult, bool]:
        """One parser's result, and whether it is a syntax error (see ``yamlcheck.read``)."""
        composer = _Composer(path, text, source, positions, restore)
        if blanked:
            composer.scalars = []  # a blanked line in a scalar: the change was not neutral, nor is a refusal
        try:
            composer.run(yamlcheck.event_source(source, pure))
        except _Refused as refused:
            problem = LoadProblem("RC101", refused.message, _char_position(text, refused.index))
            return LoadResult(None, [*composer.problems, problem]), bool(blanked)
        except RecursionError:
            return _fail("the file is nested too deeply to read"), False
        except Exception as error:  # ruamel's MarkedYAMLError and friends
            return LoadResult(None, [_syntax_problem(error, text)]), True
        if blanked and any(yamlcheck.in_scalar(source, line, composer.scalars or []) for line in blanked):
            return LoadResult(None, []), True
        return LoadResult(composer.document, composer.problems), False

    return yamlcheck.read(compose, source)


def preload() -> None:
    """Import the YAML parser now, say while waiting for git, rather than at the first file."""
    try:
        import ruamel.yaml.cyaml
    except ImportError:  # pragma: no cover - the C extension is a declared dependency
        import ruamel.yaml  # noqa: F401


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


@functools.cache
def _event_kinds() -> dict[type, str]:
    from riskctl.reading import cevents

    return cevents.kinds()


def _at(event: Any) -> int:
    return int(event.start_mark.index)


_Refused = yamlcheck.Refusal  # a message and the index in the text where the file is refused
_Frame = yamlcheck.Frame
_NO_KEY = yamlcheck.NO_KEY


class _Composer(yamlcheck.EventChecks):
    """Builds plain data from parse events: one loop, no recursion, every limit enforced.

    ``text`` is the file as read (for positions and the document); ``source`` what the
    parser read (see ``yamlcheck.prepare``): the same characters at the same indexes.
    """

    def __init__(self, path: str, text: str, source: str, positions: bool, restore: dict[int, str] | None) -> None:
        self.path = path
        self.text = text
        self.source = source
        self.restore = restore
        self.positions = positions
        self.problems: list[LoadProblem] = []
        self.document: Document | None = None
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, values and characters it holds
        self.open_anchors: set[str] = set()
        self.count = 0
        self.chars = 0
        self.root: Any = _NO_KEY
        # the scalar events, kept only when a '#' glued to text may be a comment libyaml allowed
        self.scalars: list[Any] | None = [] if yamlcheck.may_have_glued_comment(source) else None

    def run(self, get_event: Callable[[], Any]) -> None:
        kinds = _event_kinds()
        if self.positions:
            doc = Document(self.path, self.text, None, {}, {}, {})
        else:  # positions are read again, by this reader, only if a finding needs them
            text, path = self.text, self.path  # not self: the document would hold its composer in a cycle
            doc = Document(path, text, None, locator=lambda: load_text(text, path).document)
        self.document = doc
        stack = self.stack
        flow = 0  # open flow collections: only in them do scalars need more checks
        documents = 0
        while True:
            event = get_event()
            kind = kinds.get(event.__class__) if event is not None else "stream-end"
            if kind == "scalar":
                self._scalar_event(doc, event, flow)
            elif kind == "map" or kind == "seq":
                flow += self._open(event, kind == "map")
            elif kind == "end":
                frame = stack.pop()
                value = frame.container
                if frame.flow:
                    flow -= 1
                    value = self.flow_end(frame, event)
                if frame.anchor:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (value, self.count - frame.start_count, self.chars - frame.start_chars)
                self._attach(doc, value, frame.mark, frame.path, event.end_mark)
            elif kind == "alias":
                self._alias(doc, event)
            elif kind == "document":
                documents += 1
                if documents > 1:
                    raise _Refused("the file holds several YAML documents (---); keep one item per file", _at(event))
            elif kind == "stream-end":
                break
        if self.scalars is not None:
            self.check_comments(self.scalars)
        doc.data = None if self.root is _NO_KEY else self.root

    def _scalar_event(self, doc: Document, event: Any, flow: int) -> None:
        """A scalar: read, checked, counted and placed. Most values in a file are plain text in
        block context, so their reading and placing (``_scalar``, ``_place``) are in line here."""
        stack = self.stack
        if self.restore is None and event.ctag is None and not event.style:
            value = resolve_plain(event.value)
        else:
            value = self._scalar(event)
        if (flow or value is None) and stack:
            value = self.scalar_in_context(event, value, stack[-1])
        if self.scalars is not None:
            self.scalars.append(event)
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(f"the file holds more than {MAX_NODES} values", _at(event))
        length = len(value) if type(value) is str else 1
        self.chars += length
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, length)
        top = stack[-1] if stack and not self.positions else None
        if top is None:
            self._place(doc, value, event.start_mark, event.end_mark)
        elif not top.is_map:
            top.container.append(value)
        elif top.pending is not _NO_KEY:
            top.container[top.pending] = value
            top.pending = _NO_KEY
        elif type(value) is str and value not in top.container:
            top.pending = value
        else:  # a key that is not text, or is there already
            self._key(doc, top, value, event.start_mark)

    def _open(self, event: Any, is_map: bool) -> int:
        """A mapping or sequence starts: check it may, and push its frame; 1 if it is a flow one."""
        stack = self.stack
        tag, anchor = (None if event.ctag is None else event.tag), event.anchor
        if tag is not None:
            self._check_tag(tag, "map" if is_map else "seq", event)
        if len(stack) >= MAX_DEPTH:
            raise _Refused(f"the file is nested more than {MAX_DEPTH} levels deep", _at(event))
        if stack and stack[-1].is_map and stack[-1].pending is _NO_KEY:
            raise _Refused("a key must be plain text, not a list or mapping", _at(event))
        path = self._child_path() if self.positions else ()
        if anchor:
            self.open_anchors.add(anchor)
        flow = bool(event.flow_style)
        frame = _Frame({} if is_map else [], is_map, path, event.start_mark, anchor, self.count, flow)
        frame.start_chars = self.chars
        if flow:
            self.open_flow(frame)
        elif anchor is None and tag is None:
            frame.indent = frame.mark.column
        stack.append(frame)
        self.count += 1
        return flow

    def _alias(self, doc: Document, event: Any) -> None:
        anchor = event.anchor
        if anchor in self.open_anchors:
            raise _Refused(f"the alias *{anchor} refers to the value that contains it", _at(event))
        if anchor not in self.anchors:
            raise _Refused(f"the alias *{anchor} has no matching anchor &{anchor}", _at(event))
        value, size, length = self.anchors[anchor]
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].pending is _NO_KEY and isinstance(value, dict | list):
            raise _Refused("a key must be plain text, not a list or mapping", _at(event))
        self.count += size
        if self.count > MAX_NODES:
            raise _Refused(f"aliases expand to more than {MAX_NODES} values; refusing to read further", _at(event))
        self.chars += length
        if self.chars > MAX_CHARS:
            limit = MAX_CHARS // (1024 * 1024)
            raise _Refused(
                f"aliases expand to more than {limit} million characters; refusing to read further", _at(event)
            )
        self._place(doc, value, event.start_mark, event.end_mark)

    def _place(self, doc: Document, value: Any, mark: Any, end: Any) -> None:
        """A finished scalar or alias: a key when its mapping awaits one, else a value."""
        stack = self.stack
        if stack:
            top = stack[-1]
            if top.is_map and top.pending is _NO_KEY:
                self._key(doc, top, value, mark)
                return
        self._attach(doc, value, mark, self._child_path() if self.positions else (), end)

    def _key(self, doc: Document, frame: _Frame, value: Any, mark: Any) -> None:
        key = value if isinstance(value, str) else _key_text(value)
        if key in frame.container:
            first = doc.keys.get((*frame.path, key)) if self.positions else None
            where = f" (first at line {first.line})" if first else ""
            position = Position(mark.line + 1, mark.column + 1)
            self.problems.append(
                LoadProblem("RC103", f"the key '{key}' appears twice in this mapping{where}", position)
            )
        frame.pending = key
        if self.positions:
            doc.keys[(*frame.path, key)] = Position(mark.line + 1, mark.column + 1)

    def _child_path(self) -> JSONPath:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if frame.is_map:
            return (*frame.path, frame.pending)
        return (*frame.path, len(frame.container))

    def _attach(self, doc: Document, value: Any, mark: Any, path: JSONPath, end: Any) -> None:
        if self.positions:
            doc.values[path] = Position(mark.line + 1, mark.column + 1)
            doc.ends[path] = Position(end.line + 1, end.column + 1)
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if frame.is_map:
            frame.container[frame.pending] = value
            frame.pending = _NO_KEY
        else:
            frame.container.append(value)

    def _check_tag(self, tag: str, expected: str, event: Any) -> None:
        refused = tag_refused(tag, expected)
        if refused is not None:
            raise _Refused(refused, _at(event))

    def _scalar(self, event: Any) -> Any:
        text: str = event.value
        if self.restore:
            text = text.translate(self.restore)
        style = event.style  # checks only a block scalar that starts blank, a quoted one on several lines
        if style and (text[:1] in ("", "\n") if style in "|>" else event.start_mark.line != event.end_mark.line):
            self.check_styled(event, style, text)
        if event.ctag is None:  # ``event.tag`` is a property that makes a string: ask only when there is one
            return text if style else resolve_plain(text)  # quoted and block scalars are text
        return self._tagged(event, text)

    def _tagged(self, event: Any, text: str) -> Any:
        try:
            return tagged(event.tag, text)
        except TagRefused as refused:
            raise _Refused(str(refused), _at(event)) from None


def _key_text(value: Any) -> str:
    """A key that is not text, written as JSON writes the value: ``null``, ``true``, ``1``."""
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
