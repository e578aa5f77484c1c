"""``riskctl due`` and ``codeowners``: what each owner must do, and who must approve a change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from riskctl.cli.options import Output, Paths
from riskctl.cli.runtime import STATE, command, info, report_unreadable, warn
from riskctl.outputs.escape import terminal
from riskctl.outputs.formats import DueFormat

if TYPE_CHECKING:
    from riskctl.core.owners import Remark

# Bodies import what they use (see cli/check.py).


def _say(remark: Remark) -> None:
    where = f"{terminal(remark.path)}:{remark.line}:{remark.column}" if remark.line else terminal(remark.path)
    warn(f"{where}: {terminal(remark.message)}")


@command
def due(
    paths: Paths = None,
    within: Annotated[
        Optional[str],
        typer.Option(
            "--within", metavar="DURATION", help="How far ahead, e.g. P2W (default: each register's warn_within)."
        ),
    ] = None,
    owner: Annotated[
        Optional[str], typer.Option("--owner", metavar="NAME", help="Only this owner: a name or handle, any case.")
    ] = None,
    format: Annotated[DueFormat, typer.Option("--format", "-f", help="Output format.")] = DueFormat.text,
    output: Output = None,
) -> int:
    """What each owner must do, overdue or falling due soon: reviews, actions, acceptances, targets."""
    import dataclasses

    from riskctl.core import owners
    from riskctl.core.load import load
    from riskctl.outputs.due import DUE_FORMATS
    from riskctl.writing.atomic import write_output

    today = STATE.today()
    owners.window(within)  # a usage error before any register is read
    workspace = load(paths).workspace
    found = owners.due(workspace, today, within=within, owner=owner)
    status = report_unreadable(workspace)
    for remark in owners.handle_remarks(workspace.registers):
        _say(remark)
    color = format is DueFormat.text and output is None and STATE.color()
    write_output(DUE_FORMATS[format](dataclasses.replace(found, color=color)), output)
    return status


@command
def codeowners(
    paths: Paths = None,
    output: Output = None,
    check: Annotated[
        Optional[str],
        typer.Option("--check", metavar="FILE", help="Exit 1 when FILE differs from what would be written."),
    ] = None,
) -> int:
    """CODEOWNERS lines from owners_map: each item file to its owners' handles, register.yaml to the register's."""
    from riskctl.core import owners
    from riskctl.core.load import load
    from riskctl.model.errors import EXIT_FINDINGS, UsageError
    from riskctl.outputs.codeowners import differences, to_codeowners
    from riskctl.writing.atomic import write_output

    if check is not None and output is not None:
        raise UsageError("--check and --output: give one (--check compares, --output writes)")
    existing = owners.read_existing(check) if check is not None else None
    found = owners.codeowners(load(paths).workspace)
    for remark in found.remarks:
        _say(remark)
    if not found.from_root:
        info("not in a git repository: paths are from the current directory, not a repository root")
    text = to_codeowners(found.codeowners)
    if check is None:
        write_output(text, output)
        return 0
    if existing == text:
        info(f"{terminal(check)} is up to date")
        return 0
    if existing is None:
        warn(f"{terminal(check)} does not exist: write it with riskctl codeowners -o {terminal(check)}")
        return EXIT_FINDINGS
    write_output(differences(existing, text, check), None)
    warn(f"{terminal(check)} differs from owners_map (diff above): write it again with riskctl codeowners -o FILE")
    return EXIT_FINDINGS
