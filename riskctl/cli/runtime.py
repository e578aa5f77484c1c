"""The run's global options, how notes reach people, and the one mapping from errors to exit statuses."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, ParamSpec

from riskctl.model import dates
from riskctl.model.errors import EXIT_FINDINGS, EXIT_USAGE, RiskctlError, UsageError
from riskctl.outputs.escape import terminal

if TYPE_CHECKING:
    from riskctl.model.workspace import Workspace

P = ParamSpec("P")
EXIT_INTERRUPTED = 130


class State:
    """The global options of this run (``--today``, ``--no-color``, ``-q``, ``-v``)."""

    def __init__(self) -> None:
        self.today_value: str | None = None
        self.no_color = False
        self.quiet = False
        self.verbose = False

    def today(self) -> dt.date:
        value = self.today_value or os.environ.get("RISKCTL_TODAY") or None
        try:
            return dates.today_from(value)
        except dates.DateError as error:
            source = "--today" if self.today_value else "RISKCTL_TODAY"
            raise UsageError(f"{source}: {error}") from None

    def color(self, stream: IO[str] | None = None) -> bool:
        stream = stream or sys.stdout
        if self.no_color or os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        return is_terminal(stream)

    def width(self, piped: int = 100) -> int:
        """The terminal's width, or ``piped`` columns when output goes to a file or pipe."""
        return shutil.get_terminal_size((100, 24)).columns if is_terminal(sys.stdout) else piped


def is_terminal(stream: IO[str] | None) -> bool:
    """Whether ``stream`` is a terminal (a closed standard stream is None, and is not)."""
    return stream is not None and stream.isatty()


STATE = State()


def info(message: str) -> None:
    """A note for people on stderr (silenced by -q)."""
    if not STATE.quiet:
        sys.stderr.write(terminal(message) + "\n")


def warn(message: str) -> None:
    """Something people must know, whatever -q says (what a command could not read)."""
    sys.stderr.write(message + "\n")


def report_unreadable(workspace: Workspace, *, writer: bool = False) -> int:
    """Say on stderr, in ``check``'s words, each file left out, and return the exit status that
    makes (SPEC §7): 1 when anything was left out. A register.yaml that cannot be used stops
    the command (exit 2, nothing on standard output): an answer without it would look whole.
    ``writer`` commands (``new``, ``review``) need only their register and their own file: what
    else could not be read is said, and does not change their exit status."""
    from riskctl.core.load import incomplete

    entries = incomplete(workspace)
    left_out(entries)
    unusable = [register.file.path for register in workspace.registers if not register.usable]
    if unusable:
        names = ", ".join(terminal(path) for path in unusable)
        raise RiskctlError(f"cannot use {names}: fix it first (riskctl check shows why)")
    return EXIT_FINDINGS if entries and not writer else 0


def left_out(entries: Sequence[dict[str, Any]]) -> None:
    """Each file left out, on stderr in check's words (SPEC §7)."""
    for entry in entries:
        where = f"{terminal(entry['path'])}:{entry['line']}:{entry['column']}"
        warn(f"{where}: {entry['code']} {terminal(entry['message'])} (left out)")


def command(function: Callable[P, int]) -> Callable[P, None]:
    """A typer command: the body's int becomes the exit status; RiskctlError one line on stderr
    and its exit status; nothing prints a traceback unless ``-v`` asks for it."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        import typer

        raise typer.Exit(invoke(function, *args, **kwargs))

    return run


def invoke(function: Callable[P, int], *args: P.args, **kwargs: P.kwargs) -> int:
    try:
        return function(*args, **kwargs)
    except RiskctlError as error:
        for line in error.details:
            sys.stderr.write(f"{terminal(line)}\n")
        sys.stderr.write(f"riskctl: {terminal(str(error))}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("riskctl: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_FINDINGS
    except Exception as error:
        if _is_framework_exit(error):
            raise
        if STATE.verbose:
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"riskctl: internal error: {type(error).__name__}: {error} (run with -v for details)\n")
        return EXIT_USAGE


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so that Python's own flush at exit is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _is_framework_exit(error: Exception) -> bool:
    """typer's Exit and Abort pass through (only a command run by typer can raise them)."""
    import typer

    return isinstance(error, typer.Exit | typer.Abort)
