"""Files shipped with riskctl: JSON Schemas and report templates.

In an installed wheel they live inside the package (``riskctl/schemas``); in a source
checkout they live at the repository root (``schemas/``), which is where they are edited.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_NAMES = ("register", "risk", "policy")
_PACKAGE = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """``schemas`` or ``templates``: inside the package when installed, else the checkout's."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def schema_path(name: str) -> Path:
    return shipped_dir("schemas") / f"{name}.schema.json"


@functools.cache
def schema(name: str) -> dict[str, Any]:
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    with open(schema_path(name), encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded
