"""Schema errors land on the offending key or value with a message an analyst can act on."""

from __future__ import annotations

import json

import pytest

from riskctl.model.records import Position, field_name
from riskctl.reading.loading import load_text
from riskctl.reading.schema import describe, validate
from riskctl.resources import SCHEMA_NAMES, schema

from .conftest import policy_yaml, risk_yaml


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
