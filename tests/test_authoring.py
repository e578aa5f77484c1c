"""init, new and review through the CLI on temporary registers, failure paths included."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from riskctl.model.errors import EditError
from riskctl.writing.atomic import write_atomic
from riskctl.writing.authoring import next_id

from .conftest import ROOT, MakeRegister, Run, risk_yaml
from .gitrepo import GitRepo

REVIEW = ROOT / "tests" / "fixtures" / "review"


# -- init -------------------------------------------------------------------------


def test_init_makes_a_register_that_passes_check(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    GitRepo(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("init", "registers/ops", "--name", "Operations Risk Register", "--owner", "Head of Operations")
    assert result.exit_code == 0, result.output
    for path in ("register.yaml", "risks/R1.1.yaml", "policies/P1.yaml", "schemas/risk.schema.json"):
        assert (tmp_path / "registers/ops" / path).is_file(), path
    assert (tmp_path / ".pre-commit-config.yaml").is_file()
    workflow = (tmp_path / ".github/workflows/risk-registers.yml").read_text()
    assert "paths: registers/ops/\n" in workflow and "uses: OWNER/riskctl@REF" in workflow
    check = run("check", "registers/ops", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["summary"] == {"files": 3, "errors": 0, "warnings": 0}
    register = (tmp_path / "registers/ops/register.yaml").read_text()
    assert "name: Operations Risk Register" in register and "- {score: 4, label: More likely than not" in register


def test_init_refuses_to_overwrite(run: Run, tmp_path: Path) -> None:
    (tmp_path / "register.yaml").write_text("name: Mine\n")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (tmp_path / "register.yaml").read_text() == "name: Mine\n"
    assert not (tmp_path / "risks").exists()


def test_init_keeps_existing_repository_files(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    GitRepo(tmp_path)
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    monkeypatch.chdir(tmp_path)
    result = run("init", "reg")
    assert result.exit_code == 0
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == "repos: []\n"
    assert "kept" in result.stderr


# -- new --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "in_category", "expected"),
    [
        ([], [], "R1"),
        (["R3.1", "R3.7", "R1.2"], ["R3.1", "R3.7"], "R3.8"),
        (["R3.1", "R3.7", "R4.2"], [], "R5.1"),
        (["RISK-009", "RISK-010"], [], "RISK-011"),
        (["R007", "R008"], ["R007", "R008"], "R009"),
        (["R1", "R2", "R10"], [], "R11"),
    ],
)
def test_next_id(existing: list[str], in_category: list[str], expected: str) -> None:
    assert next_id(existing, in_category) == expected


def test_new_risk_next_id_valid_from_the_start(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R3.1": risk_yaml("R3.1"), "R3.7": risk_yaml("R3.7")})
    result = run(
        "new", "risk", str(root), "--title", "Fleet: vehicles unavailable", "--category", "Operations",
        "--owner", "Head of Fleet", "--owner", "Chief Constable", "--inherent", "3,4", "--residual", "Possible,major",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    created = root / "risks" / "R3.8.yaml"
    assert created.is_file()
    text = created.read_text()
    assert 'title: "Fleet: vehicles unavailable"' in text
    assert "residual:\n  likelihood: 2\n  impact: 4\n" in text
    assert run("check", str(root), "--format", "json").exit_code == 0


def test_new_policy(run: Run, make_register: MakeRegister) -> None:
    root = make_register()
    result = run("new", "policy", str(root), "--reference", "O28", "--title", "Business continuity",
                 "--owner", "Head of Tactical Operations", "--every", "biennially")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "every: biennially" in (root / "policies" / "O28.yaml").read_text()


def test_new_refuses_bad_values_and_writes_nothing(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    base = ["new", "risk", str(root), "--title", "T", "--category", "C", "--owner", "O"]
    off_scale = run(*base, "--inherent", "5,4", "--residual", "1,1")
    assert off_scale.exit_code == 2 and "not on the likelihood scale" in off_scale.stderr
    taken = run(*base, "--inherent", "3,3", "--residual", "1,1", "--id", "R1")
    assert taken.exit_code == 2 and "already has a risk 'R1'" in taken.stderr
    assert sorted(p.name for p in (root / "risks").iterdir()) == ["R1.yaml"]


def test_new_without_a_terminal_names_what_is_missing(run: Run, make_register: MakeRegister) -> None:
    root = make_register()
    result = run("new", "risk", str(root), "--title", "T")
    assert result.exit_code == 2
    assert "missing required values: --category, --owner, --inherent, --residual" in result.stderr


def test_new_prompts_on_a_terminal(run: Run, make_register: MakeRegister, monkeypatch: pytest.MonkeyPatch) -> None:
    from riskctl.cli import author

    monkeypatch.setattr(author, "interactive", lambda: True)
    root = make_register()
    result = run.runner.invoke(
        author_app(), ["new", "risk", str(root), "--title", "T"], input="Operations\nHead of Fleet\n3,3\n2,3\n"
    )
    assert result.exit_code == 0, result.output
    assert "owner: Head of Fleet" in (root / "risks" / "R1.yaml").read_text()


def author_app():  # type: ignore[no-untyped-def]
    from riskctl.cli.app import app

    return app


# -- review -----------------------------------------------------------------------


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    root = tmp_path / "reg"
    (root / "risks").mkdir(parents=True)
    shutil.copy(REVIEW / "register.yaml", root / "register.yaml")
    return root


def review_diff(before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "before", "after", n=0))


def test_review_changes_only_the_changed_lines(run: Run, reviewed: Path, golden: object) -> None:
    before = (REVIEW / "R3.3.yaml").read_text()
    (reviewed / "risks" / "R3.3.yaml").write_text(before)
    result = run("review", "R3.3", str(reviewed), "--residual", "2,3", "--note", 'Board: "risk reduced", see minutes')
    assert result.exit_code == 0, result.output
    assert "Review R3.3: residual 9 -> 6 (High -> Medium); next review 2027-02-22" in result.stdout
    after = (reviewed / "risks" / "R3.3.yaml").read_text()
    golden("review.diff", review_diff(before, after))  # type: ignore[operator]
    assert run("check", str(reviewed), "--format", "json").exit_code == 0


def test_review_keeps_crlf_bom_and_missing_final_newline(run: Run, reviewed: Path) -> None:
    text = (REVIEW / "R3.3.yaml").read_text().rstrip("\n").replace("\n", "\r\n")
    raw = b"\xef\xbb\xbf" + text.encode()
    path = reviewed / "risks" / "R3.3.yaml"
    path.write_bytes(raw)
    assert run("review", "R3.3", str(reviewed), "--date", "2026-11-20").exit_code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert not after.endswith(b"\r\n")
    changed = [
        line for line in difflib.ndiff(raw.decode().splitlines(), after.decode().splitlines()) if line[:1] in "+-"
    ]
    assert changed == [
        "-     last: 2026-08-15   # last board review",
        "+     last: 2026-11-20   # last board review",
        "-     next: 2026-11-15",
        "+     next: 2027-02-20",
    ]


def test_review_flow_style_and_no_cycle_clears_next(run: Run, make_register: MakeRegister) -> None:
    register = (
        "name: No cycle\nid: nc\n" + (REVIEW / "register.yaml").read_text().split("id: rev\n", 1)[1].split("review:")[0]
    )
    root = make_register(
        {"R1": risk_yaml("R1", review="review: {last: 2026-01-10, next: 2026-06-01}")}, register=register
    )
    assert run("review", "R1", str(root), "--note", "ok").exit_code == 0
    text = (root / "risks" / "R1.yaml").read_text()
    assert "review: {last: 2026-11-22, history: [{date: 2026-11-22, note: ok}]}" in text


def test_review_block_without_history_and_next(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1", review="review:\n  last: 2026-01-10\n  every: P6M\ntags: [x]")})
    assert run("review", "R1", str(root), "--note", "first note").exit_code == 0
    text = (root / "risks" / "R1.yaml").read_text()
    assert text.endswith(
        "review:\n  last: 2026-11-22\n  every: P6M\n"
        '  history:\n    - date: 2026-11-22\n      note: "first note"\ntags: [x]\n'
    )


def test_review_refuses_future_dates_and_bad_residuals(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    before = (root / "risks" / "R1.yaml").read_bytes()
    assert run("review", "R1", str(root), "--date", "2027-01-01").exit_code == 2
    bad = run("review", "R1", str(root), "--residual", "9,9")
    assert bad.exit_code == 2 and "not on the likelihood scale" in bad.stderr
    assert (root / "risks" / "R1.yaml").read_bytes() == before


def test_review_commit(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("reg/register.yaml", (REVIEW / "register.yaml").read_text())
    repo.write("reg/risks/R3.3.yaml", (REVIEW / "R3.3.yaml").read_text())
    repo.write("reg/notes.txt", "staged but not part of the review\n")
    repo.commit("Add register", date="2026-01-01T00:00:00+00:00")
    repo.write("reg/notes.txt", "changed\n")
    repo.git("add", "reg/notes.txt")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Alice Analyst")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "alice@force.example")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Alice Analyst")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "alice@force.example")
    result = run("review", "R3.3", "--residual", "Possible,Significant", "--commit")
    assert result.exit_code == 0, result.output
    assert repo.git("log", "-1", "--format=%s").strip() == "Review R3.3: residual 9 -> 6 (High -> Medium)"
    assert repo.git("show", "--name-only", "--format=", "HEAD").split() == ["reg/risks/R3.3.yaml"]
    assert "reg/notes.txt" in repo.git("diff", "--cached", "--name-only")  # still staged, not swept in
    history = run.json("history", "R3.3", "--format", "json")["changes"][0]
    assert {"field": "residual.likelihood", "old": 3, "new": 2} in history["fields"]
    # output that cannot be written (the program itself, on a full disk) leaves no half-done review
    import subprocess
    import sys

    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "riskctl", "review", "R3.3", "--note", "A second look", "--commit"],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, "RISKCTL_TODAY": "2026-11-22", "RISKCTL_NO_CACHE": "1"},
        )
    assert done.returncode == 2 and b"cannot write the output" in done.stderr
    assert repo.git("log", "-1", "--format=%s").strip().startswith("Review R3.3")
    assert repo.git("status", "--porcelain", "--", "reg/risks").strip() == ""  # written and committed
    assert repo.git("rev-list", "--count", "HEAD").strip() == "3"


# -- safe writes --------------------------------------------------------------------


def test_review_refuses_a_symlinked_file(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register()
    real = root / "real-R1.yaml"
    real.write_text(risk_yaml("R1"))
    os.symlink(real, root / "risks" / "R1.yaml")
    result = run("review", "R1", str(root))
    assert result.exit_code == 2 and "symlink" in result.stderr
    assert real.read_text() == risk_yaml("R1")


def test_failed_write_leaves_the_original_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "R1.yaml"
    path.write_text("original\n")
    os.chmod(path, 0o640)

    def fail(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(EditError, match="Permission denied"):
        write_atomic(path, b"new\n", original=b"original\n")
    assert path.read_text() == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["R1.yaml"]


def test_write_keeps_permissions_and_refuses_changed_files(tmp_path: Path) -> None:
    path = tmp_path / "R1.yaml"
    path.write_text("original\n")
    os.chmod(path, 0o640)
    write_atomic(path, b"new\n", original=b"original\n")
    assert path.read_text() == "new\n"
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    with pytest.raises(EditError, match="changed on disk"):
        write_atomic(path, b"newer\n", original=b"original\n")
    assert path.read_text() == "new\n"


def test_unwritable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(EditError, match="cannot write in"):
        write_atomic(tmp_path / "R2.yaml", b"x\n", original=None)
    assert not (tmp_path / "R2.yaml").exists()


def test_new_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "R1.yaml"
    path.write_text("mine\n")
    with pytest.raises(EditError, match="already exists"):
        write_atomic(path, b"theirs\n", original=None)
    assert path.read_text() == "mine\n"


def test_shell_completion_of_ids(tmp_path: Path, make_register: MakeRegister) -> None:
    make_register({"R3.1": risk_yaml("R3.1"), "R3.2": risk_yaml("R3.2"), "R4.1": risk_yaml("R4.1")})
    env = {**os.environ, "_RISKCTL_COMPLETE": "complete_bash", "COMP_WORDS": "riskctl show R3", "COMP_CWORD": "2"}
    riskctl = str(Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "riskctl")
    if not Path(riskctl).exists():
        riskctl = shutil.which("riskctl") or riskctl
    out = subprocess.run([riskctl], cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["R3.1", "R3.2"]
    env["COMP_WORDS"], env["COMP_CWORD"] = "riskctl rev", "1"
    out = subprocess.run([riskctl], cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["review"]
