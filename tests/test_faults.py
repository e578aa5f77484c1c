"""The fault matrix: every command against every fault (SPEC §7).

Each case asserts the documented exit status, that the file at fault is named, that no
traceback or "internal error" is printed, that nothing is written outside the target,
and that the register's own files are byte-identical where the command should not change
them. A new command joins ``COMMANDS``; a new fault joins ``FAULTS``.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import REGISTER_4X4, TODAY, Run, policy_yaml, risk_yaml
from .gitrepo import GitRepo

REG = "registers/ops"


@dataclass(frozen=True)
class Fault:
    name: str
    setup: Callable[[Path, Path], None]  # (repository root, a directory outside it)
    culprit: str | None  # the path (relative to the repository) every reader must name
    kind: str  # "file" (a file left out), "register" (register.yaml unusable), "text", "git", "none"


def _write(root: Path, path: str, text: str) -> None:
    (root / path).write_text(text, encoding="utf-8")


def _fifo(root: Path, path: str) -> None:
    target = root / path
    target.unlink(missing_ok=True)
    os.mkfifo(target)


def _forms(path: str) -> list[str]:
    """``path`` as outputs write it: as text, in a JSON string, in a URI (a ``\\xNN`` a byte of
    a name that is not UTF-8: ``%NN`` in a URI, which holds the name's own bytes)."""
    raw = re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(0xDC00 + int(m.group(1), 16)), path)
    return [path, json.dumps(path)[1:-1], quote(raw.encode("utf-8", "surrogateescape"), safe="/")]


def _commit(root: Path, name: str, text: str) -> None:
    """A broken risk file, committed: history and audit read it as well as the working tree."""
    repo = GitRepo(root)
    repo.write(f"{REG}/risks/{name}", text)
    repo.commit("A broken file", date="2026-03-10T09:00:00+00:00")


def _hostile_commit(root: Path) -> None:
    """A commit whose subject, author and a file name hold \\x01 (what git's log records start
    with) followed by a commit id, and terminal escapes: history, audit and diff read it."""
    repo = GitRepo(root)
    (root / f"notes\x01{'f' * 40}").write_text("x\n")
    repo.write(f"{REG}/risks/R2.yaml", risk_yaml("R2", title="title: Rescored"))
    subject = f"Rescore\x01{'f' * 40} \x1b[2J\x07 ::error::pwned"
    repo.commit(subject, author=f"Mallory\x01{'e' * 40}\x1b]8;;x\x07", date="2026-03-10T09:00:00+00:00")


HOSTILE_TITLE = (
    'title: "Loss\\n::error file=x::pwned\\n::add-mask::secret \\u001b]8;;http://evil\\u0007click\\u001b[2J @octocat"'
)

FAULTS = [
    Fault("none", lambda root, out: None, None, "none"),
    Fault("broken-file", lambda root, out: _write(root, f"{REG}/risks/R2.yaml", "id: R2\n\ttitle: tab\n"),
          f"{REG}/risks/R2.yaml", "file"),
    Fault("unusable-register", lambda root, out: _write(root, f"{REG}/register.yaml", "name: Ops\n\tscoring: x\n"),
          f"{REG}/register.yaml", "register"),
    Fault("scheme-from-nowhere", lambda root, out: _write(root, f"{REG}/register.yaml", "name: Ops\nid: test\n"
          "scoring:\n  from: nowhere\n"), f"{REG}/register.yaml", "register"),
    Fault("fifo-item", lambda root, out: _fifo(root, f"{REG}/risks/R3.yaml"), f"{REG}/risks/R3.yaml", "file"),
    Fault("fifo-register", lambda root, out: _fifo(root, f"{REG}/register.yaml"), f"{REG}/register.yaml", "register"),
    Fault("symlink-out", lambda root, out: os.symlink(out / "R9.yaml", root / REG / "risks" / "R9.yaml"),
          f"{REG}/risks/R9.yaml", "file"),
    Fault("symlink-loop", lambda root, out: os.symlink("R8.yaml", root / REG / "risks" / "R8.yaml"),
          f"{REG}/risks/R8.yaml", "file"),
    Fault("folder-out", lambda root, out: (os.rename(root / REG / "policies", out / "policies"),
                                           os.symlink(out / "policies", root / REG / "policies")),
          f"{REG}/policies", "file"),
    Fault("far-dates", lambda root, out: _write(root, f"{REG}/risks/R2.yaml", risk_yaml(
        "R2", review="review:\n  last: 9999-12-15\n  every: P99999Y")), f"{REG}/risks/R2.yaml", "file"),
    Fault("alias-bomb", lambda root, out: _write(root, f"{REG}/risks/R3.yaml", 'x: &a "' + "x" * 100_000
          + '"\ny: [' + ", ".join(["*a"] * 1000) + "]\n"), f"{REG}/risks/R3.yaml", "file"),
    Fault("hostile-text", lambda root, out: _write(root, f"{REG}/risks/R2.yaml", risk_yaml(
        "R2", title=HOSTILE_TITLE)), None, "text"),
    Fault("non-utf8-name", lambda root, out: (root / REG / "risks" / os.fsdecode(b"R\xff.yaml")).write_text(
        risk_yaml("R7")), None, "none"),
    Fault("non-utf8-committed", lambda root, out: _commit(root, os.fsdecode(b"R\xff.yaml"), "id: R7\n\ttitle: tab\n"),
          f"{REG}/risks/R\\xff.yaml", "committed"),
    Fault("hostile-commit", lambda root, out: _hostile_commit(root), None, "text"),
    Fault("shallow", lambda root, out: None, None, "git"),
]  # fmt: skip


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]
    reads: str  # "worktree" (reads the working tree's registers), "history" (only commits), "both"
    writes: tuple[str, ...] = ()  # paths (patterns, relative to the repository) the command may write
    writer: bool = False  # new/review: other unreadable files are noted, not an exit status


NEW = ("new", "risk", REG, "--title", "Fleet unavailable", "--category", "Operations", "--owner", "Head of Fleet",
       "--inherent", "3,3", "--residual", "2,2")  # fmt: skip
COMMANDS = [
    Command("check", ("check", REG), "worktree"),
    Command("check-json", ("check", REG, "--format", "json"), "worktree"),
    *(Command(f"check-{f}", ("check", REG, "--format", f), "worktree") for f in ("sarif", "github", "gitlab", "junit")),
    Command("list", ("list", REG), "worktree"),
    Command("list-json", ("list", REG, "--format", "json"), "worktree"),
    Command("show", ("show", "R1", REG), "worktree"),
    Command("matrix", ("matrix", REG), "worktree"),
    Command("matrix-portfolio", ("matrix", "--portfolio", REG), "worktree"),
    Command("list-register", ("list", REG, "--register", "test"), "worktree"),
    Command("report", ("report", REG, "-o", "out/report.html"), "worktree", ("out/report.html",)),
    Command("report-md", ("report", REG, "--format", "md"), "worktree"),
    Command("report-pdf", ("report", REG, "--format", "pdf", "-o", "out/report.pdf"), "worktree", ("out/report.pdf",)),
    Command("export", ("export", REG, "--format", "json"), "worktree"),
    Command("new", NEW, "worktree", (f"{REG}/risks/R*.yaml",), writer=True),
    Command("review", ("review", "R1", REG), "worktree", (f"{REG}/risks/R1.yaml",), writer=True),
    Command("due", ("due", REG), "worktree"),
    Command("due-ics", ("due", REG, "--format", "ics"), "worktree"),
    Command("codeowners", ("codeowners", REG), "worktree", writer=True),
    Command("history", ("history", "R1"), "history"),
    Command("audit", ("audit",), "history"),
    Command("audit-csv", ("audit", "--format", "csv"), "history"),
    Command("diff", ("diff", "HEAD~1"), "both"),
    Command("report-since", ("report", REG, "--format", "md", "--since", "HEAD~1"), "both"),
]


# codeowners needs only the owners (SPEC §9): a register whose scheme cannot be found, or a
# file whose dates overflow, still names its owners.
OWNERS_ONLY = {("codeowners", "far-dates"), ("codeowners", "scheme-from-nowhere")}


def expected(command: Command, fault: Fault) -> int:
    if (command.name, fault.name) in OWNERS_ONLY:
        return 0
    if fault.kind == "git":
        return 2 if command.reads in ("history", "both") else 0
    if fault.kind == "committed":  # every reader meets it, but history asks only about R1
        return 0 if command.writer or command.name == "history" else 1
    if fault.kind in ("none", "text") or command.reads == "history":
        return 0
    if fault.kind == "register":
        return 1 if command.name == "diff" else 2
    return 0 if command.writer else 1


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, Path]:
    repo = GitRepo(tmp_path / "repo")
    repo.write(f"{REG}/register.yaml", REGISTER_4X4)
    repo.write(f"{REG}/risks/R1.yaml", risk_yaml("R1"))
    repo.write(f"{REG}/risks/R2.yaml", risk_yaml("R2"))
    repo.write(f"{REG}/policies/P1.yaml", policy_yaml("P1", review="review:\n  last: 2026-10-01\n  every: P2Y"))
    repo.commit("Start the register", date="2026-01-10T09:00:00+00:00")
    repo.write(f"{REG}/risks/R1.yaml", risk_yaml("R1", owner="owner: Chief Superintendent"))
    repo.commit("R1 has a new owner", date="2026-02-10T09:00:00+00:00")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "R9.yaml").write_text(risk_yaml("R9"))
    return repo.root, outside


def _snapshot(top: Path) -> dict[str, bytes | str]:
    found: dict[str, bytes | str] = {}
    for current, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files + [d for d in dirs if os.path.islink(os.path.join(current, d))]:
            path = os.path.join(current, name)
            relative = os.path.relpath(path, top)
            if os.path.islink(path):
                found[relative] = "-> " + os.readlink(path)
            elif os.path.isfile(path):
                found[relative] = Path(path).read_bytes()
            else:
                found[relative] = "special"
    return found


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A fault must never hang a command (a FIFO read without care blocks forever)."""

    def expire(*_: object) -> None:
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_matrix(
    run: Run, repository: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, command: Command, fault: Fault
) -> None:
    root, outside = repository
    if fault.kind == "git":
        clone = root.parent / "shallow"
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)], check=True)
        root = clone
    fault.setup(root, outside)
    monkeypatch.chdir(root)
    (root / "out").mkdir(exist_ok=True)
    before, before_outside = _snapshot(root), _snapshot(outside.parent)
    result = run(*command.args, env={"GIT_AUTHOR_NAME": "A", "GIT_COMMITTER_NAME": "A", "RISKCTL_TODAY": TODAY})
    output = result.stdout + result.stderr
    assert result.exit_code == expected(command, fault), output
    assert "Traceback" not in output and "internal error" not in output, output
    if expected(command, fault) == 2 and fault.kind == "register" and not command.name.startswith(("check", "diff")):
        assert result.stdout == "", "an unusable register.yaml: no answer that could look whole"
    owners_only = (command.name, fault.name) in OWNERS_ONLY
    if fault.culprit is not None and command.reads != "history" and not owners_only:
        said = result.stderr if not command.name.startswith("check") else output
        assert any(form in said for form in _forms(fault.culprit)), output
    if fault.kind == "text":
        assert "\x1b" not in output and "\x07" not in output
        assert not any(line.startswith("::") for line in result.stdout.splitlines()), result.stdout
    output.encode("utf-8")  # always valid UTF-8 (str from the runner; surrogates would fail here)
    after = _snapshot(root)
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    assert all(any(fnmatch.fnmatch(path, allowed) for allowed in command.writes) for path in changed), changed
    assert _snapshot(outside.parent) == before_outside or changed  # nothing outside the target


STDOUT_COMMANDS = [c for c in COMMANDS if not c.writes and not c.writer]


@pytest.mark.parametrize("command", STDOUT_COMMANDS, ids=[c.name for c in STDOUT_COMMANDS])
def test_output_to_a_full_disk_is_said_by_every_command(
    repository: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, command: Command
) -> None:
    """The program itself, its output to /dev/full: exit 2 and why, never a status that says
    the output was written (Python's own file objects drop what a write could not take)."""
    import sys

    root, _ = repository
    env = {**os.environ, "RISKCTL_TODAY": TODAY, "RISKCTL_NO_CACHE": "1", "NO_COLOR": "1"}
    before = _snapshot(root)
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "riskctl", *command.args], cwd=root, env=env, stdout=full, stderr=subprocess.PIPE
        )
    error = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, error
    assert "riskctl: cannot write the output: No space left on device" in error
    assert "Traceback" not in error and "internal error" not in error
    assert _snapshot(root) == before
