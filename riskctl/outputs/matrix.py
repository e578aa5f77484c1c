"""``riskctl matrix``: each register's heat maps in the terminal, inherent and residual side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from riskctl.outputs.escape import terminal
from riskctl.outputs.report import Section
from riskctl.outputs.terminal import console, markup, printed


@dataclass(frozen=True)
class Matrices:
    sections: Sequence[Section]
    ids: bool = False
    color: bool = False
    width: int | None = None


def to_text(matrices: Matrices) -> str:
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text

    out, buffer = console(matrices.color, matrices.width or 160)
    for section in matrices.sections:
        tables = []
        for heat in section.heat_maps:
            title = "Inherent (before controls)" if heat.part == "inherent" else "Residual (after controls)"
            table = Table(title=title, show_lines=True, header_style="bold", title_style="bold")
            table.add_column("Likelihood \\ Impact", justify="right")
            for impact in heat.impacts:
                width = 18 if matrices.ids else 14  # "3 Significant" on one line
                table.add_column(Text(terminal(f"{impact.score} {impact.label}")), justify="center", max_width=width)
            for row in heat.rows:
                cells: list[Text] = [Text(terminal(f"{row[0].likelihood.score} {row[0].likelihood.label}"))]
                for cell in row:
                    label = (", ".join(cell.ids) if matrices.ids else str(cell.count)) if cell.count else "·"
                    style = f"{cell.text_colour} on {cell.colour}" if cell.count else "dim"
                    cells.append(Text(label, style=style))
                table.add_row(*cells)
            tables.append(table)
        register = section.register
        if section.portfolio:
            names = ", ".join(section.portfolio)
            out.print(f"[bold]Portfolio[/]: {section.summary.open} open risks of {markup(names)}")
        else:
            out.print(f"[bold]{markup(register.name)}[/] ({markup(register.id)}): {section.summary.open} open risks")
        out.print(Columns(tables, padding=(0, 4)))
        legend = "  ".join(f"[{colour}]■[/] {markup(name)}" for name, colour, _ in section.summary.by_rating)
        out.print(f"Ratings: {legend}\n")
        if section.elsewhere:
            out.print(f"On another scoring scheme, not in this map: {markup(', '.join(section.elsewhere))}\n")
    return printed(buffer)
