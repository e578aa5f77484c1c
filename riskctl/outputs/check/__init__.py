"""Output formats for ``riskctl check``: pure functions from a result to text.

``CheckFormat`` is the ``--format`` option; ``FORMATS`` maps each of its members to a
formatter, and a test holds the two to each other. Writing the text is the CLI's job.
"""

from __future__ import annotations

from collections.abc import Callable

from riskctl.outputs.check import ci, sarif, text
from riskctl.outputs.check.base import Output
from riskctl.outputs.formats import CheckFormat

Formatter = Callable[[Output], str]


FORMATS: dict[CheckFormat, Formatter] = {
    CheckFormat.text: text.render,
    CheckFormat.json: text.render_json,
    CheckFormat.sarif: sarif.render,
    CheckFormat.junit: ci.render_junit,
    CheckFormat.github: ci.render_github,
    CheckFormat.gitlab: ci.render_gitlab,
}

__all__ = ["FORMATS", "CheckFormat", "Formatter", "Output"]
