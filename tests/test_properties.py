"""Property tests: the loader never raises, and any valid risk loads, validates and scores."""

from __future__ import annotations

import io
import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from riskctl.model.scoring import ScaleError, Scheme
from riskctl.reading.loading import load_bytes, load_text
from riskctl.reading.schema import validate

from .strategies import register_and_risk


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    result = load_bytes(raw, "f.yaml")
    assert result.document is not None or result.problems


YAMLISH = st.text(alphabet=string.printable + "&*!|>-:[]{}#%@`'\"\t\n é", max_size=300)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_arbitrary_yamlish_text_never_raises(text: str) -> None:
    result = load_text(text, "f.yaml")
    assert result.document is not None or result.problems
    for problem in result.problems:
        assert problem.position.line >= 1 and problem.position.column >= 1


@settings(max_examples=150, deadline=None)
@given(register_and_risk())
def test_any_valid_risk_loads_validates_and_scores(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    register, risk = pair
    buffer = io.StringIO()
    YAML().dump(risk, buffer)
    result = load_text(buffer.getvalue(), "risk.yaml")
    assert result.problems == []
    assert result.document is not None
    assert result.document.data == risk
    assert validate(result.document, "risk") == []
    scheme = Scheme.from_register(register)
    assert scheme.problems() == []
    for part in ("inherent", "residual"):
        scored = scheme.assess(risk[part]["likelihood"], risk[part]["impact"])
        assert scored.score == scored.likelihood.score * scored.impact.score
        assert scored.rating is not None


def _resolve_by_patterns(text: str) -> Any:
    """The YAML 1.2 core schema, pattern by pattern, without resolve_plain's shortcut for words."""
    import math
    import re

    from riskctl.reading.scalars import MAX_INT_DIGITS

    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text) if len(text.lstrip("+-")) <= MAX_INT_DIGITS else text
    if re.fullmatch(r"0o[0-7]+", text):
        return int(text[2:], 8) if len(text) <= MAX_INT_DIGITS else text
    if re.fullmatch(r"0x[0-9a-fA-F]+", text):
        return int(text[2:], 16) if len(text) <= MAX_INT_DIGITS else text
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", text):
        number = float(text)
        return number if math.isfinite(number) else text
    return text


SCALARS = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[-+.0-9eExXoOa-fA-F_]{1,12}", fullmatch=True),
    st.sampled_from(["~", "null", "True", "FALSE", ".inf", "-.5", "1e3", "0o17", "0x1F", "+12", "Yes"]),
)


@given(SCALARS)
def test_plain_scalars_resolve_as_the_core_schema_says(text: str) -> None:
    from riskctl.reading.scalars import resolve_plain

    assert repr(resolve_plain(text)) == repr(_resolve_by_patterns(text))


# -- history: field changes by the short route equal those of full normalisation --------

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 6),
    st.floats(allow_nan=True, allow_infinity=False, width=16),
    st.sampled_from(["", "Low", "Remote", "Likely", "Major", "2026-01-31"]),
    st.lists(st.integers(0, 3), max_size=2),
)
KEYS = st.sampled_from(["id", "title", "inherent", "residual", "target", "review", "likelihood", "impact", "score"])
INNER_KEYS = st.one_of(KEYS, st.sampled_from(["a.b", "1"]), st.just(1))
VALUES = st.recursive(LEAVES, lambda inner: st.dictionaries(INNER_KEYS, inner, max_size=3), max_leaves=8)
PART = st.fixed_dictionaries(
    {},
    optional={"likelihood": st.one_of(st.integers(0, 5), LEAVES), "impact": st.integers(0, 5), "score": LEAVES},
)
ITEM = st.dictionaries(
    st.one_of(KEYS, st.sampled_from(["inherent.score", "a.b"]), st.just(1), st.just(True)),
    st.one_of(VALUES, PART),
    max_size=6,
)


def _tweak(draw: st.DrawFn, item: dict[Any, Any]) -> dict[Any, Any]:
    """``item`` with a few top-level fields replaced, removed or added, order kept or shuffled."""
    new = dict(item)
    for key in draw(st.lists(st.sampled_from(sorted(item, key=repr)), max_size=2)) if item else []:
        if draw(st.booleans()):
            new[key] = draw(st.one_of(VALUES, PART))
        else:
            new.pop(key, None)
    new.update(draw(st.dictionaries(KEYS, st.one_of(VALUES, PART), max_size=2)))
    if draw(st.booleans()):
        new = dict(draw(st.permutations(list(new.items()))))
    return new


def _reference_fields(data: dict[Any, Any], scheme: Scheme) -> dict[str, Any]:
    """What ``history.normalise`` means, written plainly: dotted leaves depth first, then scores."""
    flat: dict[str, Any] = {}

    def walk(name: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                walk(f"{name}.{key}", inner)
        else:
            flat[name] = value

    for key, value in data.items():
        walk(str(key), value)
    for part in ("inherent", "residual", "target"):
        value = data.get(part)
        if isinstance(value, dict):
            try:
                assessed = scheme.assess(value.get("likelihood"), value.get("impact"))
            except ScaleError:
                continue
            flat[f"{part}.likelihood"] = assessed.likelihood.score
            flat[f"{part}.impact"] = assessed.impact.score
            flat[f"{part}.score"] = assessed.score
            if part != "target":
                flat[f"{part}.rating"] = assessed.rating_name
    return flat


def _reference_changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    order = list(new) + [name for name in old if name not in new]
    pairs = [(name, old.get(name), new.get(name)) for name in order]
    return [(name, a, b) for name, a, b in pairs if a is not b and a != b]


@st.composite
def item_versions(draw: st.DrawFn) -> tuple[dict[Any, Any], dict[Any, Any], bool]:
    old = draw(ITEM)
    return old, _tweak(draw, old), draw(st.booleans())


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(item_versions())
def test_field_changes_match_a_plain_reference(versions: tuple[dict[Any, Any], dict[Any, Any], bool]) -> None:
    from riskctl.history.versions import changes_between
    from riskctl.model.records import Register, SourceFile
    from riskctl.reading.settings import read_settings
    from riskctl.reading.workspace import build_item

    old, new, rescored = versions
    scoring = {
        "likelihood": [{"score": n, "label": label} for n, label in enumerate(["Remote", "Possible", "Likely"], 1)],
        "impact": [{"score": n, "label": label} for n, label in enumerate(["Minor", "Major"], 1)],
        "ratings": [{"name": "Low", "min": 1}, {"name": "High", "min": 3}],
    }
    ratings = [{"name": "Any", "min": 1}] if rescored else scoring["ratings"]

    def item(data: dict[Any, Any], register_data: dict[str, Any]) -> Any:
        file = SourceFile("r/register.yaml", _document(register_data))
        scheme = read_settings([("/r", file)])["/r"].scheme
        register = Register("r", "/r", "r", file, scheme)
        return build_item("risk", register, SourceFile("r/risks/x.yaml", _document(data)))

    before = item(old, {"scoring": scoring})
    after = item(new, {"scoring": {**scoring, "ratings": ratings}})
    assert before.register.scheme is not None and after.register.scheme is not None
    expected = _reference_changes(
        _reference_fields(old, before.register.scheme), _reference_fields(new, after.register.scheme)
    )
    found = changes_between(before, after)
    assert repr([(change.field, change.old, change.new) for change in found]) == repr(expected)


def _document(data: dict[Any, Any]) -> Any:
    from riskctl.model.records import Document

    return Document("x", "", data, {}, {}, {})
