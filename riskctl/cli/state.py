"""Options every command shares, and how results reach the terminal."""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, ParamSpec

from riskctl.errors import EXIT_FINDINGS, EXIT_USAGE, RiskctlError, UsageError

if TYPE_CHECKING:
    import datetime as dt

    from riskctl.workspace import Workspace

P = ParamSpec("P")


class State:
    """The global options of this run."""

    def __init__(self) -> None:
        self.today_value: str | None = None
        self.no_color = False
        self.quiet = False
        self.verbose = False

    def today(self, override: str | None = None) -> dt.date:
        from riskctl import dates

        value = override or self.today_value or os.environ.get("RISKCTL_TODAY") or None
        try:
            return dates.today_from(value)
        except dates.DateError as error:
            source = "RISKCTL_TODAY" if not (override or self.today_value) else "--today"
            raise UsageError(f"{source}: {error}") from None

    def color(self, stream: IO[str] | None = None) -> bool:
        stream = stream or sys.stdout
        if self.no_color or os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        return stream.isatty()


STATE = State()


def write_output(text: str, output: str | None) -> None:
    """Print to stdout, or write ``output`` atomically (a failed write leaves no half file)."""
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(output)
    if target.is_symlink():
        raise UsageError(f"--output {output}: refusing to write through a symlink")
    if target.is_dir():
        raise UsageError(f"--output {output}: is a directory")
    try:
        regular = stat.S_ISREG(target.stat().st_mode)
    except OSError:  # not there yet
        regular = True
    if not regular:  # a device or pipe (/dev/null, a FIFO): written to, never replaced
        try:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as error:
            raise UsageError(f"--output {output}: {error.strerror or error}") from None
        return
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--output {output}: the directory {parent} does not exist")
    temporary = parent / f".{target.name}.riskctl-tmp-{os.getpid()}"
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"--output {output}: {error.strerror or error}") from None


def load(paths: list[str] | None, at: str | None, *, use_cache: bool = True) -> Workspace:
    """The workspace now (through the cache unless told otherwise), or as it stood at ``--at``."""
    if at is None:
        from riskctl.cache import enabled
        from riskctl.workspace import load_workspace

        return load_workspace(paths or ["."], use_cache=enabled(not use_cache))
    from riskctl.asof import load_at

    return load_at(paths or ["."], at)[0]


def info(message: str) -> None:
    """A note for people on stderr (silenced by -q)."""
    if not STATE.quiet:
        sys.stderr.write(message + "\n")


def invoke(function: Callable[P, int], *args: P.args, **kwargs: P.kwargs) -> int:
    """Run a command body and return its exit status; RiskctlError is one line and exit 2."""
    try:
        return function(*args, **kwargs)
    except RiskctlError as error:
        sys.stderr.write(f"riskctl: {error}\n")
        return error.exit_code
    except BrokenPipeError:
        return EXIT_FINDINGS
    except Exception as error:
        if _is_framework_exit(error):
            raise
        if STATE.verbose:
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"riskctl: internal error: {type(error).__name__}: {error} (run with -v for details)\n")
        return EXIT_USAGE


def _is_framework_exit(error: Exception) -> bool:
    """typer's Exit and Abort pass through (only a command run by typer can raise them)."""
    typer = sys.modules.get("typer")
    return typer is not None and isinstance(error, typer.Exit | typer.Abort)


def command(function: Callable[P, int]) -> Callable[P, None]:
    """A command for typer: the body's int becomes the exit status (see ``invoke``)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        import typer

        raise typer.Exit(invoke(function, *args, **kwargs))

    return run
