"""Reading git's log as git writes it, and the file versions it names meanwhile: the same
commits and the same versions as reading the whole log once it is done."""

from __future__ import annotations

import functools
import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskctl.history import git
from riskctl.history.commits import register_commits, whole_records
from riskctl.history.git import Repository
from riskctl.model.errors import GitError

from .conftest import Run
from .gitrepo import GitRepo


def _log(repo: Repository) -> bytes:
    with repo.start_log() as running:
        return running.output()


def _blob(sha: str) -> bytes:
    return subprocess.run(["git", "cat-file", "blob", sha], capture_output=True, check=True).stdout


def _versions(commit: git.Commit) -> list[str | None]:
    return [sha for change in commit.changes for sha in (change.old, change.new)]


@pytest.fixture
def log(history: dict[str, str]) -> bytes:
    with Repository(".") as repo:
        return _log(repo)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.floats(0, 1), max_size=12), size=st.integers(1, 400))
def test_pieces_cut_anywhere_read_as_the_whole_log(log: bytes, cuts: list[float], size: int) -> None:
    """However git's output arrives (split anywhere, even inside a record or a name), the runs
    of whole records read as the whole output: the same bytes, the same commits, in order."""
    points = sorted({int(cut * len(log)) for cut in cuts} | {0, len(log)})
    pieces = [log[start:end] for start, end in itertools.pairwise(points)]
    runs = list(whole_records(pieces, size))
    assert b"".join(runs) == log
    assert all(run[:1] == b"\x01" for run in runs if run)  # each run starts at a record
    assert [commit for run in runs for commit in register_commits(run)] == register_commits(log)


def test_a_log_read_as_written_gives_the_commits_and_reads_their_versions(
    log: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git, "whole_records", functools.partial(whole_records, size=64))  # many runs
    with Repository(".") as repo, repo.start_log() as running:
        output, commits = repo.read_log(running, _versions)
        assert output == log
        assert commits == register_commits(log) and len(commits) > 5
        named = {sha for commit in commits for sha in _versions(commit) if sha}
        assert named and named <= repo._blobs.keys()
        assert all(repo._blobs[sha] == _blob(sha) for sha in named)
        assert repo.blob(next(iter(named))) == repo._blobs[next(iter(named))]  # the same reader goes on


def test_a_failing_log_read_as_written_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    GitRepo(tmp_path)
    monkeypatch.chdir(tmp_path)
    with Repository(".") as repo, repo.start_log() as running, pytest.raises(GitError, match="bad revision"):
        repo.read_log(running, _versions)  # as running.output() says it


def test_a_version_git_cannot_read_is_left_for_the_reader_to_say(history: dict[str, str]) -> None:
    """An id git has no object for is left out of the versions read ahead, and the read after
    it still works; asked for on its own, it is an error that names it."""
    with Repository(".") as repo:
        shas = [sha for commit in repo.log() for sha in _versions(commit) if sha]
        fetching = repo._fetching()
        fetching.ask(["0" * 40, shas[0], "not an id", shas[1]])
        fetching.finish()
        assert "0" * 40 not in repo._blobs and {shas[0], shas[1]} <= repo._blobs.keys()
        with pytest.raises(GitError, match="could not read object 0000000000"):
            repo.prefetch(["0" * 40])
        with pytest.raises(GitError, match="not an object id"):
            repo.prefetch(["HEAD"])
        assert repo.blob(shas[2]) == _blob(shas[2])


def test_a_reader_that_stops_is_started_again(history: dict[str, str]) -> None:
    """When cat-file ends while versions are being read ahead (killed, or answering otherwise),
    nothing waits and nothing is taken for a version; the next read starts another."""
    with Repository(".") as repo:
        shas = [sha for commit in repo.log() for sha in _versions(commit) if sha]
        fetching = repo._fetching()
        fetching.stop()  # ended before any answer
        fetching.ask(shas)  # writes to an ended process: nothing waits
        assert not repo._blobs
        assert repo.blob(shas[0]) == _blob(shas[0])
        process = repo._batch
        assert process is not None and process.poll() is None


def test_a_log_written_newest_first_turned_round_is_what_git_writes_oldest_first(history: dict[str, str]) -> None:
    """The audit trail is kept under the hash of the log as ``git log --reverse`` writes it; a
    run with a trail kept asks git for the quicker newest-first log and turns it round. The
    two must be the very same bytes, or a kept trail would never be found."""
    from riskctl.history.commits import turned

    with Repository(".") as repo:
        with repo.start_log() as running:
            newest = running.output()
        with repo.start_log(oldest_first=True) as running:
            oldest = running.output()
    assert newest != oldest and turned(newest) == oldest and turned(oldest) == newest
    assert turned(b"") == b""


def test_a_trail_kept_by_a_walk_is_read_back_without_one(
    run: Run, history: dict[str, str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first audit walks (its log oldest first, versions parsed as they come) and keeps its
    trail; the next reads the log newest first, finds that trail, and walks nothing."""
    from riskctl.core import history as core_history

    fresh = run("audit", "--no-cache").stdout
    assert run("audit").stdout == fresh

    def no_walk(*args: object) -> None:
        raise AssertionError("walked again")

    monkeypatch.setattr(core_history, "_by_commit", no_walk)
    assert run("audit").stdout == fresh


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A history whose subjects, author and file names hold \\x01 (what the log's records
    start with), one of them followed by a commit id, as a record's start would be."""
    from .conftest import REGISTER_4X4, risk_yaml

    repo = GitRepo(tmp_path / "repo")
    fake = "f" * 40
    repo.write("registers/ops/register.yaml", REGISTER_4X4)
    repo.write("registers/ops/risks/R1.yaml", risk_yaml("R1"))
    shas = {"first": repo.commit("Add the register", date="2026-01-10T09:00:00+00:00")}
    (repo.root / f"notes\x01{fake}").write_text("x\n")
    repo.write("registers/ops/risks/R2.yaml", risk_yaml("R2"))
    shas["odd"] = repo.commit(f"Innocent\x01{fake}", author=f"Mallory\x01{fake}", date="2026-02-10T09:00:00+00:00")
    repo.write("registers/ops/risks/R1.yaml", risk_yaml("R1").replace("likelihood: 3", "likelihood: 2", 1))
    shas["last"] = repo.commit("\x01", date="2026-03-10T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    return shas


def test_a_subject_name_or_file_name_holding_the_record_mark_is_read_as_itself(
    hostile: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each commit is read once, with its own changes, whatever its texts hold; the log cut
    anywhere, and turned round, still reads as git writes it."""
    from riskctl.history.commits import parse_log, turned

    with Repository(".") as repo:
        with repo.start_log() as running:
            newest = running.output()
        with repo.start_log(oldest_first=True) as running:
            oldest = running.output()
    commits = list(parse_log(newest))
    assert [commit.sha for commit in commits] == [hostile["last"], hostile["odd"], hostile["first"]]
    odd = commits[1]
    assert odd.message == "Innocent\x01" + "f" * 40 and odd.author == "Mallory\x01" + "f" * 40
    assert {change.path for change in odd.changes} == {"notes\x01" + "f" * 40, "registers/ops/risks/R2.yaml"}
    assert turned(newest) == oldest and turned(oldest) == newest
    for size in (1, 7, 64):
        pieces = [newest[start : start + size] for start in range(0, len(newest), size)]
        runs = list(whole_records(pieces, size))
        assert b"".join(runs) == newest
        assert [c for run in runs for c in register_commits(run)] == register_commits(newest)


def test_audit_and_history_read_such_a_history(run: Run, hostile: dict[str, str]) -> None:
    for args in (["audit", "--no-cache", "--format", "json"], ["audit", "--format", "json"]):
        rows = run.json(*args)
        assert {row["commit"] for row in rows} == {hostile["first"], hostile["odd"], hostile["last"]}
        assert {row["item"] for row in rows if row["commit"] == hostile["odd"]} == {"R2"}
    assert run("history", "R2").exit_code == 0


def test_git_failing_after_its_hints_is_explained_by_its_reason(
    run: Run, history: dict[str, str], cache_dir: Path
) -> None:
    """git writes hints before its reason (one about grafts before every log, since riskctl
    turns grafts off): the message is the reason, here a tree git cannot read."""
    from riskctl.history.words import explain

    said = "hint: Support for <GIT_DIR>/info/grafts is deprecated\nhint: \nfatal: unable to read tree 19b5\n"
    assert str(explain(said, ["log"])) == "git: fatal: unable to read tree 19b5"
    assert str(explain("hint: only a hint\n", ["log"])) == "git: git log failed"
    tree = subprocess.run(["git", "rev-parse", f"{history['rescored']}^{{tree}}"], capture_output=True, text=True)
    (Path(".git/objects") / tree.stdout[:2] / tree.stdout.strip()[2:]).unlink()
    for args in (["audit", "--no-cache"], ["audit"], ["history", "R1"]):
        result = run(*args)
        assert result.exit_code == 2 and "unable to read tree" in result.stderr and "hint" not in result.stderr, args


def test_audit_until_before_the_first_commit_with_a_trail_kept(
    run: Run, history: dict[str, str], cache_dir: Path
) -> None:
    assert run("audit").exit_code == 0  # keeps the trail
    for args in (["audit", "--until", "2025-12-31"], ["audit", "--until", "2025-12-31", "--no-cache"]):
        result = run(*args, "--format", "json")
        assert (result.exit_code, result.stdout) == (0, "[]\n"), args


def test_ctrl_c_while_riskctl_starts_is_said_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import riskctl.cli
    from riskctl.writing import stdout

    def interrupted() -> None:
        raise KeyboardInterrupt

    ended: list[int] = []
    monkeypatch.setattr(stdout, "checked_stdout", interrupted)
    monkeypatch.setattr(riskctl.cli.os, "_exit", ended.append)
    monkeypatch.setattr(riskctl.cli.gc, "set_threshold", lambda *thresholds: None)  # the suite's own stay
    riskctl.cli.main()
    assert ended == [130] and capsys.readouterr().err == "riskctl: interrupted\n"


def test_ctrl_c_while_typer_reads_the_options_is_said(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer.core

    import riskctl.cli

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    ended: list[int] = []
    monkeypatch.setattr(sys, "argv", ["riskctl", "check", "--format", "json", "nowhere"])
    monkeypatch.setattr(typer.core.TyperCommand, "make_context", interrupted)  # typer turns it into Exit(130)
    monkeypatch.setattr(riskctl.cli.os, "_exit", ended.append)
    monkeypatch.setattr(riskctl.cli.gc, "set_threshold", lambda *thresholds: None)
    riskctl.cli.main()
    assert ended == [130] and capsys.readouterr().err == "riskctl: interrupted\n"


def test_ctrl_c_as_the_command_ends_is_said_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import riskctl.cli

    def interrupted(code: object) -> int:
        raise KeyboardInterrupt  # as if the signal came while the exit status is worked out

    ended: list[int] = []
    monkeypatch.setattr(sys, "argv", ["riskctl", "--version"])
    monkeypatch.setattr(riskctl.cli, "_status", interrupted)
    monkeypatch.setattr(riskctl.cli.os, "_exit", ended.append)
    monkeypatch.setattr(riskctl.cli.gc, "set_threshold", lambda *thresholds: None)
    riskctl.cli.main()
    assert ended == [130] and capsys.readouterr().err == "riskctl: interrupted\n"
