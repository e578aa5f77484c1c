"""SPEC §7 for ``due`` and ``codeowners``: broken files, an unusable register.yaml, a FIFO, a
symlink out of the workspace and hostile text. ``due`` leaves out what it cannot read, says
so and exits 1; ``codeowners`` needs only owners, so it says so and keeps its exit status."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import icalendar
import pytest
import vobject
from markdown_it import MarkdownIt

from .conftest import ROOT, Run, risk_yaml
from .test_due import EXPECTED, row_widths, rows

FIXTURE = ROOT / "tests" / "fixtures" / "owners" / "reg"


@pytest.fixture
def reg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "reg")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "reg"


def test_a_broken_file_is_left_out_and_said_everywhere(run: Run, reg: Path) -> None:
    (reg / "risks" / "R7.yaml").write_text("id: [R7\ntitle: broken\n")
    result = run("due", "reg", "--format", "json")
    assert result.exit_code == 1
    assert re.search(r"reg/risks/R7\.yaml:\d+:\d+: RC101 .*\(left out\)", result.stderr)
    document = json.loads(result.stdout)
    assert rows(document) == EXPECTED  # the rest is all there
    assert [entry["path"] for entry in document["incomplete"]] == ["reg/risks/R7.yaml"]
    assert set(document["incomplete"][0]) == {"path", "line", "column", "code", "message"}
    text = run("due", "reg")
    assert (
        text.exit_code == 1
        and "Incomplete: these files could not be read and are left out: reg/risks/R7.yaml" in text.stdout
    )
    md = run("due", "reg", "--format", "md")
    assert md.exit_code == 1 and "> **Incomplete:**" in md.stdout and "reg/risks/R7.yaml" in md.stdout
    ics = run("due", "reg", "--format", "ics")
    assert ics.exit_code == 1
    calendar = icalendar.Calendar.from_ical(ics.stdout_bytes)
    assert "reg/risks/R7.yaml" in str(calendar["X-WR-CALDESC"])
    owned = run("codeowners", "reg")
    assert owned.exit_code == 0
    assert re.search(r"reg/risks/R7\.yaml:\d+:\d+: RC101 .*\(left out\)", owned.stderr)


def test_a_file_breaking_the_schema_keeps_its_code_owners(run: Run, reg: Path) -> None:
    (reg / "risks" / "R6.yaml").write_text(risk_yaml("R6", status="status: opn", owner="owner: Carol Doer"))
    due = run("due", "reg", "--format", "json")
    assert due.exit_code == 1 and "R6.yaml" in due.stderr
    owned = run("codeowners", "reg")
    assert owned.exit_code == 0
    assert "/reg/risks/R6.yaml @carol" in owned.stdout and "R6.yaml" not in owned.stderr
    (reg / "risks" / "R5.yaml").write_text(risk_yaml("R5", owner="owner: 42"))
    unowned = run("codeowners", "reg")
    assert unowned.exit_code == 0
    assert "reg/risks/R5.yaml:4:8: RC102" in unowned.stderr and "/reg/risks/R5.yaml" not in unowned.stdout


@pytest.mark.parametrize("command", ["due", "codeowners"])
def test_an_unusable_register_yaml_is_exit_2(run: Run, reg: Path, command: str) -> None:
    (reg / "register.yaml").write_text("name: [unclosed\n")
    result = run(command, "reg")
    assert result.exit_code == 2
    assert "register.yaml" in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["due", "codeowners"])
def test_a_register_yaml_breaking_the_schema_is_exit_2(run: Run, reg: Path, command: str) -> None:
    register = reg / "register.yaml"
    register.write_text(register.read_text().replace('Carol Doer: ["@carol"]', "Carol Doer: '@carol'"))
    result = run(command, "reg")
    assert result.exit_code == 2 and "register.yaml" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize(("command", "status"), [("due", 1), ("codeowners", 0)])
def test_a_fifo_in_risks_is_never_opened_for_reading(run: Run, reg: Path, command: str, status: int) -> None:
    os.mkfifo(reg / "risks" / "R9.yaml")
    result = run(command, "reg")  # a blocking open would hang here
    assert result.exit_code == status
    assert "reg/risks/R9.yaml:1:1: RC101 this is a FIFO (named pipe)" in result.stderr


@pytest.mark.parametrize(("command", "status"), [("due", 1), ("codeowners", 0)])
def test_a_symlink_out_of_the_workspace_is_not_followed(run: Run, reg: Path, command: str, status: int) -> None:
    outside = reg.parent / "outside.yaml"
    outside.write_text(risk_yaml("R8", owner="owner: Carol Doer", review="review:\n  last: 2020-01-01"))
    (reg / "risks" / "R8.yaml").symlink_to(outside)
    result = run(command, "reg")
    assert result.exit_code == status
    assert (
        "reg/risks/R8.yaml:1:1: RC101 this is a symlink to" in result.stderr
        and "outside the workspace" in result.stderr
    )
    assert "test:R8" not in result.stdout and "/reg/risks/R8.yaml" not in result.stdout


HOSTILE_TITLE = "Evil\x1b[2J\x1b]8;;http://x\x07title\n::error::injected [link](javascript:alert(1))"
HOSTILE_OWNER = "Mallory\n::add-mask::secret <img src=x onerror=alert(1)> &#64;octocat"


@pytest.fixture
def hostile(reg: Path) -> Path:
    register = reg / "register.yaml"
    mapping = f'  {json.dumps(HOSTILE_OWNER)}: ["@mallory", "@evil\\n::error::x", "@org/team\\u001b[31m"]\n'
    text = register.read_text().replace("owners_map:\n", "owners_map:\n" + mapping)
    register.write_text(text.replace("name: Owners Test Register", 'name: "Evil\\nregister\\r\\n# CODEOWNERS * @all"'))
    action = "{description: '![x](http://t/p.png) @everyone <b>x</b> | pipe', owner: Carol Doer, due: 2026-11-30,"
    residual = f"residual:\n  likelihood: 2\n  impact: 3\nactions:\n  - {action} status: open}}"
    title, owner = f"title: {json.dumps(HOSTILE_TITLE)}", f"owner: [{json.dumps(HOSTILE_OWNER)}]"
    review = "review:\n  last: 2026-01-01"
    (reg / "risks" / "R9.yaml").write_text(risk_yaml("R9", title=title, owner=owner, review=review, residual=residual))
    return reg


def test_hostile_text_in_text_and_json(run: Run, hostile: Path) -> None:
    text = run("due", "reg")
    assert text.exit_code == 0, text.output
    assert "\x1b" not in text.stdout and "\x07" not in text.stdout and "\x1b" not in text.stderr
    assert not any(line.lstrip().startswith("::") for line in text.stdout.splitlines())
    assert not any(line.lstrip().startswith("::") for line in text.stderr.splitlines())
    assert "@evil" in text.stderr  # the invalid handles are said (escaped), not used
    document = run.json("due", "reg", "--format", "json")
    mallory = [o for o in document["obligations"] if o["owner"] == HOSTILE_OWNER]
    assert {o["title"] for o in mallory} == {HOSTILE_TITLE}  # JSON keeps the text exactly
    assert {tuple(o["handles"]) for o in mallory} == {("@mallory",)}
    assert run("due", "reg", "--owner", HOSTILE_OWNER, "--format", "json").exit_code == 0


def test_hostile_text_in_markdown(run: Run, hostile: Path) -> None:
    text = run("due", "reg", "--format", "md").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    inline = [child for token in tokens for child in token.children or []]
    assert not [t for t in inline if t.type in ("link_open", "image", "html_inline")]
    assert not [t for t in tokens if t.type == "html_block"]
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<img" not in html and "<b>" not in html and "@everyone" not in html and "&#64;octocat" not in text
    assert "Handles: @mallory\n" in text  # the owner's real handle is a live mention, the rest is not
    assert "@evil" not in text and "\x1b" not in text
    assert set(row_widths(tokens)) == {6}  # a pipe in the text adds no column


def test_hostile_text_in_the_calendar(run: Run, hostile: Path) -> None:
    raw = run("due", "reg", "--format", "ics").stdout_bytes
    calendar = icalendar.Calendar.from_ical(raw)
    found = list(calendar.walk("VEVENT"))
    assert len(found) == 10  # the fixture's 8, R9's review and its action
    for event in found:
        assert set(event) <= {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "CATEGORIES", "TRANSP"}
        for name in ("SUMMARY", "DESCRIPTION"):
            value = str(event[name])
            assert not [c for c in value if ord(c) < 0x20 and c != "\n"], (name, value)
    summaries = [str(event["SUMMARY"]) for event in found]
    shown = [summary.replace("\u200b", "") for summary in summaries]  # terminal() breaks "::" with a zero-width space
    assert any("::error::injected" in summary and "\\x1b" in summary for summary in shown)
    second = vobject.readOne(raw.decode("utf-8"))
    assert len(second.vevent_list) == 10


def test_hostile_text_in_codeowners(run: Run, hostile: Path) -> None:
    result = run("codeowners", "reg")
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        assert line == "" or line.startswith("# ") or re.fullmatch(r"/\S+( @[A-Za-z0-9/_.-]+)+", line), line
    assert "# Evil register # CODEOWNERS * @all\n" in result.stdout  # the name stays inside its comment
    assert "/reg/risks/R9.yaml @mallory" in result.stdout
    assert "\x1b" not in result.stderr and not any(line.startswith("::") for line in result.stderr.splitlines())
