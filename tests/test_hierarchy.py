"""The organisation of registers (SPEC §8) on a three-level tree with siblings: a force, two
directorates, a department under one of them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import REGISTER_4X4, Run, risk_yaml
from .gitrepo import GitRepo

SCALES = REGISTER_4X4.split("scoring:", 1)[1].split("appetite:", 1)[0]


def register(rid: str, extra: str = "", scoring: str | None = None) -> str:
    body = f"name: Register {rid}\nid: {rid}\n{extra}"
    return body + (f"scoring:{SCALES}" if scoring is None else scoring)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = GitRepo(tmp_path / "repo")
    repo.write("force/register.yaml", register("force", "level: strategic\nappetite: 9\n"))
    repo.write("force/risks/S1.yaml", risk_yaml("S1", inherent="inherent:\n  likelihood: 4\n  impact: 4",
                                                 residual="residual:\n  likelihood: 3\n  impact: 3"))  # fmt: skip
    category_appetite = (
        "appetite:\n  levels: {averse: 4, cautious: 8}\n  default: cautious\n  categories: {Finance: averse}\n"
    )
    repo.write("ops/register.yaml", register("ops", "level: directorate\nparent: force\nescalation:\n  above: 8\n"
                                             + category_appetite, "scoring:\n  from: force\n"))  # fmt: skip
    repo.write("hr/register.yaml", register("hr", "level: directorate\nparent: force\n", "scoring:\n  from: force\n"))
    repo.write("hr/risks/H1.yaml", risk_yaml("H1"))
    repo.write("dept/register.yaml", register("dept", "level: departmental\nparent: ops\nescalation:\n  above: 6\n",
                                              "scoring:\n  from: ops\n"))  # fmt: skip
    high = "residual:\n  likelihood: 3\n  impact: 3"
    escalated = "escalation:\n  to: force:S1\n  on: 2026-09-01\n"
    open_action = "actions:\n  - {description: Fix, owner: Ann, due: 2027-01-01, status: open}"
    repo.write("ops/risks/D1.yaml", risk_yaml("D1", residual=high, inherent="inherent:\n  likelihood: 4\n  impact: 4",
                                              acceptance=escalated + open_action))  # fmt: skip
    repo.write("ops/risks/F1.yaml", risk_yaml("F1", category="category: Finance"))  # residual 6 > averse 4
    repo.write("dept/risks/C1.yaml", risk_yaml("C1", residual=high, inherent="inherent:\n  likelihood: 4\n  impact: 4",
                                               acceptance="escalation:\n  to: ops:D1\n  on: 2026-10-01"))  # fmt: skip
    repo.commit("The organisation", date="2026-10-02T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    return repo.root


def findings(run: Run, *paths: str) -> list[tuple[str, str, str | None]]:
    result = run("check", *paths, "--format", "json", "--select", "RC2,RC4")
    assert result.exit_code in (0, 1), result.output
    return [(Path(f["path"]).name, f["code"], f["item"]) for f in json.loads(result.stdout)["findings"]]


def test_the_tree_is_sound(run: Run, tree: Path) -> None:
    assert findings(run, ".") == [("F1.yaml", "RC204", "F1")]  # Finance is averse (4): 6 is above it


def test_category_appetite_and_scoring_from_a_register_that_takes_it_from_another(run: Run, tree: Path) -> None:
    rows = {row["id"]: row for row in run.json("list", ".", "--format", "json")}
    assert (rows["F1"]["appetite"], rows["D1"]["appetite"]) == (4, 8)  # by category; the default
    assert rows["C1"]["residual"] == {
        "likelihood": 3,
        "impact": 3,
        "score": 9,
        "rating": "High",
    }  # dept <- ops <- force
    shown = run.json("show", "ops:F1", "--format", "json")
    assert (shown["appetite"], shown["appetite_level"]) == (4, "averse")
    assert "Appetite  Finance: averse, 4 (residual is above appetite)" in run("show", "ops:F1").stdout
    assert run.json("show", "force:S1", "--format", "json")["appetite_level"] is None  # a plain score
    (tree / "ops/risks/D1.yaml").write_text((tree / "ops/risks/D1.yaml").read_text().replace(
        "  on: 2026-09-01\n", "  on: 2026-09-01\n  note: Agreed at the board\n"))  # fmt: skip
    assert "Escalated to  force:S1 on 2026-09-01: Agreed at the board" in run("show", "ops:D1").stdout


def test_a_directorate_checked_alone_still_resolves_its_ancestors(run: Run, tree: Path) -> None:
    assert findings(run, "dept") == []
    assert findings(run, "dept/risks/C1.yaml") == []  # as pre-commit runs it


def test_escalation_rules_fire_and_do_not(run: Run, tree: Path) -> None:
    c1 = (tree / "dept/risks/C1.yaml").read_text()
    (tree / "dept/risks/C1.yaml").write_text(c1.replace("to: ops:D1", "to: hr:H1"))  # a sibling's, not above
    (tree / "dept/risks/C2.yaml").write_text(risk_yaml("C2", residual="residual:\n  likelihood: 3\n  impact: 3",
                                                       inherent="inherent:\n  likelihood: 4\n  impact: 4"))  # fmt: skip
    (tree / "dept/risks/C3.yaml").write_text(
        risk_yaml("C3", acceptance="escalation:\n  to: force:S1\n  on: 2026-10-01")
    )
    assert sorted(findings(run, "dept")) == [("C1.yaml", "RC403", "C1"), ("C2.yaml", "RC402", "C2")]  # C3: grandparent


def test_parents_that_are_missing_or_loop(run: Run, tree: Path) -> None:
    (tree / "hr/register.yaml").write_text(register("hr", "parent: forse\n", "scoring:\n  from: force\n"))
    (tree / "ops/register.yaml").write_text(register("ops", "parent: dept\n", "scoring:\n  from: force\n"))
    found = findings(run, ".")
    assert ("register.yaml", "RC404", None) in found
    text = run("check", ".", "--select", "RC404").stdout
    assert "did you mean 'force'?" in text and "the parents form a loop" in text


def test_a_scoring_from_loop_or_missing_register_makes_it_unusable(run: Run, tree: Path) -> None:
    (tree / "hr/register.yaml").write_text(register("hr", "", "scoring:\n  from: hr\n"))
    result = run("check", "hr")
    assert result.exit_code == 2 and "scoring.from forms a loop (hr -> hr)" in result.stdout
    (tree / "hr/register.yaml").write_text(register("hr", "", "scoring:\n  from: nowhere\n"))
    assert "scoring.from names no register: 'nowhere'" in run("check", "hr").stdout
    assert run("list", "hr").exit_code == 2


def test_qualified_ids_everywhere_ids_are_taken(run: Run, tree: Path) -> None:
    assert run.json("show", "force:S1", "--format", "json")["id"] == "S1"
    feeders = run.json("show", "ops:D1", "--format", "json")["escalated_into"]
    assert [feed["id"] for feed in feeders] == ["dept:C1"]
    reviewed = run("review", "dept:C1", "--by", "Ann")
    assert reviewed.exit_code == 0, reviewed.output
    assert json.loads(run("history", "dept:C1", "--format", "json").stdout)["item"] == "dept:C1"


def test_the_report_orders_registers_by_the_hierarchy_and_rolls_up(run: Run, tree: Path) -> None:
    text = run("report", ".", "--format", "md").stdout
    order = [text.index(f"## Register {rid}") for rid in ("force", "hr", "ops", "dept")]
    assert order == sorted(order[:1]) + order[1:] and order[0] < min(order[1:])  # the force first
    assert order[2] < order[3]  # a directorate before its department
    assert "**Escalated into it:** ops:D1" in text and "**Escalated into it:** dept:C1" in text
    assert "## Portfolio heat map" in text


def test_the_portfolio_names_registers_on_another_scheme_but_not_registers_of_policies(run: Run, tree: Path) -> None:
    three = SCALES.replace("    - {score: 4, label: Likely}\n", "")  # a 3x4 scheme: not the force's
    (tree / "lab/risks").mkdir(parents=True)
    (tree / "lab/register.yaml").write_text(register("lab", "", f"scoring:{three}"))
    (tree / "lab/risks/L1.yaml").write_text(risk_yaml("L1"))
    (tree / "docs/policies").mkdir(parents=True)
    (tree / "docs/register.yaml").write_text("name: Policy Register\nid: docs\n")
    report = run("report", ".", "--format", "md").stdout
    said = report.split("## Portfolio heat map", 1)[1].split("## All registers", 1)[0]
    assert "On another scoring scheme, and so not in this map: Register lab." in said
    assert "Policy Register" not in said
    matrix = run("matrix", ".", "--portfolio").stdout
    assert "On another scoring scheme, not in this map: Register lab\n" in matrix


def test_writes_work_in_a_register_whose_scheme_comes_from_another(run: Run, tree: Path, tmp_path: Path) -> None:
    created = run("new", "risk", "dept", "--title", "Phones down", "--category", "Operations", "--owner", "Ann",
                  "--inherent", "2,2", "--residual", "1,1")  # fmt: skip
    assert created.exit_code == 0, created.output
    assert (tree / "dept/risks/C2.yaml").is_file()
    template = tmp_path / "dept.xlsx"
    assert run("export", "--template", "dept", "-o", str(template)).exit_code == 0
    sheet = tmp_path / "rows.csv"
    sheet.write_text("id,title,category,owner,status,inherent.likelihood,inherent.impact,residual.likelihood,"
                     "residual.impact,review.last\nC9,Lines down,Operations,Ann,open,2,2,1,1,2026-11-01\n")  # fmt: skip
    imported = run("import", str(sheet), "--into", "dept")
    assert imported.exit_code == 0, imported.output
    assert (tree / "dept/risks/C9.yaml").is_file()


def test_the_organisation_at_a_revision_is_the_organisation(run: Run, tree: Path) -> None:
    now = run.json("check", ".", "--format", "json")["findings"]
    assert run.json("check", ".", "--format", "json", "--at", "HEAD")["findings"] == now
    assert run.json("check", "dept", "--format", "json", "--at", "HEAD")["findings"] == [
        finding for finding in now if finding["path"].startswith("dept/")
    ]
    feeders = run.json("show", "ops:D1", "--format", "json", "--at", "HEAD")["escalated_into"]
    assert [feed["id"] for feed in feeders] == ["dept:C1"]
    assert run("report", ".", "--format", "md", "--at", "HEAD").stdout.count("**Escalated into it:**") == 2


def test_what_the_organisation_could_not_read_is_said(run: Run, tree: Path) -> None:
    (tree / "ops/risks/D1.yaml").write_text("id: D1\n\ttitle: a tab\n")  # the risk dept:C1 escalates to
    shown = run("show", "force:S1")  # D1 was escalated into S1: the list of those is now incomplete
    assert shown.exit_code == 1 and "ops/risks/D1.yaml:2:1: RC101" in shown.stderr
    checked = run.json("check", "dept", "--format", "json")
    said = {(f["path"], f["code"]): f["message"] for f in checked["findings"]}
    assert ("ops/risks/D1.yaml", "RC101") in said
    assert said[("dept/risks/C1.yaml", "RC403")] == (
        "escalation.to 'ops:D1' names no risk 'D1' in register 'ops' (riskctl could not read ops/risks/D1.yaml); "
        "expected REGISTER:ID of an open risk above"
    )
    (tree / "ops/register.yaml").write_text("name: Ops\n\tid: ops\n")
    unusable = run("list", "dept")
    assert unusable.exit_code == 2
    assert "scoring.from names no register: 'ops'; riskctl could not read ops/register.yaml" in unusable.stderr


def test_an_escalation_to_a_sibling_says_so(run: Run, tree: Path) -> None:
    (tree / "dept/risks/C1.yaml").write_text(risk_yaml("C1", acceptance="escalation:\n  to: hr:H1\n  on: 2026-10-01"))
    (message,) = [f["message"] for f in run.json("check", "dept", "--format", "json")["findings"]
                  if f["code"] == "RC403"]  # fmt: skip
    assert message.startswith("escalation.to 'hr:H1' is in register 'hr', which is not above this one")
    assert message.endswith("expected a risk in an ancestor register (ops, force)")


def test_the_pre_commit_hook_checks_the_registers_below_a_change(run: Run, tree: Path) -> None:
    """Closing ops:D1 breaks dept:C1's escalation (RC403): check --whole of the changed file sees it."""
    (tree / "ops/risks/D1.yaml").write_text(risk_yaml("D1", status="status: closed\nclosed: 2026-11-01"))
    whole = run.json("check", "--whole", "ops/risks/D1.yaml", "--format", "json")
    assert [(f["path"], f["code"]) for f in whole["findings"] if f["code"] == "RC403"] == [
        ("dept/risks/C1.yaml", "RC403")
    ]
    assert not any(f["path"].startswith("hr/") for f in whole["findings"])  # a sibling is not below the change
    (tree / "force/register.yaml").write_text(register("force2", "level: strategic\nappetite: 9\n"))  # renamed
    renamed = run("check", "--whole", "force/register.yaml", "--format", "json")
    assert renamed.exit_code == 2 and "scoring.from names no register: 'force'" in renamed.stdout


def test_a_register_inside_another_register_is_read(run: Run, tree: Path) -> None:
    """A directorate's folder inside the force's: found from above, from the outer register,
    and on its own; the outer register's own folders hold no register."""
    before = run.json("check", ".", "--format", "json")["summary"]["files"]
    (tree / "force/team/risks").mkdir(parents=True)
    (tree / "force/team/register.yaml").write_text(register("team", "parent: force\n", "scoring:\n  from: force\n"))
    (tree / "force/team/risks/T1.yaml").write_text(risk_yaml("T1"))
    for path in (".", "force"):
        rows = run.json("list", path, "--format", "json")
        assert ("team", "T1") in {(row["register"], row["id"]) for row in rows}, path
    assert [row["id"] for row in run.json("list", "force/team", "--format", "json")] == ["T1"]
    assert run.json("show", "team:T1", "--format", "json")["register"] == "team"
    checked = run.json("check", ".", "--format", "json")
    assert checked["summary"]["files"] == before + 2
    assert not [f for f in checked["findings"] if f["path"].startswith("force/team/")]


def test_an_escalation_line_without_a_parent_is_a_register_finding(run: Run, tree: Path) -> None:
    (tree / "force/register.yaml").write_text(register("force", "level: strategic\nappetite: 9\nescalation:\n"
                                                       "  above: 6\n"))  # fmt: skip
    found = {(f["path"], f["code"]) for f in run.json("check", "force", "--format", "json")["findings"]}
    assert ("force/register.yaml", "RC404") in found
    assert ("force/risks/S1.yaml", "RC402") not in found  # residual 9 is above 6, but there is nowhere to go


def test_review_says_what_check_will_say_of_the_file_it_wrote(run: Run, tree: Path) -> None:
    raised = run("review", "ops:F1", "--residual", "3,3", "--by", "Ann")  # 9: above the line (8) and appetite
    assert raised.exit_code == 0, raised.output
    codes = [line.split(": ")[1].split()[0] for line in raised.stderr.splitlines() if "ops/risks/F1.yaml:" in line]
    assert codes == ["RC204", "RC402"]
    (tree / "dept/risks/C1.yaml").write_text(risk_yaml("C1", acceptance="escalation:\n  to: ops:D9\n  on: 2026-10-01"))
    refused = run("review", "dept:C1", "--by", "Ann")
    lines = refused.stderr.splitlines()
    assert refused.exit_code == 1
    assert lines[0].startswith("dept/risks/C1.yaml:") and " RC403 " in lines[0]
    assert lines[1].startswith("riskctl: nothing was written: dept/risks/C1.yaml would not pass riskctl check")


def test_an_appetite_problem_is_found_where_it_is_written_by_every_command(run: Run, tree: Path) -> None:
    text = (tree / "ops/register.yaml").read_text().replace("default: cautious", "default: reckless")
    (tree / "ops/register.yaml").write_text(text)
    line = 1 + text.splitlines().index("  default: reckless")
    (finding,) = run.json("check", "ops", "--format", "json")["findings"]
    assert (finding["line"], finding["column"], finding["code"]) == (line, 3, "RC102")
    assert f"ops/register.yaml:{line}:3: RC102 appetite.default: the level 'reckless'" in run("list", "ops").stderr


def test_a_qualified_id_that_cannot_be_found_says_why(run: Run, tree: Path) -> None:
    unknown = run("show", "nope:S1")
    assert unknown.exit_code == 2 and "no register with id 'nope'" in unknown.stderr
    assert "register ids here: dept, force, hr, ops" in unknown.stderr
    shutil.copytree(tree / "dept", tree / "dept-copy")  # the same id twice (RC405)
    clash = run("show", "dept:C1")
    assert clash.exit_code == 2
    assert "'dept:C1' is in several registers with one id (dept, dept-copy); give each its own id" in clash.stderr
    shutil.rmtree(tree / "dept-copy")
    shutil.copy(tree / "dept/risks/C1.yaml", tree / "dept/risks/C1-again.yaml")  # one register, two files (RC104)
    twins = run("show", "dept:C1")
    assert twins.exit_code == 2 and "several registers" not in twins.stderr
    expected = "'dept:C1' is the id of several files (dept/risks/C1-again.yaml, dept/risks/C1.yaml)"
    assert expected in twins.stderr
