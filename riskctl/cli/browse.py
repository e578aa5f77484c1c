"""``riskctl list``, ``show`` and ``matrix``: the registers at a glance, one item in full, heat maps."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from riskctl.cli.options import At, ItemId, Output, Paths
from riskctl.cli.runtime import STATE, command, report_unreadable
from riskctl.outputs.formats import ListFormat, RiskSort, ShowFormat

# Bodies import what they use (see cli/check.py).


@command
def list_items(
    paths: Paths = None,
    policies: Annotated[bool, typer.Option("--policies", help="List policies instead of risks.")] = False,
    category: Annotated[Optional[str], typer.Option("--category", help="Only this category.")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner", help="Only items whose owner contains this text.")] = None,
    status: Annotated[
        Optional[str], typer.Option("--status", help="Only this status (open, closed; active, ...).")
    ] = None,
    rating: Annotated[Optional[str], typer.Option("--rating", help="Only risks with this residual rating.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only items whose review is overdue.")] = False,
    register: Annotated[
        Optional[list[str]],
        typer.Option("--register", metavar="ID", help="Only this register (by id); repeat for more."),
    ] = None,
    sort: Annotated[Optional[RiskSort], typer.Option("--sort", help="Order (default: residual; policies: id).")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    output: Output = None,
    at: At = None,
) -> int:
    """Table of risks (or --policies) with scores, ratings and review state."""
    from riskctl.core import browse
    from riskctl.core.load import load
    from riskctl.outputs.listing import LIST_FORMATS, Listing
    from riskctl.writing.atomic import write_output

    today = STATE.today()
    workspace = load(paths, at).workspace
    if not all(known.usable for known in workspace.registers):
        report_unreadable(workspace)  # exit 2: it, not the filter value it would make unknown, is the problem
    filters = browse.Filters(category, owner, status, rating, overdue, tuple(register or ()))
    browse.check_filters(workspace, filters, policies)  # usage errors before anything else is said (SPEC §7)
    found = browse.rows(workspace, today, policies=policies, filters=filters, sort=sort)
    status_code = report_unreadable(workspace)
    color = format is ListFormat.table and output is None and STATE.color()
    width = STATE.width() if output is None else 160
    listing = Listing(found, policies, browse.rating_colours(workspace), color, width)
    write_output(LIST_FORMATS[format](listing), output)
    return status_code


@command
def show(
    item_id: ItemId,
    paths: Paths = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = ShowFormat.text,
    at: At = None,
) -> int:
    """One risk or policy in full: scores, ratings, review state, controls, actions and links."""
    from riskctl.core.browse import find_item
    from riskctl.core.load import load
    from riskctl.outputs.show import SHOW_FORMATS, Detail, describe
    from riskctl.writing.atomic import write_output

    today = STATE.today()
    workspace = load(paths, at).workspace
    status_code = report_unreadable(workspace)
    item = find_item(workspace, item_id)
    if not item.register.usable:
        return status_code
    detail = Detail(item, describe(item, workspace, today), STATE.color(), STATE.width())
    write_output(SHOW_FORMATS[format](detail), None)
    return status_code


@command
def matrix(
    paths: Paths = None,
    ids: Annotated[bool, typer.Option("--ids", help="Show the risk ids in each cell instead of counts.")] = False,
    portfolio: Annotated[
        bool, typer.Option("--portfolio", help="Every register's open risks on one map (those sharing a scheme).")
    ] = False,
    at: At = None,
) -> int:
    """Heat maps in the terminal: open risks per cell, inherent and residual side by side."""
    from riskctl.core.browse import sections
    from riskctl.core.load import load
    from riskctl.model.errors import UsageError
    from riskctl.outputs.matrix import Matrices, to_text
    from riskctl.writing.atomic import write_output

    today = STATE.today()
    workspace = load(paths, at).workspace
    status_code = report_unreadable(workspace)
    drawn = sections(workspace, today, portfolio=portfolio)
    if not drawn:
        if status_code:
            return status_code
        raise UsageError("no register with risks and a scoring scheme here")
    write_output(to_text(Matrices(drawn, ids, STATE.color(), STATE.width(piped=160))), None)
    return status_code
