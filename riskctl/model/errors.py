"""The one error family riskctl raises; ``cli.app`` maps it to exit statuses in one place."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class RiskctlError(Exception):
    """A problem the user must fix before the command can run; exits 2 with the message.
    ``details``: lines said before it (the findings a write was refused for, say)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details


class UsageError(RiskctlError):
    """Bad options or arguments."""


class ConfigError(RiskctlError):
    """No register found, or a register that cannot be used."""


class GitError(RiskctlError):
    """git is missing, the directory is not a repository, or a revision is unknown."""


class OutputError(RiskctlError):
    """The output could not be written (a full disk, a closed standard output)."""


class EditError(RiskctlError):
    """A file could not be edited or written; it is left exactly as it was."""


class Refused(RiskctlError):
    """The command checked what it would write and refuses it (exit 1): a finding, not a usage error."""

    exit_code = EXIT_FINDINGS


class Interrupted(RiskctlError):
    """SIGINT or SIGTERM while files were being written: every file was put back as it was."""

    exit_code = 130
