"""``riskctl init``, ``new`` and ``review``: start a register, add items, record reviews."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from riskctl.cli.options import ItemId, Paths
from riskctl.cli.runtime import STATE, command, info, is_terminal, report_unreadable, warn
from riskctl.model import dates
from riskctl.model.errors import ConfigError, UsageError
from riskctl.outputs.escape import terminal

# Bodies import what they use (see cli/check.py).


class Level(StrEnum):
    strategic = "strategic"
    corporate = "corporate"
    directorate = "directorate"
    departmental = "departmental"
    operational = "operational"
    project = "project"


class NewKind(StrEnum):
    risk = "risk"
    policy = "policy"


def interactive() -> bool:
    return is_terminal(sys.stdin) and is_terminal(sys.stdout)


@command
def init(
    directory: Annotated[str, typer.Argument(help="Where to create the register (default: here).")] = ".",
    name: Annotated[str, typer.Option("--name", help="The register's display name.")] = "Risk Register",
    owner: Annotated[
        str, typer.Option("--owner", help="Who owns it (also the example items' owner).")
    ] = "Chief Executive",
    level: Annotated[Level, typer.Option("--level", help="The register's level.")] = Level.strategic,
    action: Annotated[
        Optional[str],
        typer.Option(
            "--action",
            metavar="OWNER/REPO@REF",
            help="The riskctl GitHub Action the workflow uses (default: where this riskctl was installed from).",
        ),
    ] = None,
    update_schemas: Annotated[
        bool,
        typer.Option(
            "--update-schemas", help="Create nothing: refresh the schema copies of the registers below DIRECTORY."
        ),
    ] = False,
) -> int:
    """Create a working register: register.yaml, an example risk and policy, schemas, pre-commit and CI files."""
    from riskctl.writing.init import ACTION_PLACEHOLDER, WORKFLOW, init_register

    if update_schemas:
        return _update_schemas(directory)
    target = Path(directory)
    today = STATE.today()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{directory}: cannot create the directory: {error.strerror or error}") from None
    result = init_register(target, name=name, owner=owner, level=level.value, today=today, action=action)
    for path in result.written:
        print(f"created {terminal(os.path.relpath(path))}")
    for path in result.skipped:
        info(f"kept {os.path.relpath(path)} as it is (it already exists); add {directory} to its paths if needed")
    if result.action == ACTION_PLACEHOLDER and any(path.name == WORKFLOW.name for path in result.written):
        info(
            f"edit {WORKFLOW}: replace {ACTION_PLACEHOLDER} with the repository and tag (or commit) of riskctl "
            "you use, or run init with --action (see riskctl's README, CI)"
        )
    info(f"next: riskctl check {directory} and riskctl new risk {directory}")
    return 0


def _update_schemas(directory: str) -> int:
    from riskctl.reading.discovery import discover
    from riskctl.reading.tree import WorkTree
    from riskctl.writing.init import update_schemas

    found = discover(WorkTree(), [directory], os.getcwd())
    written = update_schemas([root.path for root in found.roots])
    for path in written:
        print(f"updated {terminal(os.path.relpath(path))}")
    if not written:
        info("every schema copy is up to date")
    return 0


@command
def new(
    kind: Annotated[NewKind, typer.Argument(metavar="risk|policy", help="What to create.")],
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
) -> int:
    """Create the next risk or policy from flags; prompts for missing values on a terminal only."""
    from riskctl.core import author as core

    today = STATE.today()
    if every is not None:
        try:
            dates.parse_duration(every)
        except dates.DateError as error:
            raise UsageError(f"--every: {error}") from None
    target = core.target_register([register_path or "."])
    wanted: dict[str, Any] = (
        {"title": title, "category": category, "owner": owner, "inherent": inherent, "residual": residual}
        if kind is NewKind.risk
        else {"reference": reference or item_id, "title": title, "owner": owner, "every": every}
    )
    report_unreadable(target.workspace, writer=True)
    created = core.new_item(target, kind.value, _complete(wanted), item_id, today)
    print(f"created {terminal(created.path)}")
    _said(created.findings)
    return 0


def _said(findings: list[Any]) -> None:
    """What check says of the file just written (nothing that would have refused it), on stderr."""
    from riskctl.core.author import finding_line

    for finding in findings:
        warn(terminal(finding_line(finding)))


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
    if values.get("every"):
        try:
            dates.parse_duration(values["every"])
        except dates.DateError as error:
            raise UsageError(f"--every: {error}") from None
    return values


def _review_date(date: str | None) -> dt.date | None:
    if date is None:
        return None
    try:
        parsed = dates.parse_date(date)
    except dates.DateError as error:
        raise UsageError(f"--date: {error}") from None
    if parsed.month_only:
        raise UsageError("--date needs a full date, YYYY-MM-DD")
    return parsed.date


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
    by: Annotated[
        Optional[str],
        typer.Option("--by", metavar="NAME", help="Who reviewed; kept in review.history (default: git's user.name)."),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the change with a message saying what changed.")
    ] = False,
) -> int:
    """Record a review in place: review.last, next review, who reviewed, optionally the residual score and a note."""
    from riskctl.core import author as core
    from riskctl.core.browse import find_item
    from riskctl.core.load import load

    today = STATE.today()
    on = _review_date(date) or today
    if by is not None:
        by = by.strip()
        if not by:
            raise UsageError("--by needs a name")
    workspace = load(paths or ["."], use_cache=False).workspace
    item = find_item(workspace, item_id)
    if not item.register.usable:
        raise ConfigError(f"{item.register.file.path} has problems; run riskctl check {item.register.display}")
    report_unreadable(workspace, writer=True)
    target = core.Target(item.register, workspace)
    if by is None:
        by = core.reviewer(item)
        if by is None:
            info("no reviewer recorded: no git user.name here (or no git repository); say who with --by NAME")
    repo = None
    if commit:
        from riskctl.history.git import Repository

        repo = Repository(Path(item.file.location or ".").parent)
        repo.can_commit()
    result, said = core.review(target, item, on=on, residual=residual, note=note, today=today, by=by)
    message = result.message(item.id)
    sha = None
    if repo is not None:  # committed before anything is said: output that fails leaves no half-done review
        with repo:
            sha = repo.commit_file(result.path, message)
    print(f"{terminal(item.path)}: {terminal(message)}; next review {result.next or 'not scheduled'}")
    _said(said)
    if sha is not None:
        print(f"committed {sha[:12]}: {terminal(message)}")
    return 0
