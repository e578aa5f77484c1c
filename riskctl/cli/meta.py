"""``riskctl rules`` and ``riskctl schema``: what riskctl checks, and against what."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Optional

import typer

from riskctl.cli.runtime import command
from riskctl.model.errors import UsageError


class RulesFormat(StrEnum):
    text = "text"
    json = "json"


class SchemaName(StrEnum):
    register = "register"
    risk = "risk"
    policy = "policy"


@command
def rules(
    code: Annotated[Optional[str], typer.Argument(help="A rule code, e.g. RC301, to explain in full.")] = None,
    format: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")] = RulesFormat.text,
) -> int:
    """The rule catalogue: code, name, default severity and summary; CODE explains one rule."""
    from riskctl.rules import RULES
    from riskctl.writing.atomic import write_output

    if code is not None:
        rule = RULES.get(code.upper())
        if rule is None:
            raise UsageError(f"unknown rule '{code}'; run riskctl rules for the list")
        entry = {"code": rule.code, "name": rule.name, "severity": rule.severity.value, "summary": rule.summary}
        if format is RulesFormat.json:
            write_output(json.dumps({**entry, "doc": rule.doc}, indent=2) + "\n", None)
        else:
            write_output(f"{rule.code} {rule.name} ({rule.severity.value})\n{rule.summary}\n\n{rule.doc}\n", None)
        return 0
    if format is RulesFormat.json:
        catalogue = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary} for r in RULES.values()
        ]
        write_output(json.dumps(catalogue, indent=2) + "\n", None)
        return 0
    width = max(len(rule.name) for rule in RULES.values())
    lines = [f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}" for r in RULES.values()]
    write_output("\n".join(lines) + "\n", None)
    return 0


@command
def schema(name: Annotated[SchemaName, typer.Argument(help="Which schema.")]) -> int:
    """Print one of the JSON Schemas riskctl validates against."""
    from riskctl.resources import schema_path
    from riskctl.writing.atomic import write_output

    write_output(schema_path(name.value).read_text(encoding="utf-8"), None)
    return 0
