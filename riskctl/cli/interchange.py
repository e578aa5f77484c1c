"""``riskctl export`` and ``riskctl import``: registers to and from spreadsheets."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from riskctl.cli.options import At, Output, Paths
from riskctl.cli.runtime import STATE, command, info, is_terminal, left_out, report_unreadable, warn
from riskctl.model.errors import EXIT_FINDINGS, UsageError
from riskctl.outputs.escape import terminal
from riskctl.outputs.formats import ExportFormat

if TYPE_CHECKING:
    from riskctl.core.interchange import ImportOutcome

# Bodies import what they use (see cli/check.py).


@command
def export(
    paths: Paths = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.csv,
    output: Output = None,
    policies: Annotated[
        bool, typer.Option("--policies", help="CSV only: export the policies instead of the risks.")
    ] = False,
    at: At = None,
    template: Annotated[
        Optional[str],
        typer.Option("--template", metavar="REGISTER", help="An empty XLSX workbook for REGISTER, with drop-downs."),
    ] = None,
) -> int:
    """One row per risk (the list columns and every other field); XLSX and JSON hold policies too."""
    from riskctl.core import report as core
    from riskctl.outputs.export import EXPORT_FORMATS
    from riskctl.writing.atomic import write_output

    if template is not None:
        if paths or at is not None or policies:
            raise UsageError("--template REGISTER takes no PATHS, --at or --policies")
        format = ExportFormat.xlsx
    if format is ExportFormat.xlsx and (output is None or output == "-") and is_terminal(sys.stdout):
        raise UsageError("--format xlsx writes a binary file: give --output FILE.xlsx")
    today = STATE.today()
    if template is not None:
        write_output(EXPORT_FORMATS[format](core.template(template, today)), output)
        return 0
    found, workspace = core.export(paths, today, at=at, policies_only=policies)
    status = report_unreadable(workspace)
    write_output(EXPORT_FORMATS[format](found), output)
    return status


@command
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A .csv or .xlsx file.")],
    into: Annotated[str, typer.Option("--into", metavar="REGISTER", help="The register to import into.")],
    mapping: Annotated[
        Optional[str],
        typer.Option("--mapping", metavar="FILE", help="YAML: the sheet, its headings and their fields (README)."),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the rows that can be; name the rest; exit 1.")
    ] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Change the items that exist, in place (only what differs).")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
) -> int:
    """One file per row, or with --update edits in place; nothing is written if any row is invalid."""
    from riskctl.core.interchange import ImportOptions, run_import

    options = ImportOptions(file, into, STATE.today(), mapping, skip_invalid, update, dry_run)
    outcome = run_import(options)
    left_out(outcome.unreadable)  # noted, as new and review note them; the exit status is import's own
    for line in outcome.read + outcome.notes:
        info(line)
    for problem in outcome.problems:
        warn(f"{terminal(str(problem))}")
    if outcome.problems and not skip_invalid:
        warn(f"riskctl: nothing imported: {outcome.skipped} cannot be imported (see above)")
        return EXIT_FINDINGS
    _print_plan(outcome, dry_run)
    if outcome.check is not None:
        from riskctl import __version__
        from riskctl.outputs.check import FORMATS, CheckFormat
        from riskctl.outputs.check import Output as Rendered

        print(FORMATS[CheckFormat.text](Rendered(outcome.check, STATE.today(), __version__)), end="")
    return EXIT_FINDINGS if outcome.problems else 0


def _print_plan(outcome: ImportOutcome, dry_run: bool) -> None:
    """What was (or with --dry-run would be) written: ``field: old -> new`` for each item changed."""
    from riskctl.outputs.changes import describe_change, show_value

    plan = outcome.plan
    for step in plan.steps:
        path = terminal(step.shown)
        if step.created:
            print(f"{'would create' if dry_run else 'created'} {path}")
            continue
        if not dry_run:
            print(f"updated {path}: {', '.join(terminal(change.field) for change in step.changes)}")
            continue
        print(f"would update {path}:")
        for change in step.changes:
            if isinstance(change.old, list) and isinstance(change.new, list):
                print(f"  {terminal(describe_change(change))}")
            else:
                old, new = terminal(show_value(change.old)), terminal(show_value(change.new))
                print(f"  {terminal(change.field)}: {old} -> {new}")
    created = sum(1 for step in plan.steps if step.created)
    parts = [f"{created} created", f"{len(plan.steps) - created} updated", f"{len(plan.unchanged)} unchanged"]
    verb = "would import" if dry_run else "imported"
    info(f"{verb} into {outcome.register}: {', '.join(parts)}" + ("; nothing written (--dry-run)" if dry_run else ""))
    if outcome.problems:  # said even with -q: the exit status 1 says no more than that rows were left out
        warn(f"riskctl: skipped {outcome.skipped} (see above)")
