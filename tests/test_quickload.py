"""quickload answers only when it reads a file exactly as loading does; otherwise it says None."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import riskctl.history as history_module
from riskctl import quickload
from riskctl.loading import load_bytes
from tests.conftest import Run

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in (*ROOT.glob("registers/**/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml")) if p.is_file())
INVALID = "invalid"


def loaded(raw: bytes) -> Any:
    result = load_bytes(raw, "file.yaml", positions=False)
    return result.document.data if result.document else INVALID


def agrees(raw: bytes) -> bool:
    """True when quickload answered; fails the test when its answer differs from loading's."""
    with quickload.quiet():
        quick = quickload.load(raw)
    if quick is None:
        return False
    # repr tells 1 from 1.0 and True, which == does not
    assert repr(quick) == repr(loaded(raw)), raw.decode("utf-8", "replace")
    return True


def test_every_sample_and_fixture_file() -> None:
    answered = sum(agrees(path.read_bytes()) for path in FILES)
    assert answered >= len(FILES) // 2  # the point is speed: most real files are answered


def test_the_plain_shapes_of_register_files_are_answered() -> None:
    raw = (
        b"id: R00024\n"
        b"title: Loss of the control room # a comment\n"
        b"owner: [Chief Constable, 'Police and Crime Commissioner']\n"
        b"description: >-\n  If the arrangements fail\n  then services stop.\n\n  Second paragraph.\n"
        b"notes: |\n  line one\n    indented\n"
        b"inherent:\n  likelihood: 3\n  impact: Major\n"
        b"score: -4\nratio: 1.5e3\nnothing:\nempty: ''\n"
        b"actions:\n  - {description: Review the plan, owner: Chief Finance Officer, due: 2027-06-30}\n"
        b"  - description: 'It''s done'\n    status: \"open \\u00e9\"\n"
        b'review: {last: 2025-01-01, colour: "#2e7d32"}\n'
        b"text: caf\xc3\xa9 \xe2\x80\x93 R&D, 5 * 3 is 15, why? because\n"
    )
    assert agrees(raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"a: &x 1\nb: *x\n",  # anchors and aliases
        b"a: !!python/object:os.system x\n",  # tags
        b"a: !custom x\n",
        b"%YAML 1.2\n---\na: 1\n",  # directives and document markers
        b"---\na: 1\n",
        b"a: 1\n...\n",
        b"? a\n: b\n",  # an explicit key
        b"<<: {a: 1}\n",  # a merge key
        b"a:\tb\n",  # a tab
        b"a: b\r\nc: d\r\n",  # CR
        b"\xef\xbb\xbfa: b\n",  # a BOM
        b"a: \xc2\x85b\n",  # NEL
        b"a: caf\xe9\n",  # not UTF-8
        b"a: @b\n",  # reserved indicators
        b"a: `b`\n",
        b"a: %b\n",
        b'a: "12"\n',  # a quoted string the core schema would read as a number when plain
        b"a: 'true'\n",
        b"a: '~'\n",
        b"a: 0x1F\n",  # plain scalars rapidyaml's JSON quotes
        b"a: 0o14\n",
        b"a: 012\n",
        b"a: TRUE\n",
        b"a: ~\n",
        b"a: +12\n",
        b"a: 1e400\n",  # not a finite number: text for loading
        b"a: " + b"9" * 51 + b"\n",  # too long for a number: text for loading
        b"1: one\n",  # a key the core schema reads as a number
        b"a: |2\n   x\n",  # block scalar headers other than | > |- >- |+ >+
        b"a: >1-\n x\n",
        b"a: {name:Medium}\n",  # malformed flow that rapidyaml accepts
        b"a:\n  - {b: 1}   - {c: 2}\n",
        b"a: {b: 1\n  , c: 2}\n",  # flow over several lines
        b"a: [[1, 2], [3]]\n",  # nested flow
        b"a: {b: %c}\n",
        b'a:\n  - "x"  - y\n',  # text after a quoted scalar
        b"a: 'x' y\n",
        b"[" * 40 + b"]" * 40 + b"\n",  # deep nesting
        "".join(" " * depth + "a:\n" for depth in range(1000)).encode(),
        b"null\n",  # None is never an answer
        b"a: [\n",  # invalid YAML: loading reports it
    ],
)
def test_unsure_files_are_left_to_loading(raw: bytes) -> None:
    with quickload.quiet():
        assert quickload.load(raw) is None


def test_mutated_files_never_disagree() -> None:
    """Thousands of small edits to real files, many of them breaking the YAML."""
    pieces = [
        b" ", b"  ", b"\n", b":", b"- ", b"'", b'"', b"[", b"]", b"{", b"}", b",", b"#", b"|", b">", b"\\",
        b"1", b"0x", b".", b"e", b"-", b"+", b"true", b"~", b"null", b"  - ", b": ", b"\n  ", b"a", b"%", b"@",
        b"|-", b">+", b"|2", b"\\n", b"\\u00e9", b"- - ", b"\xc3\xa9", b"12:30", b"1e3", b"Yes", b"&", b"*", b"!",
    ]  # fmt: skip
    sources = [path.read_bytes() for path in FILES]
    chance = random.Random(20261122)
    answered = 0
    for _ in range(3000):
        raw = bytearray(chance.choice(sources))
        for _ in range(chance.randint(1, 3)):
            at = chance.randrange(len(raw) + 1)
            if chance.random() < 0.5:
                del raw[at : at + chance.randint(1, 3)]
            else:
                raw[at:at] = chance.choice(pieces)
        answered += agrees(bytes(raw))
    assert answered > 600


WORDS = ["a", "R1", "Chief Constable", "12", "-3", "1.5", "1e3", "0x1F", "0o7", "012", "true", "False", "NULL",
         "~", "null", "yes", "2026-01-01", "12:30", ".inf", ".nan", "+1", "-", "a b", "a: b", "a #b", "a#b",
         "it's", 'say "hi"', "x\\y", "é", "R&D", "5 * 3", "why?", "", " lead", "trail "]  # fmt: skip


def _scalar(draw: st.DrawFn, indent: int) -> str:
    text = draw(st.sampled_from(WORDS) | st.text("abz019 .-:#'\"\\é", max_size=8))
    style = draw(st.sampled_from(["plain", "single", "double", "literal", "folded"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(text, ensure_ascii=False)
    if style in ("literal", "folded"):
        chomp = draw(st.sampled_from(["", "-", "+"]))
        lines = draw(st.lists(st.sampled_from([*WORDS[:20], "", "  more"]), min_size=1, max_size=3))
        pad = " " * (indent + 2)
        body = "".join(f"{pad}{line}\n" if line else "\n" for line in lines)
        return ("|" if style == "literal" else ">") + chomp + "\n" + body.rstrip("\n")
    return text


@st.composite
def documents(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    pad = " " * indent
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(["id", "title", "owner", "due", "1", "true", "a b", "k"]))
        kind = draw(st.sampled_from(["scalar", "scalar", "flow", "map", "list"] if depth < 2 else ["scalar", "flow"]))
        if kind == "scalar":
            lines.append(f"{pad}{key}: {_scalar(draw, indent)}")
        elif kind == "flow":
            items = [draw(st.sampled_from([*WORDS[:12], "'q, r'", '"s"'])) for _ in range(draw(st.integers(0, 3)))]
            lines.append(f"{pad}{key}: [{', '.join(items)}]")
        elif kind == "map":
            lines.append(f"{pad}{key}:\n" + draw(documents(indent + 2, depth + 1)))
        else:
            lines.append(f"{pad}{key}:")
            for _ in range(draw(st.integers(1, 3))):
                lines.append(f"{pad}  - {_scalar(draw, indent + 2)}")
    return "\n".join(lines)


@settings(max_examples=400, deadline=None)
@given(documents())
def test_generated_documents_never_disagree(text: str) -> None:
    agrees((text + "\n").encode())


def test_quiet_keeps_rapidyaml_errors_off_standard_error(capfd: pytest.CaptureFixture[str]) -> None:
    with quickload.quiet():
        assert quickload.load(b"a: [1\nb: 2\n") is None
    assert capfd.readouterr().err == ""


def test_audit_is_the_same_read_by_either_parser(
    run: Run, history: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "QUICK_MIN", 0)
    answers = []
    real = quickload.load

    def spy(raw: bytes) -> Any:
        answers.append(real(raw))
        return answers[-1]

    monkeypatch.setattr(quickload, "load", spy)
    quick = run("audit", "--no-cache").stdout
    assert any(answer is not None for answer in answers)
    monkeypatch.setattr(quickload, "load", lambda raw: None)
    assert run("audit", "--no-cache").stdout == quick
