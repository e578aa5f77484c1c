"""The ``riskctl`` command line: thin typer commands over ``riskctl.core``.

Imports everything; nothing imports it.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """The ``riskctl`` program.

    Once the command is done and its output flushed, the process ends at once
    (``os._exit``), as mypy's does: nothing is left to do, and handing back every object a
    large run made (a walk of 5,000 commits, 10,000 parsed files) took a tenth of its
    time. Everything riskctl writes is written, synced and closed before a command
    returns, and its worker processes are stopped by then.
    """
    if sys.stderr is None:  # closed by whoever started riskctl (2>&-): its messages go nowhere
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the rest of the process
    from riskctl.cli.app import app

    try:
        app()
        status = 0
    except SystemExit as done:
        status = _status(done.code)
    except OSError as error:  # typer's own output (--help, --version) could not be written
        status = _unwritten(error)
    os._exit(_flushed(status))


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
    except (OSError, ValueError) as error:
        status = _unwritten(error) if status in (0, 1) else status
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return status


def _unwritten(error: Exception) -> int:
    from riskctl.model.errors import EXIT_FINDINGS, EXIT_USAGE

    if isinstance(error, BrokenPipeError):
        return EXIT_FINDINGS
    reason = getattr(error, "strerror", None) or str(error)
    try:
        if sys.stderr is not None:
            sys.stderr.write(f"riskctl: cannot write the output: {reason}\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return EXIT_USAGE
