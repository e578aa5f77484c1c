"""Finding registers from paths, and symlinks that lead out of the workspace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from riskctl.model.errors import ConfigError
from riskctl.model.records import Item
from riskctl.model.workspace import Workspace
from riskctl.reading.discovery import discover
from riskctl.reading.files import Parser
from riskctl.reading.tree import WorkTree
from riskctl.reading.workspace import load

from .conftest import MakeRegister, risk_yaml


def _discover(paths: list[str], cwd: Path) -> tuple[list[tuple[str, str]], frozenset[str] | None]:
    found = discover(WorkTree(), paths, str(cwd))
    return [(root.path, root.display) for root in found.roots], found.requested


def _load(paths: list[str], cwd: Path) -> Workspace:
    return load(paths, Parser(), cwd=str(cwd))


def _items(workspace: Workspace) -> dict[str, Item]:
    return {item.stem: item for item in workspace.items}


def test_discover_below_and_above(make_register: MakeRegister, tmp_path: Path) -> None:
    one = make_register({"R1": risk_yaml("R1")}, name="one")
    make_register({"R1": risk_yaml("R1")}, name="two")
    roots, requested = _discover(["."], tmp_path)
    assert [shown for _, shown in roots] == ["one", "two"]
    assert requested is None
    roots, requested = _discover(["one/risks/R1.yaml"], tmp_path)
    assert [root for root, _ in roots] == [str(one)]
    assert requested == {"one/risks/R1.yaml"}
    roots, requested = _discover(["one/risks"], tmp_path)
    assert requested == {"one/risks/R1.yaml"}


def test_paths_stay_as_given(make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    assert _load(["reg"], tmp_path).items[0].path == "reg/risks/R1.yaml"
    assert _load([str(root)], tmp_path).items[0].path == str(root / "risks" / "R1.yaml")


def test_no_register_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no register found"):
        _discover(["."], tmp_path)
    with pytest.raises(ConfigError, match="no such file"):
        _discover(["missing"], tmp_path)
    (tmp_path / "loose.yaml").write_text("id: R1\n")
    with pytest.raises(ConfigError, match="not inside a register"):
        _discover(["loose.yaml"], tmp_path)


def test_skips_hidden_and_tool_directories(make_register: MakeRegister, tmp_path: Path) -> None:
    make_register(name="real")
    make_register(name=".venv/lib/pkg")
    roots, _ = _discover(["."], tmp_path)
    assert [shown for _, shown in roots] == ["real"]


def test_symlinked_file_outside_the_workspace_is_not_followed(make_register: MakeRegister, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text(risk_yaml("R9"))
    root = make_register({"R1": risk_yaml("R1")})
    (tmp_path / ".git").mkdir()  # the workspace is the repository at tmp_path
    os.symlink(outside, root / "risks" / "R9.yaml")
    items = _items(_load(["reg"], tmp_path))
    assert items["R9"].file.document is None
    assert "outside the workspace" in items["R9"].file.problems[0].message
    assert items["R1"].file.valid


def test_symlink_inside_the_workspace_is_followed(make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": risk_yaml("R1")})
    (tmp_path / ".git").mkdir()
    (tmp_path / "shared-R2.yaml").write_text(risk_yaml("R2"))
    os.symlink(tmp_path / "shared-R2.yaml", root / "risks" / "R2.yaml")
    assert _items(_load(["reg"], tmp_path))["R2"].file.valid


def test_symlinked_directory_outside_the_workspace(make_register: MakeRegister, tmp_path: Path) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "R5.yaml").write_text(risk_yaml("R5"))
    root = make_register()
    (tmp_path / ".git").mkdir()
    (root / "risks").rmdir()
    os.symlink(elsewhere, root / "risks")
    items = _load(["reg"], tmp_path).items
    assert [item.path for item in items] == ["reg/risks"]
    assert "outside the workspace" in items[0].file.problems[0].message


def test_a_path_given_through_a_folder_link_out_of_the_repository_is_refused(
    make_register: MakeRegister, tmp_path: Path
) -> None:
    """Discovery never follows a register folder linked out of the repository; a path given on
    the command line (pre-commit passes the link itself when a change adds it) may not either,
    through the link or below it. Nothing outside is read."""
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    make_register({"R1": risk_yaml("R1")})
    (tmp_path / ".git").mkdir()
    outside = make_register({"R7": risk_yaml("R7")}, name="reg-out")
    outside.rename(elsewhere)
    os.symlink(elsewhere, tmp_path / "linked")
    for given in ("linked", "linked/risks", "linked/risks/R7.yaml", "linked/register.yaml"):
        with pytest.raises(ConfigError) as refused:
            discover(WorkTree(), [given], str(tmp_path))
        assert "outside the workspace; it is not followed" in str(refused.value)
        assert str(refused.value).startswith(f"{given}: ")
    assert discover(WorkTree(), ["reg/risks/R1.yaml"], str(tmp_path)).roots  # paths that stay inside: as ever


def test_a_terse_parser_starts_from_what_the_explaining_one_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Parser.terse`` (the repository's other registers, read for policy references) does not
    parse again what the parser it came from has parsed; what it parses tersely (no reasons)
    never reaches the parser that explains."""
    from riskctl.reading import files
    from riskctl.reading.files import FileInput

    parsed: list[bytes] = []
    real = files.parse
    monkeypatch.setattr(files, "parse", lambda raw, kind, explain=True: parsed.append(raw) or real(raw, kind, explain))
    good, broken = b"id: R1\ntitle: A risk\n", b"id: R2\nstatus: 7\n"
    explaining = Parser()
    explaining.files([FileInput("a.yaml", "risk", good)])
    terse = explaining.terse()
    assert terse.files([FileInput("b.yaml", "risk", good)])[0].document is not None
    assert parsed == [good]  # the terse parser answered from what it was given
    (tersely,) = terse.files([FileInput("c.yaml", "risk", broken)])
    assert [p.message for p in tersely.problems] == [files.UNEXPLAINED]
    (explained,) = explaining.files([FileInput("c.yaml", "risk", broken)])
    assert explained.problems and files.UNEXPLAINED not in [p.message for p in explained.problems]


def test_a_folder_link_into_another_repository_is_refused_and_nothing_is_written_there(
    make_register: MakeRegister, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``.git`` seen through a link is another repository's: a path through a folder
    linked to another repository (or out and back in, ``../..``) is judged from this one
    and refused, as a link to a plain folder outside is; ``review`` writes nothing there."""
    from typer.testing import CliRunner

    from riskctl.cli.app import app

    other = tmp_path.parent / f"{tmp_path.name}-other"
    make_register({"R7": risk_yaml("R7")}, name="reg-out")
    (tmp_path / "reg-out").rename(other)
    (other / ".git").mkdir()
    make_register({"R1": risk_yaml("R1")})
    (tmp_path / ".git").mkdir()
    os.symlink(other, tmp_path / "ext")
    os.symlink("..", tmp_path / "reg" / "up")  # out of the register, back into the repository
    os.symlink(os.path.relpath(tmp_path.parent, tmp_path / "reg"), tmp_path / "reg" / "above")
    for given in ("ext", "ext/risks/R7.yaml", f"reg/above/{tmp_path.name}/reg"):
        with pytest.raises(ConfigError) as refused:
            discover(WorkTree(), [given], str(tmp_path))
        assert "outside the workspace; it is not followed" in str(refused.value), given
    found = discover(WorkTree(), ["reg/up/reg/risks/R1.yaml"], str(tmp_path))
    assert [root.path for root in found.roots] == [str(tmp_path / "reg")]  # where it really is
    assert found.requested == frozenset({"reg/risks/R1.yaml"})
    before = (other / "risks" / "R7.yaml").read_bytes()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["review", "R7", "ext", "--by", "me"], env={"RISKCTL_TODAY": "2026-11-22"})
    assert result.exit_code == 2 and "outside the workspace" in result.output
    assert (other / "risks" / "R7.yaml").read_bytes() == before


def test_a_path_is_judged_from_where_it_really_stands_whatever_the_current_directory(
    make_register: MakeRegister, tmp_path: Path
) -> None:
    """From outside the repository, or through a link to it, a path through a folder linked
    into another repository is refused all the same; a register spelled two ways (through
    a link to the repository, or to its root from inside it) is one register, read where
    it is."""
    make_register({"R1": risk_yaml("R1")})
    (tmp_path / ".git").mkdir()
    other = tmp_path.parent / f"{tmp_path.name}-other"
    (other / "reg" / "risks").mkdir(parents=True)
    (other / ".git").mkdir()
    os.symlink(other, tmp_path / "ext")
    spelled = tmp_path.parent / f"{tmp_path.name}-spelled"
    os.symlink(tmp_path, spelled)
    os.symlink("..", tmp_path / "reg" / "up")
    outside = str(tmp_path.parent)
    for given in (str(tmp_path / "ext" / "reg"), str(spelled / "ext" / "reg"), f"{tmp_path.name}/ext/reg"):
        with pytest.raises(ConfigError, match="outside the workspace; it is not followed"):
            discover(WorkTree(), [given], outside)
    both = [str(spelled / "reg"), str(tmp_path / "reg" / "up" / "reg"), str(tmp_path / "reg")]
    assert [root.path for root in discover(WorkTree(), both, outside).roots] == [str(tmp_path / "reg")]
