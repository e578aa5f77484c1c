"""A second, several times faster reader for the plain YAML most register files are, used
where positions are not needed (the versions that history and audit read from git).

It reads with rapidyaml and answers only when it is sure ``loading`` would read the same
data; otherwise it answers ``None`` and the caller reads the file with ``loading``, which
stays the authority on what a file means and on every error. So a file is left to
``loading`` when it holds anything whose reading the two parsers could disagree on:

- anchors, aliases, tags, directives, document markers, explicit keys, merge keys,
  reserved indicators, tabs, CR, control characters, Unicode line breaks, a BOM, bytes
  that are not UTF-8, or a file larger than ``MAX_BYTES``;
- a block scalar header other than ``|``, ``>`` with an optional ``-`` or ``+``;
- a flow collection (``{...}``, ``[...]``) other than one flat collection closing on the
  line it opens (rapidyaml accepts some malformed flow that ruamel.yaml refuses);
- a string that the YAML 1.2 core schema would read as something else when unquoted
  (``"12"``, ``"true"``, ``"~"``): rapidyaml's JSON shows quoted and plain alike;
- numbers too long or too large for ``loading`` to read as numbers, or deep nesting.

tests/test_quickload.py compares the two readers on every sample and fixture file, on
generated documents, and on thousands of mutated files.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

try:
    import ryml
except ImportError:  # pragma: no cover - a declared dependency; without it, loading reads everything
    ryml = None

from riskctl.loading import MAX_BYTES, MAX_DEPTH, MAX_INT_DIGITS, resolve_plain

# Bytes that may need a closer look; every other byte reads the same in both parsers.
# ``raw.translate(_MARK)`` turns each into 0x01, so ``find`` (memchr) walks them quickly.
_CANDIDATES = bytes([*b"&*!@`%?<|>[]{}\"'", *range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F])
_MARK = bytes(1 if byte in _CANDIDATES else byte for byte in range(256))
_ODD_CHARACTERS = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbb\xbf")  # NEL, LS, PS, BOM
_TOKEN_START = frozenset(b" \n[{,:")
_BLANK = frozenset(b" \n")
_BLOCK_HEADER = re.compile(rb"[-+]? *(?:#[^\n]*)?")
_QUOTED = rb'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\''
_PLAIN = rb"[^\s\[\]{}#\"':,&*!|>%@`?-][^\n\[\]{}#\"':,]*"
_SCALAR = rb" *(?:" + _QUOTED + rb"|" + _PLAIN + rb")? *"
_ENTRY = _SCALAR + rb"(?:: " + _SCALAR + rb")?"
_FLOW_ITEMS = _ENTRY + rb"(?:," + _ENTRY + rb")*"
_FLOW_LINE = re.compile(
    rb" *(?:- )?(?:" + _PLAIN + rb": )?(?:\{" + _FLOW_ITEMS + rb"\}|\[" + _FLOW_ITEMS + rb"\]) *(?:#[^\n]*)?"
)
_DOUBLE_QUOTED = re.compile(rb'(?:[^"\\]|\\.)*"', re.DOTALL)
_SINGLE_QUOTED = re.compile(rb"(?:[^']|'')*'")
_AFTER_QUOTE = re.compile(rb" +#| *\n| *\Z|:[ \n]|:\Z")
_AFTER_FLOW_QUOTE = re.compile(rb" *[,\]}]|: ")
_QUOTED_WORD = re.compile(r'"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)"|"" *:')
# Quoted strings that might read as numbers unquoted (a date, the commonest, cannot).
_NUMBER_LIKE = re.compile(r'"(?![0-9]{4}-[0-9]{2}-[0-9]{2}")([-+.0-9][^"\\]*)"')
# A number in rapidyaml's JSON is a plain scalar written as it stands in the file, so a
# number too long for loading to read as one (it keeps it as text) is a run of digits there.
_DIGITS_AS_ZEROS = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * (MAX_INT_DIGITS + 1)


class _Unsure(Exception):
    pass


def load(raw: bytes) -> Any | None:
    """The data ``loading.load_bytes(raw, positions=False)`` would give, or None when unsure.

    None never means "not a mapping": a file that holds ``null`` is left to ``loading``.
    Call inside ``quiet()``: rapidyaml prints its parse errors on file descriptor 2.
    """
    if ryml is None or len(raw) > MAX_BYTES or not _plain_enough(raw):
        return None
    try:
        tree = ryml.parse_in_arena(raw)
        text: str = ryml.emit_json_malloc(tree, tree.root_id())
        if _QUOTED_WORD.search(text) or text.count("[") + text.count("{") >= MAX_DEPTH // 2:
            return None
        if _LONG_NUMBER in raw.translate(_DIGITS_AS_ZEROS):
            return None
        for match in _NUMBER_LIKE.finditer(text):
            if type(resolve_plain(match.group(1))) is not str:
                return None
        data = _DECODER.decode(text)
    except Exception:  # a parse error, or something unsure: loading decides
        return None
    return data


def _plain_enough(raw: bytes) -> bool:
    if raw.startswith((b"---", b"...")) or b"\n---" in raw or b"\n..." in raw:
        return False
    if not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if any(odd in raw for odd in _ODD_CHARACTERS):
            return False
    flow_to = -1  # the end of the flow line checked last
    marked = raw.translate(_MARK)
    start = marked.find(1)
    while start >= 0:
        at = start + 1
        char = raw[start]
        if char < 0x20 or char == 0x7F:
            return False
        before = raw[start - 1] if start else 0x0A
        after = raw[at] if at < len(raw) else 0x0A
        if char in b"[]{}":
            if at > flow_to:
                line = raw.rfind(b"\n", 0, at) + 1
                end = raw.find(b"\n", at)
                flow_to = len(raw) if end < 0 else end
                if not _FLOW_LINE.fullmatch(raw, line, flow_to):
                    return False
        elif before not in _TOKEN_START and char != 0x3E and char != 0x7C:
            pass  # inside a word: not an indicator
        elif char == 0x22 or char == 0x27:  # a quoted scalar: skip it, and see what follows it
            close = (_DOUBLE_QUOTED if char == 0x22 else _SINGLE_QUOTED).match(raw, at)
            if close is None:
                return False
            at = close.end()
            follows = _AFTER_FLOW_QUOTE if at <= flow_to else _AFTER_QUOTE
            if follows.match(raw, at) is None:
                return False
        elif char in b"&*":
            if after not in _BLANK:
                return False  # an anchor or alias
        elif char in b"!@`%":
            return False  # a tag or a reserved indicator
        elif char == 0x3F:  # ?
            if after in _BLANK:
                return False  # an explicit key
        elif char == 0x3C:  # <
            if after == 0x3C:
                return False  # a merge key
        elif before in b" \n:-":  # | or > where a block scalar could start
            end = raw.find(b"\n", at)
            if not _BLOCK_HEADER.fullmatch(raw, at, len(raw) if end < 0 else end):
                return False
        start = marked.find(1, at)
    return True


@contextmanager
def quiet() -> Iterator[None]:
    """Send what is written to file descriptor 2 to the null device meanwhile."""
    try:
        saved = os.dup(2)
    except OSError:  # no standard error to protect
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _refuse(name: str) -> Any:
    raise _Unsure(name)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unsure(text)
    return value


_DECODER = json.JSONDecoder(parse_constant=_refuse, parse_float=_float)
