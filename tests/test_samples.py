"""The sample registers carry exactly what the source documents say."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT, SAMPLES, Run

CAMBS = ROOT / "tests" / "data" / "cambridgeshire-strategic-register.txt"


def document_scores() -> dict[str, tuple[int, int, int, int]]:
    """(inherent L, I, residual L, I) for each risk, read from the seed register text."""
    text = CAMBS.read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=R\d\.\d\s*[–-])", text)[1:]:
        rid = block.split()[0]
        pairs = re.findall(
            r"(?:Before|After) mitigating controls are in place\tLikelihood\tImpact\tTotal\s*\n\s*\t(\d)\t(\d)\t", block
        )
        (bl, bi), (al, ai) = pairs
        found[rid] = (int(bl), int(bi), int(al), int(ai))
    return found


@pytest.fixture(scope="module")
def risks() -> dict[str, dict]:  # type: ignore[type-arg]
    rows = Run().json("list", str(SAMPLES / "cambridgeshire-strategic"), "--format", "json", "--sort", "id")
    return {row["id"]: row for row in rows}


def test_all_nineteen_risks_with_the_documents_scores(risks: dict[str, dict]) -> None:  # type: ignore[type-arg]
    expected = document_scores()
    assert len(expected) == 19
    assert sorted(risks) == sorted(expected)
    for rid, (bl, bi, al, ai) in expected.items():
        row = risks[rid]
        assert (row["inherent"]["likelihood"], row["inherent"]["impact"]) == (bl, bi), rid
        assert (row["residual"]["likelihood"], row["residual"]["impact"]) == (al, ai), rid
        assert row["inherent"]["score"] == bl * bi and row["residual"]["score"] == al * ai


def test_categories_follow_the_document(risks: dict[str, dict]) -> None:  # type: ignore[type-arg]
    categories = {rid[:2]: row["category"] for rid, row in risks.items()}
    assert categories == {
        "R1": "Public Engagement",
        "R2": "Setting Direction",
        "R3": "Resourcing and Enabling Delivery",
        "R4": "Being Accountable",
    }


def test_no_html_remnants_in_controls() -> None:
    for path in (SAMPLES / "cambridgeshire-strategic" / "risks").glob("*.yaml"):
        assert "<p>" not in path.read_text() and "</p>" not in path.read_text(), path


def test_policies_as_the_documents_date_them(run: Run) -> None:
    rows = {row["reference"]: row for row in run.json("list", str(SAMPLES), "--policies", "--format", "json")}
    assert sorted(rows) == ["O01", "O28", "W01", "Y01"]
    assert rows["W01"]["review"]["last"] == "2023-08-18"
    assert rows["O28"]["review"] == {"last": "2024-04", "next": "2026-04", "state": "overdue"}
    assert rows["O01"]["review"] == {"last": "2023-11", "next": "2025-11", "state": "overdue"}
    assert rows["O28"]["owner"] == rows["O01"]["owner"] == "Head of Tactical Operations"


def test_check_reports_only_the_overdue_policy_reviews_and_the_deliberate_escalation(run: Run) -> None:
    result = run("check", str(SAMPLES), "--format", "json", "--today", "2026-11-22")
    assert result.exit_code == 1
    findings = result.stdout and __import__("json").loads(result.stdout)["findings"]
    assert [(f["code"], f["item"]) for f in findings] == [
        ("RC402", "C2"),  # the illustrative department's risk above its line, not escalated: on purpose
        ("RC301", "O01"),
        ("RC301", "O28"),
        ("RC301", "W01"),
    ]


def test_the_illustrative_hierarchy(run: Run) -> None:
    """Department -> directorate -> force: a risk escalated at each step, one scheme shared."""
    rows = {row["id"]: row for row in run.json("list", str(SAMPLES), "--format", "json")}
    assert rows["C1"]["escalation"] == {"to": "cambs-ops:D1", "on": "2026-10-05"}
    assert rows["D1"]["escalation"] == {"to": "cambs:R4.2", "on": "2026-09-14"}
    assert (rows["D2"]["category"], rows["D2"]["appetite"]) == ("Finance", 4)  # averse, by category
    assert rows["C1"]["residual"]["rating"] == "High"  # the force's bands, through scoring.from twice
    shown = run.json("show", "cambs:R4.2", str(SAMPLES), "--format", "json")
    assert [feed["id"] for feed in shown["escalated_into"]] == ["cambs-ops:D1"]


def test_sample_files_carry_the_schema_modeline() -> None:
    for path in SAMPLES.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "register" if path.name == "register.yaml" else "risk" if path.parent.name == "risks" else "policy"
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(f"schemas/{kind}.schema.json")
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), path
