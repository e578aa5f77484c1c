"""The ``riskctl`` command: global options, the command registry, and typer.

A command is a thin function: it parses options, calls one core function (``riskctl.core``)
that returns plain data, hands that to a formatter from the command's registry, and
returns an exit status; ``runtime.invoke`` maps errors to exit statuses in one place.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup, TyperOption
from typer.main import get_command_from_info
from typer.models import CommandInfo

from riskctl import __version__
from riskctl.cli.runtime import STATE

# Each command by its module and function: a command's module is imported, and the command
# built, only when it runs (click's documented "lazy group"). Building all seventeen commands'
# options on every run cost more time than a pre-commit check of one file takes.
COMMANDS: dict[str, str] = {
    "init": "author:init",
    "new": "author:new",
    "review": "author:review",
    "check": "check:check",
    "list": "browse:list_items",
    "show": "browse:show",
    "matrix": "browse:matrix",
    "report": "report:report",
    "history": "history:history",
    "diff": "history:diff",
    "audit": "history:audit",
    "export": "interchange:export",
    "import": "interchange:import_",
    "due": "owners:due",
    "codeowners": "owners:codeowners",
    "rules": "meta:rules",
    "schema": "meta:schema",
}

GLOBAL_FLAGS = ("--no-color", "-q", "--quiet", "-v", "--verbose")
GLOBAL_VALUES = ("--today",)


def hoist_globals(args: list[str], takes_value: set[str]) -> list[str]:
    """The global options moved in front of the command name, wherever they were given:
    ``riskctl check --today 2026-01-01`` is ``riskctl --today 2026-01-01 check``.

    ``takes_value`` names the command's own options that take a value, so that a value
    which happens to look like a global option (``--note -q``) is left where it is.
    """
    hoisted: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg in GLOBAL_FLAGS or arg.startswith(tuple(f"{name}=" for name in GLOBAL_VALUES)):
            hoisted.append(arg)
        elif arg in GLOBAL_VALUES:
            hoisted += args[index : index + 2]
            index += 1
        elif arg in takes_value:
            rest += args[index : index + 2]
            index += 1
        else:
            rest.append(arg)
        index += 1
    return hoisted + rest


def command_function(name: str) -> Any:
    module, function = COMMANDS[name].split(":")
    return getattr(importlib.import_module(f"riskctl.cli.{module}"), function)


class RiskctlGroup(TyperGroup):
    """The commands, built when asked for; global options accepted after the command name too."""

    _built: dict[str, Any]

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        built = self.__dict__.setdefault("_built", {})
        if cmd_name not in built:
            info = CommandInfo(name=cmd_name, callback=command_function(cmd_name))
            built[cmd_name] = get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
        return built[cmd_name]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value: set[str] = set()
        for arg in args:
            command = self.get_command(ctx, arg) if arg in COMMANDS else None
            if command is not None:
                for param in command.params:
                    flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
                    if isinstance(param, TyperOption) and not flag:
                        takes_value.update([*param.opts, *getattr(param, "secondary_opts", [])])
                break
        return super().parse_args(ctx, hoist_globals(args, takes_value))


app = typer.Typer(
    name="riskctl",
    cls=RiskctlGroup,
    help="Risk and policy registers as YAML files in git: check, list, show, report and audit them.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"riskctl {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    today: Annotated[
        Optional[str],
        typer.Option("--today", metavar="DATE", help="Treat DATE (YYYY-MM-DD) as today; also RISKCTL_TODAY."),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output (also NO_COLOR).")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print results only, no notes.")] = False,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="More detail; tracebacks on internal errors.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Global options work before or after the command name."""
    STATE.today_value = today
    STATE.no_color = no_color
    STATE.quiet = quiet
    STATE.verbose = verbose
