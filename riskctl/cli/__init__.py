"""The ``riskctl`` command line: thin typer commands over ``riskctl.core``.

Imports everything; nothing imports it.
"""

from __future__ import annotations

import gc
import os
import sys

# riskctl's data are trees (parsed YAML, frozen records that point only up, to their
# register), and reading a file leaves no cycle behind (a test holds it): yet each
# collection walks every object made since the last, about a microsecond each, and with
# the default thresholds the collector walked the same data again and again (a fifth of a
# cold check of 10,000 risks). Young objects are collected every 500,000 allocations that
# are kept, and so is any cycle; a cold audit of 5,000 commits (0.2 s of collections
# at 100,000) needs none, and the full collections that walk everything come rarely.
GC_THRESHOLDS = (500_000, 20, 100)


def main() -> None:
    """The ``riskctl`` program.

    Once the command is done and its output flushed, the process ends at once
    (``os._exit``), as mypy's does: nothing is left to do, and handing back every object a
    large run made (a walk of 5,000 commits, 10,000 parsed files) took a tenth of its
    time. Everything riskctl writes is written, synced and closed before a command
    returns, and its worker processes are stopped by then.
    """
    gc.set_threshold(*GC_THRESHOLDS)  # before the imports: they make objects too (see above)
    if sys.stderr is None:  # closed by whoever started riskctl (2>&-): its messages go nowhere
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the rest of the process
    try:
        status = _run()
    except KeyboardInterrupt:  # between the command's end and its status, or while one is said
        sys.stderr.write("riskctl: interrupted\n")
        status = 130
    os._exit(_flushed(status))


def _run() -> int:
    """The command's exit status."""
    try:
        from riskctl.writing.stdout import checked_stdout

        checked_stdout()
        from riskctl.cli.app import app

        app()
        return 0
    except KeyboardInterrupt:  # while starting, before a command could say so itself
        sys.stderr.write("riskctl: interrupted\n")
        return 130
    except SystemExit as done:
        if _interrupted(done):  # typer's own handling of Ctrl-C (while it reads the options) says nothing
            sys.stderr.write("riskctl: interrupted\n")
        return _status(done.code)
    except Exception as error:  # typer's own output (--help, --version) could not be written
        return _unwritten(error)


def _interrupted(done: BaseException) -> bool:
    """Whether ``done`` came of a Ctrl-C that nothing in riskctl answered (each command says it)."""
    seen: BaseException | None = done
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _status(code: object) -> int:
    """What Python itself makes of ``SystemExit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def _flushed(status: int) -> int:
    """Flush what is still buffered. A reader that went away (``riskctl list | head``) ends the
    output quietly with status 1, as a write to it during the command does; output that
    cannot be written is said, exit 2. A closed standard error changes nothing."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except Exception as error:  # OutputError (see writing.atomic.checked_stdout), BrokenPipeError
        status = _unwritten(error) if status in (0, 1) else status
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return status


def _unwritten(error: Exception) -> int:
    """Output that could not be written: said, exit 2; a reader that went away: quiet, exit 1."""
    from riskctl.model.errors import EXIT_FINDINGS, EXIT_USAGE, RiskctlError

    if isinstance(error, BrokenPipeError):
        return EXIT_FINDINGS
    if isinstance(error, RiskctlError):
        message = str(error)
    elif isinstance(error, OSError):
        message = f"cannot write the output: {error.strerror or error}"
    else:
        raise error
    try:
        sys.stderr.write(f"riskctl: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return EXIT_USAGE
