"""Files shipped with riskctl: JSON Schemas and report templates.

In an installed wheel they live inside the package (``riskctl/schemas``); in a source
checkout they live at the repository root (``schemas/``), which is where they are edited.
Importing this module loads nothing (``history ID`` reads the schemas' checksum before
anything else is imported; see ``gitstart``).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

SCHEMA_NAMES = ("register", "risk", "policy")
_PACKAGE = os.path.dirname(os.path.realpath(__file__))
_SCHEMAS: dict[str, dict[str, Any]] = {}


def shipped(name: str) -> str:
    """``schemas`` or ``templates``: inside the package when installed, else the checkout's."""
    inside = os.path.join(_PACKAGE, name)
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(_PACKAGE), name)


def shipped_dir(name: str) -> Path:
    from pathlib import Path

    return Path(shipped(name))


def schema_file(name: str) -> str:
    return os.path.join(shipped("schemas"), f"{name}.schema.json")


def schema_path(name: str) -> Path:
    from pathlib import Path

    return Path(schema_file(name))


def schema(name: str) -> dict[str, Any]:
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    if name not in _SCHEMAS:
        import json

        with open(schema_file(name), encoding="utf-8") as handle:
            _SCHEMAS[name] = json.load(handle)
    return _SCHEMAS[name]
