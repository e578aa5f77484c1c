"""The shape of a rule: code, name, default severity, documentation and a check."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator, Set
from typing import NamedTuple

from riskctl.model.facts import Facts, facts
from riskctl.model.records import Item, JSONPath, Register, Severity
from riskctl.model.workspace import Workspace

ItemKey = tuple[str, str, str]  # (register id, kind, item id)


class Hit(NamedTuple):
    """A rule firing on one item: where (a path in the item's document) and why."""

    path: JSONPath
    message: str
    key: bool = False


class Context(NamedTuple):
    today: dt.date
    workspace: Workspace
    policy_refs: Set[str] = frozenset()  # "REF" and "register:REF" of every policy
    base: dict[ItemKey, Item] | None = None  # items at --base REV, for the RC5xx rules

    def facts(self, item: Item) -> Facts:
        return facts(item, self.today)


Check = Callable[[Item, Context], Iterable[Hit]]
RegisterCheck = Callable[[Register, Context], Iterable[Hit]]


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check | None = None  # None: raised by loading or validation, or a register rule
    register_check: RegisterCheck | None = None  # a rule on register.yaml rather than on an item


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Rule]:
    """Turn a check function into a Rule; its docstring is the rule's documentation."""

    def wrap(check: Check) -> Rule:
        return Rule(code, name, severity, summary, inspect.cleandoc(check.__doc__ or ""), check)

    return wrap


def register_rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[RegisterCheck], Rule]:
    """Turn a check of a register's own settings (register.yaml) into a Rule."""

    def wrap(check: RegisterCheck) -> Rule:
        return Rule(code, name, severity, summary, inspect.cleandoc(check.__doc__ or ""), None, check)

    return wrap


def documented(code: str, name: str, severity: Severity, summary: str, doc: str) -> Rule:
    return Rule(code, name, severity, summary, inspect.cleandoc(doc))


def nothing(_item: Item, _ctx: Context) -> Iterator[Hit]:
    return iter(())
