"""``riskctl check``."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from riskctl import __version__
from riskctl.cli.options import At, NoCache, Output, Paths
from riskctl.cli.runtime import STATE, command, warn
from riskctl.core.check import CheckOptions
from riskctl.core.check import check as run
from riskctl.model.errors import UsageError
from riskctl.model.records import Severity
from riskctl.outputs.check import FORMATS, CheckFormat
from riskctl.outputs.check import Output as Rendered
from riskctl.outputs.escape import terminal
from riskctl.rules.engine import Selection
from riskctl.writing.atomic import write_output


@command
def check(
    paths: Paths = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    output: Output = None,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity.")
    ] = Severity.ERROR,
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
) -> int:
    """Parse, schema-validate and lint every register file; exit 1 on findings, 2 on usage problems."""
    selection = Selection.parse(select or (), ignore or ())
    today = STATE.today()
    if base is not None and at is not None:
        raise UsageError("--base compares the working tree with REV; it cannot be combined with --at")
    if base is not None or at is not None:
        from riskctl.history.git import check_revision

        check_revision(base if base is not None else at or "", "--base" if base is not None else "--at")
    options = CheckOptions(paths or ["."], today, base, at, use_cache=not no_cache)
    result = run(options).select(selection)
    color = format is CheckFormat.text and output is None and STATE.color()
    rendered = Rendered(result, today, __version__, fail_on, color)
    write_output(FORMATS[format](rendered), output)
    if format is CheckFormat.github and os.environ.get("GITHUB_STEP_SUMMARY"):
        from riskctl.outputs.check.ci import step_summary
        from riskctl.writing.atomic import append_summary

        append_summary(step_summary(rendered))
    if result.unusable:
        names = ", ".join(terminal(name) for name in result.unusable)
        warn(f"riskctl: cannot use the register(s) {names}: fix register.yaml (see above)")
    return result.exit_status(fail_on)
