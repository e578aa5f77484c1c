"""JSON Schema validation with findings placed on the offending key or value.

Messages name the field, the value found and what is allowed, and never dump the
document. Every error is reported, not just the first; where several schema
keywords fail at one place only the most telling is kept.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator
from typing import Any, NamedTuple

from riskctl.model import dates
from riskctl.model.records import Document, JSONPath, Position, field_name
from riskctl.resources import schema

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "nothing",
}
# When several keywords fail at one place, report the first in this order.
_PRIORITY = {"type": 0, "required": 1, "additionalProperties": 2, "enum": 3, "pattern": 4, "format": 5}


class SchemaProblem(NamedTuple):
    position: Position
    field: str
    message: str


def describe(value: Any, limit: int = 60) -> str:
    """A short, quoted rendering of a value for messages."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


@functools.cache
def _validator(name: str) -> Any:
    import jsonschema
    from referencing import Registry

    def refuse(uri: str) -> Any:
        raise LookupError(f"riskctl never fetches schemas ({uri})")

    def is_date(value: object) -> bool:
        if isinstance(value, str):
            dates.parse_date(value)  # raises DateError, whose message becomes the finding
        return True

    def is_duration(value: object) -> bool:
        if isinstance(value, str):
            dates.parse_duration(value)  # raises DateError, whose message becomes the finding
        return True

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("riskctl-date", raises=dates.DateError)(is_date)
    checker.checks("riskctl-duration", raises=dates.DateError)(is_duration)
    cls = jsonschema.validators.validator_for(schema(name))
    registry: Registry[Any] = Registry(retrieve=refuse)  # type: ignore[call-arg]
    return cls(schema(name), registry=registry, format_checker=checker)


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dates.parse_date(value)
    except dates.DateError:
        return False
    return True


def _is_duration(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dates.parse_duration(value)
    except dates.DateError:
        return False
    return True


FORMATS = {"riskctl-date": _is_date, "riskctl-duration": _is_duration}


@functools.cache
def _fast(name: str) -> Any:
    """The compiled validator for the common case, a valid file: about 25x quicker than jsonschema.

    It answers only "valid or not"; a file it rejects is validated again by jsonschema,
    which reports every error with its path, and a property test holds the two to the same
    verdicts. Its code is generated from the schemas ahead of time (``generate_validators``;
    ``make validators``), because compiling three schemas afresh costs every command about
    120 ms; a test holds the shipped code to what the schemas generate now.
    """
    import importlib

    module = importlib.import_module(f"riskctl.reading.compiled.{name}")
    validate: Any = getattr(module, f"validate_urn_riskctl_schema_{name}")
    return validate


def is_valid(data: Any, kind: str) -> bool:
    from riskctl.reading.compiled import JsonSchemaValueException

    try:
        _fast(kind)(data, custom_formats=FORMATS)
    except JsonSchemaValueException:
        return False
    return True


def generated_validator(name: str) -> str:
    """The code of the compiled validator for the ``name`` schema, as ``reading/compiled`` holds it."""
    import re

    import fastjsonschema

    code = fastjsonschema.compile_to_code(schema(name), formats=FORMATS, detailed_exceptions=False)
    # fastjsonschema names a list item for a nested check with "...[{i}]".format(**locals()),
    # which copies every local of the function for each item of a valid file; an f-string
    # names the same variables (the literals hold nothing else in braces) at none of that cost
    code = re.sub(r'"((?:[^"{}\\]|\{[A-Za-z_][A-Za-z_0-9]*\})*)"\.format\(\*\*locals\(\)\)', r'f"\1"', code)
    # riskctl's reader makes every number an int or a float, never a Decimal: the type checks
    # need not import the decimal module (a few milliseconds of every command's start)
    code = code.replace("from decimal import Decimal\n", "").replace("(int, float, Decimal)", "(int, float)")
    own = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
    if own in code:  # the same names, from a module that costs nothing to import (see compiled/__init__.py)
        code = code.replace(own, own.replace("fastjsonschema", "riskctl.reading.compiled"))
    header = f"# Generated from schemas/{name}.schema.json by make validators; do not edit.\n"
    return header + "# ruff: noqa\n# mypy: ignore-errors\n" + code


def validate(document: Document, kind: str) -> list[SchemaProblem]:
    """Validate ``document`` against the ``kind`` schema (register, risk or policy)."""
    if document.data is None:
        return [SchemaProblem(Position(), "the file", f"the file is empty; expected a {kind} (a mapping of fields)")]
    if is_valid(document.data, kind):
        return []
    problems: dict[JSONPath, tuple[int, SchemaProblem]] = {}
    for error in _validator(kind).iter_errors(document.data):
        for path, rank, problem in _explain(document, error):
            if path not in problems or rank < problems[path][0]:
                problems[path] = (rank, problem)
    return sorted((problem for _, problem in problems.values()), key=lambda p: (p.position, p.message))


def _explain(document: Document, error: Any) -> Iterator[tuple[JSONPath, int, SchemaProblem]]:
    path: JSONPath = tuple(error.absolute_path)
    keyword = error.validator
    rank = _PRIORITY.get(keyword, 9)
    name = field_name(path)
    value = error.instance
    subschema = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "required":
        missing = [field for field in error.validator_value if field not in (value or {})]
        where = document.locate(path, key=True) if path else Position()
        for field in missing:
            target = f"{name}.{field}" if path else field
            yield (
                (*path, f"<missing {field}>"),
                rank,
                SchemaProblem(where, target, f"missing required field '{target}'"),
            )
        return
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = sorted((subschema.get("properties") or {}).keys())
        for extra in value:
            if extra in known:
                continue
            target = (*path, extra)
            hint = difflib.get_close_matches(str(extra), known, n=1)
            if hint:
                suggestion = f"; did you mean '{hint[0]}'?"
            elif known:
                suggestion = f"; allowed fields: {', '.join(known)}"
            else:
                suggestion = ""
            message = f"unknown field '{field_name(target)}'{suggestion}"
            yield target, rank, SchemaProblem(document.locate(target, key=True), field_name(target), message)
        return
    yield path, rank, SchemaProblem(document.locate(path), name, _message(error, name, subschema))


def _message(error: Any, name: str, subschema: dict[str, Any]) -> str:
    """What a value breaking one keyword of the schema found, and what was expected."""
    keyword, value, limit = error.validator, error.instance, error.validator_value
    found = describe(value)
    if keyword == "type":
        return f"{name}: found {found}; expected {_expect_from(subschema)}"
    if keyword == "enum":
        return f"{name}: found {found}; expected one of: {', '.join(str(option) for option in limit)}"
    if keyword == "format" and error.cause:
        return f"{name}: {error.cause}"
    if keyword in ("pattern", "format"):
        return f"{name}: found {found}; expected {_title(subschema) or 'a different form'}"
    if keyword == "minLength":
        return f"{name} is empty; expected some text"
    if keyword == "minItems":
        return f"{name} has {len(value)} item(s); expected at least {limit}"
    if keyword == "maxItems":
        return f"{name} has {len(value)} items; expected at most {limit}"
    if keyword == "minimum":
        return f"{name}: found {found}; expected {limit} or more"
    if keyword == "maximum":
        return f"{name}: found {found}; expected {limit} or less"
    if keyword == "anyOf":
        return f"{name}: found {found}; expected {_title(subschema) or 'a different value'}"
    if keyword == "propertyNames":
        return f"{name}: the name {found} is not allowed; expected a rule code such as RC302"
    return f"{name}: {error.message}"


def _title(subschema: dict[str, Any]) -> str:
    title = subschema.get("title")
    return str(title) if title else ""


def _expect_from(subschema: Any) -> str:
    if not isinstance(subschema, dict):
        return "a different value"
    if subschema.get("title"):
        return str(subschema["title"])
    kinds = subschema.get("type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if kinds:
        return " or ".join(_TYPE_WORDS.get(kind, kind) for kind in kinds)
    if "enum" in subschema:
        return "one of: " + ", ".join(str(option) for option in subschema["enum"])
    return "a different value"


def property_order(kind: str, path: tuple[str | int, ...] = ()) -> list[str]:
    """The fields of the mapping at ``path`` in the order the ``kind`` schema lists them: the
    order riskctl writes them in."""
    node: Any = schema(kind)
    for part in path:
        if not isinstance(node, dict):
            return []
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return list(node.get("properties", {})) if isinstance(node, dict) else []


def in_schema_order(value: Any, kind: str, path: tuple[str | int, ...] = ()) -> Any:
    """``value`` with every mapping's fields in schema order (fields the schema lacks last)."""
    if isinstance(value, list):
        return [in_schema_order(item, kind, (*path, index)) for index, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    order = {name: index for index, name in enumerate(property_order(kind, path))}
    keys = sorted(value, key=lambda key: order.get(key, len(order)))
    return {key: in_schema_order(value[key], kind, (*path, key)) for key in keys}
