"""``riskctl report``: the registers for people, as one self-contained HTML file, Markdown or a PDF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from riskctl.cli.options import At, Output, Paths
from riskctl.cli.runtime import STATE, command, is_terminal, report_unreadable, warn
from riskctl.model.errors import UsageError
from riskctl.outputs.escape import terminal
from riskctl.outputs.formats import ReportFormat

# Bodies import what they use (see cli/check.py).


@command
def report(
    paths: Paths = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.html,
    output: Output = None,
    at: At = None,
    since: Annotated[
        Optional[str], typer.Option("--since", metavar="REV|DATE", help="Baseline for trends and the changes section.")
    ] = None,
    template_dir: Annotated[
        Optional[str],
        typer.Option(
            "--template-dir", metavar="DIR", help="Your report.html.j2 (HTML and PDF) / report.md.j2 (sandboxed)."
        ),
    ] = None,
) -> int:
    """Render the registers as one self-contained HTML file, as Markdown, or as a PDF board pack on A4."""
    from riskctl.core import report as core
    from riskctl.history.words import check_revision
    from riskctl.outputs.report import render
    from riskctl.writing.atomic import write_output

    directory = Path(template_dir) if template_dir else None
    if directory is not None and not directory.is_dir():
        raise UsageError(f"--template-dir {template_dir}: not a directory")
    for option, value in (("--at", at), ("--since", since)):
        if value is not None:
            check_revision(value, option)
    if format is ReportFormat.pdf:
        from riskctl.outputs.pdf import require

        require()
        if (output is None or output == "-") and is_terminal(sys.stdout):
            raise UsageError("--format pdf writes a binary file: give -o FILE.pdf")
    today = STATE.today()
    document, workspace = core.report(paths, today, at=at, since=since)
    status = report_unreadable(workspace)
    unread = document.history.get("unread") if document.history else None
    if unread:
        warn(f"git could not be read ({terminal(unread)}): the report has no trends (said in the report)")
    write_output(render(document, format, directory), output)
    return 1 if unread else status
