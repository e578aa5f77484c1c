"""``history ID`` starts git before loading the rest of riskctl; what it started early is
used only when it is exactly what would be started anyway, and everything else is stopped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskctl import gitlog, gitstart
from riskctl.cli.quick import run_quick

from .conftest import Run


class Recorder:
    def __init__(self) -> None:
        self.spawned: list[tuple[str, gitstart.Started]] = []
        self.taken: list[tuple[str, bool]] = []


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Every git process started through ``gitstart`` and every ``take``, by git command."""
    record = Recorder()
    spawn, take = gitstart.spawn, gitstart.take

    def spawning(args: Sequence[str], cwd: str) -> gitstart.Started:
        started = spawn(args, cwd)
        record.spawned.append((args[0], started))
        return started

    def taking(args: Sequence[str], cwd: str) -> gitstart.Started | None:
        started = take(args, cwd)
        record.taken.append((args[0], started is not None))
        return started

    for module in (gitstart, gitlog):
        monkeypatch.setattr(module, "spawn", spawning)
    monkeypatch.setattr(gitlog, "take", taking)
    return record


def quick(argv: list[str], capfd: pytest.CaptureFixture[str]) -> tuple[int | None, str]:
    capfd.readouterr()
    status = run_quick(argv)
    return status, capfd.readouterr().out


@pytest.mark.parametrize("directory", [".", "registers/operations"])
@pytest.mark.parametrize(
    "argv", [["history", "R1", "--format", "json"], ["audit", "--no-cache"]], ids=["history", "audit"]
)
def test_commands_take_what_they_started_early(
    run: Run,
    history: dict[str, str],
    recorder: Recorder,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    directory: str,
    argv: list[str],
) -> None:
    monkeypatch.chdir(directory)
    expected = run(*argv, "--no-cache").stdout if argv[0] == "history" else run(*argv).stdout
    assert run("history", "R1").exit_code == 0  # builds the path index
    recorder.spawned.clear()
    recorder.taken.clear()
    assert quick(argv, capfd) == (0, expected)
    assert recorder.taken == [("rev-parse", True), ("log", True)]
    assert [name for name, _ in recorder.spawned] == ["rev-parse", "log"]  # nothing was started twice
    assert [started.returncode for _, started in recorder.spawned] == [0, 0]
    assert not gitstart._EARLY


def test_audit_until_starts_only_the_root_early(
    history: dict[str, str], recorder: Recorder, capfd: pytest.CaptureFixture[str]
) -> None:
    assert quick(["audit", "--until", "2026-05-01"], capfd)[0] == 0  # --until changes the log's arguments
    assert recorder.taken == [("rev-parse", True), ("log", False)]
    assert not gitstart._EARLY


def _new_commit(history: dict[str, str]) -> None:
    path = Path("registers/operations/risks/R1.yaml")
    path.write_text(path.read_text() + "notes: reviewed again\n")
    subprocess.run(["git", "commit", "-qam", "Note on R1"], check=True)


def _switch_back_to_an_older_tip(history: dict[str, str]) -> None:
    subprocess.run(["git", "checkout", "-q", history["owner"]], check=True, capture_output=True)
    assert run_quick(["history", "R1", "-o", os.devnull]) == 0  # the index's newest tip is now this one
    subprocess.run(["git", "checkout", "-q", "main"], check=True, capture_output=True)


def _index_under_a_wrong_root(history: dict[str, str]) -> None:
    shutil.copytree(".riskctl_cache", "registers/.riskctl_cache")
    Path("registers/.git").mkdir()  # not a repository: git looks further up, the guess stops here
    os.chdir("registers")


@pytest.mark.parametrize("change", [_new_commit, _switch_back_to_an_older_tip, _index_under_a_wrong_root])
def test_history_stops_what_it_cannot_use(
    run: Run,
    history: dict[str, str],
    recorder: Recorder,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, str]], None],
) -> None:
    assert run("history", "R1").exit_code == 0  # builds the path index
    change(history)  # the history fixture's monkeypatch restores the directory afterwards
    expected = run("history", "R1", "--format", "json", "--no-cache").stdout
    recorder.spawned.clear()
    recorder.taken.clear()
    assert quick(["history", "R1", "--format", "json"], capfd) == (0, expected)
    early_log = recorder.spawned[1]
    assert early_log[0] == "log" and ("log", True) not in recorder.taken
    assert early_log[1].returncode is not None  # stopped and waited for
    assert all(started.returncode is not None for _, started in recorder.spawned)
    assert not gitstart._EARLY


def test_history_without_posix_spawn(
    run: Run, history: dict[str, str], capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where there is no posix_spawn (Windows), git is started through subprocess, early or not."""
    monkeypatch.setattr(gitstart, "_POSIX_SPAWNP", None)
    expected = run("history", "R1", "--format", "json", "--no-cache").stdout
    assert run("history", "R1").exit_code == 0
    assert quick(["history", "R1", "--format", "json"], capfd) == (0, expected)
    assert not gitstart._EARLY


def test_git_missing_when_starting_early(
    history: dict[str, str], capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    status = run_quick(["history", "R1"])
    assert status == 2 and "git is not installed" in capfd.readouterr().err


def test_nothing_heavy_is_loaded_before_git_starts(history: dict[str, str]) -> None:
    """Before git starts, history ID loads only riskctl's light modules (see gitstart's docstring)."""
    script = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from riskctl.cli.quick import parse\n"
        "from riskctl.pathindex import prestart_history\n"
        "from riskctl import gitstart\n"
        "parse(['history', 'R1'])\n"
        "prestart_history('R1')\n"
        "gitstart.prestart_audit()\n"
        "started = len(gitstart._EARLY)\n"
        "loaded = sorted(set(sys.modules) - before)\n"
        "gitstart.discard()\n"
        "import json\n"
        "print(json.dumps({'started': started, 'loaded': loaded}))\n"
    )
    subprocess.run([sys.executable, "-m", "riskctl", "history", "R1", "-o", os.devnull], check=True)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    assert report["started"] == 4  # the root and HEAD, and a log, for each command
    heavy = {"typing", "re", "json", "subprocess", "pathlib", "threading", "contextlib", "functools", "enum"}
    assert heavy.isdisjoint(report["loaded"]), report["loaded"]


_PART = st.text(st.characters(blacklist_characters="/\0") | st.just("\udcff"), min_size=1).filter(
    lambda part: part not in (".", "..")
)
_REGISTER_PATH = st.builds(
    lambda parts, kind, name: "/".join([*parts, kind, name]),
    st.lists(_PART, max_size=3),
    st.sampled_from(["risks", "policies"]),
    _PART.map(lambda stem: f"{stem}.yaml"),
) | st.lists(_PART, max_size=3).map(lambda parts: "/".join([*parts, "register.yaml"]))


@given(
    tips=st.lists(st.text("0123456789abcdef", min_size=40, max_size=40), max_size=3),
    items=st.dictionaries(st.text(), st.sets(_REGISTER_PATH, max_size=3), max_size=5),
)
def test_the_path_index_reads_back_what_it_wrote(tips: list[str], items: dict[str, set[str]]) -> None:
    from riskctl.pathindex import _decode, _encode

    askable = {ident: paths for ident, paths in items.items() if "\0" not in ident}
    assert _decode(_encode(tips, items)) == (tips, askable)


@pytest.mark.parametrize("command", ["history", "audit"])
def test_a_working_directory_that_has_gone(
    command: str, history: dict[str, str], capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("gone").mkdir()
    monkeypatch.chdir("gone")
    Path.cwd().rmdir()
    argv = ["history", "R1"] if command == "history" else ["audit"]
    capfd.readouterr()
    status = run_quick(argv)
    err = capfd.readouterr().err
    assert status == 2 and "working directory" in err and "Traceback" not in err
    assert not gitstart._EARLY
