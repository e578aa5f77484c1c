"""``review --by``: who reviewed goes into review.history (default: git's user.name), and
``history``, ``diff`` and ``audit`` show it."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskctl.reading.loading import load_bytes

from .conftest import MakeRegister, Run, policy_yaml, risk_yaml
from .gitrepo import GitRepo


@pytest.fixture(autouse=True)
def no_global_git_identity(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """git's user.name comes only from the repositories these tests make."""
    empty = tmp_path_factory.mktemp("gitconfig") / "config"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def history_of(path: Path) -> list[dict[str, str]]:
    document = load_bytes(path.read_bytes(), str(path)).document
    assert document is not None
    return document.data["review"]["history"]  # type: ignore[no-any-return]


def test_by_is_recorded_with_the_note(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1")}, {"P1": policy_yaml("P1")})
    result = run("review", "R1", str(root), "--by", "  Bob Reviewer ", "--note", "Fallback tested")
    assert result.exit_code == 0, result.output
    text = (root / "risks" / "R1.yaml").read_text()
    assert text.endswith(
        '  history:\n    - date: 2026-11-22\n      by: "Bob Reviewer"\n      note: "Fallback tested"\n'
    )
    assert run("review", "P1", str(root), "--by", "Carol").exit_code == 0
    assert history_of(root / "policies" / "P1.yaml") == [{"date": "2026-11-22", "by": "Carol"}]
    assert run("check", str(root), "--format", "json").exit_code == 0  # the schema allows it


def test_by_in_a_flow_mapping_review(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1", review="review: {last: 2026-10-01, history: [{date: 2026-10-01}]}")})
    assert run("review", "R1", str(root), "--by", "Dana: deputy #2").exit_code == 0
    assert history_of(root / "risks" / "R1.yaml") == [
        {"date": "2026-10-01"},
        {"date": "2026-11-22", "by": "Dana: deputy #2"},
    ]


def test_by_defaults_to_git_user_name(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.git("config", "user.name", "Rita Reviewer")
    repo.write("reg/register.yaml", (Path(__file__).parent / "fixtures" / "review" / "register.yaml").read_text())
    repo.write("reg/risks/R1.yaml", risk_yaml("R1"))
    monkeypatch.chdir(repo.root)
    result = run("review", "R1")
    assert result.exit_code == 0, result.output
    assert history_of(repo.root / "reg" / "risks" / "R1.yaml") == [{"date": "2026-11-22", "by": "Rita Reviewer"}]
    assert "no reviewer recorded" not in result.stderr


def test_without_git_or_a_name_no_one_is_recorded_and_it_says_so(
    run: Run, make_register: MakeRegister, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register({"R1": risk_yaml("R1"), "R2": risk_yaml("R2")})
    plain = run("review", "R1", str(root))
    assert plain.exit_code == 0
    assert "no reviewer recorded" in plain.stderr and "--by NAME" in plain.stderr
    assert "history" not in (root / "risks" / "R1.yaml").read_text()
    noted = run("review", "R2", str(root), "--note", "ok")
    assert history_of(root / "risks" / "R2.yaml") == [{"date": "2026-11-22", "note": "ok"}]
    assert noted.exit_code == 0
    GitRepo(tmp_path / "nameless")  # a repository where git has no user.name
    (tmp_path / "nameless" / "reg").mkdir()
    monkeypatch.chdir(tmp_path / "nameless")
    inside = run("review", "R1", str(root))
    assert inside.exit_code == 0 and "no reviewer recorded" in inside.stderr


def test_an_empty_by_is_a_usage_error(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    before = (root / "risks" / "R1.yaml").read_bytes()
    result = run("review", "R1", str(root), "--by", " ")
    assert result.exit_code == 2 and "--by" in result.stderr
    assert (root / "risks" / "R1.yaml").read_bytes() == before


def test_history_diff_and_audit_show_who_reviewed(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.git("config", "user.name", "Alice Analyst")
    repo.git("config", "user.email", "alice@force.example")
    repo.write("reg/register.yaml", (Path(__file__).parent / "fixtures" / "review" / "register.yaml").read_text())
    repo.write("reg/risks/R1.yaml", risk_yaml("R1"))
    base = repo.commit("Add the register", date="2026-01-01T00:00:00+00:00")
    monkeypatch.chdir(repo.root)
    hostile = "Bob\x1b[2J\n::error::x"
    result = run("review", "R1", "--by", hostile, "--note", "Fallback tested", "--commit")
    assert result.exit_code == 0, result.output
    history = run("history", "R1")
    shown = history.stdout.replace("\u200b", "")  # terminal() breaks "::" with a zero-width space
    assert "review.history: added 2026-11-22 by Bob\\x1b[2J ::error::x: Fallback tested" in shown
    assert "\x1b" not in history.stdout
    assert not any(line.lstrip().startswith("::") for line in history.stdout.splitlines())
    diff = run("diff", base, "HEAD")
    assert "review.history: added 2026-11-22 by Bob" in diff.stdout
    events = run.json("audit", "--format", "json")
    (event,) = [e for e in events if e["field"] == "review.history"]
    assert event["new"] == [{"date": "2026-11-22", "by": hostile, "note": "Fallback tested"}]
