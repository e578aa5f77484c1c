from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from riskctl.cli.app import app

from .gitrepo import GitRepo

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "registers"
TODAY = "2026-11-22"

REGISTER_4X4 = """\
name: Test Register
id: test
scoring:
  likelihood:
    - {score: 1, label: Remote}
    - {score: 2, label: Possible}
    - {score: 3, label: Probable}
    - {score: 4, label: Likely}
  impact:
    - {score: 1, label: Minor}
    - {score: 2, label: Moderate}
    - {score: 3, label: Significant}
    - {score: 4, label: Major}
  ratings:
    - {name: Low, min: 1, colour: "#2e7d32"}
    - {name: Medium, min: 4, colour: "#b26a00"}
    - {name: High, min: 8, colour: "#d84315"}
    - {name: Very high, min: 12, colour: "#b71c1c"}
appetite: 8
review:
  every: P3M
"""


def _compose(fields: dict[str, str], overrides: dict[str, str]) -> str:
    """Top-level blocks by field name; an override replaces a block ('' drops it)."""
    for name, text in overrides.items():
        fields[name] = textwrap.dedent(text).strip("\n")
    return "\n".join(text for text in fields.values() if text) + "\n"


def risk_yaml(rid: str = "R1", **overrides: str) -> str:
    """A valid risk file; ``overrides`` replace whole top-level blocks by field name."""
    fields = {
        "id": f"id: {rid}",
        "title": "title: Loss of the force control room",
        "category": "category: Operations",
        "owner": "owner: Head of Tactical Operations",
        "status": "status: open",
        "inherent": "inherent:\n  likelihood: 3\n  impact: 3",
        "residual": "residual:\n  likelihood: 2\n  impact: 3",
        "review": "review:\n  last: 2026-10-01",
    }
    return _compose(fields, overrides)


def policy_yaml(ref: str = "P1", **overrides: str) -> str:
    fields = {
        "reference": f"reference: {ref}",
        "title": "title: Business continuity policy",
        "owner": "owner: Head of Tactical Operations",
        "status": "status: active",
        "review": "review:\n  last: 2026-04-01\n  every: P2Y",
    }
    return _compose(fields, overrides)


MakeRegister = Callable[..., Path]


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own riskctl cache (the user's cache directory is never touched)."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("RISKCTL_CACHE_DIR", str(directory))
    monkeypatch.delenv("RISKCTL_NO_CACHE", raising=False)
    return directory


@pytest.fixture
def make_register(tmp_path: Path) -> MakeRegister:
    """Write a register: ``make_register(risks={"R1": text}, policies={...}, register=text, name=dir)``."""

    def make(
        risks: dict[str, str | bytes] | None = None,
        policies: dict[str, str | bytes] | None = None,
        register: str = REGISTER_4X4,
        name: str = "reg",
    ) -> Path:
        root = tmp_path / name
        (root / "risks").mkdir(parents=True, exist_ok=True)
        (root / "policies").mkdir(exist_ok=True)
        (root / "register.yaml").write_text(register, encoding="utf-8")
        for folder, files in (("risks", risks or {}), ("policies", policies or {})):
            for stem, content in files.items():
                target = root / folder / f"{stem}.yaml"
                if isinstance(content, bytes):
                    target.write_bytes(content)
                else:
                    target.write_text(content, encoding="utf-8")
        return root

    return make


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Any:
        result = self.runner.invoke(app, list(args), env={"RISKCTL_TODAY": TODAY, "NO_COLOR": "1", **(env or {})})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    def json(self, *args: str) -> Any:
        result = self(*args)
        return json.loads(result.stdout)


@pytest.fixture
def run() -> Run:
    return Run()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from the current output")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, text)``: compare with tests/golden/NAME, or rewrite it with --update-golden."""

    def compare(name: str, text: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"{path} is missing; run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} differs; run pytest --update-golden and review the diff"
        )

    return compare


R1 = risk_yaml("R1", residual="residual:\n  likelihood: 3\n  impact: 4\nactions:\n"
               "  - {description: Second site, owner: Head of Estates, due: 2027-03-31, status: open}",
               inherent="inherent:\n  likelihood: 4\n  impact: 4")  # fmt: skip


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A register's life: added, rescored, reassigned, moved, deleted and restored, merged."""
    repo = GitRepo(tmp_path / "repo")
    commits = {}
    repo.write("registers/ops/register.yaml", REGISTER_4X4)
    repo.write("registers/ops/risks/R1.yaml", R1)
    repo.write("registers/ops/risks/R2.yaml", risk_yaml("R2"))
    repo.write("registers/ops/policies/P1.yaml", policy_yaml("P1"))
    commits["added"] = repo.commit("Add the operations register", date="2026-01-10T09:00:00+00:00")
    repo.write(
        "registers/ops/risks/R1.yaml",
        R1.replace("likelihood: 3\n  impact: 4\nactions", "likelihood: 2\n  impact: 4\nactions"),
    )
    commits["rescored"] = repo.commit(
        "Rescore R1 after the new site opened", author="Bob Reviewer", date="2026-02-10T10:00:00+00:00"
    )
    text = (repo.root / "registers/ops/risks/R1.yaml").read_text()
    repo.write(
        "registers/ops/risks/R1.yaml", text.replace("owner: Head of Tactical Operations", "owner: Chief Superintendent")
    )
    commits["owner"] = repo.commit("R1 has a new owner", date="2026-03-10T11:00:00+00:00")
    repo.git("mv", "registers/ops", "registers/operations")
    commits["moved"] = repo.commit("Rename the register directory", date="2026-04-10T12:00:00+00:00")
    repo.git("rm", "-q", "registers/operations/risks/R2.yaml")
    commits["deleted"] = repo.commit("Delete R2", date="2026-05-10T12:00:00+00:00")
    repo.write("registers/operations/risks/R2.yaml", risk_yaml("R2", status="status: closed\nclosed: 2026-06-01"))
    commits["restored"] = repo.commit("Restore R2 as closed", date="2026-06-10T12:00:00+00:00")
    repo.git("checkout", "-q", "-b", "side")
    text = (repo.root / "registers/operations/risks/R1.yaml").read_text()
    repo.write("registers/operations/risks/R1.yaml", text + "controls:\n  - description: Fallback control room\n")
    commits["side"] = repo.commit("Add a control to R1", author="Carol Controls", date="2026-07-10T12:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write(
        "registers/operations/policies/P1.yaml", policy_yaml("P1", review="review:\n  last: 2026-07-01\n  every: P2Y")
    )
    commits["main"] = repo.commit("Review P1", date="2026-07-11T12:00:00+00:00")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "Merge side", date="2026-07-12T12:00:00+00:00")
    commits["merge"] = repo.git("rev-parse", "HEAD").strip()
    monkeypatch.chdir(repo.root)
    return commits
