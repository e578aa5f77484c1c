"""Every case of the official YAML test suite, read by riskctl's loader.

The suite (github.com/yaml/yaml-test-suite, branch ``data``) stands beside the repository,
in ``../shared/yaml-test-suite``; CI always has it. Each case falls in exactly one bucket:

- read exactly: the loaded data equals the case's ``in.json``, types included;
- refused as invalid: the case has ``error`` and riskctl refuses it (RC101);
- refused by design (``REFUSED_BY_DESIGN``): valid YAML that riskctl refuses on purpose,
  with the message that names the reason;
- parser deviations (``PARSER_DEVIATIONS``): ruamel.yaml's parsers, C and pure, get the
  case wrong and riskctl cannot reasonably correct it. Each is a refusal of valid YAML,
  never a misreading, and the test fails when ruamel stops deviating, to say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from riskctl.reading.loading import LoadResult, load_bytes

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "yaml-test-suite"

# Why riskctl refuses valid YAML, and what its message says then.
TAG = "a tag outside the YAML core schema"
DOCUMENTS = "several documents in one stream"
COMPLEX_KEY = "a list or mapping as a key"
EMPTY_KEY = "an empty (null) key, which has no text to be a JSON key"
VERSION = "a %YAML directive for a version other than 1.2"
MESSAGES = {
    TAG: "is not allowed; riskctl reads plain YAML values only",
    DOCUMENTS: "several YAML documents",
    COMPLEX_KEY: "a key must be plain text",
    EMPTY_KEY: "has no key before ':'",
    VERSION: "riskctl reads YAML 1.2",
}

REFUSED_BY_DESIGN = {
    "2XXW": TAG,  # Spec Example 2.25. Unordered Sets
    "565N": TAG,  # Construct Binary
    "5TYM": TAG,  # Spec Example 6.21. Local Tag Prefix
    "6CK3": TAG,  # Spec Example 6.26. Tag Shorthands
    "6WLZ": TAG,  # Spec Example 6.18. Primary Tag Handle [1.3]
    "7FWL": TAG,  # Spec Example 6.24. Verbatim Tags
    "9WXW": TAG,  # Spec Example 6.18. Primary Tag Handle
    "C4HZ": TAG,  # Spec Example 2.24. Global Tags
    "CC74": TAG,  # Spec Example 6.20. Tag Handles
    "CUP7": TAG,  # Spec Example 5.6. Node Property Indicators
    "J7PZ": TAG,  # Spec Example 2.26. Ordered Mappings
    "M5C3": TAG,  # Spec Example 8.21. Block Scalar Nodes
    "P76L": TAG,  # Spec Example 6.19. Secondary Tag Handle
    "UGM3": TAG,  # Spec Example 2.27. Invoice
    "Z67P": TAG,  # Spec Example 8.21. Block Scalar Nodes [1.3]
    "Z9M4": TAG,  # Spec Example 6.22. Global Tag Prefix
    "35KP": DOCUMENTS,  # Tags for Root Objects
    "6XDY": DOCUMENTS,  # Two document start markers
    "6ZKB": DOCUMENTS,  # Spec Example 9.6. Stream
    "7Z25": DOCUMENTS,  # Bare document after document end marker
    "9DXL": DOCUMENTS,  # Spec Example 9.6. Stream [1.3]
    "9KAX": DOCUMENTS,  # Various combinations of tags and anchors
    "JHB9": DOCUMENTS,  # Spec Example 2.7. Two Documents in a Stream
    "KSS4": DOCUMENTS,  # Scalars on --- line
    "L383": DOCUMENTS,  # Two scalar docs with trailing comments
    "M7A3": DOCUMENTS,  # Spec Example 9.3. Bare Documents
    "PUW8": DOCUMENTS,  # Document start on last line
    "RZT7": DOCUMENTS,  # Spec Example 2.28. Log File
    "U9NS": DOCUMENTS,  # Spec Example 2.8. Play by Play Feed from a Game
    "W4TN": DOCUMENTS,  # Spec Example 9.5. Directives Documents
    "4FJ6": COMPLEX_KEY,  # Nested implicit complex keys
    "6BFJ": COMPLEX_KEY,  # Mapping, key and flow sequence item anchors
    "6PBE": COMPLEX_KEY,  # Zero-indented sequences in explicit mapping keys
    "9MMW": COMPLEX_KEY,  # Single Pair Implicit Entries
    "KK5P": COMPLEX_KEY,  # Various combinations of explicit block mappings
    "LX3P": COMPLEX_KEY,  # Implicit Flow Mapping Key on one line
    "M2N8/00": COMPLEX_KEY,  # Question mark edge cases
    "M2N8/01": COMPLEX_KEY,  # Question mark edge cases
    "M5DY": COMPLEX_KEY,  # Spec Example 2.11. Mapping between Sequences
    "Q9WF": COMPLEX_KEY,  # Spec Example 6.12. Separation Spaces
    "RZP5": COMPLEX_KEY,  # Various Trailing Comments [1.3]
    "SBG9": COMPLEX_KEY,  # Flow Sequence in Flow Mapping
    "V9D5": COMPLEX_KEY,  # Spec Example 8.19. Compact Block Mappings
    "X38W": COMPLEX_KEY,  # Aliases in Flow Objects
    "XW4D": COMPLEX_KEY,  # Various Trailing Comments
    "2JQS": EMPTY_KEY,  # Block Mapping with Missing Keys
    "6M2F": EMPTY_KEY,  # Aliases in Explicit Block Mapping
    "DFF7": EMPTY_KEY,  # Spec Example 7.16. Flow Mapping Entries
    "FH7J": EMPTY_KEY,  # Tags on Empty Scalars
    "FRK4": EMPTY_KEY,  # Spec Example 7.3. Completely Empty Flow Nodes
    "NHX8": EMPTY_KEY,  # Empty Lines at End of Document
    "NKF9": EMPTY_KEY,  # Empty keys in block and flow mapping
    "PW8X": EMPTY_KEY,  # Anchors on Empty Scalars
    "S3PD": EMPTY_KEY,  # Spec Example 8.18. Implicit Block Mapping Entries
    "SM9W/01": EMPTY_KEY,  # Single character streams
    "UKK6/00": EMPTY_KEY,  # Syntax character edge cases
    "BEC7": VERSION,  # Spec Example 6.14. “YAML” directive
    "MUS6/02": VERSION,  # Directive variants
    "MUS6/03": VERSION,  # Directive variants
    "MUS6/04": VERSION,  # Directive variants
}

# What ruamel.yaml's parsers, the C one and the pure one alike, do wrong.
_LATE_COLON = "refuses a flow-mapping key whose ':' stands on a later line"
_TAB_AFTER_INDICATOR = "takes a tab after '-' or ':' for indentation and refuses it"
PARSER_DEVIATIONS = {
    "4MUZ/00": _LATE_COLON,
    "4MUZ/01": _LATE_COLON,
    "4MUZ/02": _LATE_COLON,
    "5MUD": _LATE_COLON,
    "K3WX": _LATE_COLON,
    "VJP3/01": _LATE_COLON,
    "9SA2": "refuses a double-quoted flow-mapping key that runs over two lines",
    "NJ66": "refuses a plain flow-mapping key that runs over two lines",
    "6BCT": _TAB_AFTER_INDICATOR,
    "A2M4": _TAB_AFTER_INDICATOR,
    "Y79Y/010": _TAB_AFTER_INDICATOR,
    "DK95/00": "takes a tab after the indentation, before a value, for indentation and refuses it",
    "6CA3": "refuses a tab before a flow collection at the top level",
    "Q5MG": "refuses a tab before a flow collection at the top level",
    "R4YG": "C: refuses a tab opening a folded scalar's line; pure: takes a scalar's first blank line as its indent",
    "CFD4": "refuses an empty key in a flow sequence ([ : x ]), which riskctl would refuse by design",
    "UT92": "takes a '%' that starts a line inside { } for a directive (riskctl would refuse the two documents)",
    "WZ62": "reads '!!str,' in a flow mapping as a tag named 'str,', comma included",
}

# How each deviation shows: a syntax error from the parser, unless said here.
DEVIATION_MESSAGES = {"WZ62": "the tag !!str, is not allowed"}

# Valid cases the suite gives no JSON for although the data has one: what YAML 1.2 reads.
EXPECTED_WITHOUT_JSON: dict[str, Any] = {
    # ``http://foo.com,`` and ``omitted value:,`` are keys with no value
    "4ABK": {"unquoted": "separate", "http://foo.com": None, "omitted value": None},
    "UKK6/02": "",  # '!' alone: the non-specific tag makes the empty node a string
}

# The numbers the README quotes.
READ_EXACTLY = 230
REFUSED_AS_INVALID = 94
DESIGN = 60  # 16 tags, 14 streams of several documents, 15 complex keys, 11 empty keys, 4 %YAML directives
DEVIATIONS = 18


@dataclass(frozen=True)
class Case:
    name: str
    yaml: bytes
    error: bool
    documents: list[Any] | None  # the JSON documents of in.json, None without one


def _json_documents(text: str) -> list[Any]:
    decoder, documents, at = json.JSONDecoder(), [], 0
    text = text.strip()
    while at < len(text):
        document, at = decoder.raw_decode(text, at)
        documents.append(document)
        while at < len(text) and text[at].isspace():
            at += 1
    return documents


def _read_case(folder: Path) -> Case:
    json_file = folder / "in.json"
    documents = _json_documents(json_file.read_text("utf-8")) if json_file.exists() else None
    name = (folder / "===").read_text("utf-8").strip()
    return Case(name, (folder / "in.yaml").read_bytes(), (folder / "error").exists(), documents)


def _load_suite() -> dict[str, Case]:
    cases = {}
    for folder in sorted(SUITE.iterdir()) if SUITE.is_dir() else []:
        variants = [folder] if (folder / "in.yaml").exists() else sorted(folder.glob("*/"))
        for variant in variants:
            if (variant / "in.yaml").exists():
                case_id = folder.name if variant == folder else f"{folder.name}/{variant.name}"
                cases[case_id] = _read_case(variant)
    return cases


CASES = _load_suite()
needs_suite = pytest.mark.skipif(not CASES, reason=f"the YAML test suite is not beside the repository ({SUITE})")


def same(a: Any, b: Any) -> bool:
    """Equal data with equal types: 1, 1.0, True and "1" all differ."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def bucket(case_id: str) -> str:
    if case_id in PARSER_DEVIATIONS:
        return "parser deviation"
    if CASES[case_id].error:
        return "refused as invalid"
    if case_id in REFUSED_BY_DESIGN:
        return "refused by design"
    return "read exactly"


def expected_data(case_id: str) -> Any:
    """The one value the case's data is; ``None`` for a stream of no document."""
    if case_id in EXPECTED_WITHOUT_JSON:
        return EXPECTED_WITHOUT_JSON[case_id]
    documents = CASES[case_id].documents
    assert documents is not None, f"{case_id} is valid but has no in.json: give it a bucket or an expected value"
    assert len(documents) <= 1, f"{case_id} holds {len(documents)} documents: riskctl refuses those by design"
    return documents[0] if documents else None


def refusal(result: LoadResult) -> str:
    """The RC101 message of a refused file (asserting it was refused, at a real position)."""
    assert result.document is None, "riskctl read the file"
    problem = next(p for p in result.problems if p.code == "RC101")
    assert problem.position.line >= 1 and problem.position.column >= 1
    return problem.message


@needs_suite
@pytest.mark.parametrize("case_id", sorted(CASES) or ["(no suite)"])
def test_case(case_id: str) -> None:
    case = CASES[case_id]
    result = load_bytes(case.yaml, case_id)
    kind = bucket(case_id)
    if kind == "parser deviation":
        assert result.document is None, f"riskctl now reads {case_id}: ruamel.yaml no longer deviates, so drop it"
        message = refusal(result)
        shows = DEVIATION_MESSAGES.get(case_id, "invalid YAML")
        assert shows in message, f"{case_id} is now refused otherwise ({message}): ruamel.yaml changed, so look again"
    elif kind == "refused as invalid":
        refusal(result)
    elif kind == "refused by design":
        assert MESSAGES[REFUSED_BY_DESIGN[case_id]] in refusal(result)
    else:
        assert result.document is not None, [p.message for p in result.problems]
        assert result.problems == []
        assert same(result.document.data, expected_data(case_id)), (result.document.data, expected_data(case_id))


@needs_suite
def test_every_case_is_in_one_bucket_and_the_counts_hold() -> None:
    listed = REFUSED_BY_DESIGN.keys() | PARSER_DEVIATIONS.keys() | EXPECTED_WITHOUT_JSON.keys()
    assert listed <= CASES.keys(), sorted(listed - CASES.keys())
    assert not REFUSED_BY_DESIGN.keys() & PARSER_DEVIATIONS.keys()
    assert not [case_id for case_id in REFUSED_BY_DESIGN if CASES[case_id].error]
    assert all(reason in MESSAGES for reason in REFUSED_BY_DESIGN.values())
    counts: dict[str, int] = {}
    for case_id in CASES:
        counts[bucket(case_id)] = counts.get(bucket(case_id), 0) + 1
    assert counts == {
        "read exactly": READ_EXACTLY,
        "refused as invalid": REFUSED_AS_INVALID,
        "refused by design": DESIGN,
        "parser deviation": DEVIATIONS,
    }
    assert len(CASES) == 402


def test_the_readme_quotes_these_counts() -> None:
    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    total = READ_EXACTLY + REFUSED_AS_INVALID + DESIGN + DEVIATIONS
    assert f"all {total} cases of the official YAML test suite: {READ_EXACTLY} are read exactly" in readme
    assert f"all {REFUSED_AS_INVALID} invalid ones are refused, {DESIGN} valid ones are refused by design" in readme
    assert f"and {DEVIATIONS} valid ones are refused because ruamel.yaml's parser" in readme
