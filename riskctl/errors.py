"""The one error family riskctl raises, and the one mapping to exit statuses."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class RiskctlError(Exception):
    """A problem the user must fix before the command can run; exits 2 with the message."""

    exit_code = EXIT_USAGE


class UsageError(RiskctlError):
    """Bad options or arguments."""


class ConfigError(RiskctlError):
    """No register found, or a register that cannot be used."""


class GitError(RiskctlError):
    """git is missing, the directory is not a repository, or a revision is unknown."""
