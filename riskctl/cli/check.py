"""``riskctl check``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from riskctl.cli.options import At, NoCache, Output, Paths, Today, load
from riskctl.cli.state import STATE, command, info, write_output
from riskctl.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from riskctl.model import Severity

if TYPE_CHECKING:
    from riskctl.cache import ResultCache
    from riskctl.checking import Base, CheckResult

FORMAT_CHOICES = ("text", "json", "sarif", "junit", "github", "gitlab")


@command
def check(
    paths: Paths = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMAT_CHOICES)}.")
    ] = "text",
    output: Output = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity: error or warning.")
    ] = "error",
    select: Annotated[
        Optional[list[str]],
        typer.Option("--select", metavar="CODES", help="Only these rules (codes or prefixes, e.g. RC3)."),
    ] = None,
    ignore: Annotated[
        Optional[list[str]], typer.Option("--ignore", metavar="CODES", help="Skip these rules (codes or prefixes).")
    ] = None,
    base: Annotated[
        Optional[str], typer.Option("--base", metavar="REV", help="Also run the change rules (RC5xx) against REV.")
    ] = None,
    at: At = None,
    no_cache: NoCache = False,
    today: Today = None,
) -> int:
    """Parse, schema-validate and lint every register file; exit 1 on findings, 2 on usage problems."""
    from riskctl import __version__
    from riskctl.checking import Selection, run_check
    from riskctl.formats import FORMATS
    from riskctl.formats import Output as FormatOutput

    if format not in FORMATS:
        raise UsageError(f"--format {format}: expected one of {', '.join(FORMATS)}")
    if fail_on not in ("error", "warning"):
        raise UsageError(f"--fail-on {fail_on}: expected error or warning")
    selection = Selection.parse(select or (), ignore or ())
    day = STATE.today(today)
    if base is not None and at is not None:
        raise UsageError("--base compares the working tree with REV; it cannot be combined with --at")
    use_cache = not no_cache and at is None and base is None and not os.environ.get("RISKCTL_NO_CACHE")
    keyed = _result_key(paths or ["."], day) if use_cache else None
    result = _cached_result(*keyed) if keyed else None
    if result is None:
        workspace = load(paths, at, use_cache=use_cache)
        result = run_check(workspace, day, None, _base(base) if base else None)
        if keyed:
            keyed[0].put(keyed[1], result.to_cache())
    result = result.select(selection)
    color = format == "text" and output is None and STATE.color()
    rendered = FormatOutput(result, day, __version__, Severity(fail_on), color)
    write_output(FORMATS[format](rendered), output)
    if format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from riskctl.formats.ci import step_summary

        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(step_summary(rendered))
    if result.unusable:
        info(f"riskctl: cannot use the register(s) {', '.join(result.unusable)}: fix register.yaml (see above)")
        return EXIT_USAGE
    threshold = Severity(fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in result.findings) else EXIT_OK


def _base(revision: str) -> Base:
    from pathlib import Path

    from riskctl.checking import Base
    from riskctl.gitlog import Repository
    from riskctl.history import Parser, snapshot_at

    with Repository(Path.cwd()) as repo:
        commit = repo.resolve(revision)
        return Base(snapshot_at(repo, commit, Parser()).items, repo.root, commit)


def _result_key(paths: list[str], day: Any) -> tuple[ResultCache, str] | None:
    from pathlib import Path

    from riskctl.cache import ResultCache
    from riskctl.workspace import fingerprint

    found = fingerprint(paths, Path.cwd())
    if found is None or found[1]:  # single files are checked against the whole repository: not cached
        return None
    digest, _, root = found
    return ResultCache(root), f"{digest}:{day.isoformat()}"


def _cached_result(cache: ResultCache, key: str) -> CheckResult | None:
    from riskctl.checking import CheckResult

    value = cache.get(key)
    if value is None:
        return None
    try:
        return CheckResult.from_cache(value)
    except (KeyError, TypeError, ValueError):  # a damaged entry: compute afresh
        return None
