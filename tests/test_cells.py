"""The cell rules of SPEC §11, and the text riskctl writes reading back as what was meant."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskctl.outputs.export import cell
from riskctl.reading import cells
from riskctl.reading.cells import CellError
from riskctl.reading.columns import DERIVED, EXPORT_POLICY, EXPORT_RISK, POLICY_FIELDS, RISK_FIELDS, heading
from riskctl.reading.loading import load_text
from riskctl.resources import schema
from riskctl.writing.yamltext import document, scalar


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3 - Possible / Occasional ", 3),
        ("4 - Major", 4),
        ("2: Unlikely", 2),
        ("5. Almost certain", 5),
        ("3", 3),
        (3, 3),
        (3.0, 3),
        ("Probable", "Probable"),
        ("  More   likely than not ", "More likely than not"),
        ("3.5", "3.5"),  # not a leading score: the scale will say it is no label
        (None, None),
    ],
)
def test_levels(value: object, expected: object) -> None:
    assert cells.level(value) == expected


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        (dt.datetime(2023, 1, 31, 0, 0), None, "2023-01-31"),
        (dt.date(2023, 1, 31), None, "2023-01-31"),
        ("2023-01-31", None, "2023-01-31"),
        ("2023-01", None, "2023-01"),
        ("2023-01-31 00:00:00", None, "2023-01-31"),
        ("31/01/2023", "day-first", "2023-01-31"),
        ("02/01/2023", "day-first", "2023-01-02"),
        ("02/01/2023", "month-first", "2023-02-01"),
        ("31/01/2023", None, "2023-01-31"),  # only one reading is a date
        ("1/31/2023", None, "2023-01-31"),
        ("31.01.23", "day-first", "2023-01-31"),  # two-digit years as Excel reads them
        ("31/01/99", "day-first", "1999-01-31"),
        ("31 January 2023", None, "2023-01-31"),
        ("1st Feb 2023", None, "2023-02-01"),
        ("April 2026", None, "2026-04"),
        (" ", None, None),
    ],
)
def test_dates(value: object, order: str | None, expected: str | None) -> None:
    assert cells.date(value, order) == expected


@pytest.mark.parametrize(
    ("value", "order", "message"),
    [
        ("31/02/2023", "day-first", '"31/02/2023" is not a date'),
        ("2023-02-30", None, '"2023-02-30" is not a date'),
        ("02/01/2023", None, "could be either day or month first; say which with 'dates: day-first'"),
        ("next Tuesday", None, '"next Tuesday" is not a date; expected a date cell, YYYY-MM-DD'),
        ("31 Smarch 2023", None, "is not a date"),
    ],
)
def test_dates_that_are_not(value: str, order: str | None, message: str) -> None:
    with pytest.raises(CellError) as raised:
        cells.date(value, order)
    assert message in str(raised.value)


def test_lists_split_numbered_items_then_bullets_then_lines() -> None:
    numbered = "1. Annual phishing training for\n   all staff\n2. Email filtering\n3. MFA on remote access"
    assert cells.items(numbered) == [
        "Annual phishing training for all staff",
        "Email filtering",
        "MFA on remote access",
    ]
    assert cells.items("1) First 2) Second") == ["First", "Second"]
    assert cells.items("Section 22 agreements\nin place since 2019. 2 reviews a year") == [
        "Section 22 agreements",
        "in place since 2019. 2 reviews a year",
    ]
    assert cells.items("• Questionnaire\n  for suppliers\n• Contract clauses") == [
        "Questionnaire for suppliers",
        "Contract clauses",
    ]
    assert cells.items("Chief Constable\n\nPolice and Crime Commissioner ") == [
        "Chief Constable",
        "Police and Crime Commissioner",
    ]


def test_ids_are_repaired_to_what_a_file_name_can_hold() -> None:
    assert cells.repair_id("Risk 001") == "Risk-001"
    assert cells.repair_id("SBD/2023: 14") == "SBD-2023-14"
    assert cells.repair_id("#12") == "12"
    assert cells.repair_id("R3.3") == "R3.3"


def test_other_cells() -> None:
    assert cells.flag("Yes") is True and cells.flag("n") is False and cells.flag(False) is False
    with pytest.raises(CellError):
        cells.flag("Perhaps")
    assert cells.duration("Annually") == "annually" and cells.duration("12 months") == "P12M"
    assert cells.duration("p3m") == "P3M"
    with pytest.raises(CellError):
        cells.duration("when needed")
    assert cells.choice("Open", ("open", "closed")) == "open" and cells.choice("opn", ("open",)) == "opn"
    assert cells.text("'=SUM(A1)") == "=SUM(A1)" and cells.text("''=x") == "'=x" and cells.text("'tis") == "'tis"
    assert cells.text("  kept  ", exact=True) == "  kept  " and cells.text("  trimmed  ") == "trimmed"
    assert cells.score("12") == 12 and cells.score(9.0) == 9
    with pytest.raises(CellError):
        cells.score("twelve")


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(st.lists(TEXT, max_size=6))
def test_a_list_cell_reads_back_as_the_same_items(values: list[str]) -> None:
    """Export writes a list as lines only where import splits them into the same items, else JSON."""
    written = cell(values, "tags")
    read = cells.structure(written) if written.startswith("[") else cells.items(written)
    assert read == values


@given(TEXT)
def test_any_text_is_written_as_yaml_that_reads_back_the_same(text: str) -> None:
    """In a block, and in flow lists and mappings (where the C parser is stricter about ``?``)."""
    for written, expected in ((f"{scalar(text)}", text), (f"[{scalar(text)}, x]", [text, "x"]),
                              (f"{{n: {scalar(text)}}}", {"n": text})):  # fmt: skip
        result = load_text(f"k: {written}\n", "t")
        assert result.document is not None and result.document.data == {"k": expected}, written
    assert all(ch.isprintable() or ch == "\n" for ch in scalar(text))  # nothing invisible stands raw


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_long_and_multi_line_text_reads_back_the_same(text: str) -> None:
    rendered = document({"description": text, "tags": [text]}, None)
    result = load_text(rendered, "t")
    assert result.document is not None and result.document.data == {"description": text, "tags": [text]}


def test_every_schema_field_has_an_export_column_and_a_cell_rule() -> None:
    """A field added to a schema travels through export and import, or this fails."""
    for kind, columns, fields in (("risk", EXPORT_RISK, RISK_FIELDS), ("policy", EXPORT_POLICY, POLICY_FIELDS)):
        properties = schema(kind)["properties"]
        covered = {name.split(".")[0] for name in columns}
        assert set(properties) <= covered, set(properties) - covered
        for name in columns:
            assert name in fields or name in DERIVED
            assert heading(name)
        review = properties["review"]["properties"]
        assert {f"review.{'stated_next' if n == 'next' else n}" for n in review} <= set(columns)
