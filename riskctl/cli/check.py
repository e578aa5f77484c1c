"""``riskctl check``."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from riskctl.cli.options import At, NoCache, Output, Paths
from riskctl.cli.runtime import STATE, command, warn
from riskctl.outputs.escape import terminal
from riskctl.outputs.formats import CheckFormat, FailOn

# typer reads every command's options on each run, so the cli modules import only what the
# options need and each body imports the rest (loading all of riskctl first cost 130 ms a run).


@command
def check(
    paths: Paths = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    output: Output = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity.")
    ] = FailOn.error,
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
    whole: Annotated[
        bool,
        typer.Option(
            "--whole", help="PATHS are changed files: check their registers, and any a commit deletes from, whole."
        ),
    ] = False,
) -> int:
    """Parse, schema-validate and lint every register file; exit 1 on findings, 2 on usage problems."""
    from riskctl import __version__
    from riskctl.core.check import CheckOptions
    from riskctl.core.check import check as run
    from riskctl.model.errors import UsageError
    from riskctl.model.records import Severity
    from riskctl.outputs.check import FORMATS
    from riskctl.outputs.check import Output as Rendered
    from riskctl.rules.engine import Selection
    from riskctl.writing.atomic import append_summary, write_output

    selection = Selection.parse(select or (), ignore or ())
    today = STATE.today()
    if base is not None and at is not None:
        raise UsageError("--base compares the working tree with REV; it cannot be combined with --at")
    if whole and (base is not None or at is not None):
        raise UsageError("--whole checks the registers a commit changes; it cannot be combined with --base or --at")
    for option, value in (("--base", base), ("--at", at)):
        if value is not None:
            from riskctl.history.words import check_revision  # here: most checks run no git

            check_revision(value, option)
    options = CheckOptions(paths or ([] if whole else ["."]), today, base, at, use_cache=not no_cache, whole=whole)
    result = run(options).select(selection)
    severity = Severity(fail_on.value)
    color = format is CheckFormat.text and output is None and STATE.color()
    rendered = Rendered(result, today, __version__, severity, color)
    write_output(FORMATS[format](rendered), output)
    if format is CheckFormat.github and os.environ.get("GITHUB_STEP_SUMMARY"):
        from riskctl.outputs.check.ci import step_summary

        append_summary(step_summary(rendered))
    _warn(result.stale_schemas, result.unusable)
    return result.exit_status(severity)


def _warn(stale_schemas: list[str], unusable: list[str]) -> None:
    """What people must fix that is not a finding: old schema copies, unusable registers."""
    import shlex

    for copy in stale_schemas:
        register = os.path.dirname(os.path.dirname(copy)) or "."
        warn(
            f"riskctl: {terminal(copy)} is an older copy of riskctl's schema (editors check files against it); "
            f"refresh it with: riskctl init --update-schemas {terminal(shlex.quote(register))}"
        )
    if unusable:
        names = ", ".join(terminal(name) for name in unusable)
        warn(f"riskctl: cannot use the register(s) {names}: fix register.yaml (see above)")
