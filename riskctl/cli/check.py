"""``riskctl check``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from riskctl.cli.options import At, NoCache, Output, Paths, Today
from riskctl.cli.plain import FORMAT_CHOICES
from riskctl.cli.state import command


@command
def check(
    paths: Paths = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMAT_CHOICES)}.")
    ] = "text",
    output: Output = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity: error or warning.")
    ] = "error",
    select: Annotated[
        Optional[list[str]],
        typer.Option("--select", metavar="CODES", help="Only these rules (codes or prefixes, e.g. RC3)."),
    ] = None,
    ignore: Annotated[
        Optional[list[str]], typer.Option("--ignore", metavar="CODES", help="Skip these rules (codes or prefixes).")
    ] = None,
    base: Annotated[
        Optional[str], typer.Option("--base", metavar="REV", help="Also run the change rules (RC5xx) against REV.")
    ] = None,
    at: At = None,
    no_cache: NoCache = False,
    today: Today = None,
) -> int:
    """Parse, schema-validate and lint every register file; exit 1 on findings, 2 on usage problems."""
    from riskctl.cli import plain

    return plain.check(paths, format, output, fail_on, select, ignore, base, at, no_cache, today)
