"""Option declarations shared by several commands."""

from __future__ import annotations

import os
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
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Read every file afresh; neither use nor update .riskctl_cache/.")
]
Output = Annotated[
    Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.")
]


def load(paths: list[str] | None, at: str | None, *, use_cache: bool = True) -> Workspace:
    """The workspace now (through the cache unless told otherwise), or as it stood at ``--at``."""
    if at is None:
        from riskctl.workspace import load_workspace

        return load_workspace(paths or ["."], use_cache=use_cache and not os.environ.get("RISKCTL_NO_CACHE"))
    from riskctl.asof import load_at

    return load_at(paths or ["."], at)[0]


def complete_ids(incomplete: str) -> list[str]:
    """Shell completion for risk ids and policy references below the current directory."""
    from riskctl.errors import RiskctlError
    from riskctl.workspace import load_workspace

    try:
        workspace = load_workspace(["."])
    except RiskctlError:
        return []
    ids = sorted({item.id for item in workspace.items() if item.file.document is not None})
    return [value for value in ids if value.casefold().startswith(incomplete.casefold())]


ItemId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="Risk id or policy reference; REGISTER:ID when ambiguous.", autocompletion=complete_ids
    ),
]
