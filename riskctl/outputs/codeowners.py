"""``riskctl codeowners``: CODEOWNERS lines giving each register file its owners' handles.

One line per file, each anchored at the repository root and matching that file alone, so
the order of lines does not matter and a rule elsewhere in the file is not widened. Paths
are already patterns (``escape.codeowners_path``); handles are ones ``facts.is_handle``
accepted. Register names go into comments through ``escape.terminal``, one line each.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from riskctl.outputs.escape import terminal

HEADER = """\
# Code owners of the risk and policy registers, written by `riskctl codeowners` from each
# register's owners_map: a change to a risk or policy asks its owners to approve it, and
# register.yaml the register's owners. Change owners_map and write this file again
# (riskctl codeowners -o FILE) rather than editing these lines.
"""


@dataclass(frozen=True)
class OwnedFile:
    pattern: str  # a CODEOWNERS pattern matching just this file
    handles: tuple[str, ...]


@dataclass(frozen=True)
class OwnedRegister:
    name: str
    files: list[OwnedFile]


# Wherever GitHub or GitLab looks for the file: whoever may change it decides who approves the rest.
LOCATIONS = ("/.github/CODEOWNERS", "/.gitlab/CODEOWNERS", "/CODEOWNERS", "/docs/CODEOWNERS")


@dataclass(frozen=True)
class Codeowners:
    registers: list[OwnedRegister]
    stewards: tuple[str, ...] = ()  # the registers' owners' handles: they approve changes to this file


def to_codeowners(found: Codeowners) -> str:
    parts = [HEADER]
    for register in found.registers:
        lines = [f"{file.pattern} {' '.join(file.handles)}" for file in register.files if file.handles]
        if lines:
            parts.append(f"\n# {terminal(register.name)}\n" + "\n".join(lines) + "\n")
    if found.stewards:
        handles = " ".join(found.stewards)
        parts.append("\n# This file itself, where the code host reads it: the registers' owners approve changes\n")
        parts.append("".join(f"{location} {handles}\n" for location in LOCATIONS))
    return "".join(parts)


def differences(existing: str, wanted: str, name: str) -> str:
    """A unified diff from the file as it is to the file as it should be, each line made safe
    for a terminal (the file on disk may hold anything)."""
    lines = difflib.unified_diff(
        existing.splitlines(), wanted.splitlines(), name, f"{name} (riskctl codeowners)", lineterm=""
    )
    return "".join(terminal(line) + "\n" for line in lines)
