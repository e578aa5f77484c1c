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
try:  # the test's Ctrl-C may come as soon as the line is out: already within the try
    print(" ".join(map(str, sorted(pids))), flush=True)
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


def test_outcomes_packed_for_the_way_back_are_the_outcomes() -> None:
    """A worker packs its outcomes (plain data with marshal, the rest as they are); unpacked
    in the parent they equal the outcomes parsed here, whatever the files hold."""
    from riskctl.reading.files import _parse_chunk, _parse_packed, _unpacked

    from .conftest import REGISTER_4X4, risk_yaml

    files = [
        risk_yaml("R1").encode(),  # valid
        risk_yaml("R2").replace("title:", "title: [a, b]\nx:").encode(),  # breaks the schema
        b"id: R3\ntitle: [unclosed\n",  # does not parse
        b"base: &b {likelihood: 2, impact: 3}\ninherent: *b\nresidual: *b\n",  # aliases: one value, twice
        risk_yaml("R6", inherent="inherent: &s\n  likelihood: 2\n  impact: 3", residual="residual: *s").encode(),
        (risk_yaml("R7") + 'description: "caf\u00e9 \U0001f600 \u2028 x"\n').encode(),
        "id: R4\ntitle: caf\u00e9 \U0001f600 \u2028 x\nn: 12345678901234567890123\nf: 1.5\nt: true\nz: ~\n".encode(),
        REGISTER_4X4.encode(),
    ]
    chunk = [(raw, "register" if raw == REGISTER_4X4.encode() else "risk", True) for raw in files]
    assert _unpacked(_parse_packed(chunk)) == _parse_chunk(chunk)
    blob, others = _parse_packed(chunk)
    assert blob and {1, 2} <= set(others) and not {0, 4, 5, 7} & set(others)  # those with problems travel as they are
