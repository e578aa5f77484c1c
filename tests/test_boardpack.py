"""The report for people (SPEC §10): marking, executive summary, closed risks, heat maps, dates, history."""

from __future__ import annotations

import datetime as dt
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from riskctl.history.diff import ItemDiff
from riskctl.history.versions import FieldChange
from riskctl.model.dates import Day
from riskctl.model.facts import combined_marking, marking_tier
from riskctl.model.scoring import Level
from riskctl.outputs.escape import css_string
from riskctl.outputs.heatmap import Cell, appetite_line
from riskctl.outputs.people import long_date
from riskctl.outputs.stories import phrases
from riskctl.outputs.summary import escalated_to

from .conftest import REGISTER_4X4, MakeRegister, Run, risk_yaml
from .gitrepo import GitRepo


def md(run: Run, *args: str) -> str:
    result = run("report", *args, "--format", "md")
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def html(run: Run, *args: str) -> str:
    result = run("report", *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_dates_for_people() -> None:
    assert long_date(Day(dt.date(2027, 1, 15))) == "15 January 2027"
    assert long_date(Day(dt.date(2026, 4, 1), month_only=True)) == "April 2026"
    assert long_date("2026-04") == "April 2026"
    assert long_date("2026-03-03T10:00:00+00:00") == "3 March 2026"
    assert long_date(dt.date(2026, 12, 1)) == "1 December 2026"
    assert long_date("next spring") == "next spring"  # not a date: left as written (and escaped later)
    assert long_date(None) == "-"


@pytest.mark.parametrize(
    ("markings", "expected"),
    [
        (["OFFICIAL"], "OFFICIAL"),
        (["OFFICIAL", "OFFICIAL-SENSITIVE", None], "OFFICIAL-SENSITIVE"),
        (["official", "SECRET", "TOP SECRET STRAP1"], "TOP SECRET STRAP1"),
        (["Not protectively marked", "OFFICIAL"], "OFFICIAL"),
        (["OFFICIAL-SENSITIVE PERSONAL", "OFFICIAL-SENSITIVE COMMERCIAL"],
         "OFFICIAL-SENSITIVE PERSONAL / OFFICIAL-SENSITIVE COMMERCIAL"),
        (["SECRET", "Commercial in confidence"], "SECRET / Commercial in confidence"),  # never dropped
        ([None, None], None),
    ],
)  # fmt: skip
def test_the_highest_marking_wins(markings: list[str | None], expected: str | None) -> None:
    assert combined_marking(markings) == expected


def test_marking_tiers() -> None:
    assert [marking_tier(m) for m in ("OFFICIAL", "OFFICIAL SENSITIVE", "Secret", "TOP SECRET")] == [1, 2, 3, 4]
    assert marking_tier("OFFICIALS") is None and marking_tier("RESTRICTED") is None


def test_marking_heads_every_report(run: Run, make_register: MakeRegister) -> None:
    make_register({"R1": risk_yaml("R1")}, register=REGISTER_4X4 + "classification: OFFICIAL\n", name="a")
    sensitive = REGISTER_4X4.replace("id: test", "id: other") + "classification: OFFICIAL-SENSITIVE\n"
    root = make_register({"R1": risk_yaml("R1")}, register=sensitive, name="b").parent
    text = md(run, str(root))
    assert text.startswith("**OFFICIAL-SENSITIVE**\n\n# Risk and policy registers\n")
    page = html(run, str(root))
    assert '<p class="marking">OFFICIAL-SENSITIVE</p>' in page
    assert page.index('class="marking"') < page.index("<h1>")
    assert '@top-center { content: "OFFICIAL\\00002dSENSITIVE"' in page
    assert '@bottom-center { content: "OFFICIAL\\00002dSENSITIVE"' in page


def test_a_hostile_marking_stays_text(run: Run, make_register: MakeRegister) -> None:
    marking = '"; } </style><script>alert(1)</script> @import "x'
    root = make_register({"R1": risk_yaml("R1")}, register=REGISTER_4X4 + f"classification: '{marking}'\n")
    page = html(run, str(root))
    assert "<script" not in page
    style = page.split("<style>")[1].split("</style>")[0]
    assert "<" not in style and "@import" not in style
    assert str(css_string(marking)) in style
    assert "&lt;script&gt;" in page  # in the page itself, as text


def test_closed_risks_have_their_own_section(run: Run, make_register: MakeRegister) -> None:
    root = make_register({
        "R1": risk_yaml("R1", title="title: Still open"),
        "R2": risk_yaml("R2", title="title: Closed in June", status="status: closed\nclosed: 2026-06-01"),
        "R3": risk_yaml("R3", title="title: Closed without a date", status="status: closed"),
    })  # fmt: skip
    text = md(run, str(root))
    ranked = text.split("## Open risks by residual score")[1].split("## Open risks in full")[0]
    assert "R1" in ranked and "R2" not in ranked and "R3" not in ranked
    closed = text.split("## Closed risks")[1]
    assert (
        "| R3 | Closed without a date | Head of Tactical Operations | **no closed date recorded** | 6 Medium |"
        in closed
    )
    assert "| R2 | Closed in June | Head of Tactical Operations | 1 June 2026 | 6 Medium |" in closed
    assert closed.index("| R3 |") < closed.index("| R2 |")  # the flagged one first
    assert "#### R2" not in text and "### R2" not in text  # no detail among the open risks
    page = html(run, str(root))
    assert page.count("<h2>Closed risks</h2>") == 1
    assert '<span class="overdue">no closed date recorded</span>' in page
    assert 'All open risks</th><td class="num">1<' in page  # the closed ones are not counted as open


def test_heat_map_counts_only_where_there_are_risks(run: Run, make_register: MakeRegister) -> None:
    root = make_register(
        {"R1": risk_yaml("R1"), "R2": risk_yaml("R2", residual="residual:\n  likelihood: 3\n  impact: 3")}
    )
    page = html(run, str(root))
    residual = page.split("Residual: after mitigating controls")[1].split("</svg>")[0]
    cells = re.findall(r"<g><title>(.*?)</title>(.*?)</g>", residual, re.S)
    assert len(cells) == 16
    for title, body in cells:
        assert ("<text" in body) == ("no open risk" not in title), title  # a number only where risks are
    assert re.findall(r'font-weight="700" fill="#[0-9a-f]{6}">(\d+)</text>', residual) == ["1", "1"]
    assert residual.count('stroke-width="4"') == len(appetite_line_for_test())
    assert "cells beyond it score above 8" in page and "Each number counts the open risks in its cell" in page


def appetite_line_for_test() -> tuple[tuple[int, int, int, int], ...]:
    """The 4x4 scheme with appetite 8: the edges between scores of 8 or less and the rest."""
    rows = []
    for likelihood in (4, 3, 2, 1):
        rows.append(tuple(Cell(Level(likelihood, ""), Level(i, ""), likelihood * i, None, "#fff", "#000", (),
                               likelihood * i > 8) for i in (1, 2, 3, 4)))  # fmt: skip
    return appetite_line(rows)


def test_appetite_line_follows_the_matrix() -> None:
    # above 8: (L4,I3) (L4,I4) (L3,I3) (L3,I4); the line runs down between I2|I3 for L4 and L3, then along under L3
    assert set(appetite_line_for_test()) == {(2, 0, 2, 1), (2, 1, 2, 2), (2, 2, 3, 2), (3, 2, 4, 2)}


def test_changes_become_sentences() -> None:
    said = phrases([
        FieldChange("residual.likelihood", 4, 3),
        FieldChange("residual.score", 12, 9),
        FieldChange("residual.rating", "Very high", "High"),
        FieldChange("owner", "Head of Estates", "Chief Superintendent"),
        FieldChange("actions", [{"description": "Second site", "status": "open"}],
                    [{"description": "Second site", "status": "done"}, {"description": "Drill"}]),
        FieldChange("review.last", "2026-01-15", "2026-03-03"),
        FieldChange("description", "Old words", "New words"),
    ])  # fmt: skip
    assert said == [
        "residual score lowered from 12 (Very high) to 9 (High)",
        "owner changed from Head of Estates to Chief Superintendent",
        "action “Second site” marked done; action added: “Drill”",
        "review recorded for 3 March 2026 (last was 15 January 2026)",
        "risk statement reworded",
    ]


def test_escalation_is_movement() -> None:
    diff = ItemDiff("ops", "R1", "risk", "modified", "Fleet", "ops/risks/R1.yaml",
                    (FieldChange("escalation.to", None, "cambs:R4.2"),), (9, "High"), (9, "High"), 8)  # fmt: skip
    assert escalated_to(diff) == "cambs:R4.2"
    assert escalated_to(ItemDiff("ops", "R1", "risk", "modified", "", "", (), None, None, None)) is None


def test_executive_summary_names_what_moved(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("reg/register.yaml", REGISTER_4X4)
    repo.write("reg/risks/R1.yaml", risk_yaml("R1"))
    repo.write("reg/risks/R2.yaml", risk_yaml("R2"))
    repo.write("reg/risks/R4.yaml", risk_yaml("R4", residual="residual:\n  likelihood: 3\n  impact: 3"))
    repo.commit("Start", date="2026-01-15T09:00:00+00:00")
    repo.write("reg/risks/R1.yaml", risk_yaml("R1", residual="residual:\n  likelihood: 3\n  impact: 3"))
    repo.write("reg/risks/R2.yaml", risk_yaml("R2", status="status: closed\nclosed: 2026-03-01"))
    repo.write("reg/risks/R4.yaml", risk_yaml("R4", residual="residual:\n  likelihood: 1\n  impact: 3"))
    repo.write("reg/risks/R3.yaml", risk_yaml("R3", title="title: Cyber attack on the control room"))
    repo.commit("Quarterly review", author="Bob Reviewer", date="2026-03-03T10:00:00+00:00")
    monkeypatch.chdir(repo.root)
    text = md(run, "--since", "2026-01-15")
    summary = text.split("## Executive summary")[1].split("### Highest risks")[0]
    assert "### Movement since 15 January 2026" in summary
    assert "**New risks**\n\n- R3 Cyber attack on the control room: residual 6 (Medium)" in summary
    assert "**Residual score up**\n\n- R1 Loss of the force control room: 6 (Medium) → 9 (High)" in summary
    assert "**Residual score down**\n\n- R4 Loss of the force control room: 9 (High) → 3 (Low)" in summary
    assert "**Closed**\n\n- R2 Loss of the force control room: residual 6 (Medium)" in summary
    above = text.split("### Above appetite")[1]
    assert above.startswith("\n\n- R1 Loss of the force control room: residual 9 (High), appetite 8")
    changes = text.split("## Changes since 15 January 2026")[1]
    assert "- Closed (closed date 1 March 2026) on 3 March 2026 by Bob Reviewer: “Quarterly review”." in changes
    assert "- Added with residual score 6 (Medium) on 3 March 2026 by Bob Reviewer: “Quarterly review”." in changes
    assert "| 3 | R4 |" in text and "▼ down from 9 | 9 → 3 |" in text


def test_shallow_clone_report_says_so(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("reg/register.yaml", REGISTER_4X4)
    repo.write("reg/risks/R1.yaml", risk_yaml("R1"))
    repo.commit("Start", date="2026-01-15T09:00:00+00:00")
    repo.write("reg/risks/R1.yaml", risk_yaml("R1", residual="residual:\n  likelihood: 3\n  impact: 3"))
    repo.commit("Rescore", date="2026-03-03T10:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    monkeypatch.chdir(clone)
    text = md(run)
    assert "> **History cut short.** This copy of the repository is a shallow clone" in text
    assert "holds the history only from 3 March 2026" in text and "fetch-depth: 0" in text
    assert "- **Over time:** Residual score 9 (High) from 3 March 2026" in text  # the trend from what it has
    beyond = run("report", "--format", "md", "--since", "2026-01-15")
    assert beyond.exit_code == 2 and beyond.stdout == ""
    assert beyond.stderr.count("\n") == 1 and "shallow clone" in beyond.stderr and "fetch-depth: 0" in beyond.stderr


def test_pdf_needs_weasyprint(run: Run, make_register: MakeRegister, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    result = run("report", str(root), "--format", "pdf", "-o", str(root / "pack.pdf"))
    assert result.exit_code == 2
    assert result.stdout == "" and not (root / "pack.pdf").exists()
    assert result.stderr == (
        "riskctl: --format pdf needs WeasyPrint, an optional extra: "
        "pip install 'weasyprint>=68' where riskctl is installed (its pdf extra)\n"
    )


def test_pdf_is_not_written_to_a_terminal(make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "riskctl", "report", str(root), "--format", "pdf"],
                              stdout=follower, stderr=subprocess.PIPE, timeout=60, check=False)  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert b"--format pdf writes a binary file: give -o FILE.pdf" in done.stderr


def test_pdf_goes_to_a_file(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    target = tmp_path / "pack.pdf"
    result = run("report", str(root), "--format", "pdf", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
