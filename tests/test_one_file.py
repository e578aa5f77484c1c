"""``check FILE`` (what pre-commit runs) reads, of the other files, only those whose bytes could
hold an id that FILE's rules ask about (RC104, RC401); its answer is always the whole check's."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import riskctl.reading.files as files
from riskctl.core.check import CheckOptions, check
from riskctl.model.records import Severity
from riskctl.reading.files import literal
from riskctl.rules.engine import CheckResult, Selection

from .conftest import REGISTER_4X4, policy_yaml, risk_yaml
from .gitrepo import GitRepo

TODAY = dt.date(2026, 11, 22)
CHECKED = "test/risks/checked.yaml"
ALPHABET = "R1.:'\\ -x"


def _double_quoted(value: str) -> str:
    return '"' + "".join(f"\\x{ord(char):02x}" if ord(char) < 128 else char for char in value) + '"'


def id_line(field: str, value: str, style: str) -> str:
    """``field: value`` written in one of the ways YAML allows, some of which do not show ``value``'s bytes."""
    if style == "plain":
        return f"{field}: {value}"
    if style == "single":
        return f"{field}: '" + value.replace("'", "''") + "'"
    if style == "double":
        return f"{field}: {_double_quoted(value)}"
    if style == "literal":
        return f"{field}: |-\n  {value}"
    if style == "folded" and len(value) > 1:  # 'R1.1' over two lines reads 'R1 .1'
        middle = len(value) // 2
        return f"{field}: {value[:middle]}\n  {value[middle:]}"
    if style == "alias":  # the anchor on a field both kinds have
        return f"tags: [&n {_double_quoted(value)}]\n{field}: *n"
    if style == "hex" and value.isdigit():
        return f"{field}: {hex(int(value))}"
    return ""  # no id at all: the item goes by its file's name


STYLES = ["plain", "single", "double", "literal", "folded", "alias", "hex", "none"]


@st.composite
def sibling(draw: st.DrawFn, field: str, near: Sequence[str]) -> tuple[str, str]:
    """(file stem, text) of an item whose id may or may not be one of ``near``."""
    value = draw(st.one_of(*[st.sampled_from(list(near))] * 3, st.text(ALPHABET, min_size=1, max_size=5)))
    style = draw(st.sampled_from(STYLES))
    line = id_line(field, value, style)
    stem = value if style == "none" and value.replace(".", "").isalnum() else f"s{draw(st.integers(0, 10**6))}"
    return stem, line


def _write_items(folder: Path, items: list[tuple[str, str]], build: Any) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, line in items:
        path = folder / f"{stem}.yaml"
        if stem != "checked" and not path.exists():
            path.write_text(build(line))


def _findings(paths: list[str]) -> set[tuple[str, int, int, str]]:
    result = check(CheckOptions(paths, TODAY, use_cache=False))
    return {(f.code, f.line, f.column, f.message) for f in result.findings if f.path == CHECKED}


LITERAL_REFS = ["P1", "test:P1", "other:P2", "P2", "R1"]
ODD_REFS = ["28", "P 3", "it's"]  # not found by their bytes: every file is read


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rid=st.sampled_from(["R1", "R1.1", "A-b_c", "28"]),
    refs=st.lists(st.sampled_from(LITERAL_REFS), max_size=2),
    odd=st.lists(st.sampled_from(ODD_REFS), max_size=1),
    data=st.data(),
)
def test_one_file_answers_as_the_whole_check_does(
    rid: str, refs: list[str], odd: list[str], data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = refs + odd
    risk_ids = [rid, rid + ".", "r" + rid[1:], "28"]
    policy_refs = [ref.rpartition(":")[2] for ref in refs] + ["P1", "P2"]
    risks = data.draw(st.lists(sibling("id", risk_ids), min_size=1, max_size=6))
    policies = data.draw(st.lists(sibling("reference", policy_refs), max_size=4))
    elsewhere = data.draw(st.lists(sibling("reference", policy_refs), max_size=4))
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        subprocess.run(["git", "init", "-q", work], check=True)  # one repository: pre-commit's case
        (root / "test").mkdir()
        (root / "test" / "register.yaml").write_text(REGISTER_4X4)
        (root / "other").mkdir()
        (root / "other" / "register.yaml").write_text(REGISTER_4X4.replace("id: test", "id: other"))
        listed = "policies: [" + ", ".join(_double_quoted(ref) for ref in refs) + "]" if refs else ""
        (root / "test" / "risks").mkdir()
        (root / CHECKED).write_text(risk_yaml(rid, id=f"id: {_double_quoted(rid)}", policies=listed))
        _write_items(root / "test" / "risks", risks, lambda line: risk_yaml("X", id=line))
        _write_items(root / "test" / "policies", policies, lambda line: policy_yaml("X", reference=line))
        _write_items(root / "other" / "policies", elsewhere, lambda line: policy_yaml("X", reference=line))
        monkeypatch.chdir(root)
        assert _findings([CHECKED]) == _findings(["."])


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("value", ["R1.1", "28"])
def test_an_id_written_any_way_is_found(
    value: str, style: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of the risk's id (RC104 counts valid risks: an id must be a string) and a
    policy it names (RC401 counts every policy read: 0x1C is the reference 28)."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for folder in ("risks", "policies"):
        (tmp_path / "test" / folder).mkdir(parents=True)
    (tmp_path / "test" / "register.yaml").write_text(REGISTER_4X4)
    policies = f"policies: ['{value}']"
    (tmp_path / CHECKED).write_text(risk_yaml(value, id=f"id: '{value}'", policies=policies))
    line = id_line("id", value, style)
    (tmp_path / "test" / "risks" / f"{'copy' if line else value}.yaml").write_text(risk_yaml("X", id=line))
    line = id_line("reference", value, style)
    (tmp_path / "test" / "policies" / f"{'p' if line else value}.yaml").write_text(policy_yaml("X", reference=line))
    monkeypatch.chdir(tmp_path)
    found = {code for code, *_ in _findings([CHECKED])}
    assert found == {code for code, *_ in _findings(["."])}
    read_as_string = style in ("single", "double", "literal", "alias") or (style == "plain" and value == "R1.1")
    assert ("RC104" in found) is read_as_string
    by_name = not line  # no id: the policy goes by its file's name
    same = read_as_string or by_name or (style in ("plain", "hex") and value == "28")
    assert ("RC401" in found) is not same


def test_one_file_in_a_big_register_reads_only_what_could_matter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "test" / "risks").mkdir(parents=True)
    (tmp_path / "test" / "policies").mkdir()
    (tmp_path / "test" / "register.yaml").write_text(REGISTER_4X4)
    for n in range(2, 60):
        (tmp_path / "test" / "risks" / f"S{n}.yaml").write_text(risk_yaml(f"S{n}"))
    (tmp_path / "test" / "risks" / "R1-copy.yaml").write_text(risk_yaml("R1"))
    (tmp_path / "test" / "risks" / "R1.yaml").write_text(risk_yaml("R1", policies="policies: [P7, P99]"))
    for n in range(1, 30):
        (tmp_path / "test" / "policies" / f"P{n}.yaml").write_text(policy_yaml(f"P{n}"))
    parsed: list[bytes] = []
    parse_chunk = files._parse_chunk

    def counting(chunk: Sequence[tuple[bytes, str, bool]]) -> list[files.Outcome]:
        parsed.extend(raw for raw, _, _ in chunk)
        return parse_chunk(chunk)

    monkeypatch.setattr(files, "_parse_chunk", counting)
    monkeypatch.chdir(tmp_path)
    result = check(CheckOptions(["test/risks/R1.yaml"], TODAY, use_cache=False))
    codes = sorted(f.code for f in result.findings)
    assert codes == ["RC104", "RC401"]  # R1-copy.yaml shares the id; P99 exists nowhere
    # the file, its copy, register.yaml and P7: not the 58 other risks or 28 other policies
    assert len(parsed) == 4, len(parsed)
    assert os.path.exists("test/risks/S2.yaml")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("R1.1", True),
        ("essex-kent", True),
        ("O28", True),
        ("28", False),  # 0x1C and +28 read as the id 28
        ("-3", False),
        ("", False),
        ("P 3", False),  # folded lines join with a space
        ("it's", False),  # 'it''s'
        ('say "x"', False),
        ("a\\b", False),
        ("tab\there", False),
        ("line\u2028sep", False),
    ],
)
def test_what_can_be_found_by_its_bytes(value: str, expected: bool) -> None:
    assert literal(value) is expected


def _beside_a_policy_register(root: Path, policies: str) -> None:
    """The checked risk, naming ``policies``, in register 'test'; policy P1 in register 'other'."""
    (root / "test" / "risks").mkdir(parents=True)
    (root / "test" / "register.yaml").write_text(REGISTER_4X4)
    (root / CHECKED).write_text(risk_yaml("R1", policies=policies))
    (root / "other" / "policies").mkdir(parents=True)
    (root / "other" / "register.yaml").write_text(REGISTER_4X4.replace("id: test", "id: other"))
    (root / "other" / "policies" / "P1.yaml").write_text(policy_yaml("P1"))


def test_outside_git_a_file_sees_the_registers_below_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside git there is no repository: the registers below where riskctl runs stand for
    it, as ``check .`` there reads them; a policy in another of them is found."""
    _beside_a_policy_register(tmp_path, "policies: [P1, other:P1, P404]")
    monkeypatch.chdir(tmp_path)
    found = _findings([CHECKED])
    assert found == _findings(["."])
    assert [message for code, _, _, message in found if code == "RC401"] == [
        "the policy 'P404' is not in any register; expected the reference of an existing policy"
    ]


SAMPLES = Path(__file__).resolve().parent.parent / "registers"
CHILD = "registers/cambridgeshire-contact-management/risks/C1.yaml"  # escalated to cambs-ops:D1
PARENT = "registers/cambridgeshire-operational-support"


@pytest.fixture
def samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SAMPLES, tmp_path / "registers")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _codes(paths: list[str]) -> dict[str, list[str]]:
    result = check(CheckOptions(paths, TODAY, use_cache=False))
    found: dict[str, list[str]] = {}
    for finding in result.findings:
        found.setdefault(finding.path, []).append(f"{finding.code} {finding.message}")
    return found


@pytest.mark.parametrize("beside", [f"{PARENT}/risks/D2.yaml", f"{PARENT}/register.yaml", PARENT])
def test_an_escalated_risk_checked_beside_its_parent_register_finds_its_carrier(samples: Path, beside: str) -> None:
    """The parent register is one of those asked about: its risks must not be left unread."""
    whole = _codes(["."])
    together = _codes([CHILD, beside])
    assert together.get(CHILD) == whole.get(CHILD)  # no RC403 'names no risk D1'
    assert all(not line.startswith("RC403") for line in together.get(CHILD, []))


def test_a_file_named_from_inside_its_folder_is_checked(samples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    risks = samples / "registers" / "cambridgeshire-strategic" / "risks"
    (risks / "R9.yaml").write_text("id: R9\n\ttitle: x\n")
    monkeypatch.chdir(risks)
    for args in (["R9.yaml"], ["./R9.yaml"], ["."]):
        result = check(CheckOptions(args, TODAY, use_cache=False))
        assert [(f.path, f.code) for f in result.findings] == [("../risks/R9.yaml", "RC101")], args
        assert len(result.checked) == (1 if args != ["."] else len(list(risks.iterdir())))


def test_a_file_beside_a_directory_checks_both(samples: Path) -> None:
    contact = "registers/cambridgeshire-contact-management"
    whole = _codes(["."])
    both = _codes(["registers/cambridgeshire-strategic/risks/R1.1.yaml", contact])
    assert {path for path in both if path.startswith(contact)} == {p for p in whole if p.startswith(contact)}
    result = check(CheckOptions([".", "registers/cambridgeshire-strategic/risks/R1.1.yaml"], TODAY, use_cache=False))
    assert result.findings == check(CheckOptions(["."], TODAY, use_cache=False)).findings


def test_an_escalation_to_a_missing_risk_names_what_could_not_be_read_either_way(samples: Path) -> None:
    child = samples / CHILD
    child.write_text(child.read_text().replace('to: "cambs-ops:D1"', 'to: "cambs-ops:D9"'))
    (samples / PARENT / "risks" / "D3.yaml").write_text("id: D3\n\ttitle: broken\n")
    alone, whole = _codes([CHILD])[CHILD], _codes(["."])[CHILD]
    assert alone == whole
    assert any(f"could not read {PARENT}/risks/D3.yaml" in line for line in alone)


def test_outside_git_from_the_home_directory_nothing_else_is_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the home directory (or /) a search could take all day: the register stands alone."""
    _beside_a_policy_register(tmp_path, "policies: [P1]")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert sorted(code for code, *_ in _findings([CHECKED])) == ["RC105", "RC401"]


def test_a_register_named_through_a_folder_link_inside_the_repository_is_read_once(samples: Path) -> None:
    """Discovery reads a register where it really is and not through a link; a path given
    through a folder linked inside the repository is read the same way, so the register is
    not also a second register of the same id (RC405 with itself)."""
    real = "registers/cambridgeshire-strategic"
    os.symlink("cambridgeshire-strategic", samples / "registers" / "inlinked")
    (samples / real / "risks" / "R9.yaml").write_text("id: R9\ntitle: x\nstatus: 7\n")
    whole = _codes([real])
    assert any(path.endswith("R9.yaml") for path in whole)
    assert _codes(["registers/inlinked"]) == whole
    assert _codes(["registers/inlinked/risks/R9.yaml"]) == {f"{real}/risks/R9.yaml": whole[f"{real}/risks/R9.yaml"]}
    assert _codes([str(samples / "registers/inlinked/risks/R9.yaml")]) == {
        str(samples / real / "risks/R9.yaml"): whole[f"{real}/risks/R9.yaml"]
    }


def test_findings_come_out_in_one_order_whatever_the_hash_seed(samples: Path) -> None:
    """Several findings at one place with one code (the fields a file lacks) pass through a set:
    their order must not depend on Python's string hashing, which differs from run to run."""
    path = "registers/cambridgeshire-strategic/risks/R9.yaml"
    (samples / path).write_text("id: R9\ntitle: x\n")
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "RISKCTL_TODAY": TODAY.isoformat(), "RISKCTL_NO_CACHE": "1"}
        command = [sys.executable, "-m", "riskctl", "check", path]
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=samples)
        assert done.returncode == 1, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    lines = [line for line in outputs.pop().splitlines() if "missing required field" in line]
    assert len(lines) >= 3 and lines == sorted(lines)


@pytest.mark.parametrize("at", [None, "HEAD"])
def test_a_register_checked_alone_finds_the_policies_of_every_register(samples: Path, at: str | None) -> None:
    """RC401 says no register holds the policy: a register folder checked alone (now, or
    ``--at`` a revision) looks in every register of the repository, as a single file does."""
    path = "registers/cambridgeshire-strategic/risks/R3.3.yaml"
    with open(samples / path, "a", encoding="utf-8") as handle:
        handle.write("policies: [O28, essex-kent:O28, O404]\n")  # O28 is in registers/essex-kent-policies
    GitRepo(samples).commit("x", date="2026-11-01T09:00:00+00:00")
    for named_path in ("registers/cambridgeshire-strategic", path, "."):
        result = check(CheckOptions([named_path], TODAY, at=at, use_cache=False))
        unknown = [f.message for f in result.findings if f.code == "RC401"]
        assert unknown == ["the policy 'O404' is not in any register; expected the reference of an existing policy"]


def test_a_folder_of_a_register_holding_no_file_asks_about_no_file(samples: Path) -> None:
    """A folder inside a register is its files; when it holds none (a folder named like a
    risk file, say) nothing is asked about, rather than the whole register."""
    folder = samples / "registers/cambridgeshire-strategic/risks/D1.yaml"
    folder.mkdir()
    result = check(CheckOptions([str(folder.relative_to(samples))], TODAY, use_cache=False))
    assert (result.checked, result.findings) == ([], [])


@pytest.mark.parametrize("broken", ["registers/essex-kent-policies", "registers/cambridgeshire-strategic"])
def test_a_file_of_an_unusable_register_shows_why(samples: Path, broken: str) -> None:
    """A file whose register.yaml cannot be used (its own, or the one it takes its scheme
    from) is not checked, and the exit status is 2: the finding that says why is shown, as
    the warning ('see above') promises, not only when register.yaml itself is asked about."""
    with open(samples / broken / "register.yaml", "a", encoding="utf-8") as handle:
        handle.write("foo: 1\n")
    file = {
        "registers/essex-kent-policies": "registers/essex-kent-policies/policies/O28.yaml",
        "registers/cambridgeshire-strategic": f"{PARENT}/risks/D1.yaml",  # its scheme is from cambs
    }[broken]
    result = check(CheckOptions([file], TODAY, use_cache=False))
    assert result.unusable and result.exit_status(Severity.ERROR) == 2
    shown = {(f.path, f.code) for f in result.findings}
    head = f"{os.path.dirname(os.path.dirname(file))}/register.yaml"
    assert (head, "RC102") in shown and head in result.checked
    for selection in (Selection.parse(ignore=["RC102"]), Selection.parse(select=["RC301"])):  # not to be hidden
        assert (head, "RC102") in {(f.path, f.code) for f in result.select(selection).findings}
    cached = CheckResult.from_cache(json.loads(json.dumps(result.to_cache())))
    assert cached is not None and cached.heads == result.heads == {head}


@pytest.mark.parametrize("name", ["R9.yaml", "risks/sub/R9.yaml", "schemas/notes.yaml", "risks/.R9.yaml"])
def test_a_file_named_that_riskctl_does_not_read_is_said(samples: Path, name: str) -> None:
    """A file inside a register that is none of its own (register.yaml, risks/*.yaml,
    policies/*.yaml) is not read by any command; named on the command line, that is said
    (RC101) rather than 'No problems in 0 files'."""
    path = f"registers/cambridgeshire-strategic/{name}"
    (samples / path).parent.mkdir(parents=True, exist_ok=True)
    (samples / path).write_text("title: [\n")
    result = check(CheckOptions([path], TODAY, use_cache=False))
    assert [(f.path, f.code) for f in result.findings] == [(path, "RC101")]
    assert "not checked" in result.findings[0].message and result.checked == [path]


def test_a_committed_folder_link_is_said_at_a_revision_as_in_the_working_tree(samples: Path) -> None:
    """A register folder linked inside the repository is reported by ``check .`` (RC101: read
    where it really is) now and ``--at`` a commit alike; a path through it at a commit, where
    links are not followed, is refused saying so rather than 'not inside a register'."""
    from riskctl.model.errors import ConfigError

    os.symlink("cambridgeshire-strategic", samples / "registers" / "inlinked")
    GitRepo(samples).commit("x", date="2026-11-01T09:00:00+00:00")
    now, then = (check(CheckOptions(["."], TODAY, at=at, use_cache=False)) for at in (None, "HEAD"))
    assert [(f.path, f.code) for f in now.findings if "inlinked" in f.path] == [("registers/inlinked", "RC101")]
    assert then.findings == now.findings
    for linked in ("registers/inlinked", "registers/inlinked/risks/R3.3.yaml"):
        with pytest.raises(ConfigError, match=r"registers/inlinked: .*symlink in the commit"):
            check(CheckOptions([linked], TODAY, at="HEAD", use_cache=False))


def test_check_whole_says_a_named_file_it_does_not_read(samples: Path) -> None:
    """``--whole`` (the second pre-commit hook) checks the registers of the files given, and
    a file given that is none of a register's own is said there too (RC101), as without."""
    path = "registers/cambridgeshire-strategic/notes.yaml"
    (samples / path).write_text("title: [\n")
    result = check(CheckOptions([path], TODAY, use_cache=False, whole=True))
    assert (path, "RC101") in {(f.path, f.code) for f in result.findings}
