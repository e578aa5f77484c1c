"""The caches: warm results equal cold ones, edits are seen, damaged or foreign caches are harmless."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from .conftest import MakeRegister, Run, policy_yaml, risk_yaml


def age(root: Path, seconds: int = 60) -> None:
    """Make every file look settled, so the result cache may be used (see workspace.RACY_SECONDS)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        os.utime(path, (past, past))


def findings(run: Run, root: Path, *extra: str) -> list[dict[str, object]]:
    result = run("check", str(root), "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


@pytest.fixture
def workspace(make_register: MakeRegister, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    risks = {f"R{n}": risk_yaml(f"R{n}") for n in range(1, 30)}
    risks["R30"] = risk_yaml("R30", review="review:\n  last: 2025-01-01")  # RC301
    risks["R31"] = risk_yaml("R31", status="status: opn")  # RC102
    root = make_register(risks, {"P1": policy_yaml("P1")})
    age(root)
    return root


def test_warm_results_equal_cold_results_across_edits(run: Run, workspace: Path, tmp_path: Path) -> None:
    cold = findings(run, workspace, "--no-cache")
    assert not (tmp_path / ".riskctl_cache").exists()  # --no-cache neither reads nor writes
    first = findings(run, workspace)
    assert (tmp_path / ".riskctl_cache" / ".gitignore").read_text().endswith("*\n")
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


def test_result_cache_is_used_when_nothing_changed(run: Run, workspace: Path, tmp_path: Path) -> None:
    findings(run, workspace)
    results = next((tmp_path / ".riskctl_cache").glob("results-*.json"))
    entries = json.loads(results.read_text())
    (key,) = entries
    entries[key]["findings"][0]["message"] = "from the cache"
    results.write_text(json.dumps(entries))
    assert findings(run, workspace)[0]["message"] == "from the cache"
    assert findings(run, workspace, "--today", "2026-11-23")[0]["message"] != "from the cache"  # another day


def test_damaged_caches_are_ignored(run: Run, workspace: Path, tmp_path: Path) -> None:
    expected = findings(run, workspace, "--no-cache")
    findings(run, workspace)
    for path in (tmp_path / ".riskctl_cache").glob("*.json"):
        path.write_bytes(b"\x00not json{{{")
    assert findings(run, workspace) == expected
    for path in (tmp_path / ".riskctl_cache").glob("*.json"):
        path.write_text('{"findings": [{"nonsense": 1}], "files": {"risk:abc": [1, 2]}}')
    assert findings(run, workspace) == expected


def test_cached_file_data_is_keyed_by_content(run: Run, workspace: Path, tmp_path: Path) -> None:
    findings(run, workspace)
    files = next((tmp_path / ".riskctl_cache").glob("files-*.json"))
    cached = json.loads(files.read_text())["files"]
    assert len(cached) == 32  # register.yaml, P1 and R1-R30; R31 fails the schema and is never cached
    assert all(key.startswith(("risk:", "policy:", "register:")) for key in cached)


def test_unwritable_cache_directory_does_not_fail_the_run(run: Run, workspace: Path, tmp_path: Path) -> None:
    (tmp_path / ".riskctl_cache").write_text("a file where the directory should be")
    assert findings(run, workspace) == findings(run, workspace, "--no-cache")


def test_parallel_loading_gives_the_same_findings(workspace: Path) -> None:
    """Large cold runs load files in worker processes; the findings must not change."""
    import subprocess
    import sys

    script = (
        "import sys, riskctl.workspace as w; w.PARALLEL_MIN = int(sys.argv[1]); "
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
