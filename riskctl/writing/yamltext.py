"""YAML text as riskctl writes it: block style, fields in schema order, values quoted only where
they must be, long text in the folded or literal style people write by hand.

Every rendering of free text is read back with riskctl's one YAML reader before it is
used; where a style would not give back exactly the same text, the value is written
double-quoted, with every invisible character escaped.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from riskctl.reading.loading import load_text
from riskctl.reading.scalars import resolve_plain

WIDTH = 100  # folded text is wrapped to this width


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def quoted(text: str) -> str:
    """A double-quoted scalar; control, format and line-separator characters escaped, so nothing
    invisible or line-breaking stands raw in the file."""
    return "".join(char if char.isprintable() else _escape(char) for char in json.dumps(text, ensure_ascii=False))


def scalar(value: object) -> str:
    """YAML text for a scalar: plain where that reads back the same, else double-quoted."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    plain_safe = (
        text
        and text == text.strip()
        and text.isprintable()
        and resolve_plain(text) == text
        and not any(ch in text for ch in ":#{}[],&*!|>'\"%@`?")
        and not text.startswith(("-", "?"))
    )
    return text if plain_safe else quoted(text)


def flow(value: Any) -> str:
    """A value on one line: ``{last: 2026-01-10, every: P3M}``, ``[Kent Police]``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(str(key))}: {flow(inner)}" for key, inner in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(inner) for inner in value) + "]"
    return scalar(value)


def _reads_back(header: str, lines: list[str], text: str) -> bool:
    result = load_text("\n".join([f"k: {header}", *lines]) + "\n", "rendered")
    data = result.document.data if result.document is not None else None
    return isinstance(data, dict) and data.get("k") == text and not result.problems


def text_block(text: str, indent: int, style: str | None = None) -> tuple[str, list[str]] | None:
    """``(indicator, lines)`` for ``text`` as a literal (``|``) or, with ``style`` ``>``, folded
    block at ``indent``; None when that style cannot hold it exactly."""
    pad = " " * indent
    if not text.strip() or text[0] in " \t" or not all(c.isprintable() or c in "\n\t" for c in text):
        return None
    body = text.rstrip("\n")
    chomp = "-" if text == body else ("" if text == body + "\n" else "+")
    if style == ">" and "\n" not in body:
        wrapped = textwrap.wrap(body, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
        header, lines = f">{chomp}", [pad + line for line in wrapped]
    elif "\n" in body:
        header, lines = f"|{chomp}", [pad + line if line else "" for line in body.split("\n")]
        lines += [""] * (len(text) - len(body) - 1)
    else:
        return None
    return (header, lines) if _reads_back(header, lines, text) else None


def entry(key: str, value: Any, indent: int) -> list[str]:
    """``key: value`` at ``indent``, a container as a block below the key."""
    pad = " " * indent
    if isinstance(value, dict | list) and value:
        return [f"{pad}{key}:", *block(value, indent + 2)]
    if isinstance(value, str) and ("\n" in value.rstrip("\n") or len(value) + indent > WIDTH):
        styled = text_block(value, indent + 2, ">")
        if styled is not None:
            return [f"{pad}{key}: {styled[0]}", *styled[1]]
    return [f"{pad}{key}: {flow(value)}"]


def block(value: dict[str, Any] | list[Any], indent: int) -> list[str]:
    """The lines of a mapping's fields, or of a list's items (``- ``), at ``indent``."""
    lines: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            lines += entry(scalar(str(key)), inner, indent)
        return lines
    for item in value:
        lines += item_lines(item, indent)
    return lines


def item_lines(item: Any, indent: int) -> list[str]:
    """One list item: ``- value``, or a mapping's first field on the dash's line."""
    pad = " " * indent
    if isinstance(item, dict) and item:
        inner = block(item, indent + 2)
        return [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
    if isinstance(item, list) and item:
        inner = block(item, indent + 2)
        return [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
    if isinstance(item, str) and "\n" in item.rstrip("\n"):
        styled = text_block(item, indent + 2)
        if styled is not None:
            return [f"{pad}- {styled[0]}", *styled[1]]
    return [f"{pad}- {flow(item)}"]


def document(data: dict[str, Any], header: str | None) -> str:
    """A whole file: the schema modeline (when the register's files have one), then the fields."""
    lines = [header] if header else []
    return "\n".join([*lines, *block(data, 0)]) + "\n"
