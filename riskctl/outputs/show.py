"""``riskctl show``: one item in full, as JSON (SPEC §6 row plus links and the file's data) or for people."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from riskctl.model.facts import appetite_limit, owners
from riskctl.model.records import Item
from riskctl.model.workspace import Workspace
from riskctl.outputs.formats import ShowFormat
from riskctl.outputs.listing import policy_row, risk_row
from riskctl.outputs.terminal import console, markup, printed


@dataclass(frozen=True)
class Detail:
    item: Item
    record: dict[str, Any]  # what --format json prints
    color: bool = False
    width: int | None = None


def describe(item: Item, workspace: Workspace, today: dt.date) -> dict[str, Any]:
    row = risk_row(item, today) if item.kind == "risk" else policy_row(item, today)
    policies = {p.id: p for p in workspace.valid("policy")}
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
            for name in dict.fromkeys(str(n) for n in names)
        ]
    else:
        links = [
            {"id": risk.qualified_id, "title": risk.data.get("title")}
            for risk in workspace.valid("risk")
            if item.id in (risk.data.get("policies") or [])
            or any(isinstance(c, dict) and c.get("policy") == item.id for c in risk.data.get("controls") or [])
        ]
    extra: dict[str, Any] = {}
    if item.kind == "risk":
        limit = appetite_limit(item)
        extra["appetite_level"] = limit.level if limit else None  # a level's name (averse); null for a plain score
        extra["escalated_into"] = [
            {
                "id": feeder.qualified_id,
                "title": feeder.data.get("title"),
                "register": feeder.register.name,
                "residual": feeder.residual.to_json() if feeder.residual else None,
            }
            for feeder in sorted(workspace.organisation.escalated_into(item), key=lambda i: i.qualified_id)
        ]
    return {**row, **extra, "owner": owners(item.data.get("owner")), "links": links, "data": item.data}


def to_json(detail: Detail) -> str:
    return json.dumps(detail.record, indent=2, ensure_ascii=False) + "\n"


def _scores(item: Item, record: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for part in ("inherent", "residual", "target"):
        scored = record.get(part)
        if scored:
            by = f", by {scored['by']}" if scored.get("by") else ""
            rating = scored["rating"]
            rows.append(
                (part.capitalize(), f"{scored['likelihood']} x {scored['impact']} = {scored['score']} ({rating}){by}")
            )
    appetite, residual = record.get("appetite"), record.get("residual")
    if appetite is not None and residual:
        side = "above" if residual["score"] > appetite else "within"
        limit = appetite_limit(item)
        rows.append(("Appetite", f"{limit.describe() if limit else appetite} (residual is {side} appetite)"))
    escalation = record.get("escalation")
    if escalation:
        said = item.data["escalation"].get("note")
        on = f" on {escalation['on']}" if escalation.get("on") else ""
        rows.append(("Escalated to", f"{escalation['to']}{on}" + (f": {said}" if isinstance(said, str) else "")))
    return rows


def _fields(item: Item, record: dict[str, Any]) -> list[tuple[str, object]]:
    data = item.data
    rows: list[tuple[str, object]] = [
        ("Register", f"{item.register.name} ({item.register.id})"),
        ("File", item.path),
        ("Status", data.get("status")),
        ("Owner", ", ".join(record["owner"])),
    ]
    if item.kind == "risk":
        rows += [("Category", data.get("category")), ("Response", data.get("response"))]
        rows += _scores(item, record)
    else:
        rows += [("Applies to", ", ".join(str(v) for v in data.get("applies_to") or [])),
                 ("Classification", data.get("classification"))]  # fmt: skip
    review = record["review"]
    cycle = (data.get("review") or {}).get("every")
    state = review["state"].replace("-", " ")
    when = f"last {review['last']}" + (f", every {cycle}" if cycle else "") + f", next {review['next'] or '-'}: {state}"
    rows.append(("Review", when))
    rows.append(("Statement" if item.kind == "risk" else "Summary", data.get("description") or data.get("summary")))
    return rows


def _lists(item: Item, record: dict[str, Any]) -> list[tuple[str, list[str]]]:
    data = item.data

    def entries(name: str) -> list[Any]:
        value = data.get(name)
        return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []

    actions = [
        f"[{a.get('status')}] {a.get('description')} ({a.get('owner')}, due {a.get('due')})" for a in entries("actions")
    ]
    links = [_link(link) for link in record["links"]]
    feeding = [
        f"{feed['id']}: {feed['title']} ({feed['register']}"
        + (f", residual {feed['residual']['score']} {feed['residual']['rating']})" if feed["residual"] else ")")
        for feed in record.get("escalated_into", [])
    ]
    return [
        ("Escalated into it", feeding),
        ("Controls", [str(c.get("description", "")) for c in entries("controls")]),
        ("Actions", actions),
        ("Linked policies" if item.kind == "risk" else "Risks relying on it", links),
        ("Related policies", [str(ref) for ref in data.get("related") or []]),
        ("Procedures", [str(ref) for ref in data.get("procedures") or []]),
        ("Changes", [f"{c.get('date')}: {c.get('summary')}" for c in entries("changes")]),
    ]


def to_text(detail: Detail) -> str:
    from rich.table import Table

    item, record = detail.item, detail.record
    out, buffer = console(detail.color, detail.width)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in _fields(item, record):
        if value not in (None, "", []):
            grid.add_row(label, markup(value))
    out.print(f"[bold]{markup(item.qualified_id)}[/]  {markup(item.data.get('title', ''))}")
    out.print(grid)
    for heading, lines in _lists(item, record):
        if not lines:
            continue
        out.print(f"\n[bold]{heading}[/]")
        listing = Table.grid(padding=(0, 1))
        listing.add_column(justify="right", no_wrap=True)
        listing.add_column(overflow="fold")
        for number, line in enumerate(lines, 1):
            listing.add_row(f"  {number}.", markup(line))
        out.print(listing)
    return printed(buffer)


def _link(link: dict[str, Any]) -> str:
    if "reference" in link:
        return (
            f"{link['reference']}: {link['title']}" if link["found"] else f"{link['reference']} (not in any register)"
        )
    return f"{link['id']}: {link['title']}"


SHOW_FORMATS = {ShowFormat.text: to_text, ShowFormat.json: to_json}
