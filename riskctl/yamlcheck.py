"""Where ruamel.yaml's parsers read YAML 1.2 otherwise than the YAML test suite, and the fixes.

``loading`` builds data from parse events. Each function here exists because of cases of
the official YAML test suite (named in its docstring) that ruamel.yaml's C parser (libyaml)
reads otherwise, and each is small enough to be plainly right: the text is prepared before
parsing, and a file the C parser refuses or would misread is read again by ruamel's
pure-Python parser. An ordinary file pays almost nothing: a fix runs only when a cheap
test of the text says its construct is there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import islice
from typing import Any, TypeVar

_Result = TypeVar("_Result")
_NON_BREAKS = "\x85\u2028\u2029"
_BREAK = re.compile(r"\r\n?|\n")
# an anchor or alias whose name holds a character libyaml does not allow in one (YAML 1.2 does)
_ODD_ANCHOR = re.compile(r"(?:^|(?<=[\s\[{,]))[&*][0-9A-Za-z_-]*[^\s0-9A-Za-z_\-\[\]{},]", re.MULTILINE)
_EMPTY_STREAM = re.compile(r"(?:(?:[ \t]*|\.\.\.[ \t]*)(?:#[^\r\n]*)?(?:\r\n?|\n))*")
_TAB_BLANK = re.compile(r"^[ \t]*\t[ \t]*(?=\r|\n|\Z)", re.MULTILINE)


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


def _line_end(text: str, index: int) -> int:
    found = _BREAK.search(text, index)
    return found.start() if found else len(text)
