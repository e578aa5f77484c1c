"""Option declarations shared by several commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from riskctl.workspace import Workspace

Paths = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="Workspaces, registers, directories or single files (default: the current directory).", show_default=False
    ),
]
Today = Annotated[
    Optional[str],
    typer.Option("--today", metavar="DATE", help="Treat DATE (YYYY-MM-DD) as today; also RISKCTL_TODAY."),
]
At = Annotated[
    Optional[str],
    typer.Option("--at", metavar="REV|DATE", help="The registers as they stood at a git revision, or on a date."),
]
Output = Annotated[
    Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.")
]


def load(paths: list[str] | None, at: str | None) -> Workspace:
    """The workspace now, or as it stood at ``--at`` (read from git objects)."""
    if at is None:
        from riskctl.workspace import load_workspace

        return load_workspace(paths or ["."])
    from riskctl.asof import load_at

    return load_at(paths or ["."], at)[0]
