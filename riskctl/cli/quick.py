"""The quick path: plain ``check``, ``history`` and ``audit`` runs without the CLI framework.

Importing typer and building the command tree takes about 70 ms before a command starts,
longer than ``history ID`` itself needs. When every argument is one the table below
knows, used plainly, the command body in ``cli/plain.py`` runs directly. Anything else
(help, shell completion, an unknown or repeated option, a missing value, a value glued
to a short option, ``--``, a wrong number of arguments) returns None and typer takes
over, giving its usual help and errors. ``tests/test_quick.py`` checks this table
against typer's own view of each command and compares the output of both paths.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # nothing is imported before history ID has started git (see gitstart)
if TYPE_CHECKING:
    from typing import Any


class Opt:
    def __init__(self, names: tuple[str, ...], dest: str, *, flag: bool = False, many: bool = False) -> None:
        self.names = names
        self.dest = dest
        self.flag = flag  # takes no value
        self.many = many  # may be repeated; the values form a list


class Spec:
    def __init__(self, arguments: str, at_least: int, at_most: int | None, options: tuple[Opt, ...]) -> None:
        self.arguments = arguments  # the parameter the positional arguments go to ("" for none)
        self.at_least = at_least
        self.at_most = at_most  # None: any number
        self.options = options


GLOBAL_FLAGS = (
    Opt(("--no-color",), "no_color", flag=True),
    Opt(("-q", "--quiet"), "quiet", flag=True),
    Opt(("-v", "--verbose"), "verbose", flag=True),
)
GLOBAL = (Opt(("--today",), "today"), *GLOBAL_FLAGS)  # before the command name
FORMAT = Opt(("--format", "-f"), "format")
OUTPUT = Opt(("--output", "-o"), "output")
NO_CACHE = Opt(("--no-cache",), "no_cache", flag=True)

COMMANDS = {
    "check": Spec(
        "paths",
        0,
        None,
        (
            FORMAT,
            OUTPUT,
            Opt(("--fail-on",), "fail_on"),
            Opt(("--select",), "select", many=True),
            Opt(("--ignore",), "ignore", many=True),
            Opt(("--base",), "base"),
            Opt(("--at",), "at"),
            NO_CACHE,
            Opt(("--today",), "today"),
        ),
    ),
    "history": Spec("item_id", 1, 1, (FORMAT, OUTPUT, NO_CACHE)),
    "audit": Spec("", 0, 0, (Opt(("--since",), "since"), Opt(("--until",), "until"), FORMAT, OUTPUT, NO_CACHE)),
}


def run_quick(argv: list[str]) -> int | None:
    """The exit status of a plain ``check``, ``history`` or ``audit`` run; None to leave it to typer."""
    if os.environ.get("_RISKCTL_COMPLETE"):
        return None
    if argv == ["--version"]:
        from riskctl import __version__

        print(f"riskctl {__version__}")
        return 0
    parsed = parse(argv)
    if parsed is None:
        return None
    name, global_values, values = parsed
    from riskctl.gitstart import discard

    try:
        if name == "history":
            from riskctl.cache import enabled
            from riskctl.pathindex import prestart_history

            prestart_history(values["item_id"], use_index=enabled(bool(values.get("no_cache"))))
        elif name == "audit":
            from riskctl.gitstart import prestart_audit

            prestart_audit(with_log=values.get("until") is None)
        from riskctl.cli import plain
        from riskctl.cli.state import STATE, invoke

        STATE.today_value = global_values.get("today")
        STATE.no_color = bool(global_values.get("no_color"))
        STATE.quiet = bool(global_values.get("quiet"))
        STATE.verbose = bool(global_values.get("verbose"))
        return invoke(getattr(plain, name), **values)
    finally:
        discard()  # whatever was started early and not used


def parse(argv: list[str]) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """``(command, global options, command parameters)``, or None when anything is unusual."""
    global_values: dict[str, Any] = {}
    index = _options(argv, 0, GLOBAL, global_values, positionals=None)
    if index is None or index >= len(argv) or argv[index] not in COMMANDS:
        return None
    name = argv[index]
    spec = COMMANDS[name]
    values: dict[str, Any] = {}
    positionals: list[str] = []
    options = spec.options + tuple(flag for flag in GLOBAL_FLAGS if flag.dest not in global_values)
    if _options(argv, index + 1, options, values, positionals) is None:
        return None
    if len(positionals) < spec.at_least or (spec.at_most is not None and len(positionals) > spec.at_most):
        return None
    for flag in GLOBAL_FLAGS:  # typer reads these after the command name too
        if flag.dest in values:
            global_values[flag.dest] = values.pop(flag.dest)
    if spec.at_most == 1:
        values[spec.arguments] = positionals[0]
    elif positionals:
        values[spec.arguments] = positionals
    return name, global_values, values


def _options(
    argv: list[str], index: int, options: tuple[Opt, ...], values: dict[str, Any], positionals: list[str] | None
) -> int | None:
    """Read options from ``argv[index:]`` into ``values``; None when typer should decide.

    Without ``positionals`` the first non-option ends the reading (a command name) and
    its index is returned.
    """
    by_name = {name: option for option in options for name in option.names}
    while index < len(argv):
        arg = argv[index]
        if not arg.startswith("-") or arg == "-":
            if positionals is None:
                return index
            positionals.append(arg)
            index += 1
            continue
        name, glued, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        option = by_name.get(name)
        if option is None or (option.flag and glued):
            return None
        if option.flag:
            value: Any = True
            index += 1
        elif glued:
            value = inline
            index += 1
        elif index + 1 < len(argv) and (not argv[index + 1].startswith("-") or argv[index + 1] == "-"):
            value = argv[index + 1]
            index += 2
        else:
            return None
        if option.many:
            values.setdefault(option.dest, []).append(value)
        elif option.dest in values:
            return None
        else:
            values[option.dest] = value
    return index
