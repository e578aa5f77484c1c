"""The one place riskctl starts a process: git, through ``subprocess``.

Small functions over one helper, as pre-commit's ``git.py``. History costs one
``git log --raw -z`` plus one read of each distinct file version through a single
persistent ``git cat-file --batch``, and the register.yaml files of a merge whose parents
disagree through one ``git cat-file --batch-check``; no process per commit. Revisions are resolved with
``rev-parse --verify --end-of-options``, and a value starting with ``-`` (or empty) is
refused before git sees it. A shallow clone is never taken for the whole history.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import subprocess
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from subprocess import DEVNULL, PIPE
from typing import IO

from riskctl.history.commits import Commit, TreeEntry, register_commits, tree_entries, whole_records
from riskctl.history.fetching import SHA, Fetching, Lookup
from riskctl.history.words import DATE_ONLY, SHALLOW, check_revision, explain
from riskctl.model.errors import GitError
from riskctl.reading.layout import REGISTER_FILE, is_register_file, register_scope, register_yaml


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
        self._listener: threading.Thread | None = None  # reads git's messages while ``pieces`` reads its output
        _widen(self._process.stdout)

    def output(self, *, check: bool = True) -> bytes:
        out, stderr = self._process.communicate(self._stdin)
        if check and self._process.returncode != 0:
            raise explain(stderr.decode("utf-8", "replace"), self.args)
        return out

    def pieces(self) -> Iterator[bytes]:
        """The output as git writes it, piece by piece; then, as ``output``, GitError if git failed."""
        stdout, stderr = self._process.stdout, self._process.stderr
        assert self._stdin is None and stdout is not None and stderr is not None
        said: list[bytes] = []
        self._listener = threading.Thread(target=lambda: said.append(stderr.read()), daemon=True)
        self._listener.start()  # git's messages are read as they come, so git never waits to write one
        while piece := os.read(stdout.fileno(), 1 << 20):
            yield piece
        self._listener.join()
        if self._process.wait() != 0:
            raise explain(b"".join(said).decode("utf-8", "replace"), self.args)

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.returncode is None:  # not waited for: the caller gave up on it
            if self._process.poll() is None:
                self._process.kill()
            if self._listener is None:
                self._process.communicate()
            else:  # its messages are being read already
                self._listener.join()
                self._process.wait()
        for stream in (self._process.stdout, self._process.stderr):  # read piece by piece: still open
            if stream is not None:
                stream.close()


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


class Repository:
    """A git repository found from ``start``; ``close()`` ends the file-version reader."""

    def __init__(self, start: Path | str = ".") -> None:
        self._batch: subprocess.Popen[bytes] | None = None
        self._lookup: Lookup | None = None
        self._blobs: dict[str, bytes] = {}
        try:
            here = Path(start).resolve()
        except FileNotFoundError:
            raise GitError("the working directory no longer exists (deleted or moved)") from None
        out = run(["rev-parse", "--show-toplevel"], here).decode("utf-8", "surrogateescape").strip()
        self.root = Path(out)
        inside = here.relative_to(self.root.resolve()).as_posix() if here != self.root.resolve() else "."
        self.scope = register_scope("" if inside == "." else inside)  # history is read for the registers below here
        self._head: str | None = None
        self.links: dict[str, tuple[str, ...]] = {}  # the parents of the logged commits that changed no register file
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
        if not SHA.fullmatch(sha):
            if self.is_shallow():
                raise GitError(f"unknown revision '{revision}': {SHALLOW}")
            raise GitError(f"unknown revision '{revision}'")
        return sha

    def resolve_at(self, value: str, option: str = "--at") -> str:
        """A revision, or a DATE meaning the last commit on or before the end of that day on
        HEAD's first-parent line (the branch as it stood then, never a branch merged later)."""
        check_revision(value, option)
        if DATE_ONLY.match(value):
            out = self.text("rev-list", "-1", "--first-parent", f"--before={value}T23:59:59", "HEAD", "--").strip()
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

    def log(self, revision: str = "HEAD", *, first_parent: bool = False) -> list[Commit]:
        """Commits that changed register files, newest first, with those changes (the walk keeps
        the items below ``scope``, and every register.yaml); with ``first_parent``, only the
        commits of ``revision``'s first-parent line, a merge with all it changed on that line."""
        with self.start_log(revision, first_parent=first_parent) as running:
            return register_commits(running.output(), self.links)

    def read_log(
        self,
        running: Running,
        versions: Callable[[Commit], Iterable[str | None]],
        arrived: Callable[[bool], None] = lambda done: None,
    ) -> tuple[bytes, list[Commit]]:
        """What a started log writes, and its register commits (in its order, as
        ``register_commits`` reads them), read as git writes them; meanwhile the file versions
        that ``versions`` names for each commit are read, to be in memory when git is done.
        ``arrived`` is told, now and then, that more may be (``ready``), and last that all are."""
        output: list[bytes] = []
        commits: list[Commit] = []
        fetching = self._fetching()
        try:
            for records in whole_records(running.pieces()):
                output.append(records)
                found = register_commits(records, self.links)
                commits += found
                fetching.ask(sha for commit in found for sha in versions(commit))
                arrived(False)
        except BaseException:
            fetching.stop()
            raise
        fetching.finish()
        arrived(True)
        return b"".join(output), commits

    def ready(self, sha: str) -> bytes | None:
        """The file version if it has been read already (never asks git: safe while ``read_log`` reads)."""
        return self._blobs.get(sha)

    def start_log(self, revision: str = "HEAD", *, oldest_first: bool = False, first_parent: bool = False) -> Running:
        """Start git's own log of the commits that changed files, newest first (or
        ``oldest_first``), with their changes: what ``log`` reads, and all it reads (with the
        file versions it names).

        Every branch that changed a file is followed (``--full-history``), so a commit
        appears whichever paths are asked about. Merge commits list a file only when it
        differs from every parent (a conflict resolved by hand); what a merge brings in is
        shown on the merged commits. With ``first_parent`` only the commits of the first-parent
        line are listed, a merge with every file it changed there (what a report's trend
        follows). Register files are picked out here: glob pathspecs make git's own walk
        several times slower.
        """
        lines = ["-m", "--first-parent"] if first_parent else ["-c", "--full-history"]
        args = ["log", "-z", "--raw", "--no-abbrev", "--no-renames", *lines, "--no-color"]
        args.append("--encoding=UTF-8")  # names and subjects as UTF-8, whatever i18n.logOutputEncoding says
        args.append("--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%s")
        if oldest_first:  # the very same commits in the opposite order, written as git goes
            args.append("--reverse")
        args += ["--end-of-options", revision, "--"]  # every register.yaml: a scheme may come from any (scoring.from)
        return Running(args, self.root)

    def tree(self, revision: str) -> list[TreeEntry]:
        """Every entry of ``revision``'s tree (blobs, symlinks, submodules), paths from the root."""
        return list(tree_entries(self.git("ls-tree", "-r", "-z", "--full-tree", "--end-of-options", revision)))

    def register_files(self, revision: str, directories: Collection[str] | None = None) -> dict[str, str]:
        """The register.yaml versions ``revision``'s tree holds, by register directory: all of
        them (from its listing), or those of ``directories`` (``files_at``)."""
        if directories is not None:
            found = self.files_at(revision, [register_yaml(directory) for directory in directories])
            return {posixpath.dirname(path): sha for path, sha in found.items()}
        entries = tree_entries(self.git("ls-tree", "-r", "-z", "--full-tree", "--end-of-options", revision))
        return {posixpath.dirname(e.path): e.sha for e in entries if e.kind == "blob" and e.name == REGISTER_FILE}

    def files_at(self, revision: str, paths: Collection[str]) -> dict[str, str]:
        """The file version ``revision``'s tree holds at each of ``paths`` that it has, asked of
        one running ``cat-file --batch-check`` (a merge's tree is asked this way, one at a time);
        a path with a newline, which would end a question, from the tree's listing."""
        plain = [path for path in paths if "\n" not in path]
        found: dict[str, str] = {}
        if plain:
            if self._lookup is None or self._lookup.process.poll() is not None:
                self._lookup = Lookup(
                    start(["cat-file", "--batch-check"], self.root, stdin=PIPE, stdout=PIPE, stderr=DEVNULL)
                )
            found = self._lookup.blobs(revision, plain)
        if len(plain) < len(paths):
            rest = set(paths) - set(plain)
            entries = tree_entries(self.git("ls-tree", "-r", "-z", "--full-tree", "--end-of-options", revision))
            found.update((e.path, e.sha) for e in entries if e.kind == "blob" and e.path in rest)
        return found

    # -- file versions -------------------------------------------------------

    def blob(self, sha: str) -> bytes:
        if sha not in self._blobs:
            self.prefetch([sha])
        return self._blobs[sha]

    def prefetch(self, shas: Iterable[str | None]) -> None:
        """Read many file versions in one stream: ids are written while answers are read."""
        wanted = [sha for sha in dict.fromkeys(shas) if sha and sha not in self._blobs]
        for sha in wanted:
            if not SHA.fullmatch(sha):
                raise GitError(f"not an object id: {sha!r}")
        fetching = self._fetching()
        fetching.ask(wanted)
        fetching.finish()
        missing = next((sha for sha in wanted if sha not in self._blobs), None)
        if missing is not None:
            raise GitError(f"git could not read object {missing}")

    def _fetching(self) -> Fetching:
        """Reading from the one ``git cat-file --batch`` (started again if it has ended)."""
        if self._batch is not None and self._batch.poll() is not None:
            self.close()
        if self._batch is None:
            self._batch = start(
                ["cat-file", "--batch"],
                self.root,
                stdin=PIPE,
                stdout=PIPE,
                stderr=DEVNULL,
            )
        return Fetching(self._batch, self._blobs)

    def close(self) -> None:
        for process in (self._batch, self._lookup.process if self._lookup else None):
            if process is not None:
                for stream in (process.stdin, process.stdout):
                    if stream is not None:
                        with contextlib.suppress(BrokenPipeError):  # it has ended already
                            stream.close()
                process.wait()
        self._batch = self._lookup = None

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _env_identity() -> bool:
    return bool(os.environ.get("GIT_AUTHOR_NAME") and os.environ.get("GIT_COMMITTER_NAME"))
