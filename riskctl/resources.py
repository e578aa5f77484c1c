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


def stale_schema_copies(register_roots: list[str]) -> list[tuple[str, str]]:
    """``(path, schema name)`` of each copy of a schema in a register's ``schemas/`` folder (as
    ``riskctl init`` writes them) that differs from the one this riskctl ships: editors would
    check files against old rules. Costs a stat per register, and a read where copies exist."""
    stale = []
    for root in register_roots:
        folder = os.path.join(root, "schemas")
        if not os.path.isdir(folder):
            continue
        for name in SCHEMA_NAMES:
            copy = os.path.join(folder, f"{name}.schema.json")
            if not os.path.isfile(copy) or os.path.islink(copy):
                continue
            with open(copy, "rb") as held, open(schema_file(name), "rb") as shipped_copy:
                if held.read() != shipped_copy.read():
                    stale.append((copy, name))
    return stale
