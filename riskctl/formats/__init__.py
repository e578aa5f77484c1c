"""Output formats for ``riskctl check``: pure functions from a result to text.

The registry's keys are the ``--format`` choices; writing the text is the CLI's job.
"""

from __future__ import annotations

from collections.abc import Callable

from riskctl.formats import ci, sarif, text
from riskctl.formats.base import Output

Formatter = Callable[[Output], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": text.render_json,
    "sarif": sarif.render,
    "junit": ci.render_junit,
    "github": ci.render_github,
    "gitlab": ci.render_gitlab,
}

__all__ = ["FORMATS", "Formatter", "Output"]
