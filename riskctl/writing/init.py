"""``riskctl init``: a working register, and the repository files that check it (pre-commit, CI).

The workflow it writes runs riskctl through the project's own GitHub Action, named by the
repository and exact revision riskctl was installed from when pip recorded one (a ``git+``
URL on GitHub), by ``--action``, or else by a placeholder that ``init`` says to fill in:
nothing is installed by name from a package index, where anyone may own the name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from riskctl.model import dates
from riskctl.model.errors import EditError, UsageError
from riskctl.reading.tree import git_top
from riskctl.resources import SCHEMA_NAMES, schema_path, shipped_dir, stale_schema_copies
from riskctl.writing.atomic import write_atomic
from riskctl.writing.editing import scalar

ACTION_PLACEHOLDER = "OWNER/riskctl@REF"
_ACTION = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@[A-Za-z0-9_./-]+")
_GITHUB = re.compile(r"^(?:https://|ssh://git@|git@)github\.com[/:]([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$")
WORKFLOW = Path(".github") / "workflows" / "risk-registers.yml"


@dataclass
class InitResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # repository files that already existed
    action: str = ACTION_PLACEHOLDER  # what the workflow's ``uses:`` names


def init_register(
    directory: Path, *, name: str, owner: str, level: str, today: dt.date, action: str | None = None
) -> InitResult:
    """A working register in ``directory``; refuses if any of its files already exist."""
    if action is not None and not _ACTION.fullmatch(action):
        raise UsageError(f"--action {action}: expected OWNER/REPOSITORY@REF, e.g. acme/riskctl@v1.0.0")
    templates = shipped_dir("templates") / "init"
    slug = re.sub(r"[^a-z0-9_-]+", "-", directory.resolve().name.lower()).strip("-") or "register"
    values = {
        "name": scalar(name),
        "id": slug,
        "level": level,
        "owner": scalar(owner),
        "today": today.isoformat(),
        "due": dates.add_months(today, 6).isoformat(),
    }
    register_files = {
        directory / "register.yaml": _render(templates / "register.yaml", values),
        directory / "risks" / "R1.1.yaml": _render(templates / "risk.yaml", values),
        directory / "policies" / "P1.yaml": _render(templates / "policy.yaml", values),
    }
    for schema in SCHEMA_NAMES:
        register_files[directory / "schemas" / f"{schema}.schema.json"] = schema_path(schema).read_text(
            encoding="utf-8"
        )
    clashes = [path for path in register_files if path.exists() or path.is_symlink()]
    if clashes:
        raise EditError(f"{clashes[0]} already exists; riskctl init does not overwrite files")
    top = _repository_top(directory)
    result = InitResult(action=action or installed_action() or ACTION_PLACEHOLDER)
    workflow = {"action": result.action, "paths": workflow_value(_relative_dir(directory, top))}
    repository_files = {
        top / ".pre-commit-config.yaml": (templates / "pre-commit-config.yaml").read_text(encoding="utf-8"),
        top / WORKFLOW: _render(templates / "github-workflow.yml", workflow),
        top / ".github" / "workflows" / "risk-due.yml": _render(
            templates / "github-due.yml", {"registers_yaml": workflow_value(_relative_dir(directory, top)), **workflow}
        ),
    }
    for path, text in register_files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), original=None)
        result.written.append(path)
    for path, text in repository_files.items():
        if path.exists():
            result.skipped.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), original=None)
        result.written.append(path)
    return result


def workflow_value(text: str) -> str:
    """``text`` as a YAML scalar GitHub passes on as it is: quoted where YAML needs it (a
    space, ``#``, ``:``), and with ``${{``, which GitHub would evaluate, written as an expression
    that gives back the two characters."""
    return scalar(text).replace("${{", "${{ '${{' }}")


def installed_action() -> str | None:
    """``OWNER/REPO@COMMIT`` when this riskctl was installed by pip from a git URL on GitHub
    (pip records where from, PEP 610), so the workflow runs the very same riskctl."""
    from importlib import metadata

    try:
        recorded = metadata.distribution("riskctl").read_text("direct_url.json")
        origin = json.loads(recorded or "null")
    except (metadata.PackageNotFoundError, ValueError):
        return None
    if not isinstance(origin, dict) or not isinstance(origin.get("vcs_info"), dict):
        return None
    match = _GITHUB.match(str(origin.get("url", "")).removeprefix("git+"))
    commit = origin["vcs_info"].get("commit_id")
    if match is None or not isinstance(commit, str) or not re.fullmatch(r"[0-9a-f]{40}", commit):
        return None
    return f"{match.group(1)}/{match.group(2)}@{commit}"


def update_schemas(register_roots: list[str]) -> list[Path]:
    """Refresh the stale schema copies of these registers; the copies written."""
    written = []
    for copy, name in stale_schema_copies(register_roots):
        target = Path(copy)
        write_atomic(target, schema_path(name).read_bytes(), original=target.read_bytes())
        written.append(target)
    return written


def _render(template: Path, values: dict[str, str]) -> str:
    return string.Template(template.read_text(encoding="utf-8")).safe_substitute(values)


def _repository_top(directory: Path) -> Path:
    top = git_top(str(directory.resolve()))
    return Path(top) if top else directory


def _relative_dir(directory: Path, top: Path) -> str:
    relative = directory.resolve().relative_to(top.resolve()).as_posix()
    return "." if relative == "." else f"{relative}/"
