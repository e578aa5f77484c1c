"""History, diff, audit, as-at and the change rules on repositories with known histories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import R1, REGISTER_4X4, Run, risk_yaml
from .gitrepo import GitRepo


def test_history_of_a_risk(run: Run, history: dict[str, str]) -> None:
    data = run.json("history", "R1", "--format", "json")
    assert data["item"] == "test:R1"
    assert data["path"] == "registers/operations/risks/R1.yaml"
    changes = data["changes"]
    assert [(c["commit"], c["change"]) for c in changes] == [
        (history["side"], "modified"),
        (history["moved"], "renamed"),
        (history["owner"], "modified"),
        (history["rescored"], "modified"),
        (history["added"], "added"),
    ]
    rescored = changes[3]
    assert rescored["author"] == "Bob Reviewer"
    assert rescored["date"] == "2026-02-10T10:00:00+00:00"
    assert rescored["message"] == "Rescore R1 after the new site opened"
    assert rescored["fields"] == [
        {"field": "residual.likelihood", "old": 3, "new": 2},
        {"field": "residual.score", "old": 12, "new": 8},
        {"field": "residual.rating", "old": "Very high", "new": "High"},
    ]
    assert changes[2]["fields"] == [
        {"field": "owner", "old": "Head of Tactical Operations", "new": "Chief Superintendent"}
    ]
    assert changes[1]["fields"] == [
        {"field": "path", "old": "registers/ops/risks/R1.yaml", "new": "registers/operations/risks/R1.yaml"}
    ]
    assert changes[0]["fields"] == [
        {"field": "controls", "old": None, "new": [{"description": "Fallback control room"}]}
    ]
    assert changes[4]["fields"] == []


def test_history_text(run: Run, history: dict[str, str]) -> None:
    text = run("history", "R1").stdout
    assert text.startswith("History of test:R1: 5 commits")
    assert "residual.score 12 -> 8" in text
    assert "residual.rating Very high -> High" in text
    assert "controls: added Fallback control room" in text


def test_history_of_deleted_and_restored(run: Run, history: dict[str, str]) -> None:
    changes = run.json("history", "R2", "--format", "json")["changes"]
    assert [c["change"] for c in changes] == ["added", "deleted", "renamed", "added"]
    assert {"field": "status", "old": "open", "new": "closed"} not in changes[0]["fields"]  # re-added, not modified


def test_history_unknown_item(run: Run, history: dict[str, str]) -> None:
    result = run("history", "R99")
    assert result.exit_code == 2 and "no commit in this repository changed" in result.stderr


def test_audit_events_oldest_first_one_per_field(run: Run, history: dict[str, str]) -> None:
    events = run.json("audit")
    assert events[0] == {
        "commit": history["added"],
        "date": "2026-01-10T09:00:00+00:00",
        "author": "Alice Analyst",
        "register": "test",
        "item": "P1",
        "change": "added",
        "field": None,
        "old": None,
        "new": None,
    }
    rescore = [e for e in events if e["commit"] == history["rescored"]]
    assert [(e["item"], e["field"], e["old"], e["new"]) for e in rescore] == [
        ("R1", "residual.likelihood", 3, 2),
        ("R1", "residual.score", 12, 8),
        ("R1", "residual.rating", "Very high", "High"),
    ]
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)


def test_audit_json_is_one_event_a_line_whatever_the_values_hold(run: Run, history: dict[str, str]) -> None:
    repo = GitRepo.__new__(GitRepo)
    repo.root = Path.cwd()
    path = "registers/operations/risks/R1.yaml"
    text = (repo.root / path).read_text()
    repo.write(path, text.replace("title: ", 'title: >-\n  a }, {"commit": "x"} b\n  ', 1))
    repo.commit("A title that looks like the audit's own JSON", date="2026-08-01T12:00:00+00:00")
    output = run("audit").stdout
    lines = output.splitlines()
    events = json.loads(output)
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(events) + 2
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == events
    assert any('}, {"commit": "x"}' in str(event["new"]) for event in events)
    assert not [e for e in events if e["commit"] == history["merge"]]  # the merge itself changed nothing by hand


def test_audit_cache_gives_the_same_trail_as_a_fresh_walk(run: Run, history: dict[str, str]) -> None:
    fresh = run("audit", "--no-cache").stdout
    assert run("audit").stdout == fresh  # fills the cache
    assert run("audit").stdout == fresh  # reads it
    assert run("audit", "--format", "csv").stdout == run("audit", "--format", "csv", "--no-cache").stdout
    repo = GitRepo.__new__(GitRepo)
    repo.root = Path.cwd()
    register = repo.root / "registers/operations/register.yaml"
    repo.write("registers/operations/register.yaml", register.read_text().replace("id: test", "id: renamed"))
    repo.commit("Rename the register", date="2026-08-01T12:00:00+00:00")
    text = (repo.root / "registers/operations/risks/R1.yaml").read_text()
    repo.write("registers/operations/risks/R1.yaml", text.replace("likelihood: 2", "likelihood: 1"))
    repo.commit("Rescore R1 again", date="2026-08-02T12:00:00+00:00")
    assert run("audit").stdout == run("audit", "--no-cache").stdout
    assert '"register": "renamed"' in run("audit").stdout


def test_audit_since_until_and_csv(run: Run, history: dict[str, str]) -> None:
    events = run.json("audit", "--since", "2026-02-01", "--until", "2026-03-31")
    assert {e["commit"] for e in events} == {history["rescored"], history["owner"]}
    assert events[1]["field"] == "residual.score"  # derived fields need the scheme from before --since
    csv_text = run("audit", "--format", "csv", "--since", "2026-05-01", "--until", "2026-05-31").stdout
    assert csv_text.splitlines() == [
        "commit,date,author,register,item,change,field,old,new",
        f"{history['deleted']},2026-05-10T12:00:00+00:00,Alice Analyst,test,R2,deleted,,,",
    ]


def test_diff_between_revisions_json(run: Run, history: dict[str, str]) -> None:
    data = run.json("diff", history["added"], history["merge"], "--format", "json")
    assert data["base"] == history["added"] and data["head"] == history["merge"]
    items = {(i["item"], i["change"]) for i in data["items"]}
    assert items == {("R1", "modified"), ("R2", "closed"), ("P1", "modified")}
    r1 = next(i for i in data["items"] if i["item"] == "R1")
    fields = {f["field"]: (f["old"], f["new"]) for f in r1["fields"]}
    assert fields["residual.score"] == (12, 8)
    assert fields["owner"] == ("Head of Tactical Operations", "Chief Superintendent")
    assert fields["path"] == ("registers/ops/risks/R1.yaml", "registers/operations/risks/R1.yaml")


def test_diff_added_removed_reopened(run: Run, history: dict[str, str]) -> None:
    data = run.json("diff", history["moved"], history["deleted"], "--format", "json")
    assert [(i["item"], i["change"]) for i in data["items"]] == [("R2", "removed")]
    data = run.json("diff", history["deleted"], history["restored"], "--format", "json")
    assert [(i["item"], i["change"]) for i in data["items"]] == [("R2", "added")]
    data = run.json("diff", history["restored"], history["added"], "--format", "json")
    assert ("R2", "reopened") in [(i["item"], i["change"]) for i in data["items"]]


def test_diff_against_the_working_tree_by_default(run: Run, history: dict[str, str]) -> None:
    path = Path("registers/operations/risks/R1.yaml")
    path.write_text(
        path.read_text().replace("likelihood: 2\n  impact: 4\nactions", "likelihood: 3\n  impact: 3\nactions")
    )
    data = run.json("diff", "--format", "json")
    assert data["base"] == history["merge"] and data["head"] == "WORKTREE"
    (item,) = data["items"]
    assert {"field": "residual.score", "old": 8, "new": 9} in item["fields"]
    text = run("diff").stdout
    assert "residual 8 High -> 9 High (up)" in text
    assert "now above appetite (8)" in text


def test_diff_markdown_is_safe_and_bounded(run: Run, history: dict[str, str]) -> None:
    path = Path("registers/operations/risks/R1.yaml")
    text = path.read_text().replace(
        "title: Loss of the force control room", "title: '<img src=x onerror=alert(1)> a | b @org/team'"
    )
    path.write_text(text)
    md = run("diff", "--format", "md").stdout
    assert md.startswith("## Risk register changes")
    assert "<img" not in md and "&lt;img src=x onerror=alert" in md
    assert "a \\| b" in md and "@\u200borg/team" in md
    row = next(line for line in md.splitlines() if line.startswith("| test:R1"))
    assert row.count(" | ") == 4  # the pipe in the title did not add a column


def test_markdown_is_truncated_under_the_limit() -> None:
    from riskctl.history.diff import Diff, ItemDiff
    from riskctl.history.versions import FieldChange
    from riskctl.outputs.changes import MAX_MARKDOWN, render_markdown

    diffs = [
        ItemDiff(
            "r",
            f"R{n}",
            "risk",
            "modified",
            "x" * 200,
            "p",
            (FieldChange("title", "a" * 100, "b" * 100),),
            (9, "High"),
            (8, "High"),
            None,
        )
        for n in range(2000)
    ]
    md = render_markdown(Diff("a" * 40, "WORKTREE", diffs, []))
    assert len(md) < MAX_MARKDOWN
    assert "cut short" in md
    assert md.count("<details>") == md.count("</details>")


def test_list_and_show_at_a_revision_or_date(run: Run, history: dict[str, str]) -> None:
    rows = run.json("list", "--at", history["added"], "--format", "json")
    r1 = next(r for r in rows if r["id"] == "R1")
    assert r1["residual"]["score"] == 12 and r1["path"] == "registers/ops/risks/R1.yaml"
    rows = run.json("list", "--at", "2026-02-15", "--format", "json")
    assert next(r for r in rows if r["id"] == "R1")["residual"]["score"] == 8
    shown = run.json("show", "R1", "--at", history["rescored"], "--format", "json")
    assert shown["owner"] == ["Head of Tactical Operations"]
    assert not Path("registers/ops").exists()  # nothing was checked out


def test_check_at_a_revision(run: Run, history: dict[str, str]) -> None:
    result = run("check", "--at", history["added"], "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["files"] == 4


def test_change_rules_against_base(run: Run, history: dict[str, str]) -> None:
    base = history["merge"]
    risks = Path("registers/operations/risks")
    r1 = (risks / "R1.yaml").read_text()
    (risks / "R1.yaml").write_text(
        r1.replace("likelihood: 2\n  impact: 4\nactions", "likelihood: 1\n  impact: 4\nactions")
    )
    (risks / "R2.yaml").write_text(
        risk_yaml(
            "R2", title="title: Cyber attack", category="category: Information", review="review:\n  last: 2025-01-01"
        )
    )
    Path("registers/operations/policies/P1.yaml").unlink()
    result = run("check", "--base", base, "--format", "json", "--select", "RC5")
    assert result.exit_code == 1
    found = [(Path(f["path"]).name, f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [
        ("P1.yaml", "RC501", 1),
        ("R1.yaml", "RC502", 10),
        ("R2.yaml", "RC503", 1),
        ("R2.yaml", "RC504", 13),
    ]


def test_change_rules_quiet_when_justified(run: Run, history: dict[str, str]) -> None:
    risks = Path("registers/operations/risks")
    r1 = (
        (risks / "R1.yaml")
        .read_text()
        .replace("likelihood: 2\n  impact: 4\nactions", "likelihood: 1\n  impact: 4\nactions")
    )
    (risks / "R1.yaml").write_text(r1.replace("last: 2026-10-01", "last: 2026-11-01"))
    result = run("check", "--base", "HEAD", "--format", "json", "--select", "RC5")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "--", "--output=/tmp/x"], "must not start with '-'"),
        (["diff", "-x"], "No such option"),
        (["diff", "nope"], "unknown revision 'nope'"),
        (["diff", "--", "-x"], "must not start with '-'"),
        (["check", "--base", "nope"], "unknown revision 'nope'"),
        (["list", "--at", "1999-01-01"], "no commit on or before 1999-01-01"),
    ],
)
def test_bad_revisions_exit_2(run: Run, history: dict[str, str], args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_outside_a_repository(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["history", "R1"], ["diff"], ["audit"], ["list", "--at", "HEAD"]):
        result = run(*args)
        assert result.exit_code == 2
        assert "not a git repository" in result.stderr


def test_shallow_clone_says_how_to_fetch_history(
    run: Run, history: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{Path.cwd()}", str(shallow)], check=True)
    monkeypatch.chdir(shallow)
    result = run("diff", history["added"])
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr


def test_git_missing_from_path(run: Run, history: dict[str, str]) -> None:
    result = run("history", "R1", env={"PATH": "/nonexistent"})
    assert result.exit_code == 2
    assert "git is not installed" in result.stderr


def test_dubious_ownership_is_explained(run: Run, history: dict[str, str], tmp_path: Path) -> None:
    from riskctl.history.words import explain as _explain

    stderr = (
        "fatal: detected dubious ownership in repository at '/srv/registers'\n"
        "To add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /srv/registers\n"
    )
    assert "safe.directory /srv/registers" in str(_explain(stderr, ["log"]))
    if os.geteuid() == 0:  # as root, hand the repository to another user and ask git for real
        subprocess.run(["chown", "-R", "65534:65534", str(Path.cwd())], check=True)
        result = run("history", "R1", env={"HOME": str(tmp_path), "GIT_CONFIG_GLOBAL": str(tmp_path / "none")})
        assert result.exit_code == 2
        assert "dubious ownership" in result.stderr and "safe.directory" in result.stderr


def test_a_repository_without_commits(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "empty")
    repo.write("registers/ops/register.yaml", REGISTER_4X4)
    repo.write("HEAD", "a file named like the revision\n")  # must not make HEAD ambiguous
    monkeypatch.chdir(repo.root)
    result = run("history", "R1")
    assert result.exit_code == 2 and "the repository has no commits yet" in result.stderr
    audit = run("audit")
    assert audit.stdout == "[]\n", (audit.stdout, audit.stderr)
    repo.commit("First", date="2026-01-10T09:00:00+00:00")
    repo.write("registers/ops/risks/R1.yaml", R1)
    added = repo.commit("Add R1", date="2026-01-11T09:00:00+00:00")
    assert [c["commit"] for c in run.json("history", "R1", "--format", "json")["changes"]] == [added]
    assert [row["id"] for row in run.json("list", "--at", "2026-01-11", "--format", "json")] == ["R1"]
    assert run("review", "R1", "--commit", "--date", "2026-11-01").exit_code == 0
    assert run.json("history", "R1", "--format", "json")["changes"][0]["message"].startswith("Review R1")


def test_audit_parsed_in_worker_processes_matches_one_process(history: dict[str, str]) -> None:
    script = (
        "import sys, riskctl.reading.files as f; f.PARALLEL_MIN = int(sys.argv[1]); f.AHEAD_CHUNK = 2; "
        "from riskctl.cli.app import app; sys.argv = ['riskctl', 'audit', '--no-cache']; app()"
    )

    def audit_with(minimum: int) -> str:
        done = subprocess.run([sys.executable, "-c", script, str(minimum)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert audit_with(1) == audit_with(10**9)
    assert len(json.loads(audit_with(1))) > 10


def test_history_below_a_subdirectory_is_scoped_to_it(
    run: Run, history: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path.cwd()
    (root / "registers/other/risks").mkdir(parents=True)
    monkeypatch.chdir(root / "registers/operations")
    inside = run("history", "R1", "--format", "json")
    assert inside.stdout == run("history", "R1", "--format", "json", "--no-cache").stdout
    assert json.loads(inside.stdout)["path"] == "risks/R1.yaml"
    monkeypatch.chdir(root / "registers/other")  # R1 never lived below here
    for args in (["history", "R1"], ["history", "R1", "--no-cache"]):
        result = run(*args)
        assert result.exit_code == 2 and "no commit in this repository changed" in result.stderr
        assert "below registers/other/ (run it from the top" in result.stderr


def test_a_branch_merged_with_ours_still_shows_its_commits(run: Run, history: dict[str, str]) -> None:
    repo = GitRepo.__new__(GitRepo)
    repo.root = Path.cwd()
    repo.git("checkout", "-q", "-b", "discarded")
    text = (repo.root / "registers/operations/risks/R1.yaml").read_text()
    repo.write("registers/operations/risks/R1.yaml", text.replace("likelihood: 2", "likelihood: 1"))
    discarded = repo.commit("A rescore nobody kept", date="2026-08-01T12:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "discarded", "-m", "Merge, keeping ours", date="2026-08-02T12:00:00+00:00")
    for args in (["history", "R1", "--format", "json"], ["history", "R1", "--format", "json", "--no-cache"]):
        commits = [change["commit"] for change in run.json(*args)["changes"]]
        assert discarded in commits
    assert discarded in {event["commit"] for event in run.json("audit")}


def test_a_version_that_cannot_be_read_is_said_never_called_deleted(run: Run, history: dict[str, str]) -> None:
    repo = GitRepo.__new__(GitRepo)
    repo.root = Path.cwd()
    path = repo.root / "registers/operations/risks/R1.yaml"
    good = path.read_text()
    path.write_text(good.replace("title:", "\ttitle:"))
    broken = repo.commit("A tab slips in", date="2026-08-01T12:00:00+00:00")
    path.write_text(good.replace("likelihood: 2", "likelihood: 1"))
    fixed = repo.commit("Fixed, and rescored", date="2026-08-02T12:00:00+00:00")
    result = run("history", "R1", "--format", "json")
    assert result.exit_code == 1 and "this version is left out" in result.stderr
    # said as check says it: path:line:col: CODE message
    assert result.stderr.startswith("registers/operations/risks/R1.yaml:")
    assert " RC101 " in result.stderr and f"(test:R1 at {broken[:12]}: this version is left out)" in result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(c["commit"], c["change"]) for c in changes[:2]] == [(fixed, "modified"), (broken, "unreadable")]
    assert {"field": "residual.likelihood", "old": 2, "new": 1} in changes[0]["fields"]  # against the last good one
    audit = run("audit")
    assert audit.exit_code == 1
    assert not [e for e in json.loads(audit.stdout) if e["commit"] == broken and e["change"] == "deleted"]


def test_an_escalation_removed_above_the_line(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("force/register.yaml", REGISTER_4X4.replace("id: test", "id: force"))
    repo.write("force/risks/S1.yaml", risk_yaml("S1"))
    dept = REGISTER_4X4.replace("id: test", "id: dept\nparent: force\nescalation:\n  above: 8")
    repo.write("dept/register.yaml", dept)
    escalated = "escalation:\n  to: force:S1\n  on: 2026-09-01"
    high = "residual:\n  likelihood: 3\n  impact: 3"
    repo.write("dept/risks/D1.yaml", risk_yaml("D1", residual=high, inherent="inherent:\n  likelihood: 4\n  impact: 4",
                                               acceptance=escalated))  # fmt: skip
    base = repo.commit("Escalated", date="2026-09-02T09:00:00+00:00")
    repo.write("dept/risks/D1.yaml", risk_yaml("D1", residual=high, inherent="inherent:\n  likelihood: 4\n  impact: 4"))
    monkeypatch.chdir(repo.root)
    found = json.loads(run("check", "--base", base, "--format", "json", "--select", "RC5").stdout)["findings"]
    assert [(f["code"], f["item"]) for f in found] == [("RC505", "D1")]
    assert "force:S1" in found[0]["message"]


def test_event_keys_name_every_register_a_commit_is_read_with() -> None:
    from riskctl.history.commits import Commit, FileChange
    from riskctl.history.lineage import Lineage
    from riskctl.history.walk import event_keys

    def commit(sha: str, parent: str | None, *changes: tuple[str, str | None, str | None]) -> Commit:
        parents = (parent * 40,) if parent else ()
        return Commit(
            sha * 40, parents, "A", "a@x", "2026-01-01T00:00:00+00:00", "m", tuple(FileChange(*c) for c in changes)
        )

    def keys(*commits: Commit, scope: str = "") -> list[str]:
        return event_keys(Lineage(commits, {}, lambda revision, directories: {}), commits, scope)

    one = commit("a", None, ("r/register.yaml", None, "3" * 40))
    other = commit("b", None, ("r/register.yaml", None, "4" * 40))
    elsewhere = commit("d", "a", ("s/register.yaml", None, "5" * 40))
    edit, edit_other, edit_elsewhere = (commit("c", p, ("r/risks/R1.yaml", "1" * 40, "2" * 40)) for p in "abd")
    assert keys(one, edit)[1] != keys(other, edit_other)[1]
    # another register's register.yaml counts too: a scheme may come from it (scoring.from)
    assert keys(one, edit)[1] != keys(one, elsewhere, edit_elsewhere)[2]
    assert len(set(keys(one, other, edit))) == 3
    # read from below a directory, a commit lists only the files there: another trail
    assert keys(one, edit) != keys(one, edit, scope="r")


def test_audit_rows_kept_in_the_cache_are_checked(run: Run, history: dict[str, str], cache_dir: Path) -> None:
    import sqlite3

    from riskctl.reading.cache import _checksum

    fresh = run("audit", "--no-cache").stdout
    assert run("audit").stdout == fresh
    (database,) = cache_dir.glob("*/v*.sqlite3")
    with sqlite3.connect(database) as db:  # rows changed without their checksums: ignored
        assert db.execute("SELECT count(*) FROM results WHERE key LIKE 'audit:%'").fetchone() == (1,)
        db.execute("UPDATE results SET value = replace(value, 'Alice Analyst', 'Mallory')")
    assert run("audit").stdout == fresh  # the whole trail failed its checksum: read commit by commit
    with sqlite3.connect(database) as db:
        db.execute("UPDATE events SET value = replace(value, 'Alice Analyst', 'Mallory')")
        db.execute("DELETE FROM results")
    assert run("audit").stdout == fresh
    forged = json.dumps({"rows": [{"date": "2026-01-01", "author": "Mallory"}]})
    with sqlite3.connect(database) as db:  # a whole trail whose rows are not audit rows: ignored
        db.execute("UPDATE results SET value = ?, checksum = ?", (forged, _checksum(forged)))
    assert run("audit").stdout == fresh


def test_audit_from_a_subdirectory_is_its_own_trail_cached_or_not(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    import sqlite3

    repo = GitRepo(tmp_path / "repo")  # b has no register.yaml: only a has a scheme to tell the walks apart by
    repo.write("registers/a/register.yaml", REGISTER_4X4.replace("id: test", "id: aaa"))
    repo.write("registers/a/risks/R1.yaml", R1)
    repo.commit("Add register a", date="2026-01-10T09:00:00+00:00")
    repo.write("registers/a/risks/R1.yaml", R1.replace("likelihood: 3", "likelihood: 2"))
    repo.write("registers/b/risks/R1.yaml", R1)
    repo.commit("Rescore a's R1, add b", date="2026-02-10T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    whole = json.loads(run("audit").stdout)  # fills the cache from the top
    assert {row["register"] for row in whole} == {"aaa", "b"}
    for below in ("registers/a", "registers/a/risks"):
        monkeypatch.chdir(repo.root / below)
        fresh = run("audit", "--no-cache").stdout
        assert {row["register"] for row in json.loads(fresh)} == {"aaa"}  # the register's id, from register.yaml
        assert run("audit").stdout == fresh
        (database,) = cache_dir.glob("*/v*.sqlite3")
        with sqlite3.connect(database) as db:  # no whole trails: commit by commit
            db.execute("DELETE FROM results")
        assert run("audit").stdout == fresh
        assert run("history", "aaa:R1", "--format", "json").exit_code == 0


def test_audit_reads_the_commits_as_they_are(run: Run, history: dict[str, str]) -> None:
    """Not as ``git replace`` or a log encoding would show them: an audit trail is the commits."""
    repo = GitRepo.__new__(GitRepo)
    repo.root = Path.cwd()
    fresh = run("audit", "--no-cache").stdout
    assert run("audit").stdout == fresh  # cached
    target = history["rescored"]
    tree = repo.git("rev-parse", f"{target}^{{tree}}").strip()
    forged = repo.git("commit-tree", tree, "-p", f"{target}^", "-m", "forged", author="Mallory").strip()
    repo.git("replace", target, forged)
    assert "Mallory" in repo.git("log", "--format=%an")  # git itself now shows the forgery
    assert run("audit").stdout == run("audit", "--no-cache").stdout == fresh
    repo.git("replace", "-d", target)
    repo.git("config", "i18n.logOutputEncoding", "ISO-8859-1")
    repo.write("registers/operations/risks/R9.yaml", risk_yaml("R9"))
    repo.commit("Add R9", author="Jörg Ünal", date="2026-09-01T12:00:00+00:00")
    rows = json.loads(run("audit", "--no-cache").stdout)
    assert rows[-1]["author"] == "Jörg Ünal" and run("audit").stdout == run("audit", "--no-cache").stdout


def test_git_that_cannot_be_run_is_said(run: Run, history: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "git").write_text("#!/bin/sh\n")  # not executable
    result = run("audit", env={"PATH": str(tmp_path / "bin")})
    assert result.exit_code == 2 and "cannot run git" in result.stderr and "internal error" not in result.stderr
    # a report needs no git, but in a repository it says that git could not be read, never
    # that it was not made from a commit as though there were no history
    for fmt in ("md", "html"):
        report = run("report", "--format", fmt, env={"PATH": str(tmp_path / "bin")})
        assert report.exit_code == 1 and "git could not be read (cannot run git" in report.stderr
        assert "History not read" in report.stdout and "cannot run git" in report.stdout
    outside = tmp_path / "outside"
    shutil.copytree(Path.cwd() / "registers", outside / "registers")
    report = run("report", "--format", "md", str(outside / "registers"), env={"PATH": str(tmp_path / "bin")})
    assert report.exit_code == 0 and "not from a git commit" in report.stdout
    assert "History not read" not in report.stdout


def test_a_git_process_given_up_on_is_ended_and_its_output_dropped(history: dict[str, str]) -> None:
    from riskctl.history.git import Repository, Running
    from riskctl.model.errors import GitError

    with Repository(".") as repo, repo.start_log() as running:
        process = running._process
    assert process.returncode is not None  # ended and reaped, not left behind
    with Running(["rev-parse", "--verify", "--quiet", "no-such-branch"], ".") as running:
        assert running.output(check=False) == b""
    with Running(["rev-parse", "--verify", "no-such-branch"], ".") as running, pytest.raises(GitError) as error:
        running.output()
    assert "no-such-branch" in str(error.value) or "git:" in str(error.value)


def test_history_below_a_register_scores_on_a_scheme_from_outside_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cambs-contact takes its scheme from cambs-ops (scoring.from): read from inside it, its
    scores are still worked out, as from the top."""
    import shutil

    repo = GitRepo(tmp_path / "repo")
    shutil.copytree(Path(__file__).resolve().parent.parent / "registers", repo.root / "registers")
    repo.commit("The sample registers", date="2026-01-10T09:00:00+00:00")
    risk = repo.root / "registers/cambridgeshire-contact-management/risks/C1.yaml"
    text = risk.read_text()
    assert "likelihood: 3" in text
    repo.write(
        "registers/cambridgeshire-contact-management/risks/C1.yaml", text.replace("likelihood: 3", "likelihood: 2")
    )
    repo.commit("Rescore C1", date="2026-02-10T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    top = json.loads(run("audit", "--since", "2026-02-01").stdout)
    assert {row["field"] for row in top} >= {"residual.likelihood", "residual.score", "residual.rating"}
    for below in ("registers/cambridgeshire-contact-management", "registers/cambridgeshire-contact-management/risks"):
        monkeypatch.chdir(repo.root / below)
        for args in (["audit", "--since", "2026-02-01"], ["audit", "--since", "2026-02-01", "--no-cache"]):
            assert json.loads(run(*args).stdout) == top
        history = json.loads(run("history", "C1", "--format", "json").stdout)
        assert "residual.score" in {field["field"] for field in history["changes"][0]["fields"]}


def _samples_repo(tmp_path: Path) -> GitRepo:
    import shutil

    repo = GitRepo(tmp_path / "repo")
    shutil.copytree(Path(__file__).resolve().parent.parent / "registers", repo.root / "registers")
    repo.commit("The sample registers", date="2026-01-10T09:00:00+00:00")
    return repo


def _rescore_c1(repo: GitRepo, date: str) -> str:
    path = "registers/cambridgeshire-contact-management/risks/C1.yaml"
    text = (repo.root / path).read_text()
    repo.write(path, text.replace("likelihood: 3", "likelihood: 2"))
    return repo.commit("Rescore C1", date=date)


def test_a_register_moved_keeps_scoring_the_registers_that_take_its_scheme(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cambs-contact's scheme comes from cambs-ops (scoring.from); once cambs-ops's folder is
    moved, the folder it left is not a second cambs-ops, so C1 is scored as before."""
    repo = _samples_repo(tmp_path)
    repo.git("mv", "registers/cambridgeshire-operational-support", "registers/ops")
    repo.commit("Move the operational support register", date="2026-02-01T09:00:00+00:00")
    rescored = _rescore_c1(repo, "2026-02-10T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    for args in (["history", "C1", "--format", "json"], ["history", "C1", "--format", "json", "--no-cache"]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        change = json.loads(result.stdout)["changes"][0]
        assert change["commit"] == rescored
        assert {"field": "residual.score", "old": 9, "new": 6} in change["fields"]
    rows = json.loads(run("audit", "--since", "2026-02-05").stdout)
    assert ("residual.score", 9, 6) in {(row["field"], row["old"], row["new"]) for row in rows}


def test_a_risk_its_register_cannot_score_is_said_never_shown_unchanged(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the register C1 takes its scheme from is broken, C1's scores cannot be worked out:
    history and audit say so (``unscored``, exit 1), never list the change without them."""
    repo = _samples_repo(tmp_path)
    head = "registers/cambridgeshire-operational-support/register.yaml"
    good = (repo.root / head).read_text()
    repo.write(head, good.replace("from: cambs", "from: nowhere"))
    repo.commit("A typo in scoring.from", date="2026-02-01T09:00:00+00:00")
    rescored = _rescore_c1(repo, "2026-02-10T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    for args in (["history", "C1", "--format", "json"], ["history", "C1", "--format", "json", "--no-cache"]):
        result = run(*args)
        assert result.exit_code == 1
        assert "(cambs-contact:C1 at " in result.stderr and "its scores are left out)" in result.stderr
        assert result.stderr.startswith("registers/cambridgeshire-contact-management/register.yaml:16:3: RC102 ")
        changes = json.loads(result.stdout)["changes"]
        assert [(c["commit"], c["change"]) for c in changes[:2]] == [(rescored, "unscored"), (rescored, "modified")]
        assert changes[1]["fields"] == [{"field": "residual.likelihood", "old": 3, "new": 2}]
        (error,) = changes[0]["fields"]
        assert error["field"] == "error" and "nowhere" in error["new"] and "(by way of cambs-ops)" in error["new"]
        assert error["new"].startswith("registers/cambridgeshire-contact-management/register.yaml:16:3: RC102 ")
    for args in (["audit"], ["audit", "--no-cache"], ["audit", "--format", "csv"]):
        result = run(*args)
        assert result.exit_code == 1 and "its scores are left out" in result.stderr
    rows = [row for row in json.loads(run("audit").stdout) if row["commit"] == rescored]
    said = [(row["change"], row["field"]) for row in rows]
    assert said == [("modified", "residual.likelihood"), ("unscored", "error")]
    text = run("history", "C1").stdout
    assert "unscored" in text and "its scores cannot be worked out: registers/" in text and "nowhere" in text
    repo.write(head, good)
    repo.commit("Fix the typo", date="2026-02-20T09:00:00+00:00")
    result = run("report", "--format", "md", "--today", "2026-03-01", "registers/cambridgeshire-contact-management")
    assert "? → 6" in result.stdout  # the score between the break and the fix is not known, not carried on


def test_a_trend_breaks_where_the_score_is_not_known() -> None:
    import datetime as dt

    from riskctl.history.commits import Commit
    from riskctl.history.versions import FieldChange
    from riskctl.history.walk import Event
    from riskctl.model.scoring import Scheme
    from riskctl.outputs.trends import trend

    def event(day: str, change: str, score: int | None) -> Event:
        commit = Commit(day * 4, (), "A", "a@x", f"2026-{day}T09:00:00+00:00", "m")
        fields = (FieldChange("error", None, "why"),) if score is None else ()
        return Event(commit, ("r", "risk", "R1"), change, "r/risks/R1.yaml", fields, (score, "x") if score else None)

    scheme = Scheme.from_register(yaml_scheme())
    events = [event("01-10", "added", 9), event("02-10", "unscored", None), event("03-10", "modified", 6)]
    line = trend(events, None, scheme, dt.date(2026, 4, 1))
    assert line is not None
    assert line.scores == "9 → ? → 6"
    assert "not known from 10 February 2026" in line.label
    assert line.path.count("M") == 2  # two pieces: before the break, and after it
    unknown_now = trend(events[:2], None, scheme, dt.date(2026, 4, 1))
    assert unknown_now is not None and unknown_now.end is None and unknown_now.scores == "9 → ?"


def yaml_scheme() -> dict[str, object]:
    from riskctl.reading.loading import load_text

    document = load_text(REGISTER_4X4, "register.yaml").document
    assert document is not None and isinstance(document.data, dict)
    return document.data


def test_an_empty_trail_below_the_top_says_where_it_looked(
    run: Run, history: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From a folder that holds no register, the trail is empty, and riskctl says that it
    read only below that folder, as ``history`` does, rather than let [] pass for "no changes"."""
    (Path.cwd() / "docs").mkdir()
    monkeypatch.chdir(Path.cwd() / "docs")
    for args in (["audit"], ["audit", "--no-cache"], ["audit", "--format", "csv"]):
        result = run(*args)
        assert result.exit_code == 0
        assert "no commit changed a risk or policy below docs/ (run it from the top" in result.stderr
    assert json.loads(run("audit").stdout) == []
    monkeypatch.chdir(Path.cwd().parent)
    assert "no commit changed" not in run("audit").stderr


@pytest.mark.parametrize("how", ["unparsable", "deleted", "empty", "a list", "id: 5"])
def test_an_item_keeps_its_register_while_the_register_file_is_broken_or_gone(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """While cambs's register.yaml cannot be read, or is gone and its risks stay, R3.3 is still
    cambs:R3.3 (the id its register.yaml last gave), never an item of a register named after
    the folder: its one history keeps every change, and says what could not be scored."""
    repo = _samples_repo(tmp_path)
    head = "registers/cambridgeshire-strategic/register.yaml"
    risk = "registers/cambridgeshire-strategic/risks/R3.3.yaml"
    good = (repo.root / head).read_text()
    if how == "unparsable":
        repo.write(head, good + "bad: [unclosed\n")
    elif how == "deleted":
        repo.git("rm", "-q", head)
    else:  # read, but breaking the schema: no id can be taken from it
        repo.write(head, {"empty": "", "a list": "- a\n", "id: 5": good.replace("id: cambs", "id: 5")}[how])
    text = (repo.root / risk).read_text()
    repo.write(risk, text.replace("title:", "title: Renamed while broken -"))
    broken = repo.commit("Break the register and edit R3.3", date="2026-02-01T09:00:00+00:00")
    repo.write(head, good)
    repo.commit("Mend the register", date="2026-02-10T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    for args in (["history", "R3.3", "--format", "json"], ["history", "cambs:R3.3", "--format", "json", "--no-cache"]):
        result = run(*args)
        assert result.exit_code == 1, result.stderr
        found = json.loads(result.stdout)
        assert found["item"] == "cambs:R3.3"
        assert {(c["commit"], c["change"]) for c in found["changes"]} >= {(broken, "modified"), (broken, "unscored")}
    rows = json.loads(run("audit").stdout)
    assert {row["register"] for row in rows if row["item"] == "R3.3"} == {"cambs"}


def test_a_register_mended_with_a_change_says_the_version_before_could_not_be_scored(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _samples_repo(tmp_path)
    head = "registers/cambridgeshire-operational-support/register.yaml"
    good = (repo.root / head).read_text()
    repo.write(head, good.replace("from: cambs", "from: nowhere"))
    repo.commit("A typo in scoring.from", date="2026-02-01T09:00:00+00:00")
    repo.write(head, good)
    mended = _rescore_c1(repo, "2026-02-10T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    changes = json.loads(run("history", "C1", "--format", "json").stdout)["changes"]
    (error,) = next(c for c in changes if c["commit"] == mended and c["change"] == "unscored")["fields"]
    assert error["new"].endswith("(as it stood before this commit: the version before could not be scored)")


def test_a_repository_whose_commits_cannot_be_read_is_never_taken_for_an_empty_one(
    run: Run, history: dict[str, str]
) -> None:
    """With git's objects gone (a damaged copy), HEAD still names a commit: history and audit
    say git cannot read it (exit 2), and a report says its history was not read (exit 1),
    never "no commits yet", [] or "not from a git commit"."""
    objects = Path.cwd() / ".git" / "objects"
    for folder in objects.iterdir():
        if len(folder.name) == 2:
            shutil.rmtree(folder)
    for args in (["audit"], ["audit", "--no-cache"], ["history", "R1"]):
        result = run(*args)
        assert result.exit_code == 2 and "which git cannot read here: run git fsck" in result.stderr, args
        assert result.stdout == ""
    report = run("report", "--format", "md")
    assert report.exit_code == 1 and "History not read" in report.stdout and "run git fsck" in report.stdout


def test_a_risk_file_emptied_and_restored_is_unreadable_between_in_history_and_audit_alike(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An emptied file holds no risk: the version is ``unreadable`` (RC102, the file is empty),
    never a deletion, nor every field set to null; restored, it is compared with the last
    version that could be read (no change). ``history`` reads it although its bytes do not
    mention the id."""
    repo = _samples_repo(tmp_path)
    risk = "registers/cambridgeshire-strategic/risks/R3.3.yaml"
    text = (repo.root / risk).read_text()
    repo.write(risk, "")
    emptied = repo.commit("Emptied by mistake", date="2026-02-01T09:00:00+00:00")
    repo.write(risk, text)
    repo.commit("Restored", date="2026-02-02T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    for args in (["history", "R3.3", "--format", "json"], ["history", "R3.3", "--format", "json", "--no-cache"]):
        result = run(*args)
        assert result.exit_code == 1
        changes = [(c["message"], c["change"]) for c in json.loads(result.stdout)["changes"]]
        assert changes == [("Emptied by mistake", "unreadable"), ("The sample registers", "added")]
    rows = [row for row in json.loads(run("audit", "--since", "2026-01-15").stdout) if row["item"] == "R3.3"]
    assert [(row["commit"], row["change"], row["field"]) for row in rows] == [(emptied, "unreadable", "error")]
    assert "the file is empty" in rows[0]["new"]
