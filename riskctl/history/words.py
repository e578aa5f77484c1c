"""What git says when it fails, and what cannot be a revision, in riskctl's words.

Imports only the model (its errors and dates): ``git`` (which starts git) and the commands that check
their options before any git runs both use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from riskctl.model.errors import GitError, UsageError

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHALLOW = (
    "this is a shallow clone, so the history riskctl needs is missing: fetch it with "
    "'git fetch --unshallow' (in GitHub Actions: actions/checkout with fetch-depth: 0)"
)


def explain(stderr: str, args: Sequence[str]) -> GitError:
    text = stderr.strip()
    if "not a git repository" in text:
        return GitError("not a git repository: this needs the registers' git history (run it inside the repository)")
    if "dubious ownership" in text:
        path = re.search(r"safe\.directory '?([^'\n]+)'?", text)
        where = path.group(1) if path else "<path>"
        return GitError(
            f"git refuses this repository because another user owns it (dubious ownership); "
            f"if you trust it: git config --global --add safe.directory {where}"
        )
    if "does not have any commits" in text or "bad default revision" in text:
        return GitError("the repository has no commits yet")
    reason = _reason(text) or f"git {' '.join(args[:2])} failed"
    return GitError(f"git: {reason}")


def _reason(text: str) -> str | None:
    """The line of git's messages that says what failed: its first ``fatal:`` or ``error:``
    line, else its first line that is not a ``hint:`` (git writes hints before its reason:
    one about grafts before every log, since riskctl turns grafts off)."""
    lines = [line for line in text.splitlines() if line.strip()]
    failed = next((line for line in lines if line.startswith(("fatal:", "error:"))), None)
    return failed or next((line for line in lines if not line.startswith("hint:")), None)


def check_revision(value: str, option: str) -> None:
    """Refuse, before any git runs, a revision that cannot be one (empty, or an option)."""
    if not value.strip():
        raise UsageError(f"{option}: an empty revision; give a commit, branch, tag or DATE")
    if value.startswith("-"):
        raise UsageError(f"{option} {value}: a revision must not start with '-'")
    if DATE_ONLY.match(value):
        from riskctl.model.dates import DateError, parse_date

        try:
            parse_date(value)
        except DateError as error:
            raise UsageError(f"{option}: {error}") from None
