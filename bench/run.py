"""riskctl's benchmarks: each row times riskctl against the tool a user would otherwise
reach for, on the same input in the same run, and reports the ratio (medians of several
runs). Absolute times depend on the machine; the ratios are the targets.

    python bench/run.py            # every row
    python bench/run.py --only git # history and audit only
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

BIN = Path(sys.executable).parent
RISKCTL = [str(BIN / "riskctl")]


@dataclass
class Row:
    name: str
    ours: float
    peer_name: str
    peer: float
    target: str
    memory_mb: float | None = None

    @property
    def ratio(self) -> float:
        return self.ours / self.peer if self.peer else float("inf")


def run_once(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds, peak resident memory in MB) of one run of ``argv``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(argv), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with exit status {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def median(argv: Sequence[str], cwd: Path, runs: int, env: dict[str, str] | None = None,
           before: Callable[[], None] | None = None) -> tuple[float, float]:  # fmt: skip
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        seconds, peak = run_once(argv, cwd, env)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def git_rows(work: Path, runs: int, commits: int, risks: int) -> list[Row]:
    repo = work / "history"
    generate.write_history(repo, risks, commits, registers=4)
    rid = "R00500"
    path = f"registers/reg{500 % 4}/risks/{rid}.yaml"
    log_raw = ["git", "log", "--raw", "--no-abbrev", "-c", "-z"]
    floor_script = (
        "git log --raw --no-abbrev --no-renames -c --format= | awk '{print $4}' | grep -v '^0*$' | sort -u"
        " | git cat-file --batch > /dev/null"
    )
    audit, audit_mb = median([*RISKCTL, "audit", "-o", os.devnull], repo, runs)
    plain, _ = median(log_raw, repo, runs)
    floor, _ = median(["sh", "-c", floor_script], repo, runs)
    history, _ = median([*RISKCTL, "history", rid, "-o", os.devnull], repo, runs)
    one_path, _ = median(["git", "log", "--", path], repo, runs)
    label = f"{commits:,} commits, {risks:,} risks"
    return [
        Row(f"audit ({label})", audit, "git log --raw", plain, "-", audit_mb),
        Row(f"audit ({label})", audit, "git log --raw + read changed versions", floor, "<= 3x", audit_mb),
        Row(f"history ID ({label})", history, "git log -- PATH", one_path, "<= 2x"),
    ]


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| benchmark | riskctl | peer | peer time | ratio | target | peak memory |",
        "| --- | ---: | --- | ---: | ---: | --- | ---: |",
    ]
    for row in rows:
        memory = f"{row.memory_mb:.0f} MB" if row.memory_mb else "-"
        lines.append(
            f"| {row.name} | {row.ours:.3f} s | {row.peer_name} | {row.peer:.3f} s | "
            f"{row.ratio:.2f}x | {row.target} | {memory} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["git"], help="run one group of rows")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (the median is reported)")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--risks", type=int, default=1000)
    args = parser.parse_args()
    if not shutil.which("git"):
        raise SystemExit("the benchmarks need git")
    with tempfile.TemporaryDirectory(prefix="riskctl-bench-") as temporary:
        work = Path(temporary)
        rows = git_rows(work, args.runs, args.commits, args.risks)
    print(f"riskctl benchmarks on {machine()}; medians of {args.runs} runs\n")
    print(table(rows))


if __name__ == "__main__":
    main()
