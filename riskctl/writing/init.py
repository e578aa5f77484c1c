"""``riskctl init``: a working register, and the repository files that check it (pre-commit, CI)."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from riskctl.model import dates
from riskctl.model.errors import EditError
from riskctl.reading.tree import git_top
from riskctl.resources import SCHEMA_NAMES, schema_path, shipped_dir
from riskctl.writing.atomic import write_atomic
from riskctl.writing.editing import scalar


@dataclass
class InitResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # repository files that already existed


def init_register(directory: Path, *, name: str, owner: str, level: str, today: dt.date) -> InitResult:
    """A working register in ``directory``; refuses if any of its files already exist."""
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
    registers = _relative_dir(directory, top)
    repository_files = {
        top / ".pre-commit-config.yaml": (templates / "pre-commit-config.yaml").read_text(encoding="utf-8"),
        top / ".github" / "workflows" / "risk-registers.yml": _render(
            templates / "github-workflow.yml", {"registers": registers}
        ),
        top / ".github" / "workflows" / "risk-due.yml": _render(
            templates / "github-due.yml", {"registers_yaml": scalar(registers)}
        ),
    }
    result = InitResult()
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


def _render(template: Path, values: dict[str, str]) -> str:
    return string.Template(template.read_text(encoding="utf-8")).safe_substitute(values)


def _repository_top(directory: Path) -> Path:
    top = git_top(str(directory.resolve()))
    return Path(top) if top else directory


def _relative_dir(directory: Path, top: Path) -> str:
    relative = directory.resolve().relative_to(top.resolve()).as_posix()
    return "." if relative == "." else f"{relative}/"
