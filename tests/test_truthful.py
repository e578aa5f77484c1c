"""Writes that check would reject are refused, concurrent and killed writes lose nothing, values are
checked, and what a command could not do it says (SPEC §7)."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import stat
import time
from pathlib import Path

import pytest

from .conftest import REGISTER_4X4, MakeRegister, Run, policy_yaml, risk_yaml
from .gitrepo import GitRepo


@pytest.fixture
def register(make_register: MakeRegister) -> Path:
    return make_register({"R1": risk_yaml("R1"), "R2": risk_yaml("R2")}, {"P1": policy_yaml("P1")})


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- writes only what check accepts ---------------------------------------------------------


def test_new_refuses_what_check_rejects(run: Run, register: Path) -> None:
    before = _files(register)
    result = run("new", "risk", str(register), "--title", "T", "--category", "C", "--owner", "O",
                 "--inherent", "2,2", "--residual", "4,4")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "RC202" in result.stderr and "nothing was written" in result.stderr
    assert _files(register) == before


def test_review_refuses_what_check_rejects_and_commits_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("reg/register.yaml", REGISTER_4X4)
    repo.write("reg/risks/R1.yaml", risk_yaml("R1"))
    head = repo.commit("Start", date="2026-01-10T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    before = (repo.root / "reg/risks/R1.yaml").read_bytes()
    result = run("review", "R1", "reg", "--residual", "4,4", "--commit")
    assert result.exit_code == 1, result.output
    assert "RC202" in result.stderr
    assert (repo.root / "reg/risks/R1.yaml").read_bytes() == before
    assert repo.git("rev-parse", "HEAD").strip() == head


def test_review_never_moves_the_last_review_back(run: Run, register: Path) -> None:
    before = _files(register)
    result = run("review", "R1", str(register), "--date", "2026-09-01")  # last review 2026-10-01
    assert result.exit_code == 1, result.output
    assert "would move it back" in result.stderr
    assert _files(register) == before


def test_review_commit_outside_git_changes_nothing(run: Run, register: Path) -> None:
    before = _files(register)
    result = run("review", "R1", str(register), "--commit")
    assert result.exit_code == 2 and "not a git repository" in result.stderr
    assert _files(register) == before


def test_writes_do_not_follow_a_folder_out_of_the_register(
    run: Run, register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (register / "policies" / "P1.yaml").rename(elsewhere / "P1.yaml")
    (register / "policies").rmdir()
    os.symlink(elsewhere, register / "policies")
    result = run("new", "policy", str(register), "--reference", "P2", "--title", "T", "--owner", "O", "--every", "P1Y")
    assert result.exit_code == 2, result.output
    assert "outside the register" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["P1.yaml"]


# -- concurrent and interrupted writes --------------------------------------------------------


def _review_in_child(root: str, note: str) -> None:
    os.chdir(root)
    from riskctl.core.author import review, target_register
    from riskctl.core.browse import find_item

    target = target_register(["reg"])
    item = find_item(target.workspace, "R1")
    review(target, item, on=dt.date(2026, 11, 22), residual=None, note=note, today=dt.date(2026, 11, 22))


def test_two_reviews_at_once_lose_nothing(make_register: MakeRegister, tmp_path: Path) -> None:
    make_register({"R1": risk_yaml("R1")}, name="reg")
    context = multiprocessing.get_context("fork")
    for round_ in range(50):
        children = [context.Process(target=_review_in_child, args=(str(tmp_path), f"round {round_} by {who}"))
                    for who in ("a", "b")]  # fmt: skip
        for child in children:
            child.start()
        for child in children:
            child.join(20)
            assert child.exitcode == 0
    text = (tmp_path / "reg/risks/R1.yaml").read_text()
    for round_ in range(50):
        assert f"round {round_} by a" in text and f"round {round_} by b" in text, round_


def test_a_killed_review_leaves_no_temporary_file(make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": risk_yaml("R1")}, name="reg")
    context = multiprocessing.get_context("fork")
    for round_ in range(30):
        child = context.Process(target=_review_in_child, args=(str(tmp_path), f"killed {round_}"))
        child.start()
        time.sleep(0.002 * (round_ % 15))
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join()
    _review_in_child(str(tmp_path), "the last one")  # holds the lock: nothing else of riskctl's is writing
    assert [p.name for p in (root / "risks").iterdir()] == ["R1.yaml"]
    assert "the last one" in (root / "risks/R1.yaml").read_text()


# -- output files --------------------------------------------------------------------------


def test_output_never_follows_a_symlink_and_keeps_the_mode(run: Run, register: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    os.symlink(victim, tmp_path / "out.json")
    for args in (["list", str(register)], ["export", str(register), "--format", "json"], ["check", str(register)]):
        result = run(*args, "-o", str(tmp_path / "out.json"))
        assert result.exit_code == 2 and "symlink" in result.stderr, args
    assert victim.read_text() == "precious"
    readonly = tmp_path / "readonly.csv"
    readonly.write_text("old")
    readonly.chmod(0o444)
    assert run("export", str(register), "-o", str(readonly)).exit_code == 0
    assert stat.S_IMODE(readonly.stat().st_mode) == 0o444 and readonly.read_text().startswith("register,")


# -- values are checked ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--rating", "Hihg"], "did you mean 'High'?"),
        (["list", "--status", "opn"], "did you mean 'open'?"),
        (["list", "--policies", "--status", "activ"], "did you mean 'active'?"),
        (["audit", "--since", "2026-13-45"], "--since"),
        (["check", "--base", ""], "an empty revision"),
        (["list", "--at", "2026-02-30"], "not a real calendar date"),
        (["review", "R1", "--date", "2026-02-30"], "not a real calendar date"),
        (["--today", "2026-13-01", "list"], "--today"),
    ],
)
def test_values_are_checked_before_anything_is_read(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(register)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


# -- failures that used to be internal errors ----------------------------------------------


def test_init_over_an_existing_register_says_so(run: Run, tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "reg")).exit_code == 0
    again = run("init", str(tmp_path / "reg"))
    assert again.exit_code == 2 and "already exists" in again.stderr and "internal error" not in again.stderr


def test_an_unwritable_step_summary_is_said_not_fatal(run: Run, register: Path, tmp_path: Path) -> None:
    result = run("check", str(register), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(tmp_path / "nope/x")})
    assert result.exit_code == 0, result.output
    assert "GITHUB_STEP_SUMMARY" in result.stderr


def test_a_failing_user_template_is_a_usage_error(run: Run, register: Path, tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.html.j2").write_text("{{ 1/0 }}")
    result = run("report", str(register), "--template-dir", str(tmp_path / "templates"))
    assert result.exit_code == 2 and "template" in result.stderr and "internal error" not in result.stderr


def test_diff_calls_two_files_with_one_id_a_duplicate(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("reg/register.yaml", REGISTER_4X4)
    repo.write("reg/risks/R1.yaml", risk_yaml("R1"))
    repo.commit("Start", date="2026-01-10T09:00:00+00:00")
    repo.write("reg/risks/R1-copy.yaml", risk_yaml("R1"))
    monkeypatch.chdir(repo.root)
    items = json.loads(run("diff", "HEAD", "--format", "json").stdout)["items"]
    assert [(i["item"], i["change"]) for i in items] == [("R1", "duplicate")]
    assert items[0]["paths"] == ["reg/risks/R1-copy.yaml", "reg/risks/R1.yaml"]
