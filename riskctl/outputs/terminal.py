"""Rich, for the views that lay out a grid in a terminal (``show``, ``matrix``), rendered to text."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from riskctl.outputs.escape import terminal

if TYPE_CHECKING:
    from rich.console import Console


def console(color: bool, width: int | None = None) -> tuple[Console, io.StringIO]:
    from rich.console import Console

    buffer = io.StringIO()
    out = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="truecolor" if color else None,
        highlight=False,
        soft_wrap=False,
        width=width or 100,
        emoji=False,
    )
    return out, buffer


def printed(buffer: io.StringIO) -> str:
    """What was printed, without the spaces Rich pads each line with to the console's width."""
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())


def markup(value: object) -> str:
    """User text as Rich markup that shows exactly the text (control characters made visible)."""
    from rich.markup import escape

    return escape(terminal(value))
