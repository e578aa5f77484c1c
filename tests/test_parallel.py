"""Worker processes (cold parses of many files) never outlive riskctl or talk over it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from riskctl.reading.files import _parse_packed

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


def _files() -> list[tuple[bytes, str]]:
    from .conftest import REGISTER_4X4, risk_yaml

    risks = [risk_yaml(f"R{n}").encode() for n in range(12)]
    broken = [b"id: R90\ntitle: [unclosed\n", risk_yaml("R91").replace("title:", "title: [a]\nx:").encode()]
    return [(raw, "risk") for raw in risks + broken] + [(REGISTER_4X4.encode(), "register")]


@pytest.mark.parametrize("minimum", [0, 10**9])  # in worker processes, and here
def test_files_fed_early_then_asked_for_ahead_are_parsed_once_in_order(
    minimum: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``feed`` was given as it arrived, and what ``ahead`` asks for after (some fed,
    some not, some twice, some that could not be read), come back as the files alone give
    them; ``ahead`` counts up to every input, and closing the parser stops its workers."""
    import multiprocessing

    from riskctl.model.records import Problem
    from riskctl.reading import files
    from riskctl.reading.files import FileInput, Parser, parse

    monkeypatch.setattr(files, "PARALLEL_MIN", minimum)
    monkeypatch.setattr(files, "AHEAD_CHUNK", 3)
    found = _files()
    parser = Parser()
    for raw, kind in found[:7]:
        parser.feed(raw, kind)
    inputs = [FileInput(f"f{n}.yaml", kind, raw) for n, (raw, kind) in enumerate(found)]
    inputs += [FileInput("again.yaml", *found[0][::-1]), FileInput("gone.yaml", "risk", Problem("RC101", "gone"))]
    inputs += [FileInput(f"g{n}.yaml", kind, raw) for n, (raw, kind) in enumerate(found[5:9])]
    counts = list(parser.ahead(inputs))
    assert counts == sorted(counts) and counts[-1] == len(inputs)
    assert not multiprocessing.active_children()  # the walk is done: the workers are stopped
    for entry in inputs:
        if isinstance(entry.raw, bytes):
            outcome = parse(entry.raw, entry.kind)
            record = parser.file(entry)
            assert (record.data, record.problems) == (outcome.data or {}, outcome.problems), entry.path


def test_a_parser_fed_and_never_asked_stops_its_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from riskctl.reading import files
    from riskctl.reading.files import Parser

    monkeypatch.setattr(files, "PARALLEL_MIN", 0)
    monkeypatch.setattr(files, "AHEAD_CHUNK", 2)
    parser = Parser()
    for raw, kind in _files():
        parser.feed(raw, kind)
    assert multiprocessing.active_children()
    parser.close()
    assert not multiprocessing.active_children()


DYING = b"id: R99\ntitle: the file whose worker is killed\n"
_packed = _parse_packed


def _dying(chunk: list[tuple[bytes, str, bool]]) -> object:
    """A worker's parse that ends its process, as the system does to one short of memory."""
    if any(raw == DYING for raw, _, _ in chunk):
        os._exit(1)
    return _packed(chunk)


@pytest.mark.parametrize("way", ["fed", "ahead", "files"])
def test_a_worker_killed_midway_changes_nothing_but_where_files_are_parsed(
    way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a worker process is killed (the pool is then broken), what it had, and all that
    follows, is parsed in riskctl's own process: the same outcomes, no error."""
    from riskctl.reading import files
    from riskctl.reading.files import FileInput, Parser, parse

    monkeypatch.setattr(files, "PARALLEL_MIN", 0)
    monkeypatch.setattr(files, "AHEAD_CHUNK", 2)
    monkeypatch.setattr(files, "_parse_packed", _dying)
    found = [*_files()[:4], (DYING, "risk"), *_files()[4:]]
    inputs = [FileInput(f"f{n}.yaml", kind, raw) for n, (raw, kind) in enumerate(found)]
    parser = Parser()
    if way == "fed":
        for raw, kind in found:
            parser.feed(raw, kind)
    if way == "files":
        records = parser.files(inputs)
    else:
        assert list(parser.ahead(inputs))[-1] == len(inputs)
        records = [parser.file(entry) for entry in inputs]
    for entry, record in zip(inputs, records, strict=True):
        assert isinstance(entry.raw, bytes)
        outcome = parse(entry.raw, entry.kind)
        assert (record.data, record.problems) == (outcome.data or {}, outcome.problems), entry.path
