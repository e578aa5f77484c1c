"""The ``riskctl`` command.

``main`` runs plain ``check``, ``history`` and ``audit`` invocations through the quick
path, which never imports the CLI framework; everything else (and anything the quick
path is unsure of) goes to the typer application in ``cli/app.py``.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    try:
        from riskctl.cli.quick import run_quick

        status = run_quick(sys.argv[1:])
        if status is not None:
            sys.exit(status)
        from riskctl.cli.app import app

        app()
    finally:
        # Python collects garbage once more as it exits, over every object of every module
        # imported: about 10 ms, more than some commands take. Nothing here needs it.
        gc.freeze()
