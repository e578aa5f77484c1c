"""Plain records shared by every layer: positions, findings, loaded documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

JSONPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@dataclass(frozen=True, order=True)
class Position:
    """1-based line and column in the source text (characters, not bytes)."""

    line: int = 1
    column: int = 1


START = Position(1, 1)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file: the unit every output format is made of."""

    path: str
    line: int
    column: int
    code: str
    rule: str
    severity: Severity
    message: str
    item: str | None = None
    field: str | None = None  # dotted path of the offending value; keeps fingerprints stable

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "item": self.item,
            "message": self.message,
        }


@dataclass
class Document:
    """A parsed YAML file: JSON-typed data plus where every key and value stands."""

    path: str
    text: str
    data: Any
    keys: dict[JSONPath, Position] = field(default_factory=dict)
    values: dict[JSONPath, Position] = field(default_factory=dict)
    ends: dict[JSONPath, Position] = field(default_factory=dict)  # where each value ends (exclusive)
    positioned: bool = True  # False when loaded without positions (see Loaded.position)

    def locate(self, path: JSONPath, *, key: bool = False) -> Position:
        """Position of the value (or key) at ``path``, else of its nearest known ancestor."""
        probe = tuple(path)
        while probe:
            table = (self.keys, self.values) if key else (self.values, self.keys)
            for positions in table:
                if probe in positions:
                    return positions[probe]
            probe = probe[:-1]
        return self.values.get((), START)
