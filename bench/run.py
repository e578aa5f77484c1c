"""riskctl's benchmarks: each row times riskctl against the tool a user would otherwise
reach for, on the same input in the same run, and reports the ratio (medians of several
runs). Absolute times depend on the machine; the ratios are the targets.

    python bench/run.py             # every row
    python bench/run.py --only git  # history and audit only (also: check, report, startup)
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


def check_peers(root: Path) -> tuple[list[list[str]], list[str]]:
    """check-jsonschema (one call per schema, as a user would run it) and yamllint on the same files."""
    schemas = HERE.parent / "schemas"
    calls = []
    for kind, pattern in (("register", "*/register.yaml"), ("risk", "*/risks/*.yaml"), ("policy", "*/policies/*.yaml")):
        files = sorted(str(p) for p in root.glob(f"**/{pattern}"))
        if files:
            calls.append([str(BIN / "check-jsonschema"), "--schemafile", str(schemas / f"{kind}.schema.json"), *files])
    return calls, [str(BIN / "yamllint"), "-d", "relaxed", str(root)]


def sequence(calls: Sequence[Sequence[str]], cwd: Path, runs: int) -> float:
    """Median over ``runs`` of running every call in turn."""
    totals = []
    for _ in range(runs):
        totals.append(sum(run_once(call, cwd)[0] for call in calls))
    return statistics.median(totals)


def check_rows(work: Path, runs: int, sizes: Sequence[int]) -> list[Row]:
    rows = []
    sample = work / "sample"
    shutil.copytree(HERE.parent / "registers", sample / "registers")
    # targets are set for the sample and for 10,000 risks; other sizes show the trend
    targets = [("the 19-risk sample", sample, "<= 0.8x")] + [
        (f"{size:,} risks", work / f"w{size}", "<= 0.35x" if size == 10000 else "-") for size in sizes
    ]
    for size in sizes:
        generate.write_workspace(work / f"w{size}", size, max(4, size // 50), registers=max(1, min(8, size // 250)))
    env = {"RISKCTL_TODAY": "2026-11-22"}
    for label, root, target in targets:
        jsonschema_calls, yamllint = check_peers(root)
        peer = sequence(jsonschema_calls, root, runs)
        cold, cold_mb = median([*RISKCTL, "check", ".", "--no-cache"], root, runs, env)
        rows.append(Row(f"check, cold ({label})", cold, "check-jsonschema", peer, target, cold_mb))
        if root is not sample:
            warm, warm_mb = median([*RISKCTL, "check", "."], root, runs, env, before=lambda r=root: _settle(r))
            warm_target = "<= 0.05x" if root.name == "w10000" else "-"
            rows.append(Row(f"check, warm ({label})", warm, "check-jsonschema", peer, warm_target, warm_mb))
        lint_runs = 1 if root.name == "w10000" else runs
        lint, _ = median(yamllint, root, lint_runs)
        rows.append(Row(f"check, cold ({label})", cold, "yamllint", lint, "-", cold_mb))
    return rows


def _settle(root: Path) -> None:
    """Age the files so the result cache may be used (riskctl skips it for files changed seconds ago).

    Always the same time, so settling again changes nothing riskctl can see.
    """
    past = 1_700_000_000
    for path in root.rglob("*"):
        if ".riskctl_cache" not in path.parts:
            os.utime(path, (past, past))


def report_rows(work: Path, runs: int) -> list[Row]:
    root = work / "w10000"
    if not root.exists():
        generate.write_workspace(root, 10000, 200, registers=8)
    env = {"RISKCTL_TODAY": "2026-11-22"}
    seconds, mb = median([*RISKCTL, "report", ".", "--format", "html", "-o", os.devnull], root, runs, env)
    return [Row("report --format html (10,000 risks)", seconds, "3 s budget", 3.0, "< 1x (under 3 s)", mb)]


def startup_rows(work: Path, runs: int) -> list[Row]:
    bare, _ = median([sys.executable, "-c", "pass"], work, runs * 2)
    quick, _ = median([*RISKCTL, "--version"], work, runs * 2)
    typer, _ = median([*RISKCTL, "rules", "--format", "json"], work, runs * 2)  # a command typer runs
    return [
        Row("start-up (riskctl --version)", quick, "python -c pass", bare, "-"),
        Row("start-up through typer (riskctl rules)", typer, "python -c pass", bare, "-"),
    ]


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
    audit, audit_mb = median([*RISKCTL, "audit", "-o", os.devnull, "--no-cache"], repo, runs)
    run_once([*RISKCTL, "audit", "-o", os.devnull], repo)  # fill the history cache
    warm, _ = median([*RISKCTL, "audit", "-o", os.devnull], repo, runs)
    plain, _ = median(log_raw, repo, runs)
    floor, _ = median(["sh", "-c", floor_script], repo, runs)
    one_path, _ = median(["git", "log", "--", path], repo, runs)
    first, _ = median([*RISKCTL, "history", rid, "-o", os.devnull], repo, runs, before=lambda: _drop_index(repo))
    history, _ = median([*RISKCTL, "history", rid, "-o", os.devnull], repo, runs)  # the index is there now
    uncached, _ = median([*RISKCTL, "history", rid, "-o", os.devnull, "--no-cache"], repo, runs)
    label = f"{commits:,} commits, {risks:,} risks"
    return [
        Row(f"audit, cold ({label})", audit, "git log --raw", plain, "-", audit_mb),
        Row(f"audit, cold ({label})", audit, "git log --raw + read changed versions", floor, "<= 3x", audit_mb),
        Row(f"audit, warm ({label})", warm, "git log --raw + read changed versions", floor, "<= 3x"),
        Row(f"history ID ({label})", history, "git log -- PATH", one_path, "<= 2x"),
        Row(f"history ID, building the path index ({label})", first, "git log -- PATH", one_path, "-"),
        Row(f"history ID --no-cache ({label})", uncached, "git log -- PATH", one_path, "-"),
    ]


def _drop_index(repo: Path) -> None:
    """Remove history's path index (the parsed versions audit cached stay)."""
    for index in (repo / ".riskctl_cache").glob("paths-*"):
        index.unlink()


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
    parser.add_argument("--only", choices=["check", "report", "git", "startup"], help="run one group of rows")
    parser.add_argument("--sizes", default="1000,10000", help="workspace sizes for the check rows")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (the median is reported)")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--risks", type=int, default=1000)
    args = parser.parse_args()
    if not shutil.which("git"):
        raise SystemExit("the benchmarks need git")
    # An installed riskctl has its modules compiled; an editable checkout may not (say,
    # with PYTHONDONTWRITEBYTECODE set), and compiling them anew on every run is not riskctl's time.
    import riskctl

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(riskctl.__file__).parent)], check=True)
    with tempfile.TemporaryDirectory(prefix="riskctl-bench-") as temporary:
        work = Path(temporary)
        rows: list[Row] = []
        sizes = [int(size) for size in args.sizes.split(",") if size]
        if args.only in (None, "startup"):
            rows += startup_rows(work, args.runs)
        if args.only in (None, "check"):
            rows += check_rows(work, args.runs, sizes)
        if args.only in (None, "report"):
            rows += report_rows(work, args.runs)
        if args.only in (None, "git"):
            rows += git_rows(work, args.runs, args.commits, args.risks)
    print(f"riskctl benchmarks on {machine()}; medians of {args.runs} runs\n")
    print(table(rows))


if __name__ == "__main__":
    main()
