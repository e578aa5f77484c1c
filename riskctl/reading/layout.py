"""Where register files live, defined once: ``register.yaml``, ``risks/*.yaml``, ``policies/*.yaml``."""

from __future__ import annotations

import functools
import posixpath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from riskctl.model.records import Kind

REGISTER_FILE = "register.yaml"
KIND_DIRS: dict[Kind, str] = {"risk": "risks", "policy": "policies"}
DIR_KINDS: dict[str, Kind] = {folder: kind for kind, folder in KIND_DIRS.items()}
YAML_SUFFIXES = (".yaml", ".yml")
# Never searched for registers: tools' own folders, which can be large.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"})


def register_yaml(directory: str) -> str:
    """The register.yaml of a register directory ('/'-separated, "" for the top)."""
    return f"{directory}/{REGISTER_FILE}" if directory else REGISTER_FILE


def is_item_name(name: str) -> bool:
    return name.endswith(YAML_SUFFIXES) and not name.startswith(".")


@functools.lru_cache(maxsize=1 << 16)  # a history names the same paths commit after commit
def split_path(path: str) -> tuple[str, Kind | None]:
    """``(register directory, kind)`` of a '/'-separated register file path; kind None for register.yaml."""
    directory, name = posixpath.split(path)
    if name == REGISTER_FILE:
        return directory, None
    parent, folder = posixpath.split(directory)
    return parent, DIR_KINDS[folder]


@functools.lru_cache(maxsize=1 << 16)
def is_register_file(path: str) -> bool:
    """Whether a '/'-separated path is a register file by its place (register.yaml, risks/X.yaml, policies/X.yaml)."""
    directory, name = posixpath.split(path)
    if name == REGISTER_FILE:
        return True
    return posixpath.basename(directory) in DIR_KINDS and is_item_name(name)


def register_scope(inside: str) -> str:
    """The directory history is read below: where riskctl runs, or, from inside a register's
    ``risks/`` or ``policies/`` folder, that register (whose register.yaml scores its items)."""
    parts = inside.split("/") if inside else []
    for index, part in enumerate(parts):
        if part in DIR_KINDS:
            return "/".join(parts[:index])
    return inside
