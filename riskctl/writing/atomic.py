"""Writes that cannot leave a half-written file, lose a concurrent edit, or go through a symlink.

A file is written to a temporary file with a random name (``O_EXCL``) in the same
directory, flushed, given the mode of the file it replaces, and moved over it with
``os.replace``; on any failure the temporary file is removed and the original is left as
it was. Read-modify-write holds an exclusive lock on the file's directory, so of two
edits one waits for the other and neither is lost.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from riskctl.model.errors import EditError, UsageError
from riskctl.writing.stdout import to_stdout

LOCK_WAIT = 10.0  # seconds another riskctl may hold a register directory before we give up
TEMPORARY = ".riskctl-tmp"  # the suffix of riskctl's temporary files


def mode_for_new() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` (waits up to ``LOCK_WAIT``, then refuses)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        yield
        return
    try:
        handle = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise EditError(f"{directory}: cannot open the directory: {error.strerror or error}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EditError(f"{directory}: another riskctl is writing here; try again") from None
                time.sleep(0.02)
        _remove_stale_temporaries(directory)
        yield
    finally:
        os.close(handle)


def _remove_stale_temporaries(directory: Path) -> None:
    """Temporary files riskctl left here when it was killed mid-write (SIGKILL cannot be caught).
    Every riskctl writing in this directory holds its lock, so while we hold it none is ours in use."""
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(TEMPORARY) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def temporary(path: Path) -> tuple[int, str]:
    try:
        import tempfile  # here: output to standard output, the common case, needs none

        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY)
    except OSError as error:
        raise EditError(f"{path}: cannot write in {path.parent}: {error.strerror or error}") from None


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def fill(handle: int, temporary: str, data: bytes, mode: int) -> None:
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(temporary, mode)


def prepare(path: Path, original: bytes | None) -> int:
    """Check that ``path`` may be written (no symlink; new when ``original`` is None, else still
    holding ``original``); the mode the written file is to have."""
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise EditError(f"{path}: {error.strerror or error}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise EditError(f"{path}: refusing to write through a symlink")
    if not path.parent.is_dir():
        raise EditError(f"{path}: the directory {path.parent} does not exist")
    if original is None and info is not None:
        raise EditError(f"{path} already exists; refusing to overwrite it")
    if original is not None:
        if info is None or not stat.S_ISREG(info.st_mode):
            raise EditError(f"{path} is gone or is no longer a regular file; nothing was written")
        try:
            current = path.read_bytes()
        except OSError as error:
            raise EditError(f"{path}: {error.strerror or error}") from None
        if current != original:
            raise EditError(f"{path} changed on disk since it was read; run the command again")
    return stat.S_IMODE(info.st_mode) if info is not None else mode_for_new()


def write_atomic(path: Path, data: bytes, *, original: bytes | None) -> None:
    """Replace ``path`` with ``data``; ``original`` is what was read (None: the file must be new)."""
    mode = prepare(path, original)
    handle, staged = temporary(path)
    try:
        fill(handle, staged, data, mode)
        if original is None:
            os.link(staged, path)  # fails, rather than overwrites, if the file appeared meanwhile
            os.unlink(staged)
        else:
            os.replace(staged, path)
    except FileExistsError:
        _remove(staged)
        raise EditError(f"{path} already exists; refusing to overwrite it") from None
    except OSError as error:
        _remove(staged)
        raise EditError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        _remove(staged)
        raise


def write_output(content: str | bytes, output: str | None) -> None:
    """``-o FILE``: standard output for None or ``-``; a device or pipe is written into; anything
    else is replaced whole (keeping its mode), never through a symlink."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None or output == "-":
        to_stdout(data)
        return
    target = Path(output)
    try:
        info: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise UsageError(f"--output {output}: {error.strerror or error}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise UsageError(f"--output {output}: refusing to write through a symlink")
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"--output {output}: is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):  # /dev/null, a FIFO: written into, never replaced
        try:
            handle = os.open(target, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        except OSError as error:
            raise UsageError(f"--output {output}: {error.strerror or error}") from None
        return
    if not target.parent.is_dir():
        raise UsageError(f"--output {output}: the directory {target.parent} does not exist")
    mode = stat.S_IMODE(info.st_mode) if info is not None else mode_for_new()
    try:
        import tempfile

        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY)
    except OSError as error:
        raise UsageError(f"--output {output}: cannot write in {target.parent}: {error.strerror or error}") from None
    try:
        fill(handle, temporary, data, mode)
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise UsageError(f"--output {output}: {error.strerror or error}") from None
    except BaseException:
        _remove(temporary)
        raise


def append_summary(text: str) -> None:
    """Append to ``$GITHUB_STEP_SUMMARY`` (a GitHub Actions job summary); a file that cannot be
    written is said on stderr and does not change the command's result."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
        with os.fdopen(handle, "a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        sys.stderr.write(f"riskctl: cannot append to GITHUB_STEP_SUMMARY ({path}): {error.strerror or error}\n")
