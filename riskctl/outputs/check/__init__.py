"""Output formats for ``riskctl check``: pure functions from a result to text.

``CheckFormat`` is the ``--format`` option; ``FORMATS`` maps each of its members to a
formatter, and a test holds the two to each other. Writing the text is the CLI's job.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from riskctl.outputs.check import text
from riskctl.outputs.check.base import Output
from riskctl.outputs.formats import CheckFormat

Formatter = Callable[[Output], str]


def _imported(module: str, name: str) -> Formatter:
    """The formatter ``name`` of ``module``, imported when it is used: the CI formats need
    an XML writer and a hash that a pre-commit check's start-up need not pay for."""

    def render(output: Output) -> str:
        function: Formatter = getattr(importlib.import_module(f"riskctl.outputs.check.{module}"), name)
        return function(output)

    return render


FORMATS: dict[CheckFormat, Formatter] = {
    CheckFormat.text: text.render,
    CheckFormat.json: text.render_json,
    CheckFormat.sarif: _imported("sarif", "render"),
    CheckFormat.junit: _imported("ci", "render_junit"),
    CheckFormat.github: _imported("ci", "render_github"),
    CheckFormat.gitlab: _imported("ci", "render_gitlab"),
}

__all__ = ["FORMATS", "CheckFormat", "Formatter", "Output"]
