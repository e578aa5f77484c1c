"""Registers at a revision are read from git objects in memory: nothing is written, nothing escapes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import REGISTER_4X4, Run, risk_yaml
from .gitrepo import GitRepo


def _blob(repo: GitRepo, text: str) -> str:
    done = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"], cwd=repo.root, input=text, capture_output=True, text=True
    )
    return done.stdout.strip()


def _tree(repo: GitRepo, entries: list[tuple[str, str, str, str]]) -> str:
    listing = "".join(f"{mode} {kind} {sha}\t{name}\n" for mode, kind, sha, name in entries)
    return subprocess.run(
        ["git", "mktree"], cwd=repo.root, input=listing, capture_output=True, text=True
    ).stdout.strip()


def test_a_commit_whose_tree_climbs_out_writes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fetched commit may hold '..' entries; reading it --at must not write anything, anywhere."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("registers/ops/register.yaml", REGISTER_4X4)
    repo.write("registers/ops/risks/R1.yaml", risk_yaml("R1"))
    repo.commit("Start", date="2026-01-10T09:00:00+00:00")
    register, risk = _blob(repo, REGISTER_4X4), _blob(repo, risk_yaml("R9"))
    risks = _tree(repo, [("100644", "blob", risk, "R9.yaml")])
    escape = _tree(repo, [("100644", "blob", register, "register.yaml"), ("040000", "tree", risks, "risks")])
    target = tmp_path / "planted"
    up = escape
    for _ in range(6):  # ../../../../../../planted/{register.yaml,risks/R9.yaml}
        up = _tree(repo, [("040000", "tree", up, "..")])
    head = subprocess.run(["git", "rev-parse", "HEAD^{tree}"], cwd=repo.root, capture_output=True, text=True).stdout
    listing = subprocess.run(["git", "ls-tree", head.strip()], cwd=repo.root, capture_output=True, text=True).stdout
    entries = [tuple(line.replace("\t", " ").split(" ", 3)) for line in listing.splitlines()]
    top = _tree(repo, [*entries, ("040000", "tree", up, "..")])  # type: ignore[list-item]
    commit = subprocess.run(["git", "commit-tree", top, "-m", "hostile"], cwd=repo.root, capture_output=True, text=True)
    sha = commit.stdout.strip()
    monkeypatch.chdir(repo.root)
    before = sorted(p for p in tmp_path.rglob("*") if ".git" not in p.parts)
    for args in (["list", "--at", sha, "--format", "json"], ["check", "--at", sha], ["report", "--at", sha]):
        result = run(*args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output
    assert not target.exists()
    assert sorted(p for p in tmp_path.rglob("*") if ".git" not in p.parts) == before
    listed = run("list", "--at", sha, "--format", "json")
    assert [row["id"] for row in __import__("json").loads(listed.stdout)] == ["R1"]
    assert "cannot be checked out safely" in listed.stderr


def test_registers_in_a_submodule_are_not_shown_as_added(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = GitRepo(tmp_path / "inner")
    inner.write("ops/register.yaml", REGISTER_4X4)
    inner.write("ops/risks/R1.yaml", risk_yaml("R1"))
    inner.commit("Inner registers", date="2026-01-10T09:00:00+00:00")
    outer = GitRepo(tmp_path / "outer")
    outer.write("README", "superproject\n")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), "sub")
    outer.commit("Add the submodule", date="2026-01-11T09:00:00+00:00")
    monkeypatch.chdir(outer.root)
    result = run("diff", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    assert __import__("json").loads(result.stdout)["items"] == []
    assert "submodule" in result.stderr
