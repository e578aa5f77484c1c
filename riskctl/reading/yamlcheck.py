"""Where ruamel.yaml's parsers read YAML 1.2 otherwise than the YAML test suite, and the fixes.

``loading`` builds data from parse events. Each function here exists because of cases of
the official YAML test suite (named in its docstring) that ruamel.yaml's C parser (libyaml)
reads otherwise, and each is small enough to be plainly right: the text is prepared before
parsing, a file the C parser refuses or would misread is read again by ruamel's pure-Python
parser, and ``EventChecks`` holds each event against the text for the errors libyaml lets
through. An ordinary file pays almost nothing: a check runs only when a cheap test of the
text or of an event says its construct is there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, TypeVar

_Result = TypeVar("_Result")
_NON_BREAKS = "\x85\u2028\u2029"
_BREAK = re.compile(r"\r\n?|\n")
_LEAD = re.compile(r"( *)[ \t]*")
_SPACES = re.compile(r" *")
# an anchor or alias whose name holds a character libyaml does not allow in one (YAML 1.2 does)
_ODD_ANCHOR = re.compile(r"(?:^|(?<=[\s\[{,]))[&*][0-9A-Za-z_-]*[^\s0-9A-Za-z_\-\[\]{},]", re.MULTILINE)
_BLANKS_AND_COMMENTS = re.compile(r"(?:\s|#[^\r\n]*)*")
_BLOCK_INDICATOR = re.compile(r"[|>]")
_EXPLICIT_INDENT = re.compile(r"[|>][-+]?[1-9]")
_EMPTY_STREAM = re.compile(r"(?:(?:[ \t]*|\.\.\.[ \t]*)(?:#[^\r\n]*)?(?:\r\n?|\n))*")
_TAB_BLANK = re.compile(r"^[ \t]*\t[ \t]*(?=\r|\n|\Z)", re.MULTILINE)
_SEPARATORS = frozenset(" \t\r\n,[]{}")
NO_KEY = object()  # a mapping's frame awaits a key, not a value


class Refusal(Exception):
    """The file is refused: ``message`` at character ``index`` of the text."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


class Frame:
    """A mapping or sequence being built (``loading._Composer`` keeps a stack of them)."""

    __slots__ = (
        "anchor",
        "container",
        "flow",
        "indent",
        "is_map",
        "key_end",
        "lone_pair",
        "mark",
        "path",
        "pending",
        "start_chars",
        "start_count",
    )

    def __init__(self, container: Any, is_map: bool, path: Any, mark: Any, anchor: Any, start: int, flow: bool) -> None:
        self.container = container
        self.is_map = is_map
        self.path = path
        self.mark = mark
        self.anchor = anchor
        self.start_count = start
        self.start_chars = 0  # characters of text read before it (aliases are bounded by them too)
        self.pending: Any = NO_KEY  # the key whose value comes next (maps only)
        self.flow = flow
        self.indent = -1  # a block collection's column; -1 when unknown (an anchor or tag came first)
        # set on flow frames only: a flow mapping libyaml made of ``[?x]``, and where its key ends
        self.lone_pair: bool
        self.key_end: int


def read(compose: Callable[[str, bool, list[int] | None], tuple[_Result, bool]], text: str) -> _Result:
    """The first reading of ``text`` (as ``prepare`` left it) that is not a syntax error.

    ``compose(text, pure, blanked)`` returns a result and whether it is a syntax error;
    when every reading is one, the first stands. The C parser reads first. libyaml refuses
    some valid YAML 1.2 that the pure parser reads (``{url: http://x}``, ``[::vector]``, a
    tab in a literal block, reserved directives: UDM2, DBG4, 96NN, 6LVF), so the pure
    parser reads what the C one refuses, and reads first where the C one would misread
    (``needs_pure_parser``). Last comes the text with blank lines' tabs made spaces.
    """
    pure = needs_pure_parser(text)
    first, syntax_error = compose(text, pure, None)
    if not syntax_error:
        return first
    attempts: list[tuple[str, bool, list[int] | None]] = [] if pure else [(text, True, None)]
    blanked = blank_tabs(text)
    if blanked:
        attempts.append((blanked[0], False, blanked[1]))
    for source, use_pure, lines in attempts:
        result, syntax_error = compose(source, use_pure, lines)
        if not syntax_error:
            return result
    return first


def event_source(text: str, pure: bool = False) -> Callable[[], Any]:
    """A function returning the next parse event: the C parser, unless ``pure`` or missing."""
    try:
        from ruamel.yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - the C extension is a declared dependency
        pure = True
    if pure:
        from ruamel.yaml import YAML

        return iter(YAML(typ="safe", pure=True).parse(text)).__next__
    from riskctl.reading import cevents

    cevents.install()
    get_event: Callable[[], Any] = CParser(text).get_event
    return get_event


def prepare(text: str) -> tuple[str, dict[int, str] | None]:
    """The text to parse, and what to put back into values (None when nothing was swapped).

    U+0085, U+2028 and U+2029 are ordinary characters in YAML 1.2 but line breaks to
    libyaml (as in YAML 1.1), which then refuses or splits the value: each is swapped for a
    private-use character the text does not hold, which both parsers read as any other.
    A final line break is added when the file has none: the suite reads the last line of a
    file alike with or without one (L24T/01, JEF9/02), where ruamel drops a block scalar's
    final line break.
    """
    restore = None
    if "\x85" in text or "\u2028" in text or "\u2029" in text:  # faster than a regex search
        free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
        stand_ins = list(islice(free, len(_NON_BREAKS)))
        if len(stand_ins) == len(_NON_BREAKS):  # else a text of 6,400 private-use characters: leave it be
            text = text.translate(dict(zip(map(ord, _NON_BREAKS), stand_ins, strict=True)))
            restore = dict(zip(map(ord, stand_ins), _NON_BREAKS, strict=True))
    if text and text[-1] not in "\r\n":
        text += "\n"
    return text, restore


def needs_pure_parser(text: str) -> bool:
    """True when an anchor or alias name holds a character other than ``[0-9A-Za-z_-]``.

    libyaml ends such a name early and reads the rest as the value: ``&an:chor value``
    becomes ``:chor value`` (Y2GN), or an error (2SXE, 8XYN, W5VH). A false alarm costs
    only speed.
    """
    return ("&" in text or "*" in text) and _ODD_ANCHOR.search(text) is not None


def is_empty_stream(text: str) -> bool:
    """True for only comments, blank lines and ``...`` markers: no document (HWV9, QT73)."""
    return _EMPTY_STREAM.fullmatch(text) is not None


def blank_tabs(text: str) -> tuple[str, list[int]] | None:
    """The text with tabs on blank lines made spaces, and where those lines start; None if none.

    YAML 1.2 lets a blank line between entries hold tabs (DK95/03, DK95/04); libyaml
    refuses them as indentation. The change is neutral only outside scalars, which the
    caller checks with ``in_scalar`` (in a block scalar the tab is text, or an error: Y79Y/000).
    """
    lines = [found.start() for found in _TAB_BLANK.finditer(text)]
    if not lines:
        return None
    return _TAB_BLANK.sub(lambda found: " " * len(found.group()), text), lines


def may_have_glued_comment(text: str) -> bool:
    """True when some ``#`` follows a character other than white space (see ``glued_comment``)."""
    at = text.find("#", 1)
    while at > 0:
        if text[at - 1] not in " \t\r\n":
            return True
        at = text.find("#", at + 1)
    return False


class EventChecks:
    """What ``loading._Composer`` checks of events against the text, beyond what libyaml does."""

    source: str  # the text the parser read
    restore: dict[int, str] | None
    stack: list[Frame]

    def open_flow(self, frame: Frame) -> None:
        """A flow collection starts (its frame not yet on the stack): is it libyaml's ``[?x]``?"""
        stack = self.stack
        lone = frame.is_map and stack and stack[-1].flow and not stack[-1].is_map
        frame.lone_pair = bool(lone) and opens_lone_pair(self.source, frame.mark.index)

    def flow_end(self, frame: Frame, event: Any) -> Any:
        """A flow collection ends: check its lines, and undo libyaml's reading of ``[?x]``."""
        stack = self.stack
        if not (stack and stack[-1].flow) and frame.mark.line != event.end_mark.line:
            self.check_lines(frame.mark.index, event.end_mark.index, comments=True)
        if frame.lone_pair and len(frame.container) == 1 and _no_value_follows(self.source, frame.key_end):
            (key,) = frame.container  # YAML 1.2 reads ``[?x]`` as ["?x"] (HM87/01)
            return key
        return frame.container

    def scalar_in_context(self, event: Any, value: Any, top: Frame) -> Any:
        """Checks of a scalar in flow context, or of one that resolved to null."""
        raw: str = event.value
        if value is None and not raw and top.is_map and top.pending is NO_KEY:
            raise Refusal("this mapping entry has no key before ':'; write the key", event.start_mark.index)
        if not top.flow or event.style:
            return value
        if raw == "-" or raw[-1:] == ":":
            value = self._flow_edge(event, value, top)
        start = event.start_mark.index
        if start and self.source[start - 1] == "?" and event.anchor is None and event.ctag is None:
            # libyaml took the '?' of ``?foo`` for an explicit key; YAML 1.2 reads a plain scalar (652Z)
            value = "?" + (raw.translate(self.restore) if self.restore else raw)
        if top.lone_pair and top.pending is NO_KEY:
            top.key_end = event.end_mark.index
        return value

    def _flow_edge(self, event: Any, value: Any, top: Frame) -> Any:
        """A plain ``-``, or a plain scalar ending in ``:``, in flow context."""
        raw: str = event.value
        text, end = self.source, event.end_mark.index
        if raw == "-" and text[end : end + 1] in _SEPARATORS | {""}:
            # YAML 1.2 starts a plain scalar with '-' only before a safe character (G5U8, YJV2)
            raise Refusal("invalid YAML: a lone '-' in [ ] or { } is not a value; quote it", event.start_mark.index)
        if raw[-1:] == ":" and text[end - 1 : end] == ":" and text[end : end + 1] in (",", "]", "}"):
            # the ':' of ``{key:, ...}`` is a value indicator; the pure parser keeps it in the key (4ABK)
            if not (top.is_map and top.pending is NO_KEY):
                message = "riskctl cannot read a key with no value in [ ]; write it as {key: }"
                raise Refusal(message, event.start_mark.index)
            return raw[:-1]
        return value

    def check_styled(self, event: Any, style: str, value: str) -> None:
        """Check a quoted or block scalar: cheap unless it runs over lines or starts blank."""
        if style == "|" or style == ">":
            indent = self.block_indent(exact=True)
            if (not value or value[0] == "\n") and indent is not None:
                bad = _overindented_blank(self.source, event.start_mark.index, indent)
                if bad is not None:
                    message = "a blank line at the start of this block text is indented more than its first line"
                    raise Refusal(f"invalid YAML: {message}", bad)
        elif event.start_mark.line != event.end_mark.line:
            self.check_lines(event.start_mark.index, event.end_mark.index, comments=False)

    def check_lines(self, start: int, end: int, comments: bool) -> None:
        indent = self.block_indent()
        if indent is not None and indent >= 0:
            bad = _under_indented(self.source, start, end, indent, comments)
            if bad is not None:
                message = (
                    "invalid YAML: this line continues a value from the line above, so it must be"
                    " indented more than the key or '-' it belongs to (with spaces, not tabs)"
                )
                raise Refusal(message, bad)

    def block_indent(self, exact: bool = False) -> int | None:
        """The column of the innermost block collection, -1 at the top level.

        When that collection's column is unknown, None if ``exact``, else the column of the
        nearest one known (smaller, so a check with it refuses less, never more).
        """
        for frame in reversed(self.stack):
            if not frame.flow:
                if frame.indent >= 0:
                    return frame.indent
                if exact:
                    return None
        return -1

    def check_comments(self, scalars: list[Any]) -> None:
        """Refuse a ``#`` taken as a comment though glued to what precedes it (``scalars``: the events).

        YAML 1.2 starts a comment only at a ``#`` after white space; libyaml also starts one
        right after ``]``, a closing quote or a block scalar's indicator (9JBA, CVW2, SU5Z, X4QW).
        """
        text = self.source
        for at in _glued_hashes(text):
            if not (in_scalar(text, at, scalars) or _in_comment(text, at, scalars) or _in_property(text, at)):
                raise Refusal("invalid YAML: a comment needs a space before its '#'", at)


def _glued_hashes(text: str) -> Iterator[int]:
    at = text.find("#", 1)
    while at > 0:
        if text[at - 1] not in " \t\r\n":
            yield at
        at = text.find("#", at + 1)


def in_scalar(text: str, at: int, scalars: list[Any]) -> bool:
    """True when ``at`` lies in one of the ordered scalar events (a block scalar's header is out)."""
    slot = bisect_right(scalars, at, key=_start) - 1
    if slot < 0:
        return False
    event = scalars[slot]
    if event.style == "|" or event.style == ">":
        return _line_end(text, event.start_mark.index) <= at < event.end_mark.index
    return at < event.end_mark.index


def _start(event: Any) -> int:
    index: int = event.start_mark.index
    return index


def _in_comment(text: str, at: int, scalars: list[Any]) -> bool:
    """True when ``at`` lies in a comment begun earlier on its line, or in a directive line."""
    line = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    if text[line] == "%" and not in_scalar(text, line, scalars):
        return True
    where = text.find("#", line, at)
    while where >= 0:
        if not in_scalar(text, where, scalars):
            return where == line or text[where - 1] in " \t"
        where = text.find("#", where + 1, at)
    return False


def _in_property(text: str, at: int) -> bool:
    """True when ``at`` lies in an anchor, alias or tag, where YAML 1.2 allows a ``#``."""
    start = at
    while start > 0 and text[start - 1] not in _SEPARATORS:
        start -= 1
    return text[start] in "&*!"


def _under_indented(text: str, start: int, end: int, indent: int, comments: bool) -> int | None:
    """Index where a continuation line of ``text[start:end]`` is not indented past ``indent``.

    A flow collection or a quoted scalar may run over several lines, but in a block
    collection indented ``indent`` columns each further line must be indented more, with
    spaces (a tab is not indentation); libyaml does not check (9C9N, QB6E, DK95/01,
    Y79Y/003). Blank lines without tabs may stand anywhere; so may any blank or comment
    line when ``comments`` (in a flow collection, outside its scalars: Y79Y/002).
    """
    for line_break in _BREAK.finditer(text, start, end):
        line = line_break.end()
        lead = _LEAD.match(text, line)
        assert lead is not None  # the pattern matches the empty string
        first = text[lead.end() : lead.end() + 1]
        spaces = len(lead.group(1))
        if spaces > indent or (comments and first == "#"):
            continue
        if first in ("", "\r", "\n") and (comments or lead.end() == line + spaces):
            continue
        return line + spaces
    return None


def _overindented_blank(text: str, start: int, indent: int) -> int | None:
    """Index of a leading blank line of a block scalar indented more than its first text line.

    Without an indentation indicator a block scalar is indented as its first non-blank line,
    and a blank line before it may not be indented more (S98Z); libyaml takes the widest
    line instead. ``start``: where the scalar's node starts; ``indent``: its parent's column.
    """
    header = _BLOCK_INDICATOR.search(text, start)
    if header is None or _EXPLICIT_INDENT.match(text, header.start()):
        return None
    widest, widest_at = -1, -1
    for line_break in _BREAK.finditer(text, header.start()):
        line = line_break.end()
        spaces = len(_SPACES.match(text, line).group())  # type: ignore[union-attr]
        first = text[line + spaces : line + spaces + 1]
        if first == "":
            return None
        if first in "\r\n":
            if spaces > widest:
                widest, widest_at = spaces, line
            continue
        return widest_at if indent < spaces < widest else None
    return None


def opens_lone_pair(text: str, start: int) -> bool:
    """True when a flow sequence entry at ``start`` is a ``?`` glued to what follows (``[?x]``)."""
    return text[start] == "?" and text[start + 1 : start + 2] not in _SEPARATORS


def _no_value_follows(text: str, key_end: int) -> bool:
    follow = _BLANKS_AND_COMMENTS.match(text, key_end)
    assert follow is not None  # the pattern matches the empty string
    return text[follow.end() : follow.end() + 1] != ":"


def _line_end(text: str, index: int) -> int:
    found = _BREAK.search(text, index)
    return found.start() if found else len(text)
