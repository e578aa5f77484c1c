"""How the benchmarks time a command, fairly.

- A case is one command (or, for a peer a user runs as several calls, a sequence of them)
  with its own directory, environment and set-up (say, dropping riskctl's cache before a
  cold run). Set-up is never timed.
- Cases measured against each other run in rounds: every case once per round, in turn
  (A B A B ...), so that a busy moment on a shared machine falls on both sides. A row's
  ratio is the median of the per-round ratios, not a ratio of medians.
- Wall time is ``perf_counter`` around the process; CPU time is user + system time of
  the process and of every process it waited for (``wait4``'s resource usage), so the
  worker processes riskctl forks count as much as its peers' single process.
- Memory is measured in a run of its own, after the timed rounds and never timed: the
  sampling takes CPU (about a tenth of a core), which a command that keeps both of a
  2-core machine's cores busy, as riskctl's worker processes do, would lose and a
  single-process peer would not (a cold audit measured 9% slower with it, its peer no
  slower). It is the peak of the summed resident set of the process and its descendants,
  sampled from ``/proc`` every few milliseconds by a thread of this process; it is never
  below the started process's own peak (``VmHWM``, read with each sample), which catches
  a peak between two samples. Forked workers share pages with their parent, which the
  sum counts once per process: it overstates, never understates. (``wait4``'s
  ``ru_maxrss`` is no use here: Linux carries into it the resident set of the process
  that started the command, before ``exec``.) Without ``/proc`` no memory is reported.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.004
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds, children included
    peak_mb: float  # peak summed resident memory of the process tree


@dataclass(eq=False)
class Case:
    """One thing to time: ``calls`` run one after another in ``cwd``, after ``before``."""

    label: str
    calls: Sequence[Sequence[str]]
    cwd: Path
    env: Mapping[str, str] = field(default_factory=dict)
    before: Callable[[], None] | None = None
    warm: bool = False  # riskctl with its cache kept: the untimed first run fills it
    samples: list[Sample] = field(default_factory=list)  # the timed runs
    peak_mb: float = 0.0  # from the run that measures memory

    def run(self, *, memory: bool = False) -> Sample:
        if self.before:
            self.before()
        parts = [run_process(call, self.cwd, self.env, memory=memory) for call in self.calls]
        return Sample(sum(p.wall for p in parts), sum(p.cpu for p in parts), max((p.peak_mb for p in parts), default=0))


@dataclass(frozen=True)
class Row:
    """``ours`` against ``peer``, both measured in the same rounds."""

    name: str
    ours: Case
    peer: Case
    target: float | None = None  # the ratio at most
    note: str = ""

    def ratios(self, attribute: str) -> list[float]:
        pairs = zip(self.ours.samples, self.peer.samples, strict=True)
        return [getattr(a, attribute) / max(getattr(b, attribute), 1e-9) for a, b in pairs]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios("wall"))

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.ratios("cpu"))

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target


def rounds(cases: Sequence[Case], runs: int, warm_up: bool = True) -> None:
    """Time every case ``runs`` times, a round at a time, each case once per round in turn.

    One untimed run of each case first: it fills the page cache for both sides and, for a
    warm case, riskctl's cache (without ``warm_up``, only the warm cases have it). One
    more, untimed, after the rounds measures each case's memory."""
    for case in cases:
        if warm_up or case.warm:
            case.run()
    for _ in range(runs):
        for case in cases:
            case.samples.append(case.run())
    for case in cases:
        case.peak_mb = case.run(memory=True).peak_mb


class TreeMemory(threading.Thread):
    """Samples the summed resident memory of ``root`` and its descendants until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.ours = {root}
        self.others: set[int] = set()
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, self.sample(), _high_water(self.root))
            self.done.wait(SAMPLE_SECONDS)

    def sample(self) -> int:
        known = self.ours | self.others
        try:
            pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
        except OSError:
            return 0
        new = {pid: _parent(pid) for pid in pids if pid not in known}
        adopted = True
        while adopted:  # a child may be listed before its parent is known to be ours
            adopted = False
            for pid, parent in list(new.items()):
                if parent in self.ours:
                    self.ours.add(pid)
                    del new[pid]
                    adopted = True
        self.others.update(new)
        return sum(_resident(pid) for pid in self.ours)


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _high_water(pid: int) -> int:
    """The peak resident set of ``pid`` so far (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            line = next(line for line in status if line.startswith(b"VmHWM:"))
        return int(line.split()[1]) * 1024
    except (OSError, StopIteration, IndexError, ValueError):
        return 0


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0  # it has ended


def run_process(argv: Sequence[str], cwd: Path, env: Mapping[str, str], *, memory: bool = False) -> Sample:
    """One run of ``argv``, output discarded; exit statuses other than 0 and 1 stop the bench.
    Its memory is sampled only when asked (and then its times are not to be used)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), cwd=cwd, env=dict(env), stdout=subprocess.DEVNULL, stderr=errors)
        sampler = TreeMemory(process.pid)
        if memory and os.path.isdir("/proc"):
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        if sampler.is_alive():
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(argv)} (in {cwd}) exited {process.returncode}:\n{message}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, sampler.peak / 2**20)


def drop(directory: Path) -> Callable[[], None]:
    """A set-up step that removes ``directory`` (riskctl's cache, for a cold run)."""
    return lambda: shutil.rmtree(directory, ignore_errors=True)


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| benchmark | riskctl | CPU | peer | peer time | peer CPU | ratio | CPU ratio | target | met | peak memory |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for row in rows:
        ours, peer = row.ours.samples, row.peer.samples
        target = "-" if row.target is None else f"<= {row.target:g}x"
        met = {None: "-", True: "yes", False: "**no**"}[row.met]
        lines.append(
            f"| {row.name} | {_median(ours, 'wall')} | {_median(ours, 'cpu')} | {row.peer.label} "
            f"| {_median(peer, 'wall')} | {_median(peer, 'cpu')} | {row.ratio:.2f}x | {row.cpu_ratio:.2f}x "
            f"| {target} | {met} | {_peak(row.ours)} / {_peak(row.peer)} |"
        )
    return "\n".join(lines)


def _median(samples: Sequence[Sample], attribute: str) -> str:
    return f"{statistics.median(getattr(s, attribute) for s in samples):.3f} s"


def _peak(case: Case) -> str:
    return f"{case.peak_mb:.0f} MB" if case.peak_mb else "-"
