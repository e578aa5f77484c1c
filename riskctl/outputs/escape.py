"""Escaping user text for every place it goes: terminals and CI logs, Markdown, spreadsheets, links.

Register files are written by many hands, and a title is text anyone can commit. Nothing
in one may act where it is shown: start a CI workflow command (a line ``::error::``),
move a terminal's cursor or hide text (ESC sequences), become a live mention, image, link
or HTML in Markdown, or run as a spreadsheet formula.

GitHub's runner reads a workflow command from any line of a step's output that starts,
after leading white space, with ``::`` (and the older ``##[`` form anywhere in a line).
Tables wrap long text onto new lines wherever a space falls, so no escaping of line
breaks alone can keep user text from starting a line: ``terminal()`` also breaks up every
``::`` and ``##[`` with a zero-width space, which people do not see and the runner does not
skip.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~$])")
_CODEOWNERS_SPECIAL = re.compile(r"([\\ #*?\[\]])")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_ZWSP = "\u200b"
_COMMANDS = re.compile(r":(?=:)|#(?=#\[)")  # the first character of every '::' and '##['


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _is_hidden(char: str) -> bool:
    """Control characters (C0, DEL, C1), and format characters that reorder or hide text
    (not the zero-width joiner emoji need, nor the zero-width space ``terminal`` adds)."""
    category = unicodedata.category(char)
    return category == "Cc" or (category == "Cf" and char not in "\u200d\u200b")


def terminal(value: object) -> str:
    """One line of text safe for a terminal or a CI log: line breaks (Unicode's line and
    paragraph separators too) and tabs become spaces, other control and bidirectional-format
    characters become visible escapes (``\\x1b``), and no part of it can start a CI workflow
    command, wherever a table wraps it."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if not text.isprintable():
        text = text.replace("\u2028", " ").replace("\u2029", " ")
        text = "".join(_visible(char) if _is_hidden(char) else char for char in text)
    if "::" in text or "##[" in text:
        text = _COMMANDS.sub(lambda match: match.group(0) + _ZWSP, text)
    return text


def visible(value: Any) -> Any:
    """Text that keeps its lines (a report page, a CSV cell): line breaks and tabs stay, other
    control and bidirectional-format characters become visible escapes (``\\x1b``), and
    ``::`` and ``##[`` are broken as ``terminal`` breaks them, so that printed to a terminal
    or a CI log it can neither send an escape sequence nor start a workflow command, and no
    text is silently reordered. Anything not plain text (numbers, markup riskctl made) passes."""
    if type(value) is not str:
        return value
    text = value
    if not text.isprintable():
        text = "".join(_visible(char) if _is_hidden(char) and char not in "\n\t\r" else char for char in text)
    if "::" in text or "##[" in text:
        text = _COMMANDS.sub(lambda match: match.group(0) + _ZWSP, text)
    return text


def sarif_text(value: object) -> str:
    """A SARIF plain-text message: ``[text](target)`` there is a link, so brackets (and the
    backslash that escapes them) are escaped, as SARIF 2.1.0 says for embedded links."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def neutralise(value: Any) -> Any:
    """Stop spreadsheets running a cell as a formula (=, +, -, @, tab, CR at the start) with an
    apostrophe first; text that already starts with apostrophes before such a character gets one
    more, so that import, which takes one off, gives back what was written."""
    from riskctl.reading.columns import FORMULA_START  # here: every command imports this module

    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
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
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # entities and tags stay text
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u200b")  # no mention, whatever follows


def safe_url(value: object) -> str:
    """Link targets: http, https and mailto only; anything else becomes '#'."""
    text = str(value or "").strip()
    return text if text.lower().startswith(_SAFE_SCHEMES) else "#"


def codeowners_path(path: str) -> str | None:
    """A '/'-separated path from the repository root as a CODEOWNERS pattern matching just that
    file: anchored with a leading '/', and a space, '#', a wildcard, a bracket or a
    backslash escaped with a backslash, as GitHub and GitLab read it. None when no pattern
    can hold it (a line break or other control character, or bytes that are not UTF-8)."""
    if not path or any(_is_hidden(char) or unicodedata.category(char) in ("Cs", "Zl", "Zp") for char in path):
        return None
    return "/" + _CODEOWNERS_SPECIAL.sub(r"\\\1", path.lstrip("/"))


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
