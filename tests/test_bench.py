"""The bench works: it runs, pairs its measurements fairly and counts a command's whole process tree.

No timing is asserted: these prove the script, not riskctl's speed (that is `make bench`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import measure


def test_quick_startup_run_prints_the_table() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--only", "startup"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert any(line.startswith("on ") and "cores" in line for line in lines)  # the machine
    header = next(line for line in lines if line.startswith("| benchmark |"))
    assert "CPU" in header and "peak memory" in header and "target" in header
    row = next(line for line in lines if line.startswith("| start-up: riskctl --version |"))
    assert "| python -c pass |" in row


def test_unknown_group_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--only", "check,speed"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "unknown group speed" in result.stderr


def _case(walls: list[float]) -> measure.Case:
    case = measure.Case("x", [], Path("."))
    case.samples = [measure.Sample(wall, wall, 1.0) for wall in walls]
    return case


def test_ratio_is_the_median_of_the_rounds_not_a_ratio_of_medians() -> None:
    # round by round: 1/1, 10/2, 3/3 -> ratios 1, 5, 1: median 1 (medians alone would give 3/2)
    row = measure.Row("r", _case([1.0, 10.0, 3.0]), _case([1.0, 2.0, 3.0]), target=1.2)
    assert row.ratio == 1.0
    assert row.cpu_ratio == 1.0
    assert row.met is True
    assert measure.Row("r", row.ours, row.peer).met is None


def test_rounds_alternate_the_cases_and_warm_up_only_when_asked() -> None:
    order: list[str] = []
    cases = [measure.Case(name, [], Path("."), before=lambda n=name: order.append(n)) for name in "ab"]
    cases[1].warm = True
    measure.rounds(cases, 2, warm_up=False)
    assert order == ["b", "a", "b", "a", "b", "a", "b"]  # the warm-up, two rounds, then memory's own run
    assert [len(case.samples) for case in cases] == [2, 2]


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="memory is sampled from /proc")
def test_memory_counts_the_children_of_the_process() -> None:
    child = "x = bytearray(80 * 2**20); import time; time.sleep(0.3)"
    argv = ["sh", "-c", f'"{sys.executable}" -c "{child}"; true']
    assert measure.run_process(argv, ROOT, os.environ, memory=True).peak_mb > 80
    assert measure.run_process(argv, ROOT, os.environ).peak_mb == 0  # a timed run is never sampled
