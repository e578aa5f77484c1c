"""Option declarations shared by several commands."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

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
Output = Annotated[
    Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.")
]
