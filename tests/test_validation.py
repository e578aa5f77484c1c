"""Schema errors land on the offending key or value with a message an analyst can act on."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskctl.model.records import Position, field_name
from riskctl.reading.loading import load_text
from riskctl.reading.schema import describe, validate
from riskctl.resources import SCHEMA_NAMES, schema

from .conftest import ROOT, policy_yaml, risk_yaml
from .strategies import register_and_risk


def problems(text: str, kind: str = "risk") -> list[tuple[Position, str]]:
    document = load_text(text, "f").document
    assert document is not None
    return [(p.position, p.message) for p in validate(document, kind)]


def test_valid_files_have_no_problems() -> None:
    assert problems(risk_yaml()) == []
    assert problems(policy_yaml(), "policy") == []


def test_missing_field_at_file_start_and_nested_at_parent_key() -> None:
    found = problems(risk_yaml(owner="", residual="residual:\n  likelihood: 2"))
    assert (Position(1, 1), "missing required field 'owner'") in found
    assert (Position(8, 1), "missing required field 'residual.impact'") in found


def test_unknown_field_points_at_the_key_and_suggests() -> None:
    found = problems(risk_yaml(status="status: open\nownr: someone"))
    assert (Position(6, 1), "unknown field 'ownr'; did you mean 'owner'?") in found


def test_wrong_enum_names_value_and_allowed() -> None:
    found = problems(risk_yaml(status="status: Open"))
    assert found == [(Position(5, 9), "status: found 'Open'; expected one of: open, closed")]


def test_wrong_type_in_list_item() -> None:
    text = risk_yaml(review="review:\n  last: 2026-10-01\ncontrols:\n  - description: fine\n  - description: 42")
    assert problems(text) == [(Position(16, 18), "controls[2].description: found 42; expected text")]


def test_bad_dates_and_durations() -> None:
    found = problems(risk_yaml(review="review:\n  last: 2026-02-30\n  every: P3X"))
    assert (Position(13, 9), "review.last: '2026-02-30' is not a real calendar date") in found
    assert any(pos == Position(14, 10) and "expected duration (P1Y, P6M" in msg for pos, msg in found)


def test_every_error_is_reported_not_just_the_first() -> None:
    text = risk_yaml(status="status: opn", category="category: 7", title="title: ''")
    assert len(problems(text)) == 3


def test_empty_document() -> None:
    assert problems("# nothing\n") == [(Position(1, 1), "the file is empty; expected a risk (a mapping of fields)")]


def test_message_never_dumps_the_document() -> None:
    text = risk_yaml(inherent="inherent: [" + ", ".join(["x" * 50] * 40) + "]")
    (_, message), *_ = problems(text)
    assert len(message) < 200


def test_describe_truncates() -> None:
    assert describe("x" * 500).endswith("…'")
    assert describe(None) == "nothing (empty)"
    assert field_name(("controls", 0, "owner")) == "controls[1].owner"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schemas_have_id_title_and_a_description_on_every_property(name: str) -> None:
    loaded = schema(name)
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert loaded["$id"] and loaded["title"]

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for prop, sub in (node.get("properties") or {}).items():
                assert "description" in sub, f"{name}: {where}.{prop} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(loaded, name)


def test_schemas_never_reference_remote_documents() -> None:
    for name in SCHEMA_NAMES:
        refs = list(json.dumps(schema(name)).split('"$ref": ')[1:])
        assert all(ref.startswith('"#') for ref in refs)


# -- the compiled validator and jsonschema agree on every document -----------------------

TRICKY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 30),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(
        [
            "",
            "open",
            "closed",
            "active",
            "treat",
            "P3M",
            "P0D",
            "quarterly",
            "Pnope",
            "2026-02-30",
            "2026-13",
            "2026-1-1",
            "2026-04",
            "2024-02-29",
            "2023-02-29",
            " 2026-01-01",
            "2026-01-01 ",
            "R1.1",
            "#fff",
            "#12345g",
            "off",
            "error",
            "RC302",
            "rc302",
            "Major",
            "x" * 300,
        ]
    ),
    st.text(max_size=6),
)
DATES = st.sampled_from(["2026-02-30", "2026-13", "2026-00-10", "2024-02-29", "2023-02-29", "2026-04", "2026-4",
                         "2026-04-31", "9999-12-31", "0000-01-01", "2026-01-01T00:00"])  # fmt: skip
JSONISH = st.recursive(
    TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    register, risk = draw(register_and_risk())
    policy = {
        "reference": "P1",
        "title": "T",
        "owner": "O",
        "status": "active",
        "review": {"last": "2024-04", "every": "P2Y"},
    }
    kind, document = draw(st.sampled_from([("register", register), ("risk", risk), ("policy", policy)]))
    document = copy.deepcopy(document)
    if kind != "register" and draw(st.booleans()):  # dates: the format both validators must judge alike
        document["review"]["last"] = draw(DATES)
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_paths(document)))
        if not path:
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(JSONISH)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "score", "next", "every", "by", "appetite", "rules"]))] = draw(
                JSONISH
            )
    return kind, document


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_compiled_validator_and_jsonschema_agree(case: tuple[str, Any]) -> None:
    """``is_valid`` (fastjsonschema, the fast verdict) must say exactly what jsonschema says,
    formats included: a file it passes is never one jsonschema would reject, and the reverse."""
    from riskctl.reading.schema import _validator, is_valid

    kind, document = case
    explained = list(_validator(kind).iter_errors(document))
    assert is_valid(document, kind) == (not explained), [error.message for error in explained]


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_compiled_validators_are_what_the_schemas_generate(name: str) -> None:
    from riskctl.reading.schema import generated_validator

    shipped = ROOT / "riskctl" / "reading" / "compiled" / f"{name}.py"
    assert shipped.read_text(encoding="utf-8") == generated_validator(name), "schemas changed: run make validators"
