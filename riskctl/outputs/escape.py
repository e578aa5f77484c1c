"""Escaping user text for every place it goes: terminals and CI logs, Markdown, spreadsheets, links.

Register files are written by many hands, and a title is text anyone can commit. Nothing
in one may act where it is shown: start a CI workflow command (a line ``::error::``),
move a terminal's cursor or hide text (ESC sequences), become a live mention, image, link
or HTML in Markdown, or run as a spreadsheet formula.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from riskctl.reading.columns import FORMULA_START

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~$])")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _is_hidden(char: str) -> bool:
    """Control characters (C0, DEL, C1), and format characters that reorder or hide text."""
    category = unicodedata.category(char)
    return category == "Cc" or (category == "Cf" and char not in "\u200d")


def terminal(value: object) -> str:
    """One line of text safe for a terminal or a CI log: line breaks and tabs become spaces,
    other control and bidirectional-format characters become visible escapes (``\\x1b``)."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if text.isprintable():
        return text
    return "".join(_visible(char) if _is_hidden(char) else char for char in text)


def neutralise(value: Any) -> Any:
    """Stop spreadsheets running a cell as a formula (=, +, -, @, tab, CR at the start)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xml_text(value: str) -> str:
    """Text an XML 1.0 document may hold: characters it forbids become visible escapes."""
    return "".join(
        _visible(char)
        if (ord(char) < 0x20 and char not in "\t\n\r") or 0xD800 <= ord(char) <= 0xDFFF or ord(char) in (0xFFFE, 0xFFFF)
        else char
        for char in value
    )


def md_text(value: object) -> str:
    """User text for Markdown, in prose or a table cell: one line, no HTML or entities, no
    formatting, links, images, math or ``@mentions`` (GitHub and GitLab render it literally)."""
    text = terminal(value)
    text = html.escape(text, quote=False)  # & < > : entities and tags stay text
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u200b")  # no mention, whatever follows


def safe_url(value: object) -> str:
    """Link targets: http, https and mailto only; anything else becomes '#'."""
    text = str(value or "").strip()
    return text if text.lower().startswith(_SAFE_SCHEMES) else "#"


def css_string(value: object) -> Any:
    """User text as a quoted CSS string (for a print page's margin boxes, inside ``<style>``):
    every character but letters, digits and spaces becomes a CSS escape, so nothing can end
    the string, the rule or the style element; control characters become spaces. Marked
    safe for Jinja2, as HTML escaping inside ``<style>`` would show the entities."""
    from markupsafe import Markup  # Jinja2's own; only reports need it

    text = " ".join(terminal(value).split())
    escaped = "".join(
        char if char.isascii() and (char.isalnum() or char == " ") else f"\\{ord(char):06x}" for char in text
    )
    return Markup(f'"{escaped}"')
