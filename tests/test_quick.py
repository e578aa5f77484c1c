"""The quick path agrees with typer: same options, same output, and typer for anything unusual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from riskctl.cli.app import app
from riskctl.cli.quick import COMMANDS, GLOBAL, Opt, parse, run_quick

from .conftest import Run

SAMPLES = Path(__file__).resolve().parent.parent / "registers"


def _click_params(command: Any) -> dict[str, Any]:
    return {param.name: param for param in command.params if param.name != "help"}


def _describe(option: Opt) -> tuple[frozenset[str], bool, bool]:
    return frozenset(option.names), option.flag, option.many


def test_the_table_matches_what_typer_declares() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, spec in COMMANDS.items():
        params = _click_params(group.commands[name])  # type: ignore[attr-defined]
        options = {name: param for name, param in params.items() if param.param_type_name == "option"}
        arguments = [param for param in params.values() if param.param_type_name == "argument"]
        assert {option.dest: _describe(option) for option in spec.options} == {
            dest: (frozenset(param.opts + param.secondary_opts), param.is_flag, param.multiple)
            for dest, param in options.items()
        }, name
        assert [argument.name for argument in arguments] == ([spec.arguments] if spec.arguments else [])
        if arguments:
            assert (arguments[0].nargs == -1) == (spec.at_most is None), name
            assert arguments[0].required == (spec.at_least > 0), name
        else:
            assert spec.at_least == spec.at_most == 0, name
    typer_only = ("version", "install_completion", "show_completion")  # left to typer
    options = {name: param for name, param in _click_params(group).items() if name not in typer_only}
    assert {option.dest: _describe(option) for option in GLOBAL} == {
        dest: (frozenset(param.opts + param.secondary_opts), param.is_flag, param.multiple)
        for dest, param in options.items()
    }


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["list"],
        ["check", "--help"],
        ["check", "-h"],
        ["check", "--bogus"],
        ["check", "-fjson"],  # glued short option
        ["check", "--format"],  # missing value
        ["check", "--format", "json", "--format", "text"],  # repeated
        ["check", "--no-cache=yes"],
        ["check", "--", "x"],
        ["check", "--format", "--no-cache"],
        ["history"],
        ["history", "R1", "R2"],
        ["history", "R1", "--today", "2026-01-01"],  # not an option of history
        ["audit", "extra"],
        ["-q", "check", "-q"],
        ["--today"],
        ["--version", "check"],
    ],
)
def test_unusual_arguments_are_left_to_typer(argv: list[str]) -> None:
    assert parse(argv) is None
    assert run_quick(argv) is None


def test_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_RISKCTL_COMPLETE", "complete_bash")
    assert run_quick(["check"]) is None


def test_plain_arguments_are_read_like_typer_reads_them() -> None:
    assert parse(["--today", "2026-01-01", "check", "a", "--select", "RC3", "b", "--select=RC1", "-q", "-o", "-"]) == (
        "check",
        {"today": "2026-01-01", "quiet": True},
        {"paths": ["a", "b"], "select": ["RC3", "RC1"], "output": "-"},
    )
    assert parse(["history", "cambs:R1", "-f", "json", "--no-color"]) == (
        "history",
        {"no_color": True},
        {"item_id": "cambs:R1", "format": "json"},
    )


CASES = [
    ["check", "registers"],
    ["check", "registers", "--format", "json"],
    ["check", "registers", "-f", "sarif", "--fail-on", "warning"],
    ["check", "registers", "--select", "RC3", "--ignore=RC303", "--format", "json"],
    ["--today", "2030-01-01", "check", "registers", "--format", "json"],
    ["check", "registers", "--today", "2020-01-01", "--no-cache", "-q"],
    ["check", "registers", "--format", "nonsense"],
    ["check", "no/such/place"],
    ["check", "registers/cambridgeshire-strategic/risks/R01.yaml", "--format", "json"],
    ["check", "registers", "--at", "HEAD"],
    ["history", "R1"],
]


@pytest.mark.parametrize("argv", CASES)
def test_both_paths_give_the_same_output(
    argv: list[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import shutil

    shutil.copytree(SAMPLES, tmp_path / "registers")
    monkeypatch.chdir(tmp_path)
    for name, value in {"RISKCTL_TODAY": "2026-11-22", "NO_COLOR": "1"}.items():
        monkeypatch.setenv(name, value)
    typer_result = run(*argv)
    capfd.readouterr()
    status = run_quick(argv)
    captured = capfd.readouterr()
    assert status == typer_result.exit_code
    assert captured.out == typer_result.stdout
    assert captured.err == typer_result.stderr


def test_history_through_both_paths(
    run: Run,
    history: dict[str, str],
    capfd: pytest.CaptureFixture[str],
) -> None:
    for argv in (
        ["history", "R1", "--format", "json"],
        ["history", "R2"],
        ["history", "R99"],
        ["history", "x:R1"],
        ["audit"],
        ["audit", "--since", "2026-03-01", "--until=2026-06-30", "-f", "csv"],
        ["audit", "--since", "March"],
        ["audit", "--format", "xml"],
    ):
        typer_result = run(*argv)
        capfd.readouterr()
        status = run_quick(argv)
        captured = capfd.readouterr()
        out = captured.out.replace("\r\n", "\n")  # the test runner reads typer's output as text
        assert (status, out, captured.err) == (
            typer_result.exit_code,
            typer_result.stdout,
            typer_result.stderr,
        )


def test_the_quick_path_never_imports_typer(history: dict[str, str]) -> None:
    script = (
        "import sys\n"
        "from riskctl.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    status = exit.code\n"
        "heavy = [name for name in ('typer', 'click', 'pydantic', 'jsonschema', 'jinja2', 'rich')"
        " if name in sys.modules]\n"
        "print(json.dumps({'status': status, 'heavy': heavy}), file=sys.stderr)\n"
    )
    for argv in (
        ["history", "R1", "-o", os.devnull],
        ["check", "-o", os.devnull],
        ["audit", "-o", os.devnull],
        ["--version"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", "import json\n" + script, *argv],
            capture_output=True,
            text=True,
            env={**os.environ, "RISKCTL_TODAY": "2026-11-22"},
        )
        report = json.loads(done.stderr.strip().splitlines()[-1])
        assert report["heavy"] == [] and report["status"] in (0, 1), (argv, done.stderr)
