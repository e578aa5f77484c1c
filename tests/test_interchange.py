"""export and import of riskctl's own files: every field round-trips, the XLSX is made for people,
formulas are neutralised, and --template gives an empty workbook that imports back."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .conftest import SAMPLES, MakeRegister, Run, risk_yaml

CAMBS = SAMPLES / "cambridgeshire-strategic"
POLICIES = SAMPLES / "essex-kent-policies" / "policies"

# Every field a risk may have, in the forms files really use: a label for a score, a stated
# total, an owner list of one, a literal description ending in a newline, review notes.
RICH = """\
# yaml-language-server: $schema=../../../schemas/risk.schema.json
id: R9.1
title: "=Cost of the new control room"
description: |
  Two lines
  of statement.
category: Estates
owner: [Chief Constable]
status: open
response: tolerate
raised: 2025-01
inherent: {likelihood: 4, impact: Major, score: 16}
residual:
  likelihood: Probable
  impact: 3
target: {likelihood: 2, impact: 2, score: 4, by: 2027-03-31}
controls:
  - description: Fallback room
    owner: Head of Estates
    policy: O28
  - description: "Generator tested\\nmonthly"
actions:
  - {description: Second site, owner: Head of Estates, due: 2027-03-31, status: open}
review:
  last: 2026-10-01
  every: P6M
  next: 2027-01-01
  history:
    - {date: 2026-04-01, by: Jo Bloggs, note: "Board agreed: tolerate until the new site"}
    - {date: 2026-10-01}
policies: [O28]
acceptance: {by: Chief Constable, on: 2026-04-01, until: 2027-04-01, rationale: Funding agreed}
escalation: {to: "force:S1", on: 2026-09-01, note: Carried by the force's strategic risk}
tags: [estates, "2026"]
"""


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    """The sample risks and policies in one register, with a risk holding every field."""
    root = tmp_path / "rich"
    shutil.copytree(CAMBS, root)
    shutil.copytree(POLICIES, root / "policies")
    (root / "risks" / "R9.1.yaml").write_text(RICH, encoding="utf-8")
    return root


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    target = tmp_path / "imported"
    target.mkdir()
    shutil.copy(CAMBS / "register.yaml", target / "register.yaml")
    return target


def without_paths(value: Any) -> Any:
    if isinstance(value, list):
        return [without_paths(v) for v in value]
    return {k: v for k, v in value.items() if k != "path"}


def views(run: Run, root: Path) -> dict[str, Any]:
    """What list and show say of a register (JSON, paths aside)."""
    out = {
        "risks": without_paths(run.json("list", str(root), "--format", "json", "--sort", "id")),
        "policies": without_paths(run.json("list", str(root), "--policies", "--format", "json")),
    }
    for row in out["risks"] + out["policies"]:
        ident = row.get("id") or row["reference"]
        out[ident] = without_paths(run.json("show", ident, str(root), "--format", "json"))
    return out


def test_xlsx_round_trip_gives_identical_list_and_show(run: Run, tmp_path: Path, rich: Path, empty: Path) -> None:
    sheet = tmp_path / "rich.xlsx"
    assert run("export", str(rich), "--format", "xlsx", "-o", str(sheet)).exit_code == 0
    result = run("import", str(sheet), "--into", str(empty))
    assert result.exit_code == 0, result.output
    assert len(list((empty / "risks").glob("*.yaml"))) == 20 and len(list((empty / "policies").glob("*.yaml"))) == 4
    assert views(run, empty) == views(run, rich)
    assert run("check", str(empty), "--select", "RC1,RC2,RC401").exit_code == 0


def test_csv_round_trip_gives_identical_list_and_show(run: Run, tmp_path: Path, rich: Path, empty: Path) -> None:
    risks, policies = tmp_path / "risks.csv", tmp_path / "policies.csv"
    assert run("export", str(rich), "-o", str(risks)).exit_code == 0
    assert run("export", str(rich), "--policies", "-o", str(policies)).exit_code == 0
    assert run("import", str(policies), "--into", str(empty)).exit_code == 0
    result = run("import", str(risks), "--into", str(empty))
    assert result.exit_code == 0, result.output
    assert views(run, empty) == views(run, rich)


def test_an_imported_file_reads_as_people_write_them(run: Run, tmp_path: Path, rich: Path, empty: Path) -> None:
    sheet = tmp_path / "rich.xlsx"
    run("export", str(rich), "--format", "xlsx", "-o", str(sheet))
    run("import", str(sheet), "--into", str(empty))
    text = (empty / "risks" / "R3.3.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/risk.schema.json\nid: R3.3\n")
    assert "description: >-\n  The Commissioner" in text  # long text folded, not one long line
    assert (empty / "risks" / "R9.1.yaml").read_text().count("  impact: Major") == 1


def test_xlsx_is_made_for_people(run: Run, tmp_path: Path, rich: Path) -> None:
    target = tmp_path / "all.xlsx"
    assert run("export", str(rich), "--format", "xlsx", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["Risks", "Policies", "About"]
    risks = book["Risks"]
    names = [c.value for c in risks[1]]
    assert names[:4] == ["register", "id", "kind", "title"] and "residual.stated_impact" in names
    assert [c.value for c in risks[2]][:4] == ["Register", "ID", "Kind", "Title"]
    assert risks.freeze_panes == "C3" and risks.auto_filter.ref.startswith("A2:")
    rows = {row[1]: dict(zip(names, row, strict=False)) for row in risks.iter_rows(min_row=3, values_only=True)}
    assert rows["R9.1"]["review.last"] == dt.datetime(2026, 10, 1)  # a real date cell
    assert rows["R9.1"]["raised"] == "2025-01"  # a month stays a month
    assert rows["R3.3"]["residual.likelihood"] == "3 - Probable"
    rating = names.index("residual.rating") + 1
    cells = {risks.cell(r, 2).value: risks.cell(r, rating) for r in range(3, risks.max_row + 1)}
    assert cells["R3.3"].value == "High" and cells["R3.3"].fill.fgColor.rgb == "FFD84315"  # the register's band
    checks = {str(v.sqref).split(":")[0]: v.formula1 for v in risks.data_validations.dataValidation}
    status = chr(ord("A") + names.index("status"))
    assert checks[f"{status}3"] == '"open,closed"'
    likelihood = chr(ord("A") + names.index("inherent.likelihood"))
    source = checks[f"{likelihood}3"].split("!")[1].replace("$", "")
    about = book["About"]
    levels = [row[0].value for row in about[source]]
    assert levels == ["1 - Remote", "2 - Possible", "3 - Probable", "4 - More likely than not"]
    facts = {row[0].value: row[1].value for row in about.iter_rows()}
    assert facts["generated"] == "2026-11-22" and "commit" in facts


def test_xlsx_about_sheet_names_the_files_left_out(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": risk_yaml("R1"), "R2": "id: [unclosed\n"})
    target = tmp_path / "x.xlsx"
    result = run("export", str(root), "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 1 and "R2.yaml" in result.stderr
    about = [[c.value for c in row] for row in load_workbook(target)["About"].iter_rows()]
    assert any(str(row[0]).startswith("Files left out") for row in about)
    assert any(row[0] == "left out" and "R2.yaml:2:1: RC101" in str(row[1]) for row in about)


def test_json_export(run: Run) -> None:
    data = run.json("export", str(SAMPLES), "--format", "json")
    assert set(data) == {"provenance", "risks", "policies"}
    cambs = [row for row in data["risks"] if row["register"] == "cambs"]
    assert len(cambs) == 19 and len(data["risks"]) == 24 and len(data["policies"]) == 4  # 5 illustrative
    assert cambs[0]["residual.score"] == 6 and cambs[0]["inherent.stated_score"] == 9
    escalated = next(row for row in data["risks"] if row["id"] == "D1")
    assert (escalated["escalation.to"], escalated["escalation.on"], escalated["appetite"]) == (
        "cambs:R4.2",
        "2026-09-14",
        8,
    )


def test_template_is_an_empty_workbook_that_imports(run: Run, tmp_path: Path, empty: Path) -> None:
    target = tmp_path / "template.xlsx"
    result = run("export", "--template", str(empty), "-o", str(target))
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    risks = book["Risks"]
    names = [c.value for c in risks[1]]
    assert risks.max_row == 2 and "register" not in names and "residual.score" not in names
    ranges = {str(v.sqref): v.formula1 for v in risks.data_validations.dataValidation}
    likelihood = chr(ord("A") + names.index("residual.likelihood"))
    assert ranges[f"{likelihood}3:{likelihood}502"].startswith("About!")
    values = {"id": "R1", "title": "Flooded basement", "category": "Estates", "owner": "Head of Estates",
              "status": "open", "inherent.likelihood": "3 - Probable", "inherent.impact": "4 - Major",
              "residual.likelihood": "2 - Possible", "residual.impact": "4 - Major",
              "review.last": dt.datetime(2026, 11, 1)}  # fmt: skip
    for name, value in values.items():
        risks.cell(3, names.index(name) + 1).value = value
    book.save(target)
    result = run("import", str(target), "--into", str(empty))
    assert result.exit_code == 0, result.output
    (row,) = run.json("list", str(empty), "--format", "json")
    assert row["residual"]["score"] == 8 and row["review"]["last"] == "2026-11-01"


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "'=quoted"]


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
    cells = [row[3] for row in load_workbook(target)["Risks"].iter_rows(min_row=3, values_only=True)]
    # XML reads a lone carriage return back as a line feed; the apostrophe is what matters
    assert sorted(cells) == sorted("'" + text.replace("\r", "\n") for text in HOSTILE)
    for cell in load_workbook(target)["Risks"]["D"][2:]:
        assert cell.data_type == "s"
    again = make_register(name="again")
    assert run("import", str(exported), "--into", str(again)).exit_code == 0
    titles = {row["id"]: row["title"] for row in run.json("list", str(again), "--format", "json")}
    assert sorted(titles.values()) == sorted(HOSTILE)  # the apostrophes come off again


def test_import_is_all_or_nothing_naming_row_and_column(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
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
        + "R5,Bad date,Ops,Someone,open,3,3,2,2,2026-02-30\n"
    )
    result = run("import", str(sheet), "--into", str(root))
    assert result.exit_code == 1
    assert "in.csv: row 3, column \"status\": status: found 'opn'; expected one of: open, closed" in result.stderr
    assert 'row 4, column "inherent.likelihood": inherent.likelihood: 9 is not on the likelihood scale' in result.stderr
    assert 'row 5, column "id": R1 is already in the register' in result.stderr
    assert 'row 6, column "review.last": "2026-02-30" is not a date' in result.stderr
    assert "nothing imported: 4 rows cannot be imported" in result.stderr
    assert sorted(p.name for p in (root / "risks").iterdir()) == ["R1.yaml"]
    skipped = run("import", str(sheet), "--into", str(root), "--skip-invalid")
    assert skipped.exit_code == 1  # rows were skipped (SPEC §7)
    assert "skipped 4 rows" in skipped.stderr and "created" in skipped.stdout
    assert sorted(p.name for p in (root / "risks").iterdir()) == ["R1.yaml", "R2.yaml"]


def test_import_damaged_or_unknown_files(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register()
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    result = run("import", str(damaged), "--into", str(root))
    assert result.exit_code == 2 and "cannot read it as a spreadsheet" in result.stderr
    other = tmp_path / "data.ods"
    other.write_text("x")
    assert run("import", str(other), "--into", str(root)).exit_code == 2
    missing = run("import", str(tmp_path / "missing.csv"), "--into", str(root))
    assert missing.exit_code == 2 and "missing.csv: no such file" in missing.stderr
    foreign = tmp_path / "foreign.csv"
    foreign.write_text("Ref,Risk\nA1,Flood\n")
    result = run("import", str(foreign), "--into", str(root))
    assert result.exit_code == 2 and "describe its columns with --mapping FILE" in result.stderr
    assert 'Row 1 holds: "Ref", "Risk"' in result.stderr


def test_an_export_whose_row_of_field_names_was_deleted(run: Run, tmp_path: Path, rich: Path, empty: Path) -> None:
    sheet = tmp_path / "rich.xlsx"
    run("export", str(rich), "--format", "xlsx", "-o", str(sheet))
    book = load_workbook(sheet)
    for name in ("Risks", "Policies"):
        book[name].delete_rows(1)
    book.save(sheet)
    result = run("import", str(sheet), "--into", str(empty))
    assert result.exit_code == 0, result.output
    assert views(run, empty) == views(run, rich)
