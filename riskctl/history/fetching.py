"""File versions read from a running ``git cat-file --batch`` (which ``git`` starts): ids
are written as they become known while a thread reads the answers, so reading goes on
while git writes its log, and neither side waits on a full pipe. And ``Lookup``: which
version a tree holds at a path, from a running ``git cat-file --batch-check``.
"""

from __future__ import annotations

import contextlib
import queue
import re
import threading
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from riskctl.model.errors import GitError

if TYPE_CHECKING:
    import subprocess

SHA = re.compile(r"[0-9a-f]{40,64}")


class Fetching:
    """File versions read from ``git cat-file --batch`` as their ids are asked for (written
    here, the answers read by a thread), into ``blobs``. One git cannot answer for is left
    out; if git answers otherwise, or stops, it is ended, and what was not read is left out."""

    def __init__(self, process: subprocess.Popen[bytes], blobs: dict[str, bytes]) -> None:
        self.process = process
        self.blobs = blobs
        self.asked: set[str] = set()
        self.queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def ask(self, shas: Iterable[str | None]) -> None:
        wanted = [sha for sha in dict.fromkeys(shas) if sha and sha not in self.asked and sha not in self.blobs]
        wanted = [sha for sha in wanted if SHA.fullmatch(sha)]
        self.asked.update(wanted)
        for sha in wanted:
            self.queue.put(sha)
        stdin = self.process.stdin
        assert stdin is not None
        with contextlib.suppress(BrokenPipeError, ValueError):  # it has ended: the thread stops too
            stdin.write(b"".join(sha.encode() + b"\n" for sha in wanted))
            stdin.flush()

    def finish(self) -> None:
        """Wait for every answer."""
        self.queue.put(None)
        self.thread.join()

    def stop(self) -> None:
        """End git's reading, answered or not."""
        self.process.kill()
        self.process.wait()  # so that the next reading sees it has ended, and starts another
        self.finish()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while (sha := self.queue.get()) is not None:
            header = stdout.readline().split()
            if header == [sha.encode(), b"missing"]:
                continue
            try:
                if len(header) != 3 or header[0] != sha.encode():
                    raise GitError("git answered for another object")
                blob = _read_exact(stdout, int(header[2]))
                stdout.read(1)  # the newline after the content
            except (GitError, ValueError):
                self.process.kill()  # so that no write to it waits, and the next reading starts another
                self.process.wait()
                while self.queue.get() is not None:
                    pass
                return
            self.blobs[sha] = blob


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            raise GitError("git stopped answering while reading file versions")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class Lookup:
    """What a revision's tree holds at given paths, asked of a running ``git cat-file
    --batch-check`` (``REVISION:PATH`` a line, so a path may not hold a newline)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    def blobs(self, revision: str, paths: Iterable[str]) -> dict[str, str]:
        """The file version ``revision``'s tree holds at each of ``paths`` that it has."""
        if not SHA.fullmatch(revision):
            raise GitError(f"not an object id: {revision!r}")
        paths = list(dict.fromkeys(paths))
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(b"".join(f"{revision}:{path}\n".encode("utf-8", "surrogateescape") for path in paths))
            stdin.flush()
        except (BrokenPipeError, ValueError):
            raise GitError("git stopped answering while reading a tree") from None
        found = {}
        for path in paths:
            answer = stdout.readline()
            fields = answer.split()
            if answer.endswith(b" missing\n"):  # not in that tree
                continue
            if len(fields) != 3 or not SHA.fullmatch(fields[0].decode("ascii", "replace")):
                raise GitError(f"git could not read the tree of {revision}")
            if fields[1] == b"blob":  # (a folder or a submodule of that name is no file)
                found[path] = fields[0].decode()
        return found
