"""The ``riskctl`` command: global options and the command registry.

Each command parses its options, calls the core and returns an exit status
(see ``state.command``: RiskctlError becomes one line on stderr and exit 2;
nothing prints a traceback unless ``-v`` asks for it).
"""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from riskctl import __version__
from riskctl.cli import author, browse, check, history, interchange, meta, quick, report
from riskctl.cli.state import STATE

GLOBAL_FLAGS = tuple(name for flag in quick.GLOBAL_FLAGS for name in flag.names)


class RiskctlGroup(TyperGroup):
    """Accept the global flags after the command name too: ``riskctl check --no-color``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        hoisted = [arg for arg in args[:end] if arg in GLOBAL_FLAGS]
        rest = [arg for arg in args[:end] if arg not in GLOBAL_FLAGS] + args[end:]
        return super().parse_args(ctx, hoisted + rest)


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
    STATE.today_value = today
    STATE.no_color = no_color
    STATE.quiet = quiet
    STATE.verbose = verbose


COMMANDS = {
    "init": author.init,
    "new": author.new,
    "review": author.review,
    "check": check.check,
    "list": browse.list_items,
    "show": browse.show,
    "report": report.report,
    "matrix": report.matrix,
    "history": history.history,
    "diff": history.diff,
    "audit": history.audit,
    "export": interchange.export,
    "import": interchange.import_,
    "rules": meta.rules,
    "schema": meta.schema,
}
for name, function in COMMANDS.items():
    app.command(name)(function)  # type: ignore[type-var]


def main() -> None:
    app()
