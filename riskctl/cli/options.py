"""Option declarations several commands share."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

Paths = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="Workspaces, registers, directories or single files (default: the current directory).", show_default=False
    ),
]
At = Annotated[
    Optional[str],
    typer.Option("--at", metavar="REV|DATE", help="The registers as they stood at a git revision, or on a date."),
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Read every file afresh; neither use nor update riskctl's cache.")
]
Output = Annotated[
    Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.")
]


def complete_ids(incomplete: str) -> list[str]:
    """Shell completion for risk ids and policy references below the current directory."""
    from riskctl.core.load import load
    from riskctl.model.errors import RiskctlError

    try:
        workspace = load(["."]).workspace
    except RiskctlError:
        return []
    ids = sorted({item.id for item in workspace.items if item.file.readable})
    return [value for value in ids if value.casefold().startswith(incomplete.casefold())]


ItemId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="Risk id or policy reference; REGISTER:ID when ambiguous.", autocompletion=complete_ids
    ),
]
