"""Starting git, with only what Python has loaded before it runs any code (``os``, ``sys``).

``history ID`` mostly waits for git's log of the few paths the item has lived at, and
loading the modules it needs takes about as long again. So its git processes are
started first (``pathindex.prestart_history``; ``prestart_audit`` for ``audit``), before
anything else is imported, and ``Repository`` takes a process from here when it would
start exactly the same command in the same directory; whatever nobody takes is stopped
by ``discard``. The helpers for register file paths live here for the same reason:
nothing here may import ``re``, ``subprocess``, ``pathlib``, ``json`` or ``typing``,
which ``tests/test_gitstart.py`` checks.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # importing typing costs history ID a few milliseconds
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

LOG_FORMAT = "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%s"
ROOT_AND_HEAD = ("rev-parse", "--show-toplevel", "HEAD^{commit}", "--")
READ_SIZE = 1 << 20  # a pipe from git holds up to this much (Linux)
_POSIX_SPAWNP: Callable[..., int] | None = getattr(os, "posix_spawnp", None)


def is_register_file(path: str) -> bool:
    """register.yaml, or a .yaml/.yml file directly inside a risks/ or policies/ directory."""
    parts = path.split("/")
    if parts[-1] == "register.yaml":
        return True
    return len(parts) >= 2 and parts[-2] in ("risks", "policies") and parts[-1].endswith((".yaml", ".yml"))


def split_path(path: str) -> tuple[str, str | None]:
    """``(register directory, kind)`` of a register file path; kind None for register.yaml."""
    parent, _, name = path.rpartition("/")
    if name == "register.yaml":
        return parent, None
    directory, _, folder = parent.rpartition("/")
    return directory, "risk" if folder == "risks" else "policy"


def literal(path: str) -> str:
    """The pathspec for exactly ``path`` (relative to the root, wherever git runs)."""
    return f":(top,literal){path}"


def log_arguments(
    revision: str,
    *,
    since: str | None = None,
    until: str | None = None,
    exclude: Sequence[str] = (),
    pathspecs: Sequence[str] = (),
) -> list[str]:
    """git's arguments for the log ``parse_log`` reads: ``revision`` but not ``exclude``, limited to ``pathspecs``."""
    args = ["log", "-z", "--raw", "--no-abbrev", "--no-renames", "-c", "--full-history", "--no-color", LOG_FORMAT]
    if since:
        args.append(f"--since={since}")
    if until:
        args.append(f"--until={until}")
    args.append(revision)
    args += [f"^{sha}" for sha in exclude]
    args.append("--")  # so that a file named like the revision is not taken for it
    args += pathspecs
    return args


class Started:
    """A running git: its output and errors are the read ends of two pipes."""

    def __init__(self, stdout: int, stderr: int, wait: Callable[[], int], stop: Callable[[], None]) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self._wait = wait
        self._stop = stop
        self.returncode: int | None = None

    def wait(self) -> int:
        """git's exit status, once it has ended."""
        if self.returncode is None:
            self.returncode = self._wait()
        return self.returncode

    def close(self) -> None:
        """Close the pipes and wait for git."""
        for pipe in (self.stdout, self.stderr):
            try:  # noqa: SIM105 - contextlib is not loaded yet (see the module's docstring)
                os.close(pipe)
            except OSError:
                pass
        self.wait()

    def discard(self) -> None:
        """Stop git if it is still running, and wait for it."""
        if self.returncode is None:
            try:  # noqa: SIM105 - as above
                self._stop()
            except OSError:  # it has ended already
                pass
        self.close()


def spawn(args: Sequence[str], cwd: str) -> Started:
    """Start ``git ARGS`` in ``cwd``, its output and errors going to pipes; OSError when it cannot start.

    ``posix_spawn`` starts it without importing ``subprocess`` (about 10 ms, ``re`` included)
    and without copying this process's memory; other systems use ``subprocess``.
    """
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    try:
        if _POSIX_SPAWNP is not None:
            actions = [(os.POSIX_SPAWN_DUP2, out_write, 1), (os.POSIX_SPAWN_DUP2, err_write, 2)]
            pid = _POSIX_SPAWNP("git", ["git", "-C", cwd, *args], environment, file_actions=actions)
            started = Started(out_read, err_read, lambda: _exit_status(pid), lambda: _terminate(pid))
        else:  # Windows, say (tests force this path too)
            import subprocess

            process = subprocess.Popen(["git", *args], cwd=cwd, stdout=out_write, stderr=err_write, env=environment)
            started = Started(out_read, err_read, process.wait, process.terminate)
    except BaseException:
        os.close(out_read)
        os.close(err_read)
        raise
    finally:
        os.close(out_write)
        os.close(err_write)
    _widen(out_read)
    return started


def _exit_status(pid: int) -> int:
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _terminate(pid: int) -> None:
    import signal

    os.kill(pid, signal.SIGTERM)


def _widen(pipe: int) -> None:
    """Let a pipe hold up to READ_SIZE bytes (Linux), so git seldom waits for a busy reader."""
    try:
        import fcntl

        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), READ_SIZE)
    except (ImportError, OSError):  # another system, or a lower limit: the default size works too
        pass


# -- started early -------------------------------------------------------------

_EARLY: list[tuple[tuple[str, ...], str, Started]] = []


def prestart(args: Sequence[str], cwd: str) -> None:
    """Start ``git ARGS`` in ``cwd`` now for someone to ``take`` later; nothing happens if it cannot start."""
    try:  # noqa: SIM105 - as above
        _EARLY.append((tuple(args), cwd, spawn(args, cwd)))
    except OSError:  # no git, say: whoever needs it will find out and say so
        pass


def take(args: Sequence[str], cwd: str) -> Started | None:
    """The process ``prestart`` started with exactly these arguments in this directory, if any."""
    wanted = (tuple(args), cwd)
    for index, (early_args, early_cwd, started) in enumerate(_EARLY):
        if (early_args, early_cwd) == wanted:
            del _EARLY[index]
            return started
    return None


def prestart_audit(*, with_log: bool = True) -> None:
    """Start what ``audit`` will want: the root and HEAD, and ``with_log`` (no ``--until``) the whole log.

    As in ``pathindex.prestart_history``, the root is guessed (the nearest directory
    upwards holding ``.git``), and a wrong guess costs only a discarded process.
    """
    cwd = working_directory()
    if cwd is None:
        return
    prestart(ROOT_AND_HEAD, cwd)
    root = nearest_root(cwd) if with_log else None
    if root is not None:
        scope = scope_below(root, cwd)
        prestart(log_arguments("HEAD", pathspecs=[literal(scope)] if scope else []), root)


def working_directory() -> str | None:
    """The current directory; None when it has gone (git then says so, when it is started the usual way)."""
    try:
        return os.getcwd()
    except OSError:
        return None


def nearest_root(directory: str) -> str | None:
    """The nearest directory from ``directory`` upwards that holds ``.git``: git's root, as a guess."""
    while not os.path.exists(os.path.join(directory, ".git")):
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    return directory


def scope_below(root: str, directory: str) -> str:
    """``directory`` relative to ``root``, '/'-separated; "" for the root itself (``Repository.scope``)."""
    inside = os.path.relpath(directory, root).replace(os.sep, "/")
    return "" if inside == "." else inside


def discard() -> None:
    """Stop and wait for every process started early that nobody took."""
    while _EARLY:
        _EARLY.pop()[2].discard()
