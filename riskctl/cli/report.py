"""``riskctl report`` and ``riskctl matrix``: the registers for people, on paper, screen and terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from riskctl.cli.options import At, Output, Paths, Today
from riskctl.cli.state import STATE, command, load, write_output
from riskctl.errors import UsageError


def _baseline(since: str, at: str | None) -> tuple[dict[str, Any], dict[tuple[str, str], int], list[Any]]:
    """The registers at ``--since``: its commit, each risk's residual score, and the changes since."""
    from riskctl.changes import diff_snapshots
    from riskctl.gitlog import Repository
    from riskctl.history import Parser, snapshot_at, snapshot_worktree

    with Repository(Path.cwd()) as repo:
        commit = repo.resolve_at(since)
        parser = Parser()
        before = snapshot_at(repo, commit, parser)
        after = snapshot_at(repo, repo.resolve_at(at), parser) if at else snapshot_worktree(repo, parser)
    scores = {}
    for key, version in before.items.items():
        score = version.fields.get("residual.score")
        if key[1] == "risk" and isinstance(score, int):
            scores[(key[0], key[2])] = score
    return {"label": since, "commit": commit}, scores, diff_snapshots(before, after)


@command
def report(
    paths: Paths = None,
    format: Annotated[str, typer.Option("--format", "-f", help="html or md.")] = "html",
    output: Output = None,
    at: At = None,
    since: Annotated[
        Optional[str], typer.Option("--since", metavar="REV|DATE", help="Baseline for trends and the changes section.")
    ] = None,
    template_dir: Annotated[
        Optional[str],
        typer.Option("--template-dir", metavar="DIR", help="Your report.html.j2 / report.md.j2 (sandboxed)."),
    ] = None,
    today: Today = None,
) -> int:
    """Render the registers as one self-contained HTML file or as Markdown."""
    from riskctl import __version__
    from riskctl.cli.interchange import provenance
    from riskctl.reporting import build_report, render

    if format not in ("html", "md"):
        raise UsageError(f"--format {format}: expected html or md")
    directory = Path(template_dir) if template_dir else None
    if directory is not None and not directory.is_dir():
        raise UsageError(f"--template-dir {template_dir}: not a directory")
    day = STATE.today(today)
    workspace = load(paths, at)
    since_info, baseline, changes = _baseline(since, at) if since else (None, None, [])
    document = build_report(
        workspace,
        day,
        version=__version__,
        provenance=provenance(day, at, workspace),
        since=since_info,
        baseline=baseline,
        changes=changes,
    )
    try:
        text = render(document, format, directory)
    except Exception as error:  # a user template that fails: one line, exit 2
        import jinja2

        if isinstance(error, jinja2.TemplateError | jinja2.exceptions.SecurityError):
            raise UsageError(f"the report template failed: {type(error).__name__}: {error}") from None
        raise
    write_output(text, output)
    return 0


@command
def matrix(
    paths: Paths = None,
    ids: Annotated[bool, typer.Option("--ids", help="Show the risk ids in each cell instead of counts.")] = False,
    at: At = None,
    today: Today = None,
) -> int:
    """Heat maps in the terminal: open risks per cell, inherent and residual side by side."""
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text

    from riskctl.cli.browse import console
    from riskctl.reporting import build_section

    day = STATE.today(today)
    workspace = load(paths, at)
    out = console()
    shown = 0
    for register in workspace.registers:
        if register.scheme is None or not register.risks:
            continue
        section = build_section(register, day, None, [])
        tables = []
        for heat in section.heat_maps:
            title = "Inherent (before controls)" if heat.part == "inherent" else "Residual (after controls)"
            table = Table(title=title, show_lines=True, header_style="bold", title_style="bold")
            table.add_column("Likelihood \\ Impact", justify="right")
            for impact in heat.impacts:
                table.add_column(f"{impact.score} {impact.label}", justify="center", max_width=18 if ids else 12)
            for row in heat.rows:
                cells: list[Text | str] = [f"{row[0].likelihood.score} {row[0].likelihood.label}"]
                for cell in row:
                    label = ", ".join(cell.ids) if ids else str(cell.count)
                    if not cell.count:
                        label = "·"
                    style = f"{cell.text_colour} on {cell.colour}" if cell.count else "dim"
                    cells.append(Text(label, style=style))
                table.add_row(*cells)
            tables.append(table)
        out.print(f"[bold]{register.name}[/] ({register.id}): {section.summary.open} open risks")
        out.print(Columns(tables, padding=(0, 4)))
        legend = "  ".join(f"[{colour}]■[/] {name}" for name, colour, _ in section.summary.by_rating)
        out.print(f"Ratings: {legend}\n")
        shown += 1
    if not shown:
        raise UsageError("no register with risks and a scoring scheme here")
    return 0
