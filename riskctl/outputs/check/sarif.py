"""SARIF 2.1.0, as GitHub code scanning reads it.

Locations are URI references relative to ``%SRCROOT%``, the repository root (percent-encoded:
a space, ``#`` or ``%`` in a path would otherwise end or change it), with the region's end
where the value's end is known.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from riskctl.model.records import Finding, Severity
from riskctl.outputs.check.base import Output, fingerprints
from riskctl.outputs.escape import sarif_text
from riskctl.rules import RULES

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def artifact_location(path: str) -> dict[str, str]:
    """``path`` ('/'-separated, from the repository root) as a SARIF artifactLocation: the
    name's own bytes, percent-encoded (a byte of a file name that is not UTF-8 is ``%FF``)."""
    if posixpath.isabs(path):  # outside git, and given as an absolute path
        return {"uri": PurePosixPath(path).as_uri()}
    return {"uri": quote(path.encode("utf-8", "surrogateescape"), safe="/"), "uriBaseId": "%SRCROOT%"}


def region(finding: Finding) -> dict[str, int]:
    out = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line is not None and finding.end_column is not None:
        out |= {"endLine": finding.end_line, "endColumn": finding.end_column}
    return out


def render(output: Output) -> str:
    codes = list(RULES)
    rules: list[dict[str, Any]] = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc.split("\n\n", 1)[0]},
            "help": {"text": rule.doc, "markdown": rule.doc},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            "properties": {"tags": ["risk-register"]},
        }
        for rule in RULES.values()
    ]
    results = [
        {
            "ruleId": finding.code,
            "ruleIndex": codes.index(finding.code),
            "level": _LEVEL[finding.severity],
            "message": {"text": sarif_text(finding.message)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(output.result.repo_path(finding.path)),
                        "region": region(finding),
                    }
                }
            ],
            "partialFingerprints": {"riskctlFinding/v1": digest},
        }
        for finding, digest in fingerprints(output)
    ]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "riskctl",
                        "version": output.version,
                        "semanticVersion": output.version,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
