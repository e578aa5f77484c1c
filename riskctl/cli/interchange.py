"""``riskctl export`` and ``riskctl import``: registers to and from spreadsheets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from riskctl.cli.options import At, Output, Paths
from riskctl.cli.runtime import STATE, command, info, report_unreadable, warn
from riskctl.model.errors import EXIT_FINDINGS, UsageError
from riskctl.outputs.escape import terminal
from riskctl.outputs.formats import ExportFormat

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
) -> int:
    """One row per risk (the list columns and every other field); XLSX and JSON hold policies too."""
    from riskctl.core import report as core
    from riskctl.outputs.export import EXPORT_FORMATS
    from riskctl.writing.atomic import write_output

    if format is ExportFormat.xlsx and (output is None or output == "-") and sys.stdout.isatty():
        raise UsageError("--format xlsx writes a binary file: give --output FILE.xlsx")
    today = STATE.today()
    found, workspace = core.export(paths, today, at=at, policies_only=policies)
    status = report_unreadable(workspace)
    write_output(EXPORT_FORMATS[format](found), output)
    return status


@command
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A .csv or .xlsx file.")],
    into: Annotated[str, typer.Option("--into", metavar="REGISTER", help="The register to add the risks to.")],
    mapping: Annotated[
        Optional[str], typer.Option("--mapping", metavar="FILE", help="YAML 'columns:' mapping fields to headings.")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows, report the rest.")
    ] = False,
) -> int:
    """Create one risk file per row; nothing is written if any row is invalid (unless --skip-invalid)."""
    from riskctl.core.author import target_register
    from riskctl.writing.authoring import modeline
    from riskctl.writing.importing import import_rows, known_fields, load_mapping, read_table

    source = Path(file)
    if not source.is_file():
        raise UsageError(f"{file}: no such file")
    target = target_register([into])
    columns = load_mapping(Path(mapping)) if mapping else {}
    unknown = sorted(set(columns) - set(known_fields()))
    if unknown:
        raise UsageError(f"--mapping: unknown field(s) {', '.join(unknown)}; known: {', '.join(known_fields())}")
    rows = read_table(source)
    if not rows:
        raise UsageError(f"{file}: no rows to import")
    existing = [item.id for item in target.items("risk")]
    header = modeline(target.items("risk"), "risk")
    result = import_rows(rows, target.register, existing, columns, skip_invalid=skip_invalid, header=header)
    for problem in result.skipped:
        warn(f"{terminal(file)}: row {problem.row}: {terminal(problem.message)}")
    if result.skipped and not skip_invalid:
        warn(f"riskctl: nothing imported: {len(result.skipped)} row(s) cannot be imported (see above)")
        return EXIT_FINDINGS
    for path in result.created:
        print(f"created {terminal(path)}")
    noun = "risk" if len(result.created) == 1 else "risks"
    info(
        f"imported {len(result.created)} {noun} into {target.register.display}"
        + (f"; skipped {len(result.skipped)} row(s)" if result.skipped else "")
    )
    return EXIT_FINDINGS if result.skipped else report_unreadable(target.workspace)
