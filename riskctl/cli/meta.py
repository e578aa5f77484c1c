"""``riskctl rules`` and ``riskctl schema``: what riskctl checks, and against what."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from riskctl.cli.state import command
from riskctl.errors import UsageError


@command
def rules(
    code: Annotated[Optional[str], typer.Argument(help="A rule code, e.g. RC301, to explain in full.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> int:
    """The rule catalogue: code, name, default severity and summary; RULE explains one rule."""
    import json

    from riskctl.rules import RULES

    if code is not None:
        rule = RULES.get(code.upper())
        if rule is None:
            raise UsageError(f"unknown rule '{code}'; run riskctl rules for the list")
        if format == "json":
            entry = {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity.value,
                "summary": rule.summary,
                "doc": rule.doc,
            }
            sys.stdout.write(json.dumps(entry, indent=2) + "\n")
        else:
            sys.stdout.write(f"{rule.code} {rule.name} ({rule.severity.value})\n{rule.summary}\n\n{rule.doc}\n")
        return 0
    if format == "json":
        catalogue = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary} for r in RULES.values()
        ]
        sys.stdout.write(json.dumps(catalogue, indent=2) + "\n")
        return 0
    width = max(len(rule.name) for rule in RULES.values())
    for rule in RULES.values():
        sys.stdout.write(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}\n")
    return 0


@command
def schema(
    name: Annotated[str, typer.Argument(help="register, risk or policy.")],
) -> int:
    """Print one of the JSON Schemas riskctl validates against."""
    from riskctl.resources import SCHEMA_NAMES, schema_path

    if name not in SCHEMA_NAMES:
        raise UsageError(f"unknown schema '{name}'; expected one of {', '.join(SCHEMA_NAMES)}")
    sys.stdout.write(schema_path(name).read_text(encoding="utf-8"))
    return 0
