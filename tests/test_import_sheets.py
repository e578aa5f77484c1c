"""import through a mapping: the spreadsheets organisations really keep (see ``sheets``), CSV as
Excel writes it, and every way a row or a mapping can be wrong."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, MakeRegister, Run
from .sheets import ACTIONS, MAPPING, REGISTER_5X5, ROWS, secure_by_design, tracker, treatment


@pytest.fixture
def security(make_register: MakeRegister) -> Path:
    return make_register(register=REGISTER_5X5, name="security")


def risks(run: Run, root: Path) -> dict[str, Any]:
    return {row["id"]: row for row in run.json("list", str(root), "--format", "json")}


def data(run: Run, root: Path, ident: str) -> dict[str, Any]:
    found: dict[str, Any] = run.json("show", ident, str(root), "--format", "json")["data"]
    return found


def test_a_government_template_imports_through_a_mapping(run: Run, tmp_path: Path, security: Path) -> None:
    workbook, mapping = secure_by_design(tmp_path)
    result = run("import", str(workbook), "--into", str(security), "--mapping", str(mapping), "--today", "2023-04-01")
    assert result.exit_code == 0, result.output
    assert 'read register.xlsx, sheet "Security Risk Tracker": 3 rows, headings on row 2' in result.stderr.replace(
        str(tmp_path) + "/", ""
    )
    assert 'row 4: id "Risk 001" becomes Risk-001' in result.stderr  # repaired, and said so
    assert "No problems in 3 files." in result.stdout
    found = risks(run, security)
    assert sorted(found) == ["Risk-001", "Risk-002", "Risk-003"]
    first = data(run, security, "Risk-001")
    assert first["inherent"] == {"likelihood": 3, "impact": 4}  # "3 - Possible / Occasional " and "4 - Major "
    assert first["residual"] == {"likelihood": 2, "impact": 4}  # Impact Score twice: {column: J}
    assert first["raised"] == "2023-01-31" and first["review"] == {"last": "2023-01-31"}  # one heading, two fields
    assert first["controls"] == [
        {"description": "Annual phishing training for all staff"},
        {"description": "Email filtering at the gateway"},
        {"description": "MFA on remote access"},
    ]
    assert first["actions"] == [
        {"description": "Roll out phishing-resistant MFA", "owner": "IT Manager", "due": "2023-06-30",
         "status": "open"},
        {"description": "Quarterly phishing exercise", "owner": "Security Awareness Lead", "due": "2023-03-31",
         "status": "done"},
    ]  # fmt: skip
    assert first["category"] == "Security" and first["status"] == "open" and first["response"] == "treat"
    second = data(run, security, "Risk-002")
    assert second["title"] == "Supplier breach"  # a line break typed into a title
    assert second["raised"] == "2023-02-14"  # a real date cell among text dates
    assert second["response"] == "tolerate" and second["residual"]["impact"] == 5
    assert [c["description"] for c in second["controls"]] == ["Supplier assurance questionnaire", "Contract clauses"]
    assert second["actions"][0]["status"] == "open"  # Red
    third = data(run, security, "Risk-003")
    assert third["status"] == "closed" and "actions" not in third  # "No"; no actions in the plan


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("residual.impact: {column: J}", "residual.impact: Impact Score"),
            '"Impact Score" heads 2 columns (G, J); for residual.impact name one of them as {column: G}',
        ),
        (("title: Risk Title", "title: Risk Name"), 'no column headed "Risk Name" (for title)'),
        (("header_row: 2", "header_row: 1"), 'no column headed "Reference / Risk ID" (for id)'),
        (("key: Risk ID", "key: Reference"), 'treatment.xlsx, sheet "Sheet1", row 1: no column headed "Reference"'),
        (
            ("sheet: Security Risk Tracker", "sheet: Tracker"),
            'no sheet "Tracker"; its sheets are Security Risk Tracker',
        ),
    ],
)
def test_a_heading_missing_or_twice_is_named(
    run: Run, tmp_path: Path, security: Path, change: tuple[str, str], message: str
) -> None:
    workbook, mapping = secure_by_design(tmp_path)
    mapping.write_text(MAPPING.replace(*change))
    result = run("import", str(workbook), "--into", str(security), "--mapping", str(mapping))
    assert result.exit_code == 2
    assert message in result.stderr
    if "no column" in message and "treatment" not in message:
        assert 'The headings on that row are: "' in result.stderr
    assert list((security / "risks").iterdir()) == []


def test_bad_rows_are_named_and_nothing_is_written(run: Run, tmp_path: Path, security: Path) -> None:
    rows = [list(row) for row in ROWS]
    rows[0][3] = "31/02/2023"
    rows[1][5] = "7 - Extreme"
    rows[2][13] = "Maybe"
    workbook, mapping = secure_by_design(tmp_path)
    tracker(workbook, [*rows, ["Risk 003", "Fourth", "Fine", "2023-03-01", "Owner", 1, 1, "", 1, 1]])
    treatment(tmp_path / "treatment.xlsx", [*ACTIONS, ["Risk 009", "Orphan", "X", "01/01/2024", "Red"]])
    result = run("import", str(workbook), "--into", str(security), "--mapping", str(mapping))
    assert result.exit_code == 1
    sheet = 'register.xlsx, sheet "Security Risk Tracker"'
    assert f'{sheet}: row 4, column "Date raised": "31/02/2023" is not a date' in result.stderr
    assert result.stderr.count('"31/02/2023" is not a date') == 1  # one cell, though it feeds two fields
    assert f'{sheet}: row 5, column "Likelihood Score": inherent.likelihood: 7 is not on the likelihood scale' in (
        result.stderr
    )
    assert f"{sheet}: row 6, column \"Open?\": status: found 'Maybe'; expected one of: open, closed" in result.stderr
    assert 'row 7, column "Reference / Risk ID": Risk-003 is also on row 6' in result.stderr
    assert 'treatment.xlsx, sheet "Sheet1": row 5, column "Risk ID": no risk "Risk 009"' in result.stderr
    assert "nothing imported: 4 rows and 1 action row cannot be imported" in result.stderr
    assert list((security / "risks").iterdir()) == []


def test_skip_invalid_imports_the_rest_and_exits_1(run: Run, tmp_path: Path, security: Path) -> None:
    rows = [list(row) for row in ROWS]
    rows[1][6] = "Catastrophic"  # not a label on the impact scale
    workbook, mapping = secure_by_design(tmp_path)
    tracker(workbook, rows)
    bad_action = ["Risk 001", "Penetration test", "IT Manager", "next year", "Red"]
    treatment(tmp_path / "treatment.xlsx", [*ACTIONS, bad_action])
    args = ["import", str(workbook), "--into", str(security), "--mapping", str(mapping), "--today", "2023-04-01"]
    result = run(*args, "--skip-invalid")
    assert result.exit_code == 1, result.output
    assert "'Catastrophic' is not on the impact scale" in result.stderr
    assert 'row 5, column "Date Due": "next year" is not a date' in result.stderr
    assert "skipped 1 row and 1 action row" in result.stderr
    assert sorted(risks(run, security)) == ["Risk-001", "Risk-003"]
    assert len(data(run, security, "Risk-001")["actions"]) == 2  # the bad action is skipped, not its risk


WINDOWS = (
    "Ref,Risk,Theme,Owner,L,I,L2,I2,Reviewed,Controls,Score\r\n"
    "R-1,Budget overspend of \u00a35m \u2013 \u2018capital\u2019,Finance,Chief Finance Officer,3,3,2,2,31/01/2023,"
    '"1. Monthly reports\r\n2. Spending freeze",9\r\n'
    "R-2,Pay award unfunded,Finance,Chief Finance Officer,2,4,2,3,14/02/2023,,9\r\n"
)
CSV_MAPPING = """\
dates: day-first
columns: {id: Ref, title: Risk, category: Theme, owner: Owner, inherent.likelihood: L, inherent.impact: I,
          residual.likelihood: L2, residual.impact: I2, review.last: Reviewed, controls: Controls,
          inherent.score: Score}
defaults: {status: open}
"""


@pytest.mark.parametrize(
    ("encoding", "separator", "said"),
    [
        ("cp1252", ",", "Windows-1252 text (not UTF-8), comma-separated"),
        ("utf-8-sig", ",", "UTF-8 text with a byte-order mark, comma-separated"),
        ("utf-8", ";", "UTF-8 text, semicolon-separated"),
        ("utf-16", "\t", "UTF-16 text, tab-separated"),
    ],
)
def test_csv_as_excel_writes_it(
    run: Run, tmp_path: Path, security: Path, encoding: str, separator: str, said: str
) -> None:
    sheet = tmp_path / "register.csv"
    sheet.write_bytes(WINDOWS.replace(",", separator).encode(encoding))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(CSV_MAPPING)
    result = run("import", str(sheet), "--into", str(security), "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    assert said in result.stderr
    first = data(run, security, "R-1")
    assert first["title"] == "Budget overspend of £5m – ‘capital’"
    assert [c["description"] for c in first["controls"]] == ["Monthly reports", "Spending freeze"]
    assert first["review"]["last"] == "2023-01-31" and first["inherent"]["score"] == 9
    # a stated score is written as the sheet gives it, and check says where it is wrong (RC205)
    assert "RC205" in result.stdout and "R-2.yaml" in result.stdout


def test_a_csv_in_no_encoding_riskctl_knows(run: Run, tmp_path: Path, security: Path) -> None:
    sheet = tmp_path / "odd.csv"
    sheet.write_bytes(b"id,title\nR1,\x81\x8d\n")
    result = run("import", str(sheet), "--into", str(security))
    assert result.exit_code == 2
    assert "odd.csv:2: byte 0x81 is neither UTF-8 nor Windows-1252 text; save the file as CSV UTF-8" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns: {titel: Risk}\n", "mapping.yaml:1:11: unknown field 'titel'; did you mean 'title'?"),
        ("colums: {title: Risk}\n", "mapping.yaml:1:1: unknown setting 'colums'; expected one of: sheet"),
        ("header_row: 0\ncolumns: {title: Risk}\n", "mapping.yaml:1:13: header_row must be a row number"),
        ("dates: european\ncolumns: {title: Risk}\n", "dates must be day-first or month-first"),
        ("columns: {title: {column: 12}}\n", "expected a column heading, or {column: LETTER}"),
        ("columns: {title: Risk}\nactions: {columns: {due: Due}}\n", "actions need 'key:'"),
        ("columns: [title]\n", "columns must be a mapping"),
        (
            "columns: {rag: Status}\n",
            "unknown field 'rag'; riskctl's fields are: acceptance, acceptance.by",
        ),
        ("columns: {title: Risk\n", "mapping.yaml:2:1: invalid YAML"),
    ],
)
def test_mapping_mistakes_are_placed(run: Run, tmp_path: Path, security: Path, text: str, message: str) -> None:
    sheet = tmp_path / "register.csv"
    sheet.write_text("Risk\nFlood\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text)
    result = run("import", str(sheet), "--into", str(security), "--mapping", str(mapping))
    assert result.exit_code == 2
    assert message in result.stderr


def test_merged_cells_down_the_rows_belong_to_each_row(run: Run, tmp_path: Path, security: Path) -> None:
    rows = [list(row) for row in ROWS]
    workbook, mapping = secure_by_design(tmp_path)
    from openpyxl import load_workbook

    tracker(workbook, rows)
    book = load_workbook(workbook)
    sheet = book["Security Risk Tracker"]
    sheet["N5"] = None
    sheet.merge_cells("N4:N5")  # "Yes" for both risks
    sheet.cell(4, 5).value = dt.datetime(2023, 1, 31)
    book.save(workbook)
    result = run("import", str(workbook), "--into", str(security), "--mapping", str(mapping), "--today", "2023-04-01")
    assert result.exit_code == 0, result.output
    assert data(run, security, "Risk-002")["status"] == "open"
    assert data(run, security, "Risk-001")["owner"] == "2023-01-31"  # what the cell holds, as text


def test_the_readme_example_imports_as_shown(run: Run, tmp_path: Path) -> None:
    """docs/examples/spreadsheets is the README's worked example: it must import as the README says."""
    example = ROOT / "docs" / "examples" / "spreadsheets"
    register = tmp_path / "security"
    register.mkdir()
    shutil.copy(example / "security-register.yaml", register / "register.yaml")
    args = [
        "import",
        str(example / "register.xlsx"),
        "--into",
        str(register),
        "--mapping",
        str(example / "mapping.yaml"),
    ]
    result = run(*args, "--today", "2023-04-01")
    assert result.exit_code == 0, result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ cat registers/security/risks/Risk-001.yaml\n", 1)[1].split("```", 1)[0]
    assert (register / "risks" / "Risk-001.yaml").read_text() == shown
    for option in ("--mapping", "--update", "--dry-run", "--skip-invalid", "--template"):
        assert option in readme, option
