"""The in-place editor: whatever fields are set, added or removed, the file reads back as intended,
and what was not changed stays byte for byte."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskctl.reading.loading import load_bytes
from riskctl.writing.editing import Editor, Source

from .conftest import SAMPLES

HAND_WRITTEN = [
    b"# comment first\r\nid: R1\r\ntitle: Fire  # short\r\ncategory: Ops\r\nowner: [A, B]\r\nstatus: open\r\n"
    b"inherent: {likelihood: 3, impact: 3}\r\nresidual:\r\n  likelihood: 2\r\n  impact: 3\r\n"
    b"review: {last: 2026-10-01, every: P3M}\r\n",
    b"\xef\xbb\xbfid: R2\ntitle: 'Quoted'\ncategory: Ops\nowner:\n- A\nstatus: open\ninherent:\n    likelihood: 3\n"
    b"    impact: 3\nresidual:\n    likelihood: 1\n    impact: 1\ncontrols:\n- description: |\n    Two\n    lines\n"
    b"  owner: X\nreview:\n    last: 2026-10-01\n# trailing comment\n",
    b"id: R3\ntitle: T\ncategory: C\nowner: O\nstatus: open\ninherent:\n  likelihood: 1\n  impact: 1\n"
    b"residual:\n  likelihood: 1\n  impact: 1\nreview:\n  last: 2026-10-01",  # no final newline
    b"id: R4\ntitle: T\ncategory: C\nowner: O\nstatus: open\ninherent: {likelihood: 1, impact: 1}\n"
    b"residual: {likelihood: 1, impact: 1}\nactions:\n  - {description: a, owner: b, due: 2027-01, status: open}\n"
    b"  # between actions\n  - description: c\n    owner: d\n    due: 2027-02\n    status: done\n"
    b"review: {last: 2026-10-01, history: [{date: 2026-01-01, note: x}]}\nacceptance:\n  by: X\n  on: 2026-01-01\n"
    b"  until: 2027-01-01\ntags:\n- a\n- b\n",
]
FILES = [path.read_bytes() for path in sorted((SAMPLES / "cambridgeshire-strategic" / "risks").glob("R*.yaml"))][:6]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120)
VALUES: dict[str, Any] = {
    "title": TEXT,
    "description": TEXT,
    "category": TEXT,
    "owner": st.one_of(TEXT, st.lists(TEXT, min_size=1, max_size=3)),
    "response": st.sampled_from(["treat", "tolerate"]),
    "inherent": st.fixed_dictionaries({"likelihood": st.integers(1, 4), "impact": st.integers(1, 4)}),
    "residual": st.fixed_dictionaries(
        {"likelihood": st.integers(1, 4), "impact": st.sampled_from([1, 2, "Major"])},
        optional={"score": st.integers(1, 16)},
    ),
    "controls": st.lists(st.fixed_dictionaries({"description": TEXT}, optional={"owner": TEXT}), max_size=4),
    "tags": st.lists(TEXT, max_size=3),
    "review": st.fixed_dictionaries(
        {"last": st.sampled_from(["2026-10-01", "2027-01"])},
        optional={
            "every": st.just("P1Y"),
            "history": st.lists(st.fixed_dictionaries({"date": st.just("2026-01-01")}, optional={"note": TEXT})),
        },
    ),
    "target": st.fixed_dictionaries(
        {"likelihood": st.integers(1, 2), "impact": st.integers(1, 2)}, optional={"by": st.just("2027-03-31")}
    ),
    "acceptance": st.fixed_dictionaries(
        {"by": TEXT, "on": st.just("2026-01-01"), "until": st.just("2027-01-01")}, optional={"rationale": TEXT}
    ),
    "actions": st.lists(
        st.fixed_dictionaries(
            {"description": TEXT, "owner": TEXT, "due": st.just("2027-01"), "status": st.just("open")}
        ),
        max_size=3,
    ),
}


@st.composite
def edits(draw: st.DrawFn) -> tuple[bytes, dict[str, Any]]:
    raw = draw(st.sampled_from(HAND_WRITTEN + FILES))
    document = load_bytes(raw, "x").document
    assert document is not None
    data = copy.deepcopy(document.data)
    for name in draw(st.lists(st.sampled_from(sorted(VALUES)), max_size=4, unique=True)):
        if (
            name in data
            and name not in ("title", "category", "owner", "inherent", "residual", "review")
            and draw(st.booleans())
        ):
            del data[name]
        else:
            data[name] = draw(VALUES[name])
    return raw, data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_edits_read_back_as_intended(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[bytes, dict[str, Any]]
) -> None:
    raw, wanted = case
    source = Source.parse(Path("x.yaml"), raw)
    editor = Editor(source, "risk")
    editor.set((), wanted)
    result = editor.result()
    loaded = load_bytes(result, "x")
    assert loaded.document is not None and not loaded.problems, result.decode("utf-8-sig")
    assert loaded.document.data == wanted, result.decode("utf-8-sig")
    assert result.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")
    assert (b"\r\n" in result) == (b"\r\n" in raw)
    first = raw.splitlines()[0]
    if first.startswith(b"#"):
        assert result.splitlines()[0] == first  # a leading comment stays


def test_unchanged_fields_stay_byte_for_byte() -> None:
    raw = HAND_WRITTEN[0]
    source = Source.parse(Path("x.yaml"), raw)
    wanted = copy.deepcopy(source.document.data)
    wanted["residual"]["likelihood"] = 1
    wanted["owner"] = ["A", "B", "C"]
    wanted["description"] = "Added"
    del wanted["review"]["every"]
    editor = Editor(source, "risk")
    editor.set((), wanted)
    assert editor.result().decode() == (
        "# comment first\r\nid: R1\r\ntitle: Fire  # short\r\ndescription: Added\r\ncategory: Ops\r\n"
        "owner: [A, B, C]\r\nstatus: open\r\ninherent: {likelihood: 3, impact: 3}\r\nresidual:\r\n"
        "  likelihood: 1\r\n  impact: 3\r\nreview: {last: 2026-10-01}\r\n"
    )
