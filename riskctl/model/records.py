"""The records every layer shares: positions, findings, parsed documents, registers and items.

A register and its items are the same frozen records whether they were read from the
working tree or from a git revision; what riskctl works out about them is in ``facts``.

Small values (a position, a finding, a problem) are named tuples: immutable, hashable and
ordered field by field as frozen dataclasses are, at a fraction of the cost. A frozen
dataclass compiles its methods when its module is imported, about 1.3 ms a class on every
command's start, and sets each field through ``object.__setattr__`` for every instance;
records with identity and worked-out properties (a register, an item) stay dataclasses.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from riskctl.model.scoring import Appetite, Assessment, Scheme

JSONPath = tuple[str | int, ...]
Kind = Literal["risk", "policy"]
KINDS: tuple[Kind, ...] = ("risk", "policy")


def field_name(path: tuple[str | int, ...]) -> str:
    """``residual.likelihood``, ``controls[2].owner``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "the file"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


class Position(NamedTuple):
    """1-based line and column in the source text (characters, not bytes)."""

    line: int = 1
    column: int = 1


START = Position(1, 1)


class Finding(NamedTuple):
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
    end_line: int | None = None  # where the offending value ends, when known
    end_column: int | None = None

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


class Problem(NamedTuple):
    """Why a file could not be read or used: RC101 (unreadable), RC102 (schema), RC103 (duplicate key)."""

    code: str
    message: str
    position: Position = START
    field: str | None = None

    def to_json(self, path: str) -> dict[str, Any]:
        return {
            "path": path,
            "line": self.position.line,
            "column": self.position.column,
            "code": self.code,
            "message": self.message,
        }


class Document:
    """A parsed YAML file: JSON-typed data, and where every key and value stands.

    Positions are recorded only when something needs them: a document read without them
    carries a ``locator`` (the same reader, asked again for positions) that fills them in
    the first time a finding has to be placed.
    """

    __slots__ = ("_ends", "_keys", "_locator", "_values", "data", "path", "text")

    def __init__(
        self,
        path: str,
        text: str,
        data: Any,
        keys: dict[JSONPath, Position] | None = None,
        values: dict[JSONPath, Position] | None = None,
        ends: dict[JSONPath, Position] | None = None,
        locator: Callable[[], Document | None] | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.data = data
        self._keys, self._values, self._ends = keys, values, ends
        self._locator = locator

    def _positions(self) -> None:
        if self._keys is not None:
            return
        located = self._locator() if self._locator else None
        self._keys = located._keys if located else {}
        self._values = located._values if located else {}
        self._ends = located._ends if located else {}

    @property
    def keys(self) -> dict[JSONPath, Position]:
        self._positions()
        assert self._keys is not None
        return self._keys

    @property
    def values(self) -> dict[JSONPath, Position]:
        self._positions()
        assert self._values is not None
        return self._values

    @property
    def ends(self) -> dict[JSONPath, Position]:
        self._positions()
        assert self._ends is not None
        return self._ends

    def locate(self, path: JSONPath, *, key: bool = False) -> Position:
        """Position of the value (or key) at ``path``, else of its nearest known ancestor."""
        probe = tuple(path)
        tables = (self.keys, self.values) if key else (self.values, self.keys)
        while probe:
            for positions in tables:
                if probe in positions:
                    return positions[probe]
            probe = probe[:-1]
        return self.values.get((), START)

    def end_of(self, path: JSONPath) -> Position | None:
        """Where the value at ``path`` ends (exclusive), when it was recorded."""
        return self.ends.get(tuple(path))


@dataclass(frozen=True, eq=False)
class SourceFile:
    """One file as read: its document (None when it could not be read) and what is wrong with it."""

    path: str  # as shown to the user
    document: Document | None
    problems: tuple[Problem, ...] = ()
    repo_path: str | None = None  # '/'-separated, relative to the repository root, when known
    location: str | None = None  # the file's absolute path in the file system (working tree only)

    @property
    def data(self) -> dict[str, Any]:
        data = self.document.data if self.document else None
        return data if isinstance(data, dict) else {}

    @property
    def readable(self) -> bool:
        return self.document is not None

    @property
    def valid(self) -> bool:
        """Read, and within the schema: the rules can run on it and views can show it."""
        return self.document is not None and not any(p.code in ("RC101", "RC102") for p in self.problems)

    def position(self, *path: str | int, key: bool = False) -> Position:
        return self.document.locate(path, key=key) if self.document else START

    def unusable(self) -> Problem | None:
        """The first problem that stops the file being used, for messages; None when it is valid."""
        for problem in self.problems:
            if problem.code in ("RC101", "RC102"):
                return problem
        return None


@dataclass(frozen=True, eq=False)
class Register:
    """A register's own settings (register.yaml); its items refer to it."""

    display: str  # the directory as shown to the user
    root: str  # absolute directory (for a git revision: where it stands in the working tree)
    repo_dir: str | None  # '/'-separated, relative to the repository root ('' at the root), when in git
    file: SourceFile
    scheme: Scheme | None = None
    scheme_problems: tuple[str, ...] = ()  # what makes its settings unusable (scoring, appetite)
    appetite: Appetite | None = None

    @property
    def data(self) -> dict[str, Any]:
        return self.file.data

    @property
    def parent(self) -> str | None:
        value = self.data.get("parent")
        return value if isinstance(value, str) and value else None

    @property
    def escalation_above(self) -> int | None:
        value = self.setting("escalation", "above")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @functools.cached_property  # asked for by every item and event: worked out once
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) and value else os.path.basename(self.root.rstrip("/")) or "register"

    @property
    def name(self) -> str:
        value = self.data.get("name")
        return value if isinstance(value, str) and value else self.id

    @functools.cached_property
    def usable(self) -> bool:
        return self.file.valid and not self.scheme_problems

    def settings_problems(self) -> list[Problem]:
        """Why the register's scheme or appetite cannot be used (RC102), each where it is said:
        a message opens with the setting it is about (``appetite.default: ...``), else ``scoring``."""
        out = []
        for message in self.scheme_problems:
            first = message.split(":", 1)[0].split(" ", 1)[0]
            setting = first.split(".") if first.split(".")[0] in ("appetite", "scoring") else ["scoring"]
            out.append(Problem("RC102", message, self.file.position(*setting, key=True)))
        return out

    def setting(self, *path: str) -> Any:
        """A nested value of register.yaml (``setting("review", "every")``), or None."""
        value: Any = self.data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return value


@dataclass(frozen=True, eq=False)
class Item:
    """A risk or a policy. Its scores are worked out once, when it is built (see ``facts``)."""

    kind: Kind
    register: Register
    file: SourceFile
    inherent: Assessment | None = None
    residual: Assessment | None = None
    target: Assessment | None = None

    @functools.cached_property  # read by every rule and view: worked out once
    def data(self) -> dict[str, Any]:
        return self.file.data

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def stem(self) -> str:
        return os.path.splitext(os.path.basename(self.file.path))[0]

    @functools.cached_property
    def id(self) -> str:
        value = self.data.get("id" if self.kind == "risk" else "reference")
        return str(value) if isinstance(value, str | int) and not isinstance(value, bool) and value != "" else self.stem

    @property
    def qualified_id(self) -> str:
        return f"{self.register.id}:{self.id}"

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity across revisions: register id, kind, id (not the path, which may move)."""
        return (self.register.id, self.kind, self.id)
