"""Standard output, every write of it checked (see ``checked_stdout``).

Imports ``model`` only, and little of the standard library: the program puts this in
place before anything else, so it is on every command's start-up path.
"""

from __future__ import annotations

import io
import os
import select
import sys
from typing import Any

from riskctl.model.errors import OutputError

CLOSED = "cannot write the output: standard output is closed"


def to_stdout(data: bytes) -> None:
    """Write ``data`` to standard output: all of it, or OutputError (see ``checked_stdout``)."""
    stream = sys.stdout
    if stream is None:
        raise OutputError(CLOSED)
    stream.flush()
    if hasattr(stream, "buffer"):
        stream.buffer.write(data)
    else:  # a test's capture of text
        stream.write(data.decode("utf-8"))
    stream.flush()


def checked_stdout() -> None:
    """Make standard output check every write (the program does this first).

    Python's own file objects drop what a write could not take (a full disk, ``ulimit -f``)
    without a word, so a command could end with half its output and status 0. Here each
    write is written whole or raises: OutputError with the reason (exit 2), or
    BrokenPipeError when the reader went away (a quiet exit 1). A closed standard output
    raises OutputError at the first write.
    """
    stream = sys.stdout
    try:
        descriptor = None if stream is None else stream.fileno()
    except (OSError, ValueError):  # not a file (a test's capture): left as it is
        return
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_Checked(descriptor)),
        encoding=getattr(stream, "encoding", None) or "utf-8",
        errors=getattr(stream, "errors", None) or "strict",
        line_buffering=bool(getattr(stream, "line_buffering", False)),
    )


class _Checked(io.RawIOBase):
    """A file descriptor that takes each write whole, or raises (None: closed)."""

    def __init__(self, descriptor: int | None) -> None:
        super().__init__()
        self._descriptor = descriptor

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        if self._descriptor is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self._descriptor

    def isatty(self) -> bool:
        return self._descriptor is not None and os.isatty(self._descriptor)

    def write(self, data: Any) -> int:
        if self._descriptor is None:
            raise OutputError(CLOSED)
        view = memoryview(data).cast("B")
        size = len(view)
        while view:
            try:
                view = view[os.write(self._descriptor, view) :]
            except BlockingIOError:  # standard output left non-blocking by whoever started riskctl
                select.select([], [self._descriptor], [])
            except BrokenPipeError:
                raise
            except OSError as error:
                raise OutputError(f"cannot write the output: {error.strerror or error}") from None
        return size
