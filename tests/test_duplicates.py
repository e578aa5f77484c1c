"""A second file holding an item's id is a ``duplicate`` in history and audit, never the item
added or deleted (``history.duplicates``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskctl.history.commits import Commit
from riskctl.history.versions import FieldChange
from riskctl.history.walk import Event
from riskctl.outputs.stories import event_sentence

from .conftest import REGISTER_4X4, Run, risk_yaml
from .gitrepo import GitRepo

RISKS = "registers/ops/risks"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("registers/ops/register.yaml", REGISTER_4X4)
    repo.write(f"{RISKS}/R1.yaml", risk_yaml("R1"))
    repo.commit("Add the register", date="2026-01-05T10:00:00+00:00")
    monkeypatch.chdir(repo.root)
    return repo


def _changes(run: Run, *args: str) -> list[tuple[str, str, str | None, str | None]]:
    rows = run.json("audit", *args)
    return [(row["item"], row["change"], row["old"], row["new"]) for row in rows[1:]]


def test_a_copy_that_keeps_the_id_is_a_duplicate_never_the_item_added_or_deleted(run: Run, repo: GitRepo) -> None:
    repo.write(f"{RISKS}/R1-copy.yaml", risk_yaml("R1"))
    repo.commit("Start a new risk from R1", date="2026-01-06T10:00:00+00:00")
    repo.write(f"{RISKS}/R1-copy.yaml", risk_yaml("R1", owner="owner: Head of Estates"))
    repo.commit("Its owner", date="2026-01-07T10:00:00+00:00")
    repo.write(f"{RISKS}/R1-copy.yaml", risk_yaml("R2", owner="owner: Head of Estates"))
    repo.commit("Its own id", date="2026-01-08T10:00:00+00:00")
    copy = f"{RISKS}/R1-copy.yaml"
    expected = [
        ("R1", "duplicate", None, copy),
        ("R1", "modified", "Head of Tactical Operations", "Head of Estates"),  # either file's change is R1's
        ("R1", "duplicate", copy, None),
        ("R2", "added", None, None),
    ]
    assert _changes(run, "--no-cache") == expected
    assert _changes(run) == _changes(run) == expected
    data = run.json("history", "R1", "--format", "json")
    assert data["path"] == f"{RISKS}/R1.yaml"  # where R1 is, not where the copy was
    assert [change["change"] for change in data["changes"]] == ["duplicate", "modified", "duplicate", "added"]
    text = run("history", "R1").stdout
    assert f"duplicate\n    Start a new risk from R1\n    path (none) -> {copy}\n" in text


def test_a_copy_deleted_is_a_duplicate_and_the_item_stays(run: Run, repo: GitRepo) -> None:
    repo.write(f"{RISKS}/copy.yml", risk_yaml("R1"))
    repo.commit("A copy", date="2026-01-06T10:00:00+00:00")
    repo.git("rm", "-q", f"{RISKS}/copy.yml")
    repo.commit("No copy", date="2026-01-07T10:00:00+00:00")
    copy = f"{RISKS}/copy.yml"
    assert _changes(run, "--no-cache") == [("R1", "duplicate", None, copy), ("R1", "duplicate", copy, None)]


def test_files_named_otherwise_are_added_and_deleted_as_ever(run: Run, repo: GitRepo) -> None:
    repo.write(f"{RISKS}/new-risk.yaml", risk_yaml("R7"))  # no R7.yaml: a new risk, named otherwise
    repo.commit("A new risk", date="2026-01-06T10:00:00+00:00")
    repo.git("rm", "-q", f"{RISKS}/new-risk.yaml")
    repo.commit("Gone", date="2026-01-07T10:00:00+00:00")
    repo.write(f"{RISKS}/R1.yaml", risk_yaml("R1", id="id: R8"))  # R1.yaml no longer holds R1
    repo.commit("Renumbered", date="2026-01-08T10:00:00+00:00")
    assert _changes(run, "--no-cache") == [
        ("R7", "added", None, None),
        ("R7", "deleted", None, None),
        ("R1", "deleted", None, None),
        ("R8", "added", None, None),
    ]


def test_a_duplicate_is_told_as_a_sentence() -> None:
    commit = Commit("a" * 40, (), "Alice", "a@x", "2026-01-06T10:00:00+00:00", "Copy")
    took = Event(
        commit, ("ops", "risk", "R1"), "duplicate", "r/R1-copy.yaml", (FieldChange("path", None, "r/R1-copy.yaml"),)
    )
    gave = took._replace(fields=(FieldChange("path", "r/R1-copy.yaml", None),))
    assert event_sentence(took).startswith("Its id was taken by a second file, r/R1-copy.yaml, as well as its own on")
    assert event_sentence(gave).startswith("A second file that held its id, r/R1-copy.yaml, gave it up on")


def test_a_second_file_named_after_the_id_with_the_other_suffix_is_a_duplicate(run: Run, repo: GitRepo) -> None:
    repo.write(f"{RISKS}/R1.yml", risk_yaml("R1"))
    repo.commit("A .yml copy", date="2026-01-06T10:00:00+00:00")
    repo.git("rm", "-q", f"{RISKS}/R1.yml")
    repo.commit("Gone again", date="2026-01-07T10:00:00+00:00")
    copy = f"{RISKS}/R1.yml"
    assert _changes(run, "--no-cache") == [("R1", "duplicate", None, copy), ("R1", "duplicate", copy, None)]
    assert run.json("history", "R1", "--format", "json")["path"] == f"{RISKS}/R1.yaml"


@pytest.mark.parametrize(
    ("spelt", "asked"),
    [('id: "R\\x32"', "R2"), ("id: 0x1C", "28"), ("id: RÉ1", "RÉ1"), ("id: RÉ1", "ré1"), ("title: no id", "R3")],
)
def test_history_finds_an_id_however_its_file_spells_it(run: Run, repo: GitRepo, spelt: str, asked: str) -> None:
    name = "R3" if asked == "R3" else "other"
    repo.write(f"{RISKS}/{name}.yaml", risk_yaml("X").replace("id: X", spelt))
    repo.commit("Spelt otherwise", date="2026-01-06T10:00:00+00:00")
    data = run.json("history", asked, "--format", "json")
    assert [change["change"] for change in data["changes"]] == ["added"]
    assert data["item"].casefold() == f"test:{asked}".casefold()


def _raised(likelihood: int) -> str:
    return risk_yaml("R1", residual=f"residual:\n  likelihood: {likelihood}\n  impact: 4")


def test_a_copy_made_as_the_item_changes_and_both_changed_at_once(run: Run, repo: GitRepo) -> None:
    copy = f"{RISKS}/zcopy.yaml"  # sorts after R1.yaml
    repo.write(copy, _raised(1))
    repo.write(f"{RISKS}/R1.yaml", _raised(2))
    repo.commit("Copy, and raise R1", date="2026-01-06T10:00:00+00:00")
    repo.write(copy, _raised(4))
    repo.write(f"{RISKS}/R1.yaml", _raised(3))
    repo.commit("Both", date="2026-01-07T10:00:00+00:00")
    rows = [(r["change"], r["field"], r["old"], r["new"]) for r in run.json("audit", "--no-cache")[1:]]
    assert rows == [
        ("modified", "residual.impact", 3, 4),
        ("modified", "residual.score", 6, 8),
        ("modified", "residual.rating", "Medium", "High"),
        ("duplicate", "path", None, copy),
        ("modified", "residual.likelihood", 2, 3),
        ("modified", "residual.score", 8, 12),
        ("modified", "residual.rating", "High", "Very high"),
        ("modified", "residual.likelihood", 1, 4),  # the copy's own change, in the same commit
        ("modified", "residual.score", 4, 16),
        ("modified", "residual.rating", "Medium", "Very high"),
    ]
    assert run.json("history", "R1", "--format", "json")["path"] == f"{RISKS}/R1.yaml"
    text = run("report", "registers/ops", "--format", "md", "--today", "2026-11-22").stdout
    assert "| 6 → 8 → 12 |" in text  # the trend follows R1.yaml, not the copy


def test_a_copy_moved_is_still_the_copy(run: Run, repo: GitRepo) -> None:
    repo.write(f"{RISKS}/zcopy.yaml", risk_yaml("R1"))
    repo.commit("A copy", date="2026-01-06T10:00:00+00:00")
    repo.git("mv", f"{RISKS}/zcopy.yaml", f"{RISKS}/zcopy2.yaml")
    repo.commit("The copy moved", date="2026-01-07T10:00:00+00:00")
    repo.write(f"{RISKS}/zcopy2.yaml", _raised(1))
    repo.commit("The copy changed", date="2026-01-08T10:00:00+00:00")
    assert run.json("history", "R1", "--format", "json")["path"] == f"{RISKS}/R1.yaml"
    text = run("report", "registers/ops", "--format", "md", "--today", "2026-11-22").stdout
    row = next(line for line in text.splitlines() if line.startswith("| 1 | R1 |"))
    assert row.split(" | ")[6] == "6"  # the trend follows R1.yaml: the copy's 1 is not R1's


def test_a_file_moved_as_it_was_is_the_item_and_a_new_copy_the_duplicate(run: Run, repo: GitRepo) -> None:
    repo.git("mv", f"{RISKS}/R1.yaml", f"{RISKS}/other.yaml")
    repo.write(f"{RISKS}/acopy.yaml", _raised(1))  # sorts first
    repo.commit("Moved, and a copy", date="2026-01-06T10:00:00+00:00")
    assert _changes(run, "--no-cache") == [
        ("R1", "renamed", f"{RISKS}/R1.yaml", f"{RISKS}/other.yaml"),
        ("R1", "duplicate", None, f"{RISKS}/acopy.yaml"),
    ]
