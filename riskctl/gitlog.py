"""Reading git: every git command riskctl runs is started here (through ``gitstart``).

Returns plain named tuples.

History costs one ``git log --raw -z`` over the register paths plus one read of each
distinct file version through a single persistent ``git cat-file --batch`` process;
no process per commit. Revisions are resolved with ``rev-parse --verify
--end-of-options`` and only commit ids are passed on; a value starting with ``-`` is
refused before git sees it.
"""

from __future__ import annotations

import io
import os
import queue
import re
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from riskctl.errors import GitError
from riskctl.gitstart import (
    READ_SIZE,
    ROOT_AND_HEAD,
    Started,
    is_register_file,
    literal,
    log_arguments,
    spawn,
    take,
)

NULL_SHA = "0" * 40
# Every register file: register.yaml and the item files below risks/ and policies/.
_PATTERNS = ("**/register.yaml", "**/risks/*.yaml", "**/risks/*.yml", "**/policies/*.yaml", "**/policies/*.yml")


def pathspecs(scope: str = "") -> tuple[str, ...]:
    """Git pathspecs for the register files below ``scope`` (a directory relative to the root)."""
    prefix = f"{scope.rstrip('/')}/" if scope else ""
    return tuple(f":(glob){prefix}{pattern}" for pattern in _PATTERNS)


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FileChange(NamedTuple):
    path: str  # relative to the repository root, '/'-separated
    old: str | None  # blob id in the first parent, None when added
    new: str | None  # blob id in this commit, None when deleted


class Commit(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # ISO 8601 with offset, as git gives it
    message: str  # the subject line
    changes: tuple[FileChange, ...] = ()

    @property
    def day(self) -> str:
        return self.date[:10]


class Repository:
    """A git repository found from ``start``; ``close()`` ends the batch reader."""

    def __init__(self, start: Path | str = ".") -> None:
        self._batch: subprocess.Popen[bytes] | None = None
        self._head: str | None = None
        self._blobs: dict[str, bytes] = {}
        # one process for the root and HEAD; a repository without commits (or none) asks again
        out = self._run(*ROOT_AND_HEAD, cwd=Path(start), check=False)
        lines = out.decode("utf-8", "surrogateescape").splitlines()
        if len(lines) == 3 and re.fullmatch(r"[0-9a-f]{40,64}", lines[1]):
            top, self._head = lines[0], lines[1]
        else:
            top, self._head = self._git_text("rev-parse", "--show-toplevel", cwd=Path(start)).strip(), None
        self.root = Path(top)
        inside = Path(start).resolve().relative_to(self.root.resolve()).as_posix()
        self.scope = "" if inside == "." else inside  # history is read for registers below here

    # -- running git ---------------------------------------------------------

    def _run(self, *args: str, cwd: Path | None = None, check: bool = True) -> bytes:
        return self._start(*args, cwd=cwd, check=check)()

    def _start(
        self,
        *args: str,
        cwd: Path | None = None,
        check: bool = True,
        records: Callable[[bytes | None], None] | None = None,
    ) -> Callable[[], bytes]:
        """Start git; the returned function waits for it and gives its output.

        Output is read on a thread as git writes it, so git never waits on a full pipe
        while this process works. With ``records``, it is handed over as it arrives, cut
        before each ``\\x01`` (the mark ``start_log`` puts before every commit), so it is
        parsed while git is still writing, and then ``None``; the function then gives ``b""``.
        """
        try:
            where = os.path.abspath(cwd or self.root)
        except FileNotFoundError:  # a relative directory inside a working directory that has gone
            raise GitError(
                "the working directory no longer exists (deleted or moved); change to the registers' repository"
            ) from None
        process = take(args, where) or _spawn(args, where)
        chunks: list[bytes] = []
        errors: list[bytes] = []
        failures: list[BaseException] = []

        def read_output() -> None:
            pending = b""
            try:
                while block := os.read(process.stdout, READ_SIZE):
                    if records is None:
                        chunks.append(block)
                        continue
                    pending += block
                    cut = pending.rfind(b"\x01")
                    if cut > 0:
                        records(pending[:cut])
                        pending = pending[cut:]
                if records is not None and pending:
                    records(pending)
            except BaseException as error:  # handed to the caller by finish()
                failures.append(error)
                while os.read(process.stdout, READ_SIZE):  # let git finish
                    pass
            finally:
                if records is not None:
                    records(None)

        def read_errors() -> None:
            while block := os.read(process.stderr, READ_SIZE):
                errors.append(block)

        readers = [threading.Thread(target=read_output, daemon=True), threading.Thread(target=read_errors, daemon=True)]
        for reader in readers:
            reader.start()

        def finish() -> bytes:
            for reader in readers:
                reader.join()
            process.close()
            if check and process.returncode != 0:
                raise _explain(b"".join(errors).decode("utf-8", "replace"), args)
            if failures:
                raise failures[0]
            return b"".join(chunks)

        return finish

    def _git_text(self, *args: str, cwd: Path | None = None) -> str:
        return self._run(*args, cwd=cwd).decode("utf-8", "replace")

    # -- revisions -----------------------------------------------------------

    def resolve(self, revision: str) -> str:
        """The commit id ``revision`` names; GitError for anything else."""
        if not revision or revision.startswith("-"):
            raise GitError(f"refusing the revision {revision!r}: it must not start with '-'")
        out = self._run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", check=False)
        sha = out.decode().strip()
        if not re.fullmatch(r"[0-9a-f]{40,64}", sha):
            raise GitError(f"unknown revision '{revision}'{self._shallow_hint()}")
        return sha

    def resolve_at(self, value: str) -> str:
        """A revision, or a DATE meaning the last commit on or before the end of that day."""
        if _DATE_ONLY.match(value):
            out = self._git_text("rev-list", "-1", f"--before={value}T23:59:59", "HEAD", "--").strip()
            if not out:
                raise GitError(f"no commit on or before {value}{self._shallow_hint()}")
            return out
        return self.resolve(value)

    def merge_base(self, *candidates: str) -> str | None:
        """The merge-base of HEAD and the first of ``candidates`` that exists."""
        for name in candidates:
            out = self._run("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False).decode().strip()
            if out:
                base = self._run("merge-base", out, "HEAD", check=False).decode().strip()
                if base:
                    return base
        return None

    def is_shallow(self) -> bool:
        return self._git_text("rev-parse", "--is-shallow-repository").strip() == "true"

    def _shallow_hint(self) -> str:
        if self.is_shallow():
            return (
                "; this is a shallow clone, so older history is missing: fetch it with "
                "'git fetch --unshallow' (in GitHub Actions: actions/checkout with fetch-depth: 0)"
            )
        return ""

    def head(self) -> str | None:
        if self._head is None:
            out = self._run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).decode().strip()
            self._head = out or None
        return self._head

    def is_dirty(self) -> bool:
        out = self._run("status", "--porcelain", "-z", "--untracked-files=normal", "--", *pathspecs(self.scope))
        return bool(out.strip(b"\0"))

    def commit_file(self, path: Path, message: str) -> str:
        """Commit ``path`` alone (other staged changes are left staged) and return the commit id."""
        relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        self._run("add", "--", relative)
        self._run("commit", "--quiet", "--only", "-m", message, "--", relative)
        self._head = None
        return self._git_text("rev-parse", "--verify", "HEAD^{commit}").strip()

    # -- history -------------------------------------------------------------

    def start_log(
        self,
        revision: str = "HEAD",
        *,
        since: str | None = None,
        until: str | None = None,
        exclude: Sequence[str] = (),
        paths: Sequence[str] | None = None,
        whole: bool = False,
        arriving: Callable[[list[Commit]], None] | None = None,
    ) -> Callable[[], list[Commit]]:
        """Start git's log; the returned function waits for it and gives the commits.

        The commits are those that changed register files, newest first, with those
        changes; the caller may work while git runs.

        ``exclude`` leaves out commits reachable from those commit ids (already read);
        ``paths`` limits the log to those files (relative to the root) instead of the scope;
        ``whole`` reads the whole repository whatever the scope; ``arriving`` is handed the
        commits in batches as git writes them, by the returned function while it waits.
        Every branch that changed a file is followed (``--full-history``), so a commit
        appears whichever paths are asked about. Merge commits list a file only when it
        differs from every parent (a conflict resolved by hand); what a merge brings in is
        shown on the merged commits. Glob pathspecs make git's own walk several times
        slower, so git is given literal paths and register files are picked out here.
        """
        for sha in exclude:
            if not re.fullmatch(r"[0-9a-f]{40,64}", sha):
                raise GitError(f"not a commit id: {sha!r}")
        if paths is not None:
            if not paths:
                return list
            specs = [literal(path) for path in paths]
        elif self.scope and not whole:
            specs = [literal(self.scope)]
        else:  # no pathspec at all: even ':(top)' makes git's walk about 40% slower
            specs = []
        args = log_arguments(revision, since=since, until=until, exclude=exclude, pathspecs=specs)
        found: list[Commit] = []
        batches: queue.SimpleQueue[list[Commit] | None] = queue.SimpleQueue()

        def take(raw: bytes | None) -> None:
            if raw is None:
                batches.put(None)
                return
            batch = []
            for commit in parse_log(raw):
                changes = tuple(change for change in commit.changes if is_register_file(change.path))
                if changes:
                    batch.append(commit._replace(changes=changes))
            found.extend(batch)
            if batch:
                batches.put(batch)

        finish = self._start(*args, records=take)

        def commits() -> list[Commit]:
            try:
                # batches are handed on here, not on the reading thread, which stays free to
                # read: git would otherwise wait on a full pipe while they are worked on
                ended = arriving is None
                while not ended:
                    batch: list[Commit] = []
                    while True:  # a batch, with whatever else came meanwhile
                        more = batches.get()
                        if more is None:
                            ended = True
                            break
                        batch += more
                        if batches.empty():
                            break
                    if batch and arriving is not None:
                        arriving(batch)
            finally:
                finish()
            return found

        return commits

    def tree_files(self, revision: str) -> dict[str, str]:
        """``{path: blob id}`` of the register files at ``revision``."""
        out = self._run("ls-tree", "-r", "-z", "--full-tree", revision)
        files: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            name = path.decode("utf-8", "surrogateescape")
            inside = not self.scope or name.startswith(f"{self.scope}/")
            if kind == "blob" and mode != "120000" and inside and is_register_file(name):  # no symlinks
                files[name] = sha
        return files

    # -- blobs ---------------------------------------------------------------

    def blob(self, sha: str) -> bytes:
        """A file version's bytes, read once through the persistent batch reader."""
        cached = self._blobs.get(sha)
        if cached is not None:
            return cached
        process = self._reader()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(sha.encode() + b"\n")
        process.stdin.flush()
        header = process.stdout.readline().split()
        if len(header) != 3:
            raise GitError(f"git could not read object {sha}")
        size = int(header[2])
        data = _read_exact(process.stdout, size)
        process.stdout.read(1)  # the newline after the content
        self._blobs[sha] = data
        return data

    def prefetch(self, shas: Iterable[str | None]) -> None:
        """Read many blobs in one stream: ids are written by a thread while answers are read."""
        wanted = [sha for sha in dict.fromkeys(shas) if sha and sha not in self._blobs]
        if not wanted:
            return
        process = self._reader()
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None and isinstance(stdout, io.BufferedReader)

        def feed() -> None:
            try:
                stdin.write(b"".join(sha.encode() + b"\n" for sha in wanted))
                stdin.flush()
            except (BrokenPipeError, ValueError):  # the reader died; the read below reports it
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        # answers are read in large blocks and cut here: a read per blob would give up the
        # interpreter lock thousands of times, and wait for it as often when a thread is busy
        buffer, at = bytearray(), 0

        def fill(size: int) -> None:
            block = stdout.read1(max(size, READ_SIZE))
            if not block:
                raise GitError("git stopped answering while reading file versions")
            buffer.extend(block)

        try:
            for sha in wanted:
                while (end := buffer.find(b"\n", at)) < 0:
                    fill(0)
                header = buffer[at:end].split()
                if len(header) != 3:
                    raise GitError(f"git could not read object {sha}")
                start = end + 1
                end = start + int(header[2])
                while len(buffer) <= end:  # the content and its newline
                    fill(end + 1 - len(buffer))
                self._blobs[sha] = bytes(buffer[start:end])
                at = end + 1
                if at > READ_SIZE:
                    del buffer[:at]
                    at = 0
        finally:
            writer.join()

    def _reader(self) -> subprocess.Popen[bytes]:
        if self._batch is None:
            try:
                self._batch = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.root,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except FileNotFoundError:
                raise GitError("git is not installed (or not on PATH); history commands need it") from None
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


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            raise GitError("git cat-file stopped early")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def parse_log(raw: bytes) -> Iterator[Commit]:
    """Parse ``git log -z --raw -c --format=%x01...`` output."""
    for chunk in raw.split(b"\x01"):
        if not chunk.strip():
            continue
        sha, parents, author, email, date, rest = chunk.split(b"\0", 5)
        subject, _, entries = rest.partition(b"\0")
        tokens = entries.split(b"\0")
        changes = []
        index = 0
        while index < len(tokens):
            meta = tokens[index].lstrip(b"\n")
            if not meta.startswith(b":"):
                index += 1
                continue
            path = tokens[index + 1].decode("utf-8", "surrogateescape")
            index += 2
            colons = len(meta) - len(meta.lstrip(b":"))
            fields = meta[colons:].decode().split()
            shas = fields[colons + 1 : 2 * colons + 2]
            old, new = shas[0], shas[-1]
            changes.append(FileChange(path, None if old == NULL_SHA else old, None if new == NULL_SHA else new))
        yield Commit(
            sha=sha.decode(),
            parents=tuple(parents.decode().split()),
            author=author.decode("utf-8", "replace"),
            email=email.decode("utf-8", "replace"),
            date=date.decode(),
            message=subject.decode("utf-8", "replace"),
            changes=tuple(changes),
        )


def _spawn(args: Sequence[str], cwd: str) -> Started:
    try:
        return spawn(args, cwd)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); history commands need it") from None


def _explain(stderr: str, args: Sequence[str]) -> GitError:
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
