"""Each commit is scored on the registers of its own tree, whatever branch it was made on and
whatever order git's log gives (``history.lineage``)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Collection
from pathlib import Path

import pytest

from riskctl.history.commits import Commit, FileChange
from riskctl.history.lineage import Lineage
from riskctl.model.errors import GitError

from .conftest import REGISTER_4X4, Run, risk_yaml
from .gitrepo import GitRepo

REGISTER = "registers/ops/register.yaml"
RISK = "registers/ops/risks/R1.yaml"
RAISED = risk_yaml("R1", residual="residual:\n  likelihood: 3\n  impact: 3")  # 9: High, or Medium from 10
HIGH_FROM_10 = REGISTER_4X4.replace("{name: High, min: 8", "{name: High, min: 10")


def _rating_rows(run: Run, *args: str) -> list[tuple[str, str, str]]:
    rows = run.json("audit", *args)
    return [(row["commit"], row["old"], row["new"]) for row in rows if row["field"] == "residual.rating"]


def _history_ratings(run: Run) -> list[tuple[str, list[dict[str, object]]]]:
    changes = run.json("history", "R1", "--format", "json")["changes"]
    return [(c["commit"], [f for f in c["fields"] if f["field"] == "residual.rating"]) for c in changes]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write(REGISTER, REGISTER_4X4)
    repo.write(RISK, risk_yaml("R1"))  # residual 2 x 3 = 6: Medium
    repo.commit("Add the register", date="2026-01-05T10:00:00+00:00")
    monkeypatch.chdir(repo.root)
    return repo


def test_a_side_branch_commit_is_scored_on_its_own_register(run: Run, repo: GitRepo) -> None:
    # side raises R1 to 9 (High on its register); main, dated earlier, moves High to 10; merged.
    # In date order main's register comes before side's commit: it must not score it.
    repo.git("checkout", "-q", "-b", "side")
    repo.write(RISK, RAISED)
    side = repo.commit("Raise R1", date="2026-03-05T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write(REGISTER, HIGH_FROM_10)
    repo.commit("High from 10", date="2026-02-05T10:00:00+00:00")
    repo.git("merge", "-q", "--no-edit", "side", date="2026-04-05T10:00:00+00:00")
    expected = [(side, "Medium", "High")]
    assert _rating_rows(run, "--no-cache") == expected
    assert _rating_rows(run) == expected  # walked, and kept
    assert _rating_rows(run) == expected  # read back
    assert _history_ratings(run)[0] == (side, [{"field": "residual.rating", "old": "Medium", "new": "High"}])
    repo.git("checkout", "-q", "side")
    assert _rating_rows(run) == expected  # the same on the branch itself


def test_after_a_merge_that_kept_ours_a_commit_is_scored_on_ours(run: Run, repo: GitRepo) -> None:
    # side moves High to 10; main merges it with -s ours (its register stays); then raises R1
    # to 9, which is High on main's register. The merge names no file: its tree is asked.
    repo.git("checkout", "-q", "-b", "side")
    repo.write(REGISTER, HIGH_FROM_10)
    repo.commit("High from 10", date="2026-03-05T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "side", "-m", "Merge, keeping ours", date="2026-04-05T10:00:00+00:00")
    repo.write(RISK, RAISED)
    raised = repo.commit("Raise R1", date="2026-05-05T10:00:00+00:00")
    assert _rating_rows(run, "--no-cache") == [(raised, "Medium", "High")]
    assert _rating_rows(run) == _rating_rows(run) == [(raised, "Medium", "High")]


def test_after_a_merge_that_took_theirs_a_commit_is_scored_on_theirs(run: Run, repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "side")
    repo.write(REGISTER, HIGH_FROM_10)
    repo.commit("High from 10", date="2026-03-05T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write("registers/ops/risks/R2.yaml", risk_yaml("R2"))
    repo.commit("Add R2", date="2026-03-06T10:00:00+00:00")
    repo.git("merge", "-q", "--no-edit", "side", date="2026-04-05T10:00:00+00:00")
    repo.write(RISK, RAISED)
    repo.commit("Raise R1", date="2026-05-05T10:00:00+00:00")
    assert _rating_rows(run, "--no-cache") == _rating_rows(run) == []  # 9 is Medium on the merged register


def test_a_commit_dated_before_its_parent_is_scored_on_its_parents_register(run: Run, repo: GitRepo) -> None:
    # a wrong clock: --until shows the commit and not its parent, whose register scores it all the same
    repo.write(REGISTER, HIGH_FROM_10)
    repo.commit("High from 10", date="2026-06-05T10:00:00+00:00")
    repo.write(RISK, RAISED)
    raised = repo.commit("Raise R1", date="2026-03-05T10:00:00+00:00")
    rows = run.json("audit", "--until", "2026-04-01", "--no-cache")
    assert [(row["commit"], row["field"]) for row in rows if row["item"] == "R1" and row["change"] == "modified"] == [
        (raised, "residual.likelihood"),
        (raised, "residual.score"),
    ]  # 6 to 9 is Medium to Medium on its register: no rating row


def _commit(sha: str, parents: str = "", *changes: tuple[str, str | None, str | None]) -> Commit:
    files = tuple(FileChange(*change) for change in changes)
    return Commit(sha * 40, tuple(p * 40 for p in parents), "A", "a@x", "2026-01-01T00:00:00+00:00", "m", files)


def test_the_tree_is_asked_only_where_merged_parents_disagree() -> None:
    asked: list[tuple[str, Collection[str] | None]] = []

    def tree(revision: str, directories: Collection[str] | None) -> dict[str, str]:
        asked.append((revision, directories and sorted(directories)))
        return {"r": "4" * 40}

    root = _commit("a", "", ("r/register.yaml", None, "1" * 40), ("s/register.yaml", None, "2" * 40))
    side = _commit("b", "a", ("r/register.yaml", "1" * 40, "4" * 40))
    main = _commit("c", "a", ("r/risks/R1.yaml", "5" * 40, "6" * 40))
    resolved = _commit("e", "db", ("s/register.yaml", "2" * 40, "3" * 40))  # a conflict resolved by hand
    later = _commit("f", "e", ("r/risks/R1.yaml", "6" * 40, "7" * 40))
    links = {"d" * 40: ("c" * 40, "b" * 40)}  # a merge that changed no register file
    lineage = Lineage([root, side, main, resolved, later], links, tree)
    assert dict(lineage.after(later.sha).blobs) == {"r": "4" * 40, "s": "3" * 40}
    assert asked == [("d" * 40, ["r"])]  # only the merge that names nothing, only where its parents differ
    assert lineage.before(later) is lineage.after(resolved.sha)
    assert lineage.before(main) is lineage.after(root.sha) is lineage.after(main.sha)  # one Heads per set of files
    assert lineage.before(root).blobs == {}
    assert lineage.after("9" * 40) is not None and asked[-1] == ("9" * 40, None)  # not in the log: its whole tree


def test_a_long_history_needs_no_recursion() -> None:
    commits = [_commit("0", "", ("r/register.yaml", None, "1" * 40))]
    for number in range(1, 5000):
        sha, parent = f"{number:040x}", commits[-1].sha
        commits.append(Commit(sha, (parent,), "A", "a@x", "2026-01-01T00:00:00+00:00", "m"))
    lineage = Lineage(commits, {}, lambda revision, directories: {})
    assert lineage.after(commits[-1].sha) is lineage.after(commits[0].sha)


def test_a_version_that_cannot_be_read_is_bridged_on_its_own_branch(run: Run, repo: GitRepo) -> None:
    # side breaks R1 (March) and mends it with a lower likelihood (April); main, meanwhile
    # (February), gives R1 a new owner. The mend is compared with what side broke, not with
    # main's version: it changed the likelihood, never the owner.
    good = risk_yaml("R1")
    repo.git("checkout", "-q", "-b", "side")
    repo.write(RISK, good.replace("title:", "\ttitle:"))
    repo.commit("A tab slips in", date="2026-03-05T10:00:00+00:00")
    repo.write(RISK, good.replace("likelihood: 2", "likelihood: 1"))
    mended = repo.commit("Mended, and rescored", date="2026-04-05T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write(RISK, good.replace("owner: Head of Tactical Operations", "owner: Chief Superintendent"))
    repo.commit("A new owner", date="2026-02-05T10:00:00+00:00")
    repo.git("merge", "-q", "--no-edit", "side", date="2026-05-05T10:00:00+00:00")
    rows = run.json("audit", "--no-cache")
    assert [row["field"] for row in rows if row["commit"] == mended] == [
        "residual.likelihood",
        "residual.score",
        "residual.rating",
    ]
    assert rows == run.json("audit") == run.json("audit")


def test_a_trees_register_files_are_read_exactly(tmp_path: Path) -> None:
    from riskctl.history.git import Repository

    repo = GitRepo(tmp_path / "repo")
    names = ["", "a b", "x*", ":(icase)y", "-n", "caf\u00e9", "line\nbreak", "plain"]
    for name in names:
        repo.write(f"{name}/register.yaml" if name else "register.yaml", f"id: r{len(name)}\n")
    (tmp_path / "repo/folder/register.yaml").mkdir(parents=True)  # a folder of that name is none
    (tmp_path / "repo/folder/register.yaml/x").write_text("x")
    commit = repo.commit("registers", date="2026-01-05T10:00:00+00:00")
    with Repository(repo.root) as found:
        every = found.register_files(commit)
        assert sorted(every) == sorted(names)
        asked = [*names, "folder", "absent"]
        assert found.register_files(commit, asked) == every  # asked one by one, the newline through the listing
        assert found.register_files(commit, [name for name in asked if "\n" not in name]) == {
            name: sha for name, sha in every.items() if "\n" not in name
        }
        assert found.register_files(commit, ["plain"]) == {"plain": every["plain"]}  # the same reader, again
        with pytest.raises(GitError):
            found.register_files("HEAD", ["plain"])  # only commit ids are asked


def _risk(likelihood: int, impact: int) -> str:
    return risk_yaml("R1", residual=f"residual:\n  likelihood: {likelihood}\n  impact: {impact}")


def test_a_mended_version_is_compared_alike_with_or_without_the_cache(run: Run, repo: GitRepo) -> None:
    repo.write(RISK, "")  # emptied: unreadable
    repo.commit("Emptied", date="2026-01-06T10:00:00+00:00")
    assert run("audit").exit_code == 1  # keeps the trail, and the emptied version's rows
    repo.write(RISK, _risk(1, 3))
    mended = repo.commit("Mended", date="2026-01-07T10:00:00+00:00")
    rows = run.json("audit", "--no-cache")
    assert [(r["change"], r["field"]) for r in rows if r["commit"] == mended] == [
        ("modified", "residual.likelihood"),
        ("modified", "residual.score"),
        ("modified", "residual.rating"),
    ]
    assert run.json("audit") == rows  # the mend walked alone, the rest from the cache


def test_the_same_unreadable_bytes_on_two_branches_are_told_apart(run: Run, repo: GitRepo) -> None:
    # both branches empty R1 (the same bytes); each mend is compared with its own branch's version
    repo.git("checkout", "-q", "-b", "x")
    repo.write(RISK, _risk(3, 4))
    repo.commit("x: 12", date="2026-01-06T10:00:00+00:00")
    repo.write(RISK, "")
    repo.commit("x: emptied", date="2026-01-07T10:00:00+00:00")
    repo.write(RISK, _risk(2, 3))
    mended_x = repo.commit("x: mended as 6", date="2026-01-10T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write(RISK, _risk(2, 2))
    repo.commit("main: 4", date="2026-01-08T10:00:00+00:00")
    repo.write(RISK, "")
    repo.commit("main: emptied", date="2026-01-09T10:00:00+00:00")
    repo.write(RISK, _risk(2, 4))
    mended_main = repo.commit("main: mended as 8", date="2026-01-11T10:00:00+00:00")
    repo.git("merge", "-q", "-s", "ours", "x", "-m", "Merge x", date="2026-01-12T10:00:00+00:00")
    rows = run.json("audit", "--no-cache")
    scores = {r["commit"]: (r["old"], r["new"]) for r in rows if r["field"] == "residual.score"}
    assert scores[mended_x] == (12, 6) and scores[mended_main] == (4, 8)
    assert run.json("audit") == run.json("audit") == rows


def _trend(run: Run) -> str:
    text = run("report", "registers/ops", "--format", "md", "--today", "2026-11-22").stdout
    row = next(line for line in text.splitlines() if line.startswith("| 1 | R1 |"))
    return row.split(" | ")[6]


def test_a_trend_follows_the_registers_first_parent_line(run: Run, repo: GitRepo) -> None:
    # a proposal raises R1 to 16 and is merged with -s ours: main never held 16
    repo.git("checkout", "-q", "-b", "proposal")
    repo.write(RISK, _risk(4, 4))
    repo.commit("Proposal: 16", date="2026-01-06T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write("registers/ops/risks/R2.yaml", risk_yaml("R2"))
    repo.commit("Unrelated", date="2026-01-07T10:00:00+00:00")
    repo.git("merge", "-q", "-s", "ours", "proposal", "-m", "Keep main", date="2026-01-08T10:00:00+00:00")
    assert _trend(run) == "6"
    # a side branch lowers R1 to 4 while main raises it to 12; the merge settles on 9
    repo.git("checkout", "-q", "-b", "side")
    repo.write(RISK, _risk(2, 2))
    repo.commit("Side: 4", date="2026-02-06T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write(RISK, _risk(3, 4))
    repo.commit("Main: 12", date="2026-02-07T10:00:00+00:00")
    with pytest.raises(subprocess.CalledProcessError):
        repo.git("merge", "-q", "side", date="2026-02-08T10:00:00+00:00")
    repo.write(RISK, _risk(3, 3))
    repo.commit("Merge side: 9", date="2026-02-08T10:00:00+00:00")
    assert _trend(run) == "6 → 12 → 9"
    audited = [row["new"] for row in run.json("audit") if row["field"] == "residual.score"]
    assert audited == [16, 4, 12, 9]  # the audit trail still has every branch's commits


def test_an_unreadable_file_moved_then_mended_is_compared_with_where_it_was(run: Run, repo: GitRepo) -> None:
    repo.write(RISK, risk_yaml("R1").replace("title:", "\ttitle:"))
    repo.commit("A tab slips in", date="2026-01-06T10:00:00+00:00")
    repo.git("mv", RISK, RISK.replace(".yaml", ".yml"))
    repo.commit("Renamed", date="2026-01-07T10:00:00+00:00")
    repo.write(RISK.replace(".yaml", ".yml"), _risk(1, 3))
    mended = repo.commit("Mended", date="2026-01-08T10:00:00+00:00")
    rows = [(r["change"], r["field"]) for r in run.json("audit", "--no-cache") if r["commit"] == mended]
    assert rows[0] == ("renamed", "path") and ("renamed", "residual.likelihood") in rows


def test_an_unreadable_file_deleted_is_the_item_deleted(run: Run, repo: GitRepo) -> None:
    repo.write(RISK, "")
    repo.commit("Emptied", date="2026-01-06T10:00:00+00:00")
    repo.git("rm", "-q", RISK)
    gone = repo.commit("Deleted", date="2026-01-07T10:00:00+00:00")
    rows = [(r["item"], r["change"]) for r in run.json("audit", "--no-cache") if r["commit"] == gone]
    assert rows == [("R1", "deleted")]
    assert run.json("history", "R1", "--format", "json")["path"] is None


def test_a_trend_never_steps_back_and_a_date_is_read_along_the_branch(run: Run, repo: GitRepo) -> None:
    repo.write(RISK, _risk(2, 4))
    repo.commit("8", date="2026-03-01T10:00:00+00:00")
    repo.write(RISK, _risk(3, 4))  # rebased: written in February, landed in March
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "12", date="2026-02-01T10:00:00+00:00")
    text = run("report", "registers/ops", "--format", "html", "--today", "2026-11-22").stdout
    assert "12 (Very high) from 1 March 2026" in text and "from 1 February" not in text
    # a side branch's commit is the last before a day, but the branch held another version then
    repo.git("checkout", "-q", "-b", "side", "HEAD~2")
    repo.write(RISK, _risk(4, 4))
    repo.commit("Side: 16", date="2026-04-02T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "side", "-m", "Keep main", date="2026-04-05T10:00:00+00:00")
    listed = run.json("list", "registers/ops", "--at", "2026-04-03", "--format", "json")
    assert [risk["residual"]["score"] for risk in listed] == [12]


def test_an_unreadable_file_moved_to_another_name_is_the_item_where_it_went(run: Run, repo: GitRepo) -> None:
    repo.write(RISK, risk_yaml("R1") + "id: [broken\n")
    repo.commit("Broken", date="2026-01-06T10:00:00+00:00")
    moved = RISK.replace("R1.yaml", "R1x.yaml")
    repo.git("mv", RISK, moved)
    went = repo.commit("Moved", date="2026-01-07T10:00:00+00:00")
    rows = [(r["item"], r["change"]) for r in run.json("audit", "--no-cache") if r["commit"] == went]
    assert rows == [("R1", "unreadable")]
    assert run("history", "R1x").exit_code == 2  # no such item


def test_a_file_never_readable_then_deleted_is_deleted(run: Run, repo: GitRepo) -> None:
    repo.write("registers/ops/risks/R2.yaml", "id: R2\ntitle: [\n")
    repo.commit("Broken from the start", date="2026-01-06T10:00:00+00:00")
    repo.git("rm", "-q", "registers/ops/risks/R2.yaml")
    gone = repo.commit("Gone", date="2026-01-07T10:00:00+00:00")
    rows = [(r["item"], r["change"]) for r in run.json("audit", "--no-cache") if r["commit"] == gone]
    assert rows == [("R2", "deleted")]
    assert run.json("history", "R2", "--format", "json")["path"] is None


def test_audit_windows_go_by_the_date_each_row_shows(run: Run, repo: GitRepo) -> None:
    # authored (the date shown) in December, committed in July: in the window of its shown date
    repo.write(RISK, _risk(1, 3))
    repo.git("add", "-A")
    env = {"GIT_COMMITTER_DATE": "2026-07-01T10:00:00+00:00"}
    subprocess.run(["git", "commit", "-qm", "Wrong clock", "--date=2025-12-01T10:00:00+00:00"],
                   cwd=repo.root, check=True, env={**os.environ, **env,
                   "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "A",
                   "GIT_COMMITTER_EMAIL": "a@x"})  # fmt: skip
    every = run.json("audit", "--no-cache")
    wrong = [row for row in every if row["date"].startswith("2025-12-01")]
    assert wrong
    assert run.json("audit", "--since", "2025-11-01", "--until", "2025-12-31") == wrong
    for split in ("2025-12-01", "2026-01-05", "2026-06-30"):
        day = dt.date.fromisoformat(split)
        early = run.json("audit", "--until", split)
        late = run.json("audit", "--since", (day + dt.timedelta(days=1)).isoformat())
        assert sorted(map(str, early + late)) == sorted(map(str, every))  # each row in one window, once
