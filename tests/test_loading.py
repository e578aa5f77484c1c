"""The loader: positions of keys and values, and every kind of hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskctl.model.records import Position
from riskctl.reading import loading
from riskctl.reading.loading import load_bytes, load_file, load_text


def problems(raw: bytes | str) -> list[tuple[str, str, Position]]:
    result = load_bytes(raw.encode() if isinstance(raw, str) else raw, "f.yaml")
    return [(p.code, p.message, p.position) for p in result.problems]


def only_problem(raw: bytes | str) -> tuple[str, str, Position]:
    result = load_bytes(raw.encode() if isinstance(raw, str) else raw, "f.yaml")
    assert result.document is None
    assert len(result.problems) == 1, result.problems
    p = result.problems[0]
    return p.code, p.message, p.position


# --- positions ---------------------------------------------------------------

NESTED = """\
id: R1
inherent:
  likelihood: 3
  impact: Major
controls:
  - description: first
  - description: second
    owner: [Chief Constable, "Head of Estates"]
"""


def test_positions_of_nested_keys_and_values() -> None:
    doc = load_text(NESTED, "f").document
    assert doc is not None
    assert doc.keys[("inherent", "likelihood")] == Position(3, 3)
    assert doc.values[("inherent", "likelihood")] == Position(3, 15)
    assert doc.values[("inherent", "impact")] == Position(4, 11)
    assert doc.values[("controls", 0)] == Position(6, 5)
    assert doc.keys[("controls", 1, "description")] == Position(7, 5)
    assert doc.values[("controls", 1, "owner", 1)] == Position(8, 30)


def test_locate_falls_back_to_nearest_ancestor() -> None:
    doc = load_text(NESTED, "f").document
    assert doc is not None
    # a missing field is reported at its parent
    assert doc.locate(("inherent", "score")) == Position(3, 3)
    assert doc.locate(("inherent", "score"), key=True) == Position(2, 1)
    assert doc.locate(()) == Position(1, 1)


def test_columns_count_characters_not_bytes() -> None:
    doc = load_text("title: Café ñ\nowner: é\n", "f").document
    assert doc is not None
    assert doc.values[("owner",)] == Position(2, 8)


def test_yaml_12_scalars() -> None:
    doc = load_text("a: NO\nb: yes\nc: true\nd: 2024-04-01\ne: 2024-04\nf: 0o17\ng: 1.5\nh: ~\ni: '3'\n", "f").document
    assert doc is not None
    assert doc.data == {
        "a": "NO",
        "b": "yes",
        "c": True,
        "d": "2024-04-01",
        "e": "2024-04",
        "f": 15,
        "g": 1.5,
        "h": None,
        "i": "3",
    }


# --- hostile and broken input -------------------------------------------------


def test_syntax_error_has_line_and_column() -> None:
    code, message, position = only_problem("title: ok\nowner: [a, b\nstatus: open\n")
    assert code == "RC101"
    assert message.startswith("invalid YAML")
    assert position.line >= 2


def test_tab_indentation() -> None:
    code, message, position = only_problem("review:\n\tlast: 2026-01-01\n")
    assert (code, position) == ("RC101", Position(2, 1))
    assert "tab" in message


def test_duplicate_key_is_reported_and_loading_goes_on() -> None:
    result = load_text("id: R1\nowner: a\nowner: b\n", "f")
    assert result.document is not None
    assert [(p.code, p.position) for p in result.problems] == [("RC103", Position(3, 1))]
    assert "first at line 2" in result.problems[0].message


def test_bad_utf8_reports_line_and_column_not_byte_offset() -> None:
    code, message, position = only_problem(b"id: R1\ntitle: caf\xe9 menu\n")
    assert code == "RC101"
    assert position == Position(2, 11)
    assert "0xe9" in message and "UTF-8" in message


def test_nul_byte() -> None:
    code, message, position = only_problem(b"id: R1\ntitle: a\x00b\n")
    assert (code, position) == ("RC101", Position(2, 9))
    assert "NUL" in message


def test_utf16_is_named() -> None:
    assert "UTF-16" in only_problem("id: R1\n".encode("utf-16"))[1]


def test_bom_is_accepted() -> None:
    result = load_bytes(b"\xef\xbb\xbfid: R1\n", "f")
    assert result.problems == []
    assert result.document is not None and result.document.data == {"id": "R1"}
    assert result.document.values[("id",)] == Position(1, 5)


@pytest.mark.parametrize("text", ["", "# only a comment\n# and another\n", "\n\n", "...\n", "# c\n...\n"])
def test_empty_and_comment_only_files_load_as_nothing(text: str) -> None:
    result = load_text(text, "f")
    assert result.problems == []
    assert result.document is not None and result.document.data is None


def test_several_documents() -> None:
    code, message, position = only_problem("id: R1\n---\nid: R2\n")
    assert code == "RC101" and "several YAML documents" in message
    assert position.line == 2


def test_deep_nesting_is_refused_without_recursion() -> None:
    code, message, _ = only_problem("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert code == "RC101" and "nested more than" in message


def test_nesting_at_the_limit_loads() -> None:
    depth = loading.MAX_DEPTH - 1
    result = load_text("[" * depth + "]" * depth, "f")
    assert result.problems == []


BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
)


def test_alias_bomb_is_refused_before_it_expands() -> None:
    assert len(BOMB) < 340
    code, message, position = only_problem(BOMB)
    assert code == "RC101" and "aliases expand to more than" in message
    assert position.line == 6  # stopped where the count passed the limit, not at the end


def test_small_aliases_are_fine() -> None:
    result = load_text("a: &x {likelihood: 2, impact: 3}\nb: *x\n", "f")
    assert result.problems == []
    assert result.document is not None and result.document.data["b"] == {"likelihood": 2, "impact": 3}


def test_self_referencing_alias() -> None:
    code, message, position = only_problem("a: &loop\n  - *loop\n")
    assert code == "RC101" and "refers to the value that contains it" in message
    assert position == Position(2, 5)


def test_undefined_alias() -> None:
    assert "no matching anchor" in only_problem("a: *nowhere\n")[1]


def test_python_tags_are_refused_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'id: !!python/object/apply:os.system ["touch {marker}"]\n'
    code, message, position = only_problem(text)
    assert code == "RC101" and "!!python/object/apply:os.system" in message and "not allowed" in message
    assert position == Position(1, 5)
    assert not marker.exists()


@pytest.mark.parametrize(
    "text", ["a: !custom 3\n", "a: !!binary aGk=\n", "a: !!set {x}\n", "a: !!timestamp 2024-01-01\n"]
)
def test_tags_outside_the_core_schema_are_refused(text: str) -> None:
    assert "is not allowed" in only_problem(text)[1]


def test_core_tags_are_honoured() -> None:
    result = load_text('a: !!str 3\nb: !!int "4"\nc: !!float 1\n', "f")
    assert result.document is not None and result.document.data == {"a": "3", "b": 4, "c": 1.0}
    assert "cannot be read as !!int" in only_problem("a: !!int abc\n")[1]


def test_nan_and_infinity_stay_text() -> None:
    result = load_text("a: .nan\nb: -.inf\nc: 1e999\n", "f")
    assert result.document is not None and result.document.data == {"a": ".nan", "b": "-.inf", "c": "1e999"}


def test_integers_too_long_stay_text() -> None:
    big = "9" * 5000  # past Python's int-parsing limit
    result = load_text(f"a: {big}\nb: 123\n", "f")
    assert result.problems == []
    assert result.document is not None and result.document.data == {"a": big, "b": 123}


def test_non_string_keys() -> None:
    result = load_text("1: a\ntrue: b\nnull: c\n", "f")
    assert result.document is not None and result.document.data == {"1": "a", "true": "b", "null": "c"}
    assert "key must be plain text" in only_problem("[a, b]: c\n")[1]
    assert "key must be plain text" in only_problem("? {a: 1}\n: c\n")[1]


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * loading.MAX_BYTES + b"\n")
    result = load_file(str(big))
    assert result.document is None
    assert "larger than" in result.problems[0].message


def test_unreadable_file(tmp_path: Path) -> None:
    result = load_file(str(tmp_path / "missing.yaml"))
    assert result.problems[0].code == "RC101" and "cannot read" in result.problems[0].message


def test_yaml_11_directive_is_refused() -> None:
    code, message, position = only_problem("%YAML 1.1\n---\nstatus: NO\n")
    assert code == "RC101" and "YAML 1.1" in message and position == Position(1, 1)


def test_yaml_12_directive_is_fine() -> None:
    result = load_text("%YAML 1.2\n---\nstatus: NO\n", "f")
    assert result.document is not None and result.document.data == {"status": "NO"}


# --- YAML 1.2 where ruamel.yaml's C parser reads otherwise (see tests/test_yaml_suite.py) ---


def data(raw: str) -> object:
    result = load_bytes(raw.encode(), "f.yaml")
    assert result.problems == [], result.problems
    assert result.document is not None
    return result.document.data


def test_anchor_names_may_hold_a_colon() -> None:
    assert data("key: &an:chor value") == {"key": "value"}  # libyaml read ':chor value'
    assert data("a: &an:chor value\nb: *an:chor\n") == {"a": "value", "b": "value"}


def test_a_question_mark_glued_to_a_flow_scalar_is_text() -> None:
    assert data("{ ?foo: bar }") == {"?foo": "bar"}  # libyaml read {'foo': 'bar'}
    assert data("[?x]") == ["?x"]  # libyaml read [{'x': None}]
    assert data("[?x: y, ? z]") == [{"?x": "y"}, {"z": None}]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: |+\n  x", "x\n"),  # keep chomping, no final line break
        ("a: |+\n  x\n\n", "x\n\n"),  # trailing blank lines are kept
        ("a: |+\n  x\n  ", "x\n\n"),  # ... also a last one of spaces without a line break (suite JEF9/02)
        ("foo: |\n  x\n   ", "x\n \n"),  # suite L24T/01
        ("description: >\n  Staff are not deployed.", "Staff are not deployed.\n"),
        ("description: >\n  Staff are not deployed.\n", "Staff are not deployed.\n"),
        ("description: >-\n  Staff are not deployed.", "Staff are not deployed."),
    ],
)
def test_a_block_scalar_ending_the_file_reads_as_if_a_line_break_followed(text: str, value: str) -> None:
    """The suite reads the last line alike with or without a final line break; ruamel dropped it."""
    assert data(text) == {text.split(":")[0]: value}


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("[a, b, c, ]#x\n", Position(1, 12)),
        ('key: "value"# x\n', Position(1, 13)),
        ("block: ># comment\n  scalar\n", Position(1, 9)),
    ],
)
def test_a_comment_glued_to_a_value_is_refused(text: str, position: Position) -> None:
    assert only_problem(text) == ("RC101", "invalid YAML: a comment needs a space before its '#'", position)


def test_a_hash_inside_a_value_is_text() -> None:
    assert data('a: b#c\nb: "#fff"\nc: http://x.org/#frag  # note#1\nd: |\n  x#y\n') == {
        "a": "b#c",
        "b": "#fff",
        "c": "http://x.org/#frag",
        "d": "x#y\n",
    }


@pytest.mark.parametrize(("text", "column"), [("- [-, -]\n", 4), ("[-]\n", 2), ("{x: -}\n", 5)])
def test_a_lone_dash_in_a_flow_collection_is_refused(text: str, column: int) -> None:
    code, message, position = only_problem(text)
    assert (code, position) == ("RC101", Position(1, column)) and "lone '-'" in message


def test_dashes_that_start_flow_scalars_are_fine() -> None:
    assert data('[-a, "-", -1, -: x]') == ["-a", "-", -1, {"-": "x"}]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ('quoted: "a\nb\nc"\n', Position(2, 1)),  # suite QB6E
        ("flow: [a,\nb,\nc]\n", Position(2, 1)),  # suite 9C9N
        ('foo: "bar\n\tbaz"\n', Position(2, 1)),  # suite DK95/01: a tab is not indentation
        ("- [\n\tfoo,\n foo\n ]\n", Position(2, 1)),  # suite Y79Y/003
        ("a:\n  b: 'x\n  y'\n", Position(3, 3)),
    ],
)
def test_flow_lines_not_indented_past_their_key_are_refused(text: str, position: Position) -> None:
    code, message, where = only_problem(text)
    assert (code, where) == ("RC101", position) and "must be indented more" in message


def test_flow_lines_indented_past_their_key_are_read() -> None:
    assert data('quoted: "a\n b\n\n c"\nflow: [a,\n b, # note\n# a comment line\n c]\n') == {
        "quoted": "a b\nc",
        "flow": ["a", "b", "c"],
    }
    assert data("[a,\nb]\n") == ["a", "b"]  # at the top level any indentation will do


def test_valid_yaml_that_libyaml_refused() -> None:
    assert data("- { url: http://example.org }\n") == [{"url": "http://example.org"}]
    assert data("foo: |-\n \tbar\n") == {"foo": "\tbar"}  # a tab as content of a literal block
    assert data("- ::vector\n- [ ::vector, -123 ]\n") == ["::vector", ["::vector", -123]]
    assert data("a: 1\n\t\nb: 2\n") == {"a": 1, "b": 2}  # a blank line holding a tab


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_are_text_in_yaml_12(char: str) -> None:
    text = f'title: a{char}b\nquoted: "c{char}d"\nblock: |\n  e{char}f\nlist: [g{char}h]\n'
    assert data(text) == {"title": f"a{char}b", "quoted": f"c{char}d", "block": f"e{char}f\n", "list": [f"g{char}h"]}
    # and they do not count as line breaks in positions either
    assert only_problem(f"a: b{char}c: d\n")[2] == Position(1, 7)
    assert only_problem(f"a: x{char}y\nb: *nowhere\n")[2] == Position(2, 4)


def test_an_empty_key_is_refused() -> None:
    assert only_problem("id: R1\n: orphan\n") == (
        "RC101",
        "this mapping entry has no key before ':'; write the key",
        Position(2, 1),
    )


def test_a_blank_start_more_indented_than_the_text_is_refused() -> None:
    assert "indented more than its first line" in only_problem("block: >\n \n  \n   \n # text\n")[1]  # suite S98Z


def test_yaml_directives_other_than_12_are_refused() -> None:
    assert "YAML 1.3" in only_problem('%YAML 1.3\n---\n"foo"\n')[1]


def test_aliases_are_bounded_by_the_text_they_expand_to() -> None:
    """A 100 KB anchor aliased a thousand times is 100 MB of text from a 104 KB file: refused
    early, whatever the count of values (which stays small)."""
    raw = f'a: &a "{"x" * 100_000}"\nb: [{", ".join(["*a"] * 1000)}]\n'
    code, message, position = only_problem(raw)
    assert code == "RC101" and "aliases expand to more than 2 million characters" in message
    assert position.line == 2


CONTROLS = [
    ("id: R1\ntitle: a\x01b\n", Position(2, 9), "U+0001"),
    ('id: R1\ntitle: "x\x1b[2J"\n', Position(2, 10), "U+001B"),
]


@pytest.mark.parametrize(("text", "where", "code"), CONTROLS)
def test_control_characters_are_placed_where_they_are(text: str, where: Position, code: str) -> None:
    found, message, position = only_problem(text)
    assert (found, position) == ("RC101", where) and code in message and "\\x" in message


@pytest.mark.parametrize(
    "raw",
    [
        b"id: R1\ntitle: A risk\nowner: Someone\n",  # read without positions
        b"id: R1\nid: R2\n",  # a problem: read again with positions
        b"a: [x, y]#glued\n",  # the scalars kept to look for a glued comment
        b"a: &x [1, 2]\nb: *x\n",  # an anchor and its alias
    ],
)
def test_reading_a_file_leaves_no_cycle_for_the_collector(raw: bytes) -> None:
    """What reading a file leaves behind is freed as soon as it is dropped, never kept for the
    collector (which riskctl runs rarely: see GC_THRESHOLDS). Not a file with a syntax error:
    ruamel's pure-Python parser, which confirms the error, leaves its objects in a cycle."""
    import gc

    from riskctl.reading.files import parse

    parse(raw, "risk")  # what is made once (imports, caches) is made before counting
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            parse(raw, "risk")  # a file with problems is read twice, the second time with positions
        assert gc.collect() == 0
    finally:
        gc.enable()
