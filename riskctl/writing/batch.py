"""Writing many files as one change: all of them or none, even when interrupted.

Every file is first written in full to a temporary file beside its target. Only then are
they moved into place, each original kept under a second name until the end. A failure,
SIGINT or SIGTERM at any point before the last check puts every original back and removes
every new file: the register is left as it was. The signals are held while the files are
written (their handlers only note them), so cleaning up can never itself be cut short.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from riskctl.model.errors import EditError, Interrupted
from riskctl.writing.atomic import fill, prepare, temporary


@dataclass(frozen=True)
class Planned:
    """A file to write: its new bytes, and what it held when read (None: it must not exist yet)."""

    path: Path
    data: bytes
    original: bytes | None = None


@contextlib.contextmanager
def _signals_noted() -> Iterator[list[int]]:
    """While inside, SIGINT and SIGTERM are noted in the list rather than acted on."""
    noted: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield noted
        return

    def note(number: int, frame: FrameType | None) -> None:
        noted.append(number)

    previous = {number: signal.signal(number, note) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield noted
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _stop_if(noted: list[int]) -> None:
    if noted:
        raise Interrupted(f"interrupted by {signal.Signals(noted[0]).name}; nothing was written")


def _stage(planned: Planned) -> str:
    """The new bytes in a temporary file beside the target, flushed to disk."""
    mode = prepare(planned.path, planned.original)
    handle, name = temporary(planned.path)
    try:
        fill(handle, name, planned.data, mode)
    except BaseException:
        _remove(name)
        raise
    return name


def _remove(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name)


def _move(planned: Planned, staged: str, moved: list[tuple[Path, str | None]]) -> None:
    """Put one staged file in place; ``moved`` learns how to take it back."""
    path = planned.path
    if planned.original is None:
        try:
            os.link(staged, path)  # fails, rather than overwrites, if the file appeared meanwhile
        except FileExistsError:
            raise EditError(f"{path} already exists; refusing to overwrite it") from None
        moved.append((path, None))
        return
    try:
        current = path.read_bytes()
    except OSError as error:
        raise EditError(f"{path}: {error.strerror or error}") from None
    if current != planned.original:
        raise EditError(f"{path} changed on disk since it was read; run the command again")
    kept = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.riskctl-old")
    os.link(path, kept)
    moved.append((path, kept))
    os.replace(staged, path)


def _undo(moved: list[tuple[Path, str | None]]) -> None:
    for path, kept in reversed(moved):
        with contextlib.suppress(OSError):
            if kept is None:
                os.unlink(path)
            else:
                os.replace(kept, path)


def write_all(planned: Sequence[Planned]) -> None:
    """Write every planned file, or (on any failure or interruption) none of them."""
    with _signals_noted() as noted:
        staged: list[str] = []
        moved: list[tuple[Path, str | None]] = []
        done = False
        try:
            for item in planned:
                _stop_if(noted)
                staged.append(_stage(item))
            for item, name in zip(planned, staged, strict=True):
                _stop_if(noted)
                _move(item, name, moved)
            _stop_if(noted)
            done = True
        except OSError as error:
            raise EditError(f"cannot write: {error.strerror or error}; nothing was written") from None
        finally:
            if not done:
                _undo(moved)
            for name in staged:
                _remove(name)
            for _, kept in moved:
                if kept is not None:
                    _remove(kept)
