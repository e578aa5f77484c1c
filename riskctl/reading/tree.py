"""The files riskctl reads: a tree of directories and files, from the working tree or a git revision.

Discovery and loading see only this interface, so the working tree and a revision are read
by one path. Paths are absolute strings; a revision's tree is laid over the repository's
place in the file system, so paths in output are the ones the working tree has.

Reading the working tree is bounded: only regular files are opened (a FIFO, device or
socket is a problem, never a hang), never more than a size limit, and a symlink is
followed only while it stays inside the workspace (the git repository, or the register
outside git).
"""

from __future__ import annotations

import errno
import os
import stat
from typing import NamedTuple, Protocol

from riskctl.model.records import Problem
from riskctl.reading.loading import MAX_BYTES


class Entry(NamedTuple):  # one per file of a folder: a tuple is quicker to make than a dataclass
    name: str
    is_dir: bool
    is_link: bool


class Listing(list[Entry]):
    """A directory's entries by name; ``problem`` says why it could not be listed (then empty)."""

    problem: Problem | None = None


class Tree(Protocol):
    def is_dir(self, path: str) -> bool: ...

    def is_file(self, path: str) -> bool: ...

    def exists(self, path: str) -> bool: ...

    def scan(self, directory: str) -> Listing: ...

    def read(self, path: str, boundary: str) -> bytes | Problem: ...

    def boundary(self, register_root: str) -> str: ...

    def link_problem(self, path: str, boundary: str) -> Problem | None: ...

    def location(self, path: str) -> str | None: ...

    def followed(self, link: str) -> str:
        """Where the symlink ``link`` leads, for telling what it is (never to read through)."""
        ...


def shown(path: str) -> str:
    """A path as text that is always valid UTF-8: a byte that is not becomes ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def git_top(start: str) -> str | None:
    """The working tree of the git repository holding ``start``, by looking for ``.git``."""
    current = start
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symlink loop (the link leads back to itself)"
    return error.strerror or str(error)


class WorkTree:
    """The file system, read carefully."""

    def is_dir(self, path: str) -> bool:
        return os.path.isdir(path)

    def is_file(self, path: str) -> bool:
        try:
            return not stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:
            return os.path.islink(path)  # a dangling or looping link is a file that cannot be read

    def exists(self, path: str) -> bool:
        return os.path.lexists(path)

    def scan(self, directory: str) -> Listing:
        listing = Listing()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir(follow_symlinks=True)
                    except OSError:
                        is_dir = False
                    listing.append(Entry(entry.name, is_dir, entry.is_symlink()))
        except OSError as error:
            listing.problem = Problem("RC101", f"cannot read the directory: {_reason(error)}")
        listing.sort(key=lambda entry: entry.name)
        return listing

    def boundary(self, register_root: str) -> str:
        return git_top(register_root) or register_root

    def location(self, path: str) -> str | None:
        return path

    def followed(self, link: str) -> str:
        return link  # the file system follows it

    def link_problem(self, path: str, boundary: str) -> Problem | None:
        """Why the symlink ``path`` is not followed (it leads outside ``boundary``, or loops); None otherwise."""
        if not os.path.islink(path):
            return None
        try:
            target = os.path.realpath(path, strict=True)
        except OSError as error:
            if error.errno == errno.ENOENT:
                return Problem("RC101", f"this is a symlink to {shown(os.readlink(path))}, which does not exist")
            return Problem("RC101", f"cannot follow this symlink: {_reason(error)}")
        inside = os.path.realpath(boundary)
        if target != inside and not target.startswith(inside.rstrip(os.sep) + os.sep):
            return Problem(
                "RC101", f"this is a symlink to {shown(os.readlink(path))}, outside the workspace; it is not followed"
            )
        return None

    def read(self, path: str, boundary: str) -> bytes | Problem:
        """The bytes of a regular file within the size limit, or why not.

        The file is opened without following a symlink (``O_NOFOLLOW``), so the common case,
        a plain file, costs one open and no ``lstat``; a symlink is refused by that open and
        then followed only if it stays inside ``boundary``."""
        handle = -1
        if _NOFOLLOW:
            try:
                handle = os.open(path, _OPEN_FLAGS)
            except OSError as error:
                if not os.path.islink(path):
                    return Problem("RC101", f"cannot read the file: {_reason(error)}")
        if handle < 0:
            problem = self.link_problem(path, boundary)
            if problem is not None:
                return problem
            target = os.path.realpath(path) if os.path.islink(path) else path
            try:
                handle = os.open(target, _OPEN_FLAGS)
            except OSError as error:
                return Problem("RC101", f"cannot read the file: {_reason(error)}")
        try:
            return _read_open(handle)
        except OSError as error:
            return Problem("RC101", f"cannot read the file: {_reason(error)}")
        finally:
            os.close(handle)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | getattr(os, "O_NOCTTY", 0)


def _read_open(handle: int) -> bytes | Problem:
    """The bytes of the open file ``handle`` if it is a regular file within the size limit.
    The first read asks for one byte more than the file's size (not for the limit, which
    would make a buffer of a mebibyte for every file); a file that grew is read on."""
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):
        return Problem("RC101", f"this is {file_kind(info.st_mode)}, not a regular file; riskctl reads files")
    if info.st_size > MAX_BYTES:
        return _too_large()
    chunks, size, want = [], 0, info.st_size + 1
    while size <= MAX_BYTES and (chunk := os.read(handle, min(want, MAX_BYTES + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
        want = MAX_BYTES + 1 - size
    if size > MAX_BYTES:
        return _too_large()
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large() -> Problem:
    return Problem("RC101", f"the file is larger than {MAX_BYTES // 1024} KiB; riskctl reads files up to that size")


def file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"
