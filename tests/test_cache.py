"""The cache: warm results equal cold ones, edits are seen, and nothing in a repository can touch it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from riskctl.reading import cache as cache_module

from .conftest import MakeRegister, Run, policy_yaml, risk_yaml
from .gitrepo import GitRepo


def age(root: Path, seconds: int = 60) -> None:
    """Make every file look settled, so the result cache may be used (see core.check.RACY_SECONDS)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        os.utime(path, (past, past), follow_symlinks=False)


def findings(run: Run, root: Path, *extra: str) -> list[dict[str, object]]:
    result = run("check", str(root), "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def database(cache_dir: Path) -> Path:
    (found,) = cache_dir.glob("*/v*.sqlite3")
    return found


@pytest.fixture
def workspace(make_register: MakeRegister, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    risks = {f"R{n}": risk_yaml(f"R{n}") for n in range(1, 30)}
    risks["R30"] = risk_yaml("R30", review="review:\n  last: 2025-01-01")  # RC301
    risks["R31"] = risk_yaml("R31", status="status: opn")  # RC102
    root = make_register(risks, {"P1": policy_yaml("P1")})
    age(root)
    return root


def test_warm_results_equal_cold_results_across_edits(run: Run, workspace: Path, cache_dir: Path) -> None:
    cold = findings(run, workspace, "--no-cache")
    assert not list(cache_dir.iterdir())  # --no-cache neither reads nor writes
    first = findings(run, workspace)
    assert database(cache_dir).is_file()
    warm = findings(run, workspace)
    assert cold == first == warm
    # edit: fix one file, break another, add a third; warm and cold must agree again
    (workspace / "risks" / "R31.yaml").write_text(risk_yaml("R31"))
    (workspace / "risks" / "R5.yaml").write_text(risk_yaml("R5", residual="residual:\n  likelihood: 9\n  impact: 1"))
    (workspace / "risks" / "R32.yaml").write_text(risk_yaml("R32", id="id: R32x"))
    edited_warm = findings(run, workspace)
    edited_cold = findings(run, workspace, "--no-cache")
    assert edited_warm == edited_cold
    assert {(f["item"], f["code"]) for f in edited_warm} == {("R30", "RC301"), ("R5", "RC201"), ("R32x", "RC105")}
    age(workspace)
    assert findings(run, workspace) == edited_cold  # and once settled, from the result cache


def _forge_result(cache_dir: Path, message: str) -> None:
    """Rewrite the stored result as only riskctl itself could (with a valid checksum)."""
    with sqlite3.connect(database(cache_dir)) as db:
        (key, value) = db.execute("SELECT key, value FROM results").fetchone()
        entry = json.loads(value)
        entry["findings"][0]["message"] = message
        text = json.dumps(entry)
        db.execute(
            "UPDATE results SET value = ?, checksum = ? WHERE key = ?", (text, cache_module._checksum(text), key)
        )


def test_result_cache_is_used_when_nothing_changed(run: Run, workspace: Path, cache_dir: Path) -> None:
    findings(run, workspace)
    _forge_result(cache_dir, "from the cache")
    assert findings(run, workspace)[0]["message"] == "from the cache"
    assert findings(run, workspace, "--today", "2026-11-23")[0]["message"] != "from the cache"  # another day


def test_damaged_entries_and_databases_are_ignored(run: Run, workspace: Path, cache_dir: Path) -> None:
    expected = findings(run, workspace, "--no-cache")
    findings(run, workspace)
    with sqlite3.connect(database(cache_dir)) as db:  # values changed without their checksums
        db.execute("UPDATE results SET value = replace(value, 'review overdue', 'forged')")
        db.execute("UPDATE parsed SET value = replace(value, 'open', 'closed')")
    assert findings(run, workspace) == expected
    with sqlite3.connect(database(cache_dir)) as db:  # an entry larger than its file could parse to
        text = json.dumps([{"id": "R1", "padding": "x" * 100_000}, ["risk"]])
        db.execute("UPDATE parsed SET value = ?, checksum = ?", (text, cache_module._checksum(text)))
    assert findings(run, workspace, "--today", "2026-11-24") == findings(
        run, workspace, "--today", "2026-11-24", "--no-cache"
    )
    database(cache_dir).write_bytes(b"\x00not a database{{{")  # as a power cut may leave it
    assert findings(run, workspace) == expected
    with sqlite3.connect(database(cache_dir)) as db:  # made afresh, and kept again
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] == 1
    assert findings(run, workspace) == expected


def test_unusable_cache_directory_does_not_fail_the_run(
    run: Run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setenv("RISKCTL_CACHE_DIR", str(blocked))
    assert findings(run, workspace) == findings(run, workspace, "--no-cache")


def test_parallel_loading_gives_the_same_findings(workspace: Path) -> None:
    """Large cold runs parse files in worker processes; the findings must not change."""
    script = (
        "import sys, riskctl.reading.files as f; f.PARALLEL_MIN = int(sys.argv[1]); "
        "from riskctl.cli.app import app; sys.argv = ['riskctl', *sys.argv[2:]]; app()"
    )

    def run_with(minimum: int) -> str:
        argv = [sys.executable, "-c", script, str(minimum), "check", str(workspace), "--no-cache", "--format", "json"]
        done = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "RISKCTL_TODAY": "2026-11-22"})
        assert done.returncode == 1, done.stderr
        return done.stdout

    parallel, serial = run_with(5), run_with(10**9)
    assert parallel == serial
    assert len(json.loads(parallel)["findings"]) == 2


def _planted_clone(tmp_path: Path, plant: str) -> Path:
    """A repository whose commit carries a ``.riskctl_cache`` (forged files, or a symlink out), cloned."""
    origin = GitRepo(tmp_path / "origin")
    origin.write("reg/register.yaml", (Path(__file__).parent / "fixtures/golden/register/register.yaml").read_text())
    origin.write("reg/risks/R1.yaml", risk_yaml("R1", residual="residual:\n  likelihood: 4\n  impact: 4"))
    victim = tmp_path / "victim"
    victim.mkdir()
    for name in ("files-00000000.json", "results-00000000.json", "history-00000000.json", "keep.txt"):
        (victim / name).write_text("precious")
    cache = origin.root / ".riskctl_cache"
    if plant == "symlink":
        os.symlink(victim, cache)
    else:
        cache.mkdir()
        forged = {"findings": [], "checked": ["reg/register.yaml", "reg/risks/R1.yaml"], "unusable": []}
        for name in ("files", "results", "history", "audit"):
            (cache / f"{name}-{cache_module.stamp()}.json").write_text(json.dumps({"x": forged, "files": {}}))
        (cache / "v00000000.sqlite3").write_bytes(b"forged")
    origin.commit("Registers, and a planted cache", date="2026-01-10T09:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin.root), str(clone)], check=True)
    return clone


@pytest.mark.parametrize("plant", ["forged", "symlink"])
def test_a_cache_committed_to_the_repository_changes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plant: str
) -> None:
    clone = _planted_clone(tmp_path, plant)
    monkeypatch.chdir(clone)
    before = {path: path.read_bytes() for path in (tmp_path / "victim").iterdir()}
    for args in (["check", "."], ["history", "R1"], ["audit"], ["list", "."]):
        plain = run(*args, env={"RISKCTL_NO_CACHE": "1"})
        first, second = run(*args), run(*args)
        assert first.exit_code == second.exit_code == plain.exit_code, (args, first.output)
        assert first.stdout == second.stdout == plain.stdout, args
    assert "RC202" in run("check", ".").stdout  # the real residual (16 > 9) is seen, not a forged pass
    assert {path: path.read_bytes() for path in (tmp_path / "victim").iterdir()} == before


def test_a_change_in_an_ancestor_register_is_seen(run: Run, tmp_path: Path, cache_dir: Path) -> None:
    """RC403 on a department's risk depends on the directorate's risk it names: the result
    cache of ``check dept`` must not outlive a change there."""
    from .test_hierarchy import register

    repo = GitRepo(tmp_path / "repo")
    repo.write("ops/register.yaml", register("ops", "level: directorate\n"))
    repo.write("ops/risks/D1.yaml", risk_yaml("D1"))
    repo.write("dept/register.yaml", register("dept", "parent: ops\n", "scoring:\n  from: ops\n"))
    repo.write("dept/risks/C1.yaml", risk_yaml("C1", acceptance="escalation:\n  to: ops:D1\n  on: 2026-10-01"))
    repo.commit("Two registers", date="2026-10-02T09:00:00+00:00")
    age(repo.root)
    os.chdir(repo.root)
    assert findings(run, repo.root / "dept") == []
    assert findings(run, repo.root / "dept") == []  # from the result cache
    with sqlite3.connect(database(cache_dir)) as db:
        assert db.execute("SELECT count(*) FROM results").fetchone() == (1,)
    (repo.root / "ops/risks/D1.yaml").write_text(risk_yaml("D1", status="status: closed\nclosed: 2026-11-01"))
    age(repo.root / "ops")  # only what changed: dept's files keep the times the cached result was made with
    assert [f["code"] for f in findings(run, repo.root / "dept")] == ["RC403"]
    (repo.root / "ops/register.yaml").write_text(register("ops2", "level: directorate\n"))
    age(repo.root / "ops", 120)
    renamed = run("check", str(repo.root / "dept"))  # dept's scheme came from ops: no longer there
    assert renamed.exit_code == 2 and "scoring.from names no register: 'ops'" in renamed.output


def test_a_cache_another_process_is_writing_is_used_and_never_removed(
    run: Run, workspace: Path, cache_dir: Path
) -> None:
    expected = findings(run, workspace, "--no-cache")
    findings(run, workspace)
    path = database(cache_dir)
    inode = path.stat().st_ino
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another riskctl writing, say
        other.execute("INSERT INTO results VALUES ('other', '{}', 'x')")
        assert findings(run, workspace) == expected
        other.execute("COMMIT")
    finally:
        other.close()
    assert path.stat().st_ino == inode
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM results WHERE key = 'other'").fetchone()[0] == 1
