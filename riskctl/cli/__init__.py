"""The ``riskctl`` command line: thin typer commands over ``riskctl.core``.

Imports everything; nothing imports it.
"""

from __future__ import annotations


def main() -> None:
    from riskctl.cli.app import app

    app()
