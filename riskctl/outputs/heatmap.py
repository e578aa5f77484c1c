"""Heat maps on a register's own matrix: open risks counted per cell, and where appetite ends.

A cell with no risk holds no number at all (a pale score there was read as a count); the
cell's score and rating stay in its accessible description. The appetite line is the set
of cell edges between a cell whose score is within the register's appetite and one above
it, so it follows any matrix, product or grid, square or not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from riskctl.model.records import Register
from riskctl.model.scoring import Assessment, Level
from riskctl.outputs.listing import natural

Segment = tuple[int, int, int, int]  # x1, y1, x2, y2 in cells: x along impact, y down from the top row


@dataclass(frozen=True)
class Cell:
    likelihood: Level
    impact: Level
    score: int
    rating: str | None
    colour: str
    text_colour: str
    ids: tuple[str, ...]
    above_appetite: bool

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class HeatMap:
    part: str  # inherent | residual
    rows: tuple[tuple[Cell, ...], ...]  # highest likelihood first, impact lowest first
    impacts: tuple[Level, ...]
    appetite: int | None
    appetite_line: tuple[Segment, ...]  # empty without an appetite, or when no cell is above it

    @property
    def counted(self) -> int:
        return sum(cell.count for row in self.rows for cell in row)


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (#rgb or #rrggbb)."""
    value = background.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        return "#000000"
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def safe_colour(colour: str | None) -> str:
    return colour if colour and re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{1,30}", colour) else "#999999"


def heat_map(
    register: Register, placed: Sequence[tuple[str, Assessment]], part: str, *, appetite: bool = True
) -> HeatMap:
    """``placed``: the open risks' ids with their ``part`` assessment; ``appetite=False`` draws no
    appetite line (a portfolio of registers, each with its own)."""
    scheme = register.scheme
    assert scheme is not None
    default = register.appetite.default if register.appetite and appetite else None
    limit = default.score if default else None  # the register's own line; categories may differ
    cells_ids: dict[tuple[int, int], list[str]] = {}
    for ident, scored in placed:
        cells_ids.setdefault((scored.likelihood.score, scored.impact.score), []).append(ident)
    rows = []
    for likelihood in reversed(scheme.likelihood.levels):
        cells = []
        for impact in scheme.impact.levels:
            score = scheme.score(likelihood, impact)
            rating = scheme.rating(score)
            colour = safe_colour(rating.colour if rating else None)
            ids = tuple(sorted(cells_ids.get((likelihood.score, impact.score), []), key=natural))
            above = limit is not None and score > limit
            cells.append(Cell(likelihood, impact, score, rating.name if rating else None, colour,
                              text_colour(colour), ids, above))  # fmt: skip
        rows.append(tuple(cells))
    grid = tuple(rows)
    return HeatMap(part, grid, scheme.impact.levels, limit, appetite_line(grid))


def appetite_line(rows: Sequence[Sequence[Cell]]) -> tuple[Segment, ...]:
    """Every edge between a cell within appetite and a neighbour above it."""
    segments: list[Segment] = []
    for y, row in enumerate(rows):
        for x, cell in enumerate(row):
            if x + 1 < len(row) and cell.above_appetite != row[x + 1].above_appetite:
                segments.append((x + 1, y, x + 1, y + 1))
            if y + 1 < len(rows) and cell.above_appetite != rows[y + 1][x].above_appetite:
                segments.append((x, y + 1, x + 1, y + 1))
    return tuple(segments)
