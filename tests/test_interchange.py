"""export and import: CSV, JSON and XLSX, formula neutralising, all-or-nothing imports, round trips."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from .conftest import SAMPLES, MakeRegister, Run, risk_yaml

CAMBS = SAMPLES / "cambridgeshire-strategic"


def comparable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """list JSON without paths, owners as lists."""
    out = []
    for row in rows:
        row = {k: v for k, v in row.items() if k != "path"}
        row["owner"] = row["owner"] if isinstance(row["owner"], list) else [row["owner"]]
        out.append(row)
    return out


@pytest.fixture
def empty_cambs(tmp_path: Path) -> Path:
    target = tmp_path / "imported"
    target.mkdir()
    shutil.copy(CAMBS / "register.yaml", target / "register.yaml")
    return target


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_seed_register_round_trips(run: Run, tmp_path: Path, empty_cambs: Path, fmt: str) -> None:
    sheet = tmp_path / f"cambs.{fmt}"
    assert run("export", str(CAMBS), "--format", fmt, "-o", str(sheet)).exit_code == 0
    result = run("import", str(sheet), "--into", str(empty_cambs))
    assert result.exit_code == 0, result.output
    assert len(list((empty_cambs / "risks").glob("*.yaml"))) == 19
    original = run.json("list", str(CAMBS), "--format", "json", "--sort", "id")
    imported = run.json("list", str(empty_cambs), "--format", "json", "--sort", "id")
    assert comparable(imported) == comparable(original)
    first = run.json("show", "R3.3", str(empty_cambs), "--format", "json")["data"]
    again = run.json("show", "R3.3", str(CAMBS), "--format", "json")["data"]
    assert first["controls"] == again["controls"] and first["description"] == again["description"]
    assert run("check", str(empty_cambs), "--format", "json").exit_code == 0


def test_xlsx_has_risks_policies_and_provenance(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "all.xlsx"
    assert run("export", str(SAMPLES), "--format", "xlsx", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["Risks", "Policies", "About"]
    assert book["Risks"].max_row == 20 and book["Policies"].max_row == 5
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["generated"] == "2026-11-22" and "commit" in about


def test_json_export(run: Run) -> None:
    data = run.json("export", str(SAMPLES), "--format", "json")
    assert set(data) == {"provenance", "risks", "policies"}
    assert len(data["risks"]) == 19 and len(data["policies"]) == 4
    assert data["risks"][0]["residual.score"] == 6


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def test_formulas_are_neutralised_in_csv_and_xlsx(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    risks = {f"R{n}": risk_yaml(f"R{n}", title=f"title: {json.dumps(text)}") for n, text in enumerate(HOSTILE, 1)}
    root = make_register(risks)
    exported = tmp_path / "x.csv"
    assert run("export", str(root), "-o", str(exported)).exit_code == 0
    with open(exported, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["title"] for row in rows) == sorted("'" + text for text in HOSTILE)
    target = tmp_path / "x.xlsx"
    run("export", str(root), "--format", "xlsx", "-o", str(target))
    cells = [row[3] for row in load_workbook(target)["Risks"].iter_rows(min_row=2, values_only=True)]
    # XML reads a lone carriage return back as a line feed; the apostrophe is what matters
    assert sorted(cells) == sorted("'" + text.replace("\r", "\n") for text in HOSTILE)
    for cell in load_workbook(target)["Risks"]["D"][1:]:
        assert cell.data_type == "s"


def test_import_is_all_or_nothing_with_row_numbers(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    sheet = tmp_path / "in.csv"
    header = (
        "id,title,category,owner,status,inherent.likelihood,inherent.impact,"
        "residual.likelihood,residual.impact,review.last\n"
    )
    sheet.write_text(
        header
        + "R2,Good,Ops,Someone,open,3,3,2,2,2026-10-01\n"
        + "R3,Bad status,Ops,Someone,opn,3,3,2,2,2026-10-01\n"
        + "R4,Off scale,Ops,Someone,open,9,3,2,2,2026-10-01\n"
        + "R1,Already there,Ops,Someone,open,3,3,2,2,2026-10-01\n"
    )
    result = run("import", str(sheet), "--into", str(root))
    assert result.exit_code == 1
    assert "row 3: status: found 'opn'; expected one of: open, closed" in result.stderr
    assert "row 4: inherent: 9 is not on the likelihood scale" in result.stderr
    assert "row 5: R1 is already in the register" in result.stderr
    assert sorted(p.name for p in (root / "risks").iterdir()) == ["R1.yaml"]
    skipped = run("import", str(sheet), "--into", str(root), "--skip-invalid")
    assert skipped.exit_code == 1  # rows were skipped (SPEC §7)
    assert sorted(p.name for p in (root / "risks").iterdir()) == ["R1.yaml", "R2.yaml"]


def test_import_with_a_mapping_from_another_spreadsheet(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Risk", "Theme", "Owner", "L before", "I before", "L after", "I after", "Last reviewed"])
    import datetime as dt

    sheet.append(
        ["R7", "Server room flood", "Estates", "Head of Estates", "Probable", "Major", 2, 4, dt.datetime(2026, 9, 30)]
    )
    source = tmp_path / "theirs.xlsx"
    book.save(source)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n  id: Ref\n  title: Risk\n  category: Theme\n  owner: Owner\n"
        "  inherent.likelihood: L before\n  inherent.impact: I before\n"
        "  residual.likelihood: L after\n  residual.impact: I after\n  review.last: Last reviewed\n"
    )
    result = run("import", str(source), "--into", str(root), "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    (row,) = run.json("list", str(root), "--format", "json")
    assert row["inherent"]["score"] == 12 and row["review"]["last"] == "2026-09-30"
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns:\n  titel: Risk\n")
    result = run("import", str(source), "--into", str(root), "--mapping", str(bad))
    assert result.exit_code == 2 and "unknown field(s) titel" in result.stderr


def test_import_damaged_or_unknown_files(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register()
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    result = run("import", str(damaged), "--into", str(root))
    assert result.exit_code == 2 and "cannot read it as a spreadsheet" in result.stderr
    other = tmp_path / "data.ods"
    other.write_text("x")
    assert run("import", str(other), "--into", str(root)).exit_code == 2
    assert run("import", str(tmp_path / "missing.csv"), "--into", str(root)).exit_code == 2
