"""The command line's shape: global options anywhere, every --format an enum of its registry."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pytest

from riskctl.cli.app import COMMANDS, hoist_globals
from riskctl.outputs.changes import AUDIT_FORMATS, DIFF_FORMATS, HISTORY_FORMATS, AuditFormat, DiffFormat, HistoryFormat
from riskctl.outputs.check import FORMATS, CheckFormat
from riskctl.outputs.due import DUE_FORMATS, DueFormat
from riskctl.outputs.export import EXPORT_FORMATS, ExportFormat
from riskctl.outputs.listing import LIST_FORMATS, ListFormat
from riskctl.outputs.report import TEMPLATES, ReportFormat
from riskctl.outputs.show import SHOW_FORMATS, ShowFormat
from riskctl.resources import shipped_dir

from .conftest import Run

REGISTRIES: list[tuple[str, type[StrEnum], dict[Any, Any]]] = [
    ("check", CheckFormat, FORMATS),
    ("list", ListFormat, LIST_FORMATS),
    ("show", ShowFormat, SHOW_FORMATS),
    ("history", HistoryFormat, HISTORY_FORMATS),
    ("diff", DiffFormat, DIFF_FORMATS),
    ("audit", AuditFormat, AUDIT_FORMATS),
    ("export", ExportFormat, EXPORT_FORMATS),
    ("due", DueFormat, DUE_FORMATS),
]


@pytest.mark.parametrize(("command", "enum", "registry"), REGISTRIES, ids=[r[0] for r in REGISTRIES])
def test_every_format_has_a_formatter_and_is_in_help(
    run: Run, command: str, enum: type[StrEnum], registry: dict[Any, Any]
) -> None:
    assert list(registry) == list(enum)
    help_text = run(command, "--help").stdout
    for member in enum:
        assert member.value in help_text, (command, member)


def test_every_report_format_has_its_template(run: Run) -> None:
    """PDF prints the HTML template; every other format has a template of its own."""
    assert list(TEMPLATES) == list(ReportFormat)
    for member in ReportFormat:
        own = "html" if member is ReportFormat.pdf else member.value
        assert TEMPLATES[member] == f"report.{own}.j2"
        assert (shipped_dir("templates") / TEMPLATES[member]).is_file()
        assert member.value in run("report", "--help").stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("options", [["--today", "2026-01-01"], ["--today=2026-01-01"], ["-q", "--no-color", "-v"]])
def test_global_options_work_after_every_command(run: Run, command: str, options: list[str]) -> None:
    result = run(command, *options, "--help")
    assert result.exit_code == 0, (command, result.output)
    before = run(*options, command, "--help")
    assert before.exit_code == 0, (command, before.output)


def test_hoisting_leaves_the_values_of_a_commands_own_options() -> None:
    args = ["review", "R1", "--note", "-q", "--today", "2026-01-01", "-v", "--", "--no-color"]
    assert hoist_globals(args, {"--note"}) == ["--today", "2026-01-01", "-v", "review", "R1", "--note", "-q", "--",
                                               "--no-color"]  # fmt: skip


def test_global_today_after_the_command_is_used(run: Run, make_register: Any) -> None:
    from .conftest import risk_yaml

    root = make_register({"R1": risk_yaml("R1")})
    late = run("list", str(root), "--format", "json", "--today", "2030-01-01")
    assert late.exit_code == 0, late.output
    assert '"state": "overdue"' in late.stdout
