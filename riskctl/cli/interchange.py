"""``riskctl export`` and ``riskctl import``: registers to and from spreadsheets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from riskctl.cli.options import At, Output, Paths, Today
from riskctl.cli.state import STATE, command, info, load, write_output
from riskctl.errors import EXIT_FINDINGS, UsageError

if TYPE_CHECKING:
    from riskctl.workspace import Workspace


def provenance(today: Any, at: str | None, workspace: Workspace | None = None) -> dict[str, Any]:
    """Which commit the output was made from, and whether the working tree differed from it.

    The repository is the one holding the registers (or the current directory for --at).
    """
    from riskctl import __version__
    from riskctl.errors import GitError
    from riskctl.gitlog import Repository

    facts: dict[str, Any] = {"generated": today.isoformat(), "riskctl": __version__, "commit": None, "dirty": None}
    try:
        where = workspace.registers[0].root if workspace and workspace.registers and not at else Path.cwd()
        with Repository(where) as repo:
            facts["commit"] = repo.resolve_at(at) if at else repo.head()
            facts["dirty"] = False if at else repo.is_dirty()
    except GitError:
        pass
    return facts


@command
def export(
    paths: Paths = None,
    format: Annotated[str, typer.Option("--format", "-f", help="csv, json or xlsx.")] = "csv",
    output: Output = None,
    policies: Annotated[
        bool, typer.Option("--policies", help="CSV only: export the policies instead of the risks.")
    ] = False,
    at: At = None,
    today: Today = None,
) -> int:
    """One row per risk (the list columns and every other field); XLSX and JSON hold policies too."""
    from riskctl.interchange import EXPORT_POLICY, EXPORT_RISK, export_rows, to_csv, to_json, to_xlsx

    if format not in ("csv", "json", "xlsx"):
        raise UsageError(f"--format {format}: expected csv, json or xlsx")
    day = STATE.today(today)
    workspace = load(paths, at)
    risks, policy_rows = export_rows(workspace, day)
    if format == "csv":
        text = to_csv(policy_rows, EXPORT_POLICY) if policies else to_csv(risks, EXPORT_RISK)
        write_output(text, output)
    elif format == "json":
        write_output(to_json(risks, policy_rows, provenance(day, at, workspace)), output)
    else:
        data = to_xlsx(risks, policy_rows, provenance(day, at, workspace))
        if output is None or output == "-":
            if sys.stdout.isatty():
                raise UsageError("--format xlsx writes a binary file: give --output FILE.xlsx")
            sys.stdout.buffer.write(data)
        else:
            from riskctl.editing import write_atomic

            target = Path(output)
            write_atomic(target, data, original=target.read_bytes() if target.is_file() else None)
    return 0


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
    from riskctl.authoring import modeline
    from riskctl.cli.author import _register
    from riskctl.interchange import import_rows, known_fields, load_mapping, read_table

    source = Path(file)
    if not source.is_file():
        raise UsageError(f"{file}: no such file")
    register = _register([into])
    columns = load_mapping(Path(mapping)) if mapping else {}
    unknown = sorted(set(columns) - set(known_fields()))
    if unknown:
        raise UsageError(f"--mapping: unknown field(s) {', '.join(unknown)}; known: {', '.join(known_fields())}")
    rows = read_table(source)
    if not rows:
        raise UsageError(f"{file}: no rows to import")
    result = import_rows(rows, register, columns, skip_invalid=skip_invalid, header=modeline(register, "risk"))
    for problem in result.skipped:
        sys.stderr.write(f"{file}: row {problem.row}: {problem.message}\n")
    if result.skipped and not skip_invalid:
        sys.stderr.write(f"riskctl: nothing imported: {len(result.skipped)} row(s) cannot be imported (see above)\n")
        return EXIT_FINDINGS
    for path in result.created:
        print(f"created {path}")
    noun = "risk" if len(result.created) == 1 else "risks"
    info(
        f"imported {len(result.created)} {noun} into {register.display}"
        + (f"; skipped {len(result.skipped)} row(s)" if result.skipped else "")
    )
    return 0
