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
    from riskctl.cli.app import app

    try:
        app()
        status = 0
    except SystemExit as done:
        status = _status(done.code)
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
    """Flush what is still buffered; a reader that went away (``riskctl list | head``) ends the
    output quietly, with status 1 as a write to it during the command does."""
    from riskctl.model.errors import EXIT_FINDINGS

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # BrokenPipeError, or a stream already closed
            status = status or EXIT_FINDINGS
    return status
