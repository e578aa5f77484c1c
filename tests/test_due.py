"""``riskctl due``: every obligation in every state, in every format, each read back by a real reader."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from markdown_it import MarkdownIt

from riskctl.model import dates
from riskctl.model.facts import due_state

from .conftest import ROOT, Run

FIXTURE = ROOT / "tests" / "fixtures" / "owners"

# On 2026-11-22, within the register's default 30 days: (owner, item, what, due, state), in SPEC §9's
# order (due date, a month as its last day; then register, item). Left out: R1's action due
# 2027-06-01 (later) and its done action, R2's reached target and later review, R3 (closed),
# R4's review in December (beyond 30 days), P2 (draft) and P3 (retired).
EXPECTED = [
    ("Head of Policy", "P1", "review", "2026-04", "overdue"),
    ("Alice Owner", "R1", "review", "2026-10-01", "overdue"),
    ("Bob Owner", "R1", "review", "2026-10-01", "overdue"),
    ("Alice Owner", "R1", "action", "2026-10-01", "overdue"),
    ("Dan Doer", "R1", "action", "2026-10-01", "overdue"),
    ("Bob Owner", "R2", "acceptance", "2026-10-31", "overdue"),
    ("Alice Owner", "R1", "target", "2026-11-01", "overdue"),
    ("Bob Owner", "R1", "target", "2026-11-01", "overdue"),
    ("Alice Owner", "R1", "action", "2026-11", "due-soon"),
    ("Alice Owner", "R1", "acceptance", "2026-12-01", "due-soon"),
    ("Bob Owner", "R1", "acceptance", "2026-12-01", "due-soon"),
    ("Carol Doer", "R1", "action", "2026-12-10", "due-soon"),
]
HANDLES = {"Alice Owner": ["@alice"], "Bob Owner": ["@org/risk-team"], "Carol Doer": ["@carol"]}
OBLIGATIONS = 8  # distinct obligations: a jointly owned one is a row per owner but one calendar event


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(FIXTURE)
    return FIXTURE


def rows(document: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    return [(o["owner"], o["item"], o["what"], o["due"], o["state"]) for o in document["obligations"]]


def test_json_has_exactly_the_expected_obligations(run: Run, here: Path) -> None:
    result = run("due", "reg", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["version", "today", "obligations"]
    assert document["version"] == 1 and document["today"] == "2026-11-22"
    assert rows(document) == EXPECTED
    first = document["obligations"][0]
    assert first == {
        "owner": "Head of Policy",
        "handles": [],
        "register": "test",
        "item": "P1",
        "kind": "policy",
        "what": "review",
        "title": "Business continuity policy",
        "due": "2026-04",
        "state": "overdue",
        "path": "reg/policies/P1.yaml",
    }
    for obligation in document["obligations"]:
        assert obligation["handles"] == HANDLES.get(obligation["owner"], [])
        assert obligation["kind"] == ("policy" if obligation["item"].startswith("P") else "risk")
    assert "'bob at example' (for 'Bob Owner') is not a handle" in result.stderr
    assert "reg/register.yaml:7:" in result.stderr


def test_within_widens_the_window_and_is_checked_before_reading(run: Run, here: Path) -> None:
    wide = run.json("due", "reg", "--format", "json", "--within", "P2M")
    assert ("Erin Owner", "R4", "review", "2026-12", "due-soon") in rows(wide)
    assert len(rows(wide)) == len(EXPECTED) + 1
    narrow = run.json("due", "reg", "--format", "json", "--within", "P0D")
    assert rows(narrow) == [row for row in EXPECTED if row[4] == "overdue"]
    bad = run("due", "no-such-directory", "--within", "soon")
    assert bad.exit_code == 2
    assert "--within" in bad.stderr and "no such file" not in bad.stderr


@pytest.mark.parametrize(
    ("wanted", "owner"),
    [("alice owner", "Alice Owner"), ("@alice", "Alice Owner"), ("ALICE", "Alice Owner"),
     ("@ORG/risk-team", "Bob Owner"), ("org/risk-team", "Bob Owner"), ("Dan Doer", "Dan Doer")],
)  # fmt: skip
def test_owner_matches_a_name_or_a_handle_ignoring_case(run: Run, here: Path, wanted: str, owner: str) -> None:
    result = run.json("due", "reg", "--format", "json", "--owner", wanted)
    assert rows(result) == [row for row in EXPECTED if row[0] == owner]


def test_an_action_is_its_owners_and_an_unknown_owner_is_a_usage_error(run: Run, here: Path) -> None:
    carol = run.json("due", "reg", "--format", "json", "--owner", "Carol Doer")
    assert [(row[2], row[3]) for row in rows(carol)] == [("action", "2026-12-10")]
    unknown = run("due", "reg", "--owner", "Nobody At All")
    assert unknown.exit_code == 2
    assert "no owner" in unknown.stderr and unknown.stdout == ""
    erin = run("due", "reg", "--owner", "erin owner")  # an owner with nothing due: not an error
    assert erin.exit_code == 0 and "Nothing is overdue" in erin.stdout


def test_text_is_grouped_by_owner(run: Run, here: Path, golden: Any) -> None:
    result = run("due", "reg")
    assert result.exit_code == 0
    golden("due.text.txt", result.stdout)
    sections = result.stdout.split("\n\n")
    assert [section.splitlines()[0] for section in sections[:-1]] == [
        "Alice Owner  @alice",
        "Bob Owner  @org/risk-team",
        "Carol Doer  @carol",
        "Dan Doer",
        "Head of Policy",
    ]
    assert "8 obligations for 5 owners (5 overdue, 3 due soon)" in sections[-1]
    assert "action 5    test:R1  Loss of the force control room — Train the staff" in result.stdout


def test_markdown_has_a_section_per_owner_with_live_handles(run: Run, here: Path, golden: Any) -> None:
    text = run("due", "reg", "--format", "md").stdout
    golden("due.md.md", text)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == ["Alice Owner", "Bob Owner", "Carol Doer", "Dan Doer", "Head of Policy"]
    assert "Handles: @alice\n" in text and "Handles: @org/risk-team\n" in text
    assert "bob at example" not in text
    widths = row_widths(tokens)
    assert len(widths) == len(EXPECTED) + 5  # a header row per section
    assert set(widths) == {6}


def row_widths(tokens: list[Any]) -> list[int]:
    """The number of cells in each table row, as a code host's CommonMark parser reads them."""
    widths: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            widths.append(0)
        elif token.type in ("td_open", "th_open"):
            widths[-1] += 1
    return widths


def events(calendar_bytes: bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(calendar_bytes)
    return list(calendar.walk("VEVENT"))


def test_ics_is_one_all_day_event_per_obligation(run: Run, here: Path, golden: Any) -> None:
    result = run("due", "reg", "--format", "ics")
    assert result.exit_code == 0
    raw = result.stdout_bytes
    golden("due.ics.ics", raw.decode("utf-8").replace("\r\n", "\n"))  # the golden file is kept with LF
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    found = events(raw)
    assert len(found) == OBLIGATIONS
    assert len({str(event["UID"]) for event in found}) == OBLIGATIONS
    by_summary = {str(event["SUMMARY"]): event for event in found}
    policy = by_summary["Review of test:P1: Business continuity policy"]
    assert policy.decoded("DTSTART") == dt.date(2026, 4, 30)  # a month: its last day
    assert policy.decoded("DTEND") == dt.date(2026, 5, 1)
    description = str(policy["DESCRIPTION"])
    assert "Register: Owners Test Register (test)" in description
    assert "Owner: Head of Policy" in description and "File: reg/policies/P1.yaml" in description
    joint = by_summary["Review of test:R1: Loss of the force control room"]
    assert "Owner: Alice Owner, Bob Owner" in str(joint["DESCRIPTION"])
    action = by_summary["Action 4 of test:R1 due: Test the fallback"]
    assert action.decoded("DTSTART") == dt.date(2026, 11, 30)
    # an independent reader agrees
    calendar = vobject.readOne(raw.decode("utf-8"))
    read = {event.uid.value: (event.dtstart.value, event.summary.value) for event in calendar.vevent_list}
    assert read == {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in found}
    assert all(isinstance(start, dt.date) and not isinstance(start, dt.datetime) for start, _ in read.values())
    alone = events(run("due", "reg", "--format", "ics", "--owner", "@alice").stdout_bytes)
    assert len(alone) == 5
    assert {str(e["UID"]) for e in alone} <= {str(e["UID"]) for e in found}  # the same events, fewer of them
    (review,) = [e for e in alone if str(e["SUMMARY"]).startswith("Review of test:R1")]
    assert "Owner: Alice Owner, Bob Owner" in str(review["DESCRIPTION"])  # everyone it falls to


def test_ics_uids_are_stable_and_follow_the_obligation_when_its_date_moves(run: Run, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE / "reg", tmp_path / "reg")

    def uids(*args: str) -> dict[str, tuple[str, dt.date]]:
        found = events(run("due", str(tmp_path / "reg"), "--format", "ics", *args).stdout_bytes)
        return {str(e["UID"]): (str(e["SUMMARY"]), e.decoded("DTSTART")) for e in found}

    first, again = uids(), uids()
    assert first == again
    later = uids("--today", "2026-11-29")
    assert set(later) == set(first)  # another day: the same events
    risk = tmp_path / "reg" / "risks" / "R1.yaml"
    risk.write_text(risk.read_text().replace("until: 2026-12-01", "until: 2026-12-15"))
    moved = uids()
    assert set(moved) == set(first)
    changed = [uid for uid in first if first[uid] != moved[uid]]
    assert len(changed) == 1
    assert moved[changed[0]] == ("Acceptance of test:R1 ends: Loss of the force control room", dt.date(2026, 12, 15))
    risk.write_text(risk.read_text().replace("due: 2026-12-10, status: open", "due: 2026-12-10, status: done"))
    assert set(uids()) < set(first)  # a done action's event goes


def test_month_precision_and_window_edges() -> None:
    april = dates.parse_date("2026-04")
    within = dates.Duration(days=30)
    assert due_state(april, dt.date(2026, 4, 30), within) == "due-soon"
    assert due_state(april, dt.date(2026, 5, 1), within) == "overdue"
    assert due_state(april, dt.date(2026, 3, 31), within) == "due-soon"
    assert due_state(april, dt.date(2026, 3, 30), within) is None
    day = dates.parse_date("2026-12-10")
    assert due_state(day, dt.date(2026, 12, 10), dates.Duration()) == "due-soon"
    assert due_state(day, dt.date(2026, 12, 11), dates.Duration()) == "overdue"


def test_nothing_due(run: Run, here: Path) -> None:
    result = run("due", "reg", "--today", "2020-01-01", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["obligations"] == []
    text = run("due", "reg", "--today", "2020-01-01")
    assert (
        text.stdout
        == "Nothing is overdue or falling due within each register's review.warn_within (as of 2020-01-01).\n"
    )
    md = run("due", "reg", "--today", "2020-01-01", "--format", "md").stdout
    assert md.startswith("# What is due\n\nNothing is overdue")
    assert events(run("due", "reg", "--today", "2020-01-01", "--format", "ics").stdout_bytes) == []


def test_markdown_stays_under_an_issue_body_limit(run: Run, here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from riskctl.outputs import due

    whole = run("due", "reg", "--format", "md").stdout
    assert len(whole) < due.MAX_MARKDOWN < 65_536  # GitHub's limit for an issue body
    monkeypatch.setattr(due, "MAX_MARKDOWN", len(whole) - 200)
    cut = run("due", "reg", "--format", "md").stdout
    assert len(cut) <= len(whole) - 200 + 120
    shown = cut.count("| test:")
    assert 0 < shown < len(EXPECTED)
    assert f"_{len(EXPECTED) - shown} more rows are not shown here" in cut
