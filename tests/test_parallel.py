"""Worker processes (cold parses of many files) never outlive riskctl or talk over it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Workers that finished their work and wait for more, in a parent that waits too.
SCRIPT = """
import os, sys, time
from riskctl.reading.parallel import map_chunks

def work(chunk):
    return [os.getpid() for _ in chunk]

results = map_chunks(work, list(range(8)), 2, 1)
pids = set(pid for _ in range(8) for pid in next(results))
print(" ".join(map(str, sorted(pids))), flush=True)
try:
    time.sleep(60)
except KeyboardInterrupt:
    results.close()
    print("interrupted", file=sys.stderr)
    sys.exit(130)
"""


def _start() -> tuple[subprocess.Popen[str], list[int]]:
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    workers = [int(pid) for pid in process.stdout.readline().split()]
    assert workers and process.pid not in workers
    return process, workers


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # exited, waiting to be reaped by whoever adopted it


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")
def test_ctrl_c_stops_idle_workers_without_a_traceback() -> None:
    process, workers = _start()
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.strip() == "interrupted", err
    assert all(_gone(pid) for pid in workers)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")
def test_workers_end_when_riskctl_is_killed() -> None:
    process, workers = _start()
    process.kill()  # SIGKILL: no chance to stop the pool
    process.communicate(timeout=10)
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if not _gone(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left
