"""A register's settings from its register.yaml: its scoring scheme (its own, or another
register's through ``scoring.from``) and its appetite.

Settings are read for every register of the repository at once, because ``scoring.from``
may name any of them (SPEC §8); what makes a register's settings unusable is said in words.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from riskctl.model.records import SourceFile
from riskctl.model.scoring import Appetite, Scheme

SCHEME_KEYS = ("likelihood", "impact", "ratings")


class Settings(NamedTuple):
    scheme: Scheme | None
    problems: tuple[str, ...]
    appetite: Appetite | None


def register_id(root: str, data: Mapping[str, Any]) -> str:
    value = data.get("id")
    return value if isinstance(value, str) and value else os.path.basename(root.rstrip("/")) or "register"


def _own_scheme(scoring: Mapping[str, Any]) -> tuple[Scheme | None, list[str]]:
    missing = [key for key in SCHEME_KEYS if key not in scoring]
    if missing:
        fields = ", ".join(f"scoring.{key}" for key in missing)
        return None, [
            f"missing {fields}; expected a scoring scheme, or scoring.from naming a register to share one with"
        ]
    try:
        scheme = Scheme.from_register({"scoring": scoring})
    except (KeyError, TypeError, ValueError) as error:  # the schema prevents these
        return None, [f"the scoring scheme cannot be used ({error})"]
    problems = scheme.problems()
    return (None, problems) if problems else (scheme, [])


def _scheme(
    data: Mapping[str, Any], by_id: Mapping[str, list[Mapping[str, Any]]], unread: Sequence[str] = ()
) -> tuple[Scheme | None, list[str]]:
    """Follow ``scoring.from`` to the register that defines the scheme (a chain is fine; a loop is
    not). ``unread``: the register.yaml files that could not be read, one of which may be the one named."""
    scoring = data.get("scoring")
    seen: list[str] = []
    while isinstance(scoring, Mapping) and "from" in scoring:
        if any(key in scoring for key in SCHEME_KEYS):
            return None, ["scoring.from takes the whole scheme from another register; remove the scheme's own fields"]
        target = str(scoring["from"])
        if target in seen:
            return None, [f"scoring.from forms a loop ({' -> '.join([*seen, target])})"]
        seen.append(target)
        found = by_id.get(target, [])
        if len(found) != 1:
            problem = "names no register" if not found else "names two registers (their ids clash)"
            via = f" (by way of {' -> '.join(seen[:-1])})" if len(seen) > 1 else ""
            note = f"; riskctl could not read {', '.join(unread)}" if unread and not found else ""
            return None, [f"scoring.from {problem}: '{target}'{via}{note}"]
        scoring = found[0].get("scoring")
    if not isinstance(scoring, Mapping):
        if seen:
            return None, [f"scoring.from '{seen[-1]}' has no scoring scheme"]
        return None, []
    scheme, problems = _own_scheme(scoring)
    if problems and seen:
        return None, [f"the scheme taken from '{seen[-1]}' cannot be used: {problems[0]}"]
    return scheme, problems


def read_settings(heads: Sequence[tuple[str, SourceFile]]) -> dict[str, Settings]:
    """``{register root: settings}`` for every register.yaml given (those that are valid)."""
    by_id: dict[str, list[Mapping[str, Any]]] = {}
    for root, file in heads:
        if file.valid:
            by_id.setdefault(register_id(root, file.data), []).append(file.data)
    unread = [file.path for _, file in heads if not file.valid]
    out: dict[str, Settings] = {}
    for root, file in heads:
        if not file.valid:
            out[root] = Settings(None, (), None)
            continue
        scheme, problems = _scheme(file.data, by_id, unread)
        appetite, wrong = Appetite.read(file.data.get("appetite"))
        out[root] = Settings(scheme, tuple(problems + wrong), appetite)
    return out
