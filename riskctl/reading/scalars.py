"""Plain (unquoted) scalars resolved by the YAML 1.2 core schema: ``NO`` stays text, dates
stay text, ``.nan``/``.inf`` and integers too long to be sensible stay text (the schema
then says a number was expected)."""

from __future__ import annotations

import math
import re
from typing import Any

MAX_INT_DIGITS = 50

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NUMBER_START = frozenset("0123456789+-.")
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema (dates stay text)."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[0] not in _NUMBER_START:  # most values are words: no pattern can match them
        return text
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


# -- tags: the YAML 1.2 core schema's, and the non-specific "!"; nothing else is read -------

CORE = "tag:yaml.org,2002:"
_CORE_TAGS = {f"{CORE}{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}
_SCALAR_TAGS = {f"{CORE}int": int, f"{CORE}float": float, f"{CORE}bool": bool, f"{CORE}null": type(None)}


class TagRefused(ValueError):
    """A tagged value riskctl does not read, and why."""


def tag_refused(tag: str, expected: str) -> str | None:
    """Why ``tag`` cannot mark a ``expected`` (str, map, seq) node; None when it can."""
    if tag in ("!", f"{CORE}{expected}"):
        return None
    shown = tag.replace(CORE, "!!")
    if tag in _CORE_TAGS:
        return f"the tag {shown} does not fit this value"
    return f"the tag {shown} is not allowed; riskctl reads plain YAML values only"


def tagged(tag: str, text: str) -> Any:
    """The value of a scalar with ``tag``; raises TagRefused when the tag or the value will not do."""
    if tag == "!" or tag == f"{CORE}str":
        return text
    kind = _SCALAR_TAGS.get(tag)
    if kind is None:
        raise TagRefused(tag_refused(tag, "str") or f"the tag {tag} is not allowed")
    value = resolve_plain(text)
    if kind is float and type(value) is int:
        return float(value)
    if type(value) is not kind:
        raise TagRefused(f"the value '{text[:40]}' cannot be read as {tag.replace(CORE, '!!')}")
    return value
