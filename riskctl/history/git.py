"""The one place riskctl starts a process: git, through ``subprocess``.

Small functions over one helper, as pre-commit's ``git.py``. History costs one
``git log --raw -z`` plus one read of each distinct file version through a single
persistent ``git cat-file --batch``; no process per commit. Revisions are resolved with
``rev-parse --verify --end-of-options``, and a value starting with ``-`` (or empty) is
refused before git sees it. A shallow clone is never taken for the whole history.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from riskctl.history.commits import Commit, register_commits
from riskctl.model.errors import GitError, UsageError
from riskctl.reading.layout import DIR_KINDS, is_register_file

_SHA = re.compile(r"[0-9a-f]{40,64}")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHALLOW = (
    "this is a shallow clone, so the history riskctl needs is missing: fetch it with "
    "'git fetch --unshallow' (in GitHub Actions: actions/checkout with fetch-depth: 0)"
)


class TreeEntry(NamedTuple):
    path: str  # relative to the repository root
    mode: str
    kind: str  # blob | tree | commit (a submodule)
    sha: str


def run(args: Sequence[str], cwd: str | Path, *, check: bool = True, stdin: bytes | None = None) -> bytes:
    """``git ARGS`` in ``cwd``: its output, or GitError with git's reason in words."""
    with Running(args, cwd, stdin) as running:
        return running.output(check=check)


class Running:
    """``git ARGS`` started in ``cwd``; ``output()`` waits for it. Leaving the ``with`` block
    ends it, if it is still running."""

    def __init__(self, args: Sequence[str], cwd: str | Path, stdin: bytes | None = None) -> None:
        self.args = list(args)
        self._stdin = stdin
        self._process = start(args, cwd, stdin=None if stdin is None else subprocess.PIPE, stdout=subprocess.PIPE)
        _widen(self._process.stdout)

    def output(self, *, check: bool = True) -> bytes:
        out, stderr = self._process.communicate(self._stdin)
        if check and self._process.returncode != 0:
            raise explain(stderr.decode("utf-8", "replace"), self.args)
        return out

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.returncode is None:  # not waited for: the caller gave up on it
            if self._process.poll() is None:
                self._process.kill()
            self._process.communicate()


def _widen(pipe: IO[bytes] | None) -> None:
    """Let git write up to 1 MiB before it waits for riskctl to read (Linux; 64 KiB otherwise),
    so that git goes on with its log while riskctl does other work."""
    with contextlib.suppress(ImportError, AttributeError, OSError, ValueError):
        import fcntl

        if pipe is not None:
            fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


# Every git process sees the commits as they are: not replaced by ``git replace`` refs or
# the old grafts file, local substitutions that are not part of the history (and would let
# a clone show another author or another version than its commits hold).
_ENVIRONMENT = {"GIT_NO_REPLACE_OBJECTS": "1", "GIT_GRAFT_FILE": os.devnull}


def start(
    args: Sequence[str], cwd: str | Path, *, stdin: int | None, stdout: int, stderr: int = subprocess.PIPE
) -> subprocess.Popen[bytes]:
    """Start ``git ARGS``; GitError when git cannot be run at all."""
    try:
        return subprocess.Popen(
            ["git", *args],
            cwd=cwd,
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            env={**os.environ, **_ENVIRONMENT},
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); this command needs it") from None
    except NotADirectoryError:
        raise GitError(f"{cwd} is not a directory") from None
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from None


def explain(stderr: str, args: Sequence[str]) -> GitError:
    text = stderr.strip()
    if "not a git repository" in text:
        return GitError("not a git repository: this needs the registers' git history (run it inside the repository)")
    if "dubious ownership" in text:
        path = re.search(r"safe\.directory '?([^'\n]+)'?", text)
        where = path.group(1) if path else "<path>"
        return GitError(
            f"git refuses this repository because another user owns it (dubious ownership); "
            f"if you trust it: git config --global --add safe.directory {where}"
        )
    if "does not have any commits" in text or "bad default revision" in text:
        return GitError("the repository has no commits yet")
    first = text.splitlines()[0] if text else f"git {' '.join(args[:2])} failed"
    return GitError(f"git: {first}")


def check_revision(value: str, option: str) -> None:
    """Refuse, before any git runs, a revision that cannot be one (empty, or an option)."""
    if not value.strip():
        raise UsageError(f"{option}: an empty revision; give a commit, branch, tag or DATE")
    if value.startswith("-"):
        raise UsageError(f"{option} {value}: a revision must not start with '-'")
    if _DATE_ONLY.match(value):
        from riskctl.model.dates import DateError, parse_date

        try:
            parse_date(value)
        except DateError as error:
            raise UsageError(f"{option}: {error}") from None


class Repository:
    """A git repository found from ``start``; ``close()`` ends the file-version reader."""

    def __init__(self, start: Path | str = ".") -> None:
        self._batch: subprocess.Popen[bytes] | None = None
        self._blobs: dict[str, bytes] = {}
        try:
            here = Path(start).resolve()
        except FileNotFoundError:
            raise GitError("the working directory no longer exists (deleted or moved)") from None
        out = run(["rev-parse", "--show-toplevel"], here).decode("utf-8", "surrogateescape").strip()
        self.root = Path(out)
        inside = here.relative_to(self.root.resolve()).as_posix() if here != self.root.resolve() else "."
        self.scope = _register_scope("" if inside == "." else inside)  # history is read for the registers below here
        self._head: str | None = None
        self._shallow: bool | None = None

    def git(self, *args: str, check: bool = True) -> bytes:
        return run(args, self.root, check=check)

    def text(self, *args: str) -> str:
        return self.git(*args).decode("utf-8", "replace")

    # -- revisions -----------------------------------------------------------

    def head(self) -> str | None:
        """HEAD's commit; None before the first commit. A HEAD that names a commit git cannot
        read (missing or damaged objects) is a GitError, never taken for an empty history."""
        if self._head is None:
            out = self.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).decode().strip()
            if not out:
                named = self.git("rev-parse", "--verify", "--quiet", "HEAD", check=False).decode().strip()
                if named:
                    raise GitError(f"HEAD names {named[:12]}, which git cannot read here: run git fsck")
            self._head = out or None
        return self._head

    def resolve(self, revision: str, option: str = "revision") -> str:
        """The commit id ``revision`` names; GitError (with how to fetch, when shallow) otherwise."""
        check_revision(revision, option)
        out = self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", check=False)
        sha = out.decode().strip()
        if not _SHA.fullmatch(sha):
            if self.is_shallow():
                raise GitError(f"unknown revision '{revision}': {SHALLOW}")
            raise GitError(f"unknown revision '{revision}'")
        return sha

    def resolve_at(self, value: str, option: str = "--at") -> str:
        """A revision, or a DATE meaning the last commit on or before the end of that day."""
        check_revision(value, option)
        if _DATE_ONLY.match(value):
            out = self.text("rev-list", "-1", f"--before={value}T23:59:59", "HEAD", "--").strip()
            if not out:
                if self.is_shallow():
                    raise GitError(f"no commit on or before {value} in this clone: {SHALLOW}")
                raise GitError(f"no commit on or before {value}")
            return out
        return self.resolve(value, option)

    def merge_base(self, *candidates: str) -> str | None:
        """The merge-base of HEAD and the first of ``candidates`` that exists."""
        for name in candidates:
            out = self.git("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False).decode().strip()
            if out:
                base = self.git("merge-base", out, "HEAD", check=False).decode().strip()
                if base:
                    return base
                if self.is_shallow():
                    raise GitError(f"cannot find where HEAD left {name}: {SHALLOW}")
        return None

    def is_shallow(self) -> bool:
        if self._shallow is None:
            self._shallow = self.text("rev-parse", "--is-shallow-repository").strip() == "true"
        return self._shallow

    def refuse_shallow(self) -> None:
        """For answers that need the whole history (``history``, ``audit``)."""
        if self.is_shallow():
            raise GitError(SHALLOW)

    def is_dirty(self) -> bool:
        out = self.git("status", "--porcelain", "-z", "--untracked-files=normal", "--", *self._scope_spec())
        return bool(out.strip(b"\0"))

    def _scope_spec(self) -> list[str]:
        return [f":(top,literal){self.scope}"] if self.scope else [":(top)"]

    def can_commit(self) -> None:
        """Fail now, before anything is edited, if a commit could not be made here."""
        if not self.text("config", "--get", "user.name").strip() and not _env_identity():
            raise GitError("git has no user.name; set it (git config user.name NAME) before --commit")

    def user_name(self) -> str | None:
        out = self.git("config", "--get", "user.name", check=False).decode("utf-8", "replace").strip()
        return out or None

    def commit_file(self, path: Path, message: str) -> str:
        """Commit ``path`` alone (other staged changes stay staged) and return the commit id."""
        relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        self.git("add", "--", f":(literal){relative}")
        self.git("commit", "--quiet", "--only", "-m", message, "--", f":(literal){relative}")
        self._head = None
        return self.text("rev-parse", "--verify", "HEAD^{commit}").strip()

    def deleted(self, since: str | None = None, until: str | None = None) -> list[str]:
        """Register files deleted (paths from the root): staged for the next commit, or between
        ``since`` and ``until`` (what pre-commit checks with ``--from-ref``/``--to-ref``)."""
        if since and until:
            args = ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=D", f"{since}...{until}", "--"]
        else:
            args = ["diff", "--cached", "--name-only", "-z", "--no-renames", "--diff-filter=D", "--"]
        paths = self.git(*args).decode("utf-8", "surrogateescape").split("\0")
        return [path for path in paths if path and is_register_file(path)]

    # -- history -------------------------------------------------------------

    def log(self, revision: str = "HEAD", *, until: str | None = None) -> list[Commit]:
        """Commits that changed register files, newest first, with those changes (the walk keeps
        the items below ``scope``, and every register.yaml)."""
        with self.start_log(revision, until=until) as running:
            return register_commits(running.output())

    def start_log(self, revision: str = "HEAD", *, until: str | None = None) -> Running:
        """Start git's own log of the commits that changed files, newest first,
        with their changes: what ``log`` reads, and all it reads (with the file versions it names).

        Every branch that changed a file is followed (``--full-history``), so a commit
        appears whichever paths are asked about. Merge commits list a file only when it
        differs from every parent (a conflict resolved by hand); what a merge brings in is
        shown on the merged commits. Register files are picked out here: glob pathspecs
        make git's own walk several times slower.
        """
        args = ["log", "-z", "--raw", "--no-abbrev", "--no-renames", "-c", "--full-history", "--no-color"]
        args.append("--encoding=UTF-8")  # names and subjects as UTF-8, whatever i18n.logOutputEncoding says
        args.append("--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%s")
        if until:
            args.append(f"--until={until}")
        args += ["--end-of-options", revision, "--"]  # every register.yaml: a scheme may come from any (scoring.from)
        return Running(args, self.root)

    def tree(self, revision: str) -> list[TreeEntry]:
        """Every entry of ``revision``'s tree (blobs, symlinks, submodules), paths from the root."""
        out = self.git("ls-tree", "-r", "-z", "--full-tree", "--end-of-options", revision)
        entries = []
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            entries.append(TreeEntry(path.decode("utf-8", "surrogateescape"), mode, kind, sha))
        return entries

    # -- file versions -------------------------------------------------------

    def blob(self, sha: str) -> bytes:
        if sha not in self._blobs:
            self.prefetch([sha])
        return self._blobs[sha]

    def prefetch(self, shas: Iterable[str | None]) -> None:
        """Read many file versions in one stream: ids are written by a thread while answers are read."""
        wanted = [sha for sha in dict.fromkeys(shas) if sha and sha not in self._blobs]
        if not wanted:
            return
        for sha in wanted:
            if not _SHA.fullmatch(sha):
                raise GitError(f"not an object id: {sha!r}")
        process = self._reader()
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None and stdout is not None

        def feed() -> None:
            try:
                stdin.write(b"".join(sha.encode() + b"\n" for sha in wanted))
                stdin.flush()
            except (BrokenPipeError, ValueError):  # the reader died; the read below reports it
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            for sha in wanted:
                header = stdout.readline().split()
                if len(header) != 3:
                    raise GitError(f"git could not read object {sha}")
                self._blobs[sha] = _read_exact(stdout, int(header[2]))
                stdout.read(1)  # the newline after the content
        finally:
            writer.join()

    def _reader(self) -> subprocess.Popen[bytes]:
        if self._batch is None:
            self._batch = start(
                ["cat-file", "--batch"],
                self.root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self._batch

    def close(self) -> None:
        if self._batch is not None:
            for stream in (self._batch.stdin, self._batch.stdout):
                if stream is not None:
                    stream.close()
            self._batch.wait()
            self._batch = None

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _register_scope(inside: str) -> str:
    """The directory history is read below: where riskctl runs, or, from inside a register's
    ``risks/`` or ``policies/`` folder, that register (whose register.yaml scores its items)."""
    parts = inside.split("/") if inside else []
    for index, part in enumerate(parts):
        if part in DIR_KINDS:
            return "/".join(parts[:index])
    return inside


def _env_identity() -> bool:
    return bool(os.environ.get("GIT_AUTHOR_NAME") and os.environ.get("GIT_COMMITTER_NAME"))


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            raise GitError("git stopped answering while reading file versions")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
