"""riskctl's benchmarks: each row times riskctl against the tool a user would otherwise
reach for (or against itself, for growth and formats), on the same files in the same run,
and reports the ratio. Absolute times depend on the machine; the ratios are the targets.
How a row is measured (rounds, CPU time, memory) is in bench/measure.py.

    python bench/run.py                     # every row (what `make bench` runs)
    python bench/run.py --only check,list   # some groups: startup, check, list, report, git
    python bench/run.py --quick             # small sizes, 2 runs: a smoke test, not a measurement
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from measure import SAMPLE_SECONDS, Case, Row, drop, rounds, table  # noqa: E402

BIN = Path(sys.executable).parent
RISKCTL = str(BIN / "riskctl")
CHECK_JSONSCHEMA = str(BIN / "check-jsonschema")
YAMLLINT = str(BIN / "yamllint")
TODAY = "2026-11-22"
BUSY = 1.5  # a load average that says other work shares the machine
GROUPS = ("startup", "check", "list", "report", "git")
# what the timed runs must not inherit from the shell running the bench
UNSET = ("PYTHONDONTWRITEBYTECODE", "RISKCTL_NO_CACHE", "RISKCTL_CACHE_DIR", "RISKCTL_TODAY", "FORCE_COLOR", "COLUMNS")


@dataclass(frozen=True)
class Sizes:
    risks: int  # the workspace most rows use
    large: int  # for growth: 5 times ``risks``
    history_risks: int
    commits: int


FULL = Sizes(10_000, 50_000, 1_000, 5_000)
QUICK = Sizes(200, 1_000, 50, 200)


class Bench:
    """Where the bench works: its files, riskctl's caches (never the user's) and its environment."""

    def __init__(self, work: Path, sizes: Sizes, runs: int, warm_up: bool = True) -> None:
        self.work, self.sizes, self.runs, self.warm_up = work, sizes, runs, warm_up
        self.env = {name: value for name, value in os.environ.items() if name not in UNSET}
        self.env |= {"RISKCTL_TODAY": TODAY, "RISKCTL_CACHE_DIR": str(work / "cache" / "shared")}
        self.caches = 0

    def riskctl(self, label: str, args: Sequence[str], cwd: Path, *, warm: bool = False) -> Case:
        """riskctl with a cache directory of its own: kept for a warm case, dropped before each run of a cold one."""
        self.caches += 1
        cache = self.work / "cache" / str(self.caches)
        env = {**self.env, "RISKCTL_CACHE_DIR": str(cache)}
        return Case(label, [[RISKCTL, *args]], cwd, env, None if warm else drop(cache), warm)

    def measured(self, rows: list[Row], runs: int | None = None) -> list[Row]:
        """The rows, once every case they name has been timed in the same rounds."""
        cases = list(dict.fromkeys(case for row in rows for case in (row.ours, row.peer)))
        rounds(cases, runs or self.runs, self.warm_up)
        return rows

    def peer(self, label: str, calls: Sequence[Sequence[str]], cwd: Path) -> Case:
        return Case(label, calls, cwd, self.env)

    def repository(self, risks: int) -> Path:
        """A git repository of ``risks`` risks (and a policy for every 50) in 8 registers, made once."""
        out = self.work / f"risks-{risks}"
        if not out.exists():
            progress(f"writing {risks:,} risks")
            generate.write_repository(out, risks, max(4, risks // 50), registers=8)
        return out

    def sample(self) -> Path:
        """The sample registers, committed to a git repository of their own."""
        out = self.work / "sample"
        if not out.exists():
            shutil.copytree(ROOT / "registers", out / "registers")
            generate.commit_all(out)
        return out


def progress(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def schema_calls(root: Path) -> list[list[str]]:
    """check-jsonschema with riskctl's schemas, one call per schema, as a user would run it."""
    patterns = {"register": "**/register.yaml", "risk": "**/risks/*.yaml", "policy": "**/policies/*.yaml"}
    calls = []
    for kind, pattern in patterns.items():
        matched = sorted(str(path.relative_to(root)) for path in root.glob(pattern))
        if matched:
            calls.append([CHECK_JSONSCHEMA, "--schemafile", schema(kind), *matched])
    return calls


def schema(kind: str) -> str:
    return str(ROOT / "schemas" / f"{kind}.schema.json")


def startup_rows(bench: Bench) -> list[Row]:
    ours = bench.riskctl("riskctl --version", ["--version"], bench.work)
    python = bench.peer("python -c pass", [[sys.executable, "-c", "pass"]], bench.work)
    rows = [Row("start-up: riskctl --version", ours, python)]
    return bench.measured(rows, 4 * bench.runs)  # short runs, so more of them


def check_rows(bench: Bench) -> list[Row]:
    sample = bench.sample()
    count = len(list(sample.glob("registers/*/risks/*.yaml")))
    progress(f"check: the {count}-risk sample")
    cold = bench.riskctl("check --no-cache", ["check", ".", "--no-cache"], sample)
    jsonschema = bench.peer("check-jsonschema (a call per schema)", schema_calls(sample), sample)
    yamllint = bench.peer("yamllint -d relaxed", [[YAMLLINT, "-d", "relaxed", "."]], sample)
    rows = bench.measured(
        [
            Row(f"check, cold, the {count}-risk sample", cold, jsonschema, 0.8),
            Row(f"check, cold, the {count}-risk sample", cold, yamllint),
        ]
    )
    return rows + scale_rows(bench) + one_file_rows(bench, sample) + growth_rows(bench, "check")


def scale_rows(bench: Bench) -> list[Row]:
    risks = bench.sizes.risks
    root = bench.repository(risks)
    progress(f"check: {risks:,} risks")
    cold = bench.riskctl("check --no-cache", ["check", ".", "--no-cache"], root)
    jsonschema = bench.peer("check-jsonschema (a call per schema)", schema_calls(root), root)
    warm = bench.riskctl("check", ["check", "."], root, warm=True)
    return bench.measured(
        [
            Row(f"check, cold, {risks:,} risks", cold, jsonschema, 0.35),
            Row(f"check, warm: riskctl's cache (peers have none), {risks:,} risks", warm, jsonschema, 0.05),
        ]
    )


def one_file_rows(bench: Bench, sample: Path) -> list[Row]:
    """``riskctl check FILE``, as a pre-commit hook runs it, in a big repository and in the sample."""
    risks = bench.sizes.risks
    root = bench.repository(risks)
    directory, rid = generate.layout(risks, 8)[risks // 2]
    big = f"{directory}/risks/{rid}.yaml"
    small = "registers/cambridgeshire-strategic/risks/R3.3.yaml"
    progress(f"check of one file: {risks:,} risks and the sample")
    cold_big = bench.riskctl("check FILE", ["check", big], root)
    jsonschema = bench.peer("check-jsonschema FILE", [[CHECK_JSONSCHEMA, "--schemafile", schema("risk"), big]], root)
    cold_small = bench.riskctl("check FILE, in the sample", ["check", small], sample)
    warm_big = bench.riskctl("check FILE", ["check", big], root, warm=True)
    name = f"check of one file (pre-commit), {risks:,}-risk git repository"
    return bench.measured(
        [
            Row(f"{name}, cold", cold_big, jsonschema, 0.5),
            Row(f"{name}, cold, against the same in the sample", cold_big, cold_small, 1.5),
            Row(f"{name}, warm: riskctl's cache (the peer has none)", warm_big, jsonschema),
        ]
    )


def growth_rows(bench: Bench, command: str) -> list[Row]:
    """riskctl at five times the size against itself: linear growth is 5x."""
    small, large = bench.sizes.risks, bench.sizes.large
    progress(f"{command}: {small:,} and {large:,} risks")
    args = ["check", ".", "--no-cache"] if command == "check" else ["report", ".", "--format", "html"]
    label = " ".join(args)
    cases = [bench.riskctl(f"{label}, {size:,} risks", args, bench.repository(size)) for size in (small, large)]
    if command == "report":  # report has no --no-cache: cold is the environment's switch
        for case in cases:
            case.env = {**case.env, "RISKCTL_NO_CACHE": "1"}
    name = f"{label}, cold: growth from {small:,} to {large:,} risks (linear: 5x)"
    return bench.measured([Row(name, cases[1], cases[0], 5.5)])


def list_rows(bench: Bench) -> list[Row]:
    risks = bench.sizes.risks
    root = bench.repository(risks)
    progress(f"list: {risks:,} risks")
    table_case = bench.riskctl("list", ["list", "."], root, warm=True)
    json_case = bench.riskctl("list --format json", ["list", ".", "--format", "json"], root, warm=True)
    name = f"list (a table 100 columns wide, to /dev/null), {risks:,} risks, riskctl's cache warm on both sides"
    return bench.measured([Row(name, table_case, json_case, 2.0)])


def report_rows(bench: Bench) -> list[Row]:
    return growth_rows(bench, "report")


def git_rows(bench: Bench) -> list[Row]:
    sizes = bench.sizes
    repo = bench.work / "history"
    progress(f"git: a history of {sizes.commits:,} commits over {sizes.history_risks:,} risks")
    generate.write_history(repo, sizes.history_risks, sizes.commits, registers=4)
    floor_script = (
        "git log --raw --no-abbrev --no-renames -c --format= | awk '{print $4}' | grep -v '^0*$' | sort -u"
        " | git cat-file --batch > /dev/null"
    )
    floor = bench.peer("git log --raw + read the changed versions", [["sh", "-c", floor_script]], repo)
    log_raw = bench.peer("git log --raw", [["git", "log", "--raw", "--no-abbrev", "-c", "-z"]], repo)
    cold = bench.riskctl("audit --no-cache", ["audit", "--no-cache"], repo)
    warm = bench.riskctl("audit", ["audit"], repo, warm=True)
    label = f"{sizes.commits:,} commits, {sizes.history_risks:,} risks"
    rows = bench.measured(
        [
            Row(f"audit, cold, {label}", cold, floor, 7.0),
            Row(f"audit, warm: riskctl's cache (git has none), {label}", warm, floor, 2.0),
            Row(f"audit, cold, {label}", cold, log_raw),
        ]
    )
    directory, rid = generate.layout(sizes.history_risks, 4)[sizes.history_risks // 2]
    one_path = bench.peer("git log -- PATH", [["git", "log", "--", f"{directory}/risks/{rid}.yaml"]], repo)
    history = bench.riskctl("history ID", ["history", rid], repo, warm=True)
    uncached = bench.riskctl("history ID --no-cache", ["history", rid, "--no-cache"], repo)
    return rows + bench.measured(
        [
            Row(f"history ID, warm: riskctl's cache (git has none), {label}", history, one_path),
            Row(f"history ID, cold, {label}", uncached, one_path),
        ]
    )


ROWS: dict[str, Callable[[Bench], list[Row]]] = {
    "startup": startup_rows,
    "check": check_rows,
    "list": list_rows,
    "report": report_rows,
    "git": git_rows,
}


def compile_packages(names: Sequence[str]) -> None:
    """Byte-compile riskctl, its peers and everything they import, as an installed tool is:
    with ``PYTHONDONTWRITEBYTECODE`` set, an editable checkout would compile on every run."""
    import riskctl

    compileall.compile_dir(Path(riskctl.__file__).parent, quiet=2)
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        seen.add(name)
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for file in distribution.files or []:
            if file.suffix == ".py":
                compileall.compile_file(Path(str(distribution.locate_file(file))), quiet=2)
        todo += [re.split(r"[\s;<>=!~\[(]", r, maxsplit=1)[0] for r in distribution.requires or [] if "extra" not in r]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:  # the peers come with riskctl's dev extras (make bench installs them)
        return "not installed"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    versions = ", ".join(f"{name} {_version(name)}" for name in ("riskctl", "check-jsonschema", "yamllint"))
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"{memory:.0f} GB memory, Python {platform.python_version()}, {git}; {versions}"
    )


METHOD = f"""\
- Each row's two sides run in rounds, in turn (A B A B ...); times are medians over the
  rounds, and the ratio (wall or CPU) is the median of the rounds' own ratios.
- CPU is user + system time of the process and of every process it waited for:
  riskctl's worker processes and git count, as do a peer's.
- Peak memory (riskctl / peer) is the peak of the summed resident memory of the process
  and its descendants, sampled from /proc every {SAMPLE_SECONDS * 1000:g} ms in one more
  run of each side after the rounds, never in a timed run (the sampling takes CPU that a
  command keeping every core busy would lose); pages forked workers share count once
  per process.
- Cold: riskctl's cache directory (RISKCTL_CACHE_DIR, a temporary directory, never the
  user's cache) is removed before every run. Warm: riskctl's own cache, filled by the
  untimed run; the peers have no cache. Files are in the OS page cache for both sides.
- riskctl, its peers and their dependencies are byte-compiled first; the timed runs do not
  inherit PYTHONDONTWRITEBYTECODE. RISKCTL_TODAY={TODAY}."""


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(GROUPS), help=f"groups to run, of {', '.join(GROUPS)}")
    parser.add_argument("--runs", type=int, help="rounds per row (default 5; 2 with --quick)")
    parser.add_argument("--quick", action="store_true", help="small sizes and 2 runs, to see that the bench works")
    args = parser.parse_args(argv)
    groups = [group.strip() for group in args.only.split(",") if group.strip()]
    if unknown := set(groups) - set(GROUPS):
        parser.error(f"--only: unknown group {', '.join(sorted(unknown))}; choose from {', '.join(GROUPS)}")
    if not shutil.which("git"):
        raise SystemExit("the benchmarks need git")
    runs = args.runs or (2 if args.quick else 5)
    started = load()
    compile_packages(["riskctl", "check-jsonschema", "yamllint"])
    with tempfile.TemporaryDirectory(prefix="riskctl-bench-") as temporary:
        bench = Bench(Path(temporary), QUICK if args.quick else FULL, runs, warm_up=not args.quick)
        rows = [row for group in groups for row in ROWS[group](bench)]
    print(f"riskctl benchmarks{' (--quick: small sizes, not a measurement)' if args.quick else ''}")
    print(f"on {machine()}")
    print(f"load average (1, 5, 15 min) at the start {started}, at the end {load()}")
    untimed = "one untimed run of each case" if not args.quick else "one untimed run of each warm case"
    print(f"{runs} rounds per row after {untimed}; times are medians, ratios medians of rounds\n")
    print(table(rows))
    targets = [row for row in rows if row.met is not None]
    if targets:
        print(f"\n{sum(bool(row.met) for row in targets)} of {len(targets)} targets met.")
    if max(os.getloadavg()[0], float(started.split(",")[0])) >= BUSY:
        print(f"\nThe machine was busy (load average {BUSY} or more): other work shared its cores.")
    print()
    print(METHOD)


if __name__ == "__main__":
    main()
