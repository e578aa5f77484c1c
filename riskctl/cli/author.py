"""``riskctl init``, ``new`` and ``review``: start a register, add items, record reviews."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from riskctl.cli.options import ItemId, Paths, Today
from riskctl.cli.state import STATE, command, info
from riskctl.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from riskctl.workspace import Register


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@command
def init(
    directory: Annotated[str, typer.Argument(help="Where to create the register (default: here).")] = ".",
    name: Annotated[str, typer.Option("--name", help="The register's display name.")] = "Risk Register",
    owner: Annotated[
        str, typer.Option("--owner", help="Who owns it (also the example items' owner).")
    ] = "Chief Executive",
    level: Annotated[str, typer.Option("--level", help="strategic, corporate, directorate, ...")] = "strategic",
    today: Today = None,
) -> int:
    """Create a working register: register.yaml, an example risk and policy, schemas, pre-commit and CI files."""
    from riskctl.authoring import init_register

    levels = ("strategic", "corporate", "directorate", "departmental", "operational", "project")
    if level not in levels:
        raise UsageError(f"--level {level}: expected one of {', '.join(levels)}")
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    result = init_register(target, name=name, owner=owner, level=level, today=STATE.today(today))
    for path in result.written:
        print(f"created {os.path.relpath(path)}")
    for path in result.skipped:
        info(f"kept {os.path.relpath(path)} as it is (it already exists)")
    info(f"next: riskctl check {directory} and riskctl new risk {directory}")
    return 0


def _register(workspace_paths: list[str]) -> Register:
    from riskctl.workspace import load_workspace

    workspace = load_workspace(workspace_paths)
    if len(workspace.registers) != 1:
        names = ", ".join(register.display for register in workspace.registers)
        raise UsageError(f"several registers here ({names}); name the one to add to")
    register = workspace.registers[0]
    if not register.usable:
        raise ConfigError(f"{register.file.path} has problems; run riskctl check {register.display}")
    return register


@command
def new(
    kind: Annotated[str, typer.Argument(metavar="risk|policy", help="What to create.")],
    register_path: Annotated[
        Optional[str], typer.Argument(metavar="[REGISTER]", help="The register (default: here).")
    ] = None,
    item_id: Annotated[Optional[str], typer.Option("--id", help="The id (default: the next free one).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="One line.")] = None,
    category: Annotated[Optional[str], typer.Option("--category", help="Risk category.")] = None,
    owner: Annotated[Optional[list[str]], typer.Option("--owner", help="Owner; repeat for joint owners.")] = None,
    inherent: Annotated[
        Optional[str], typer.Option("--inherent", metavar="L,I", help="Before controls, e.g. 3,4.")
    ] = None,
    residual: Annotated[
        Optional[str], typer.Option("--residual", metavar="L,I", help="After controls, e.g. 2,3.")
    ] = None,
    reference: Annotated[Optional[str], typer.Option("--reference", help="Policy reference, e.g. O28.")] = None,
    every: Annotated[Optional[str], typer.Option("--every", help="Policy review cycle, e.g. P2Y.")] = None,
    today: Today = None,
) -> int:
    """Create the next risk or policy from flags; prompts for missing values on a terminal only."""
    from riskctl.authoring import check_new_file, next_id, parse_pair, policy_text, risk_text
    from riskctl.dates import DateError, parse_duration
    from riskctl.editing import write_atomic

    if kind not in ("risk", "policy"):
        raise UsageError(f"riskctl new {kind}: expected risk or policy")
    register = _register([register_path or "."])
    day = STATE.today(today)
    wanted = (
        {"title": title, "category": category, "owner": owner, "inherent": inherent, "residual": residual}
        if kind == "risk"
        else {"reference": reference or item_id, "title": title, "owner": owner, "every": every}
    )
    values = _complete(wanted)
    if kind == "risk":
        scheme = register.scheme
        if scheme is None:
            raise ConfigError(f"{register.file.path} defines no scoring scheme, so it cannot hold risks")
        values["inherent"] = parse_pair(values["inherent"], scheme, "--inherent")
        values["residual"] = parse_pair(values["residual"], scheme, "--residual")
        existing = [item.id for item in register.risks]
        same = [item.id for item in register.risks if item.data.get("category") == values["category"]]
        values["id"] = item_id or next_id(existing, same)
        text = risk_text(register, values, day)
        folder = "risks"
        ident = values["id"]
    else:
        try:
            parse_duration(values["every"])
        except DateError as error:
            raise UsageError(f"--every: {error}") from None
        text = policy_text(register, values, day)
        folder = "policies"
        ident = values["reference"]
    if any(item.id.casefold() == str(ident).casefold() for item in register.items if item.kind == kind):
        raise UsageError(f"{register.id} already has a {kind} '{ident}'")
    check_new_file(text, kind, register.scheme)
    target = register.root / folder / f"{ident}.yaml"
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, text.encode("utf-8"), original=None)
    shown = Path(register.display) / folder / f"{ident}.yaml"
    print(f"created {shown}")
    return 0


def _complete(wanted: dict[str, Any]) -> dict[str, Any]:
    """Fill missing values by asking on a terminal; elsewhere name them and stop (exit 2)."""
    missing = [name for name, value in wanted.items() if not value]
    if missing and not interactive():
        flags = ", ".join(f"--{name}" for name in missing)
        raise UsageError(f"missing required values: {flags}")
    values = dict(wanted)
    for name in missing:
        answer = typer.prompt(name.capitalize())
        values[name] = [answer] if name == "owner" else answer
    return values


@command
def review(
    item_id: ItemId,
    paths: Paths = None,
    date: Annotated[
        Optional[str], typer.Option("--date", metavar="DATE", help="When the review happened (default: today).")
    ] = None,
    residual: Annotated[
        Optional[str], typer.Option("--residual", metavar="L,I", help="The residual assessment now.")
    ] = None,
    note: Annotated[
        Optional[str], typer.Option("--note", help="What the review found; kept in review.history.")
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the change with a message saying what changed.")
    ] = False,
    today: Today = None,
) -> int:
    """Record a review in place: review.last, next review, optionally the residual score and a note."""
    from riskctl import dates
    from riskctl.authoring import record_review
    from riskctl.listing import find_item
    from riskctl.workspace import load_workspace

    day = STATE.today(today)
    on = day
    if date is not None:
        try:
            parsed = dates.parse_date(date)
        except dates.DateError as error:
            raise UsageError(f"--date: {error}") from None
        if parsed.month_only:
            raise UsageError("--date needs a full date, YYYY-MM-DD")
        on = parsed.date
    workspace = load_workspace(paths or ["."])
    item = find_item(workspace, item_id)
    if not item.file.valid:
        raise UsageError(f"{item.path} has problems; fix them first (riskctl check {item.path})")
    result = record_review(item, Path.cwd(), on=on, residual=residual, note=note, today=day)
    message = result.message(item.id)
    print(f"{item.path}: {message}; next review {result.next or 'not scheduled'}")
    if commit:
        from riskctl.gitlog import Repository

        with Repository(result.path.parent) as repo:
            sha = repo.commit_file(result.path, message)
        print(f"committed {sha[:12]}: {message}")
    return 0
