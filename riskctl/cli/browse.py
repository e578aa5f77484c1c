"""``riskctl list`` and ``riskctl show``: the register at a glance, one item in full."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from riskctl.cli.options import At, ItemId, Output, Paths, Today
from riskctl.cli.state import STATE, command, load, write_output
from riskctl.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from riskctl.workspace import Item, Workspace


def console() -> Console:
    from rich.console import Console

    return Console(no_color=not STATE.color(), highlight=False, soft_wrap=False)


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
    sort: Annotated[
        Optional[str],
        typer.Option("--sort", help="residual (default), inherent, id, next-review, category or owner."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    output: Output = None,
    at: At = None,
    today: Today = None,
) -> int:
    """Table of risks (or --policies) with scores, ratings and review state."""
    from riskctl.listing import Filters, rows, to_csv, to_json

    if format not in ("table", "json", "csv"):
        raise UsageError(f"--format {format}: expected table, json or csv")
    day = STATE.today(today)
    workspace = load(paths, at)
    filters = Filters(category, owner, status, rating, overdue)
    found = rows(workspace, day, policies=policies, filters=filters, sort=sort)
    if format == "json":
        write_output(to_json(found), output)
    elif format == "csv":
        write_output(to_csv(found, policies), output)
    else:
        _table(found, workspace, policies, output)
    return 0


def _rating_text(part: dict[str, Any] | None, colours: dict[str, str]) -> str:
    if not part:
        return "-"
    rating = part.get("rating") or ""
    colour = colours.get(rating, "")
    shown = f"[{colour}]{rating}[/]" if colour.startswith("#") or colour.isalpha() else rating
    return f"{part['score']:>2} {shown}"


_STATE_STYLE = {"overdue": "[bold red]overdue[/]", "due-soon": "[yellow]due soon[/]", "ok": "ok"}


def _table(found: list[dict[str, Any]], workspace: Workspace, policies: bool, output: str | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    colours = {
        rating.name: rating.colour
        for register in workspace.registers
        if register.scheme
        for rating in register.scheme.ratings
    }
    several = len({row["register"] for row in found}) > 1
    table = Table(box=None, header_style="bold", pad_edge=False)
    if several:
        table.add_column("Register")
    table.add_column("Ref" if policies else "ID", no_wrap=True)
    table.add_column("Title", overflow="fold", ratio=3)
    if not policies:
        table.add_column("Inherent", no_wrap=True)
        table.add_column("Residual", no_wrap=True)
    table.add_column("Owner", overflow="fold", ratio=1)
    table.add_column("Next review", no_wrap=True)
    for row in found:
        cells = [row["register"]] if several else []
        cells.append(escape(str(row.get("reference") or row.get("id"))))
        cells.append(escape(str(row.get("title") or "")))
        if not policies:
            cells += [_rating_text(row.get("inherent"), colours), _rating_text(row.get("residual"), colours)]
        owner = row.get("owner")
        cells.append(escape(", ".join(owner) if isinstance(owner, list) else str(owner or "")))
        review = row["review"]
        cells.append(f"{review['next'] or '-'} {_STATE_STYLE[review['state']]}")
        table.add_row(*cells)
    kind = "policies" if policies else "risks"
    caption = f"{len(found)} {kind[:-1] if len(found) == 1 and not policies else kind}"
    if output:
        from rich.console import Console

        with open(output, "w", encoding="utf-8") as handle:
            Console(file=handle, no_color=True, width=160).print(table)
        return
    out = console()
    out.print(table)
    out.print(f"[dim]{caption}[/]")


@command
def show(
    item_id: ItemId,
    paths: Paths = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    at: At = None,
    today: Today = None,
) -> int:
    """One risk or policy in full: scores, ratings, review state, controls, actions and links."""
    from riskctl.listing import find_item

    if format not in ("text", "json"):
        raise UsageError(f"--format {format}: expected text or json")
    day = STATE.today(today)
    workspace = load(paths, at)
    item = find_item(workspace, item_id)
    if not item.file.valid:
        raise UsageError(f"{item.path} has problems; run riskctl check {item.path}")
    detail = describe(item, workspace, day)
    if format == "json":
        sys.stdout.write(json.dumps(detail, indent=2, ensure_ascii=False) + "\n")
        return 0
    _print_detail(item, detail)
    return 0


def describe(item: Item, workspace: Workspace, today: Any) -> dict[str, Any]:
    from riskctl.evaluate import owners
    from riskctl.listing import policy_row, risk_row

    row = risk_row(item, today) if item.kind == "risk" else policy_row(item, today)
    policies = {p.id: p for p in workspace.items("policy") if p.file.valid}
    if item.kind == "risk":
        names = list(item.data.get("policies") or []) + [
            c["policy"] for c in item.data.get("controls") or [] if isinstance(c, dict) and "policy" in c
        ]
        links = [
            {
                "reference": name,
                "title": policies[name].data.get("title") if name in policies else None,
                "found": name in policies,
            }
            for name in dict.fromkeys(names)
        ]
    else:
        links = [
            {"id": risk.qualified_id, "title": risk.data.get("title")}
            for risk in workspace.items("risk")
            if risk.file.valid
            and (
                item.id in (risk.data.get("policies") or [])
                or any(c.get("policy") == item.id for c in risk.data.get("controls") or [])
            )
        ]
    return {**row, "owner": owners(item.data.get("owner")), "links": links, "data": item.data}


def _print_detail(item: Item, detail: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    data = item.data
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def add(label: str, value: Any) -> None:
        if value not in (None, "", []):
            grid.add_row(label, value if isinstance(value, str) and value.startswith("\x00") else escape(str(value)))

    add("Register", f"{item.register.name} ({item.register.id})")
    add("File", item.path)
    add("Status", data.get("status"))
    add("Owner", ", ".join(detail["owner"]))
    if item.kind == "risk":
        add("Category", data.get("category"))
        add("Response", data.get("response"))
        for part in ("inherent", "residual", "target"):
            scored = detail.get(part)
            if scored:
                by = f", by {scored['by']}" if scored.get("by") else ""
                add(
                    part.capitalize(),
                    f"{scored['likelihood']} x {scored['impact']} = {scored['score']} ({scored['rating']}){by}",
                )
        appetite = item.register.scheme.appetite if item.register.scheme else None
        residual = detail.get("residual")
        if appetite is not None and residual:
            side = "above" if residual["score"] > appetite else "within"
            add("Appetite", f"{appetite} (residual is {side} appetite)")
    else:
        add("Applies to", ", ".join(data.get("applies_to") or []))
        add("Classification", data.get("classification"))
    review = detail["review"]
    cycle = (data.get("review") or {}).get("every")
    state = review["state"].replace("-", " ")
    add(
        "Review",
        f"last {review['last']}" + (f", every {cycle}" if cycle else "") + f", next {review['next'] or '-'}: {state}",
    )
    add("Statement" if item.kind == "risk" else "Summary", data.get("description") or data.get("summary"))
    out = console()
    out.print(f"[bold]{escape(item.qualified_id)}[/]  {escape(str(data.get('title', '')))}")
    out.print(grid)
    for heading, entries in (
        ("Controls", [c.get("description", "") for c in data.get("controls") or []]),
        (
            "Actions",
            [
                f"[{a.get('status')}] {a.get('description')} ({a.get('owner')}, due {a.get('due')})"
                for a in data.get("actions") or []
            ],
        ),
        (
            "Linked policies" if item.kind == "risk" else "Risks relying on it",
            [_link(link) for link in detail["links"]],
        ),
        ("Related policies", [str(ref) for ref in data.get("related") or []]),
        ("Procedures", [str(ref) for ref in data.get("procedures") or []]),
        ("Changes", [f"{c.get('date')}: {c.get('summary')}" for c in data.get("changes") or []]),
    ):
        if entries:
            out.print(f"\n[bold]{heading}[/]")
            listing = Table.grid(padding=(0, 1))
            listing.add_column(justify="right", no_wrap=True)
            listing.add_column(overflow="fold")
            for number, entry in enumerate(entries, 1):
                listing.add_row(f"  {number}.", escape(str(entry)))
            out.print(listing)


def _link(link: dict[str, Any]) -> str:
    if "reference" in link:
        return (
            f"{link['reference']}: {link['title']}" if link["found"] else f"{link['reference']} (not in any register)"
        )
    return f"{link['id']}: {link['title']}"
