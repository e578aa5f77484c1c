"""The ``--format`` choices of every command (and ``list --sort``), apart from their formatters.

Each command's registry maps these members to its formatters (tests hold the two equal).
They live here, importing nothing, so that the CLI can declare every command's options
without loading every formatter.
"""

from __future__ import annotations

from enum import StrEnum


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    gitlab = "gitlab"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    pdf = "pdf"


class HistoryFormat(StrEnum):
    text = "text"
    json = "json"


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


class AuditFormat(StrEnum):
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class DueFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    ics = "ics"


class RiskSort(StrEnum):
    residual = "residual"
    inherent = "inherent"
    id = "id"
    next_review = "next-review"
    category = "category"
    owner = "owner"


class FailOn(StrEnum):
    """``check --fail-on``: the severity (``model.records.Severity``) that makes the exit status 1."""

    error = "error"
    warning = "warning"
