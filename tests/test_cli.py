"""The commands end to end: exit statuses, output shapes, and no tracebacks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from riskctl import __version__
from riskctl.cli.app import COMMANDS

from .conftest import TODAY, MakeRegister, Run, policy_yaml, risk_yaml
from .test_loading import BOMB


@pytest.fixture
def register(make_register: MakeRegister) -> Path:
    return make_register(
        {
            "R1": risk_yaml("R1"),
            "R2": risk_yaml(
                "R2",
                category="category: Finance",
                inherent="inherent:\n  likelihood: 4\n  impact: 4",
                residual="residual:\n  likelihood: Probable\n  impact: major\nactions:\n"
                "  - {description: Second site, owner: Head of Estates, due: 2027-03-31, status: open}",
            ),
        },
        {"P1": policy_yaml("P1")},
    )


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"riskctl {__version__}"


def test_every_command_has_help(run: Run) -> None:
    for name in COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage:" in result.stdout


def test_check_clean_register_exits_0(run: Run, register: Path) -> None:
    result = run("check", str(register), "--select", "RC1,RC2")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "No problems in 4 files."


def test_check_findings_exit_1_with_text_lines(run: Run, register: Path) -> None:
    (register / "risks" / "R3.yaml").write_text(risk_yaml("R3", status="status: opn"))
    result = run("check", str(register))
    assert result.exit_code == 1
    line = f"{register}/risks/R3.yaml:5:9: RC102 status: found 'opn'; expected one of: open, closed [schema]"
    assert line in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].startswith("Found 1 error")


def test_check_json_shape(run: Run, register: Path) -> None:
    (register / "risks" / "R3.yaml").write_text(risk_yaml("R3", review="review:\n  last: 2025-01-01"))
    result = run("check", str(register), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["today"] == "2026-11-22"
    assert data["summary"] == {"files": 5, "errors": 1, "warnings": 0}
    (finding,) = data["findings"]
    assert set(finding) == {"code", "rule", "severity", "path", "line", "column", "item", "message"}
    assert finding["code"] == "RC301" and finding["item"] == "R3" and finding["severity"] == "error"
    assert (finding["line"], finding["column"]) == (13, 9)
    assert "2025-04-01" in finding["message"]


def test_fail_on_warning(run: Run, register: Path) -> None:
    (register / "risks" / "R3.yaml").write_text(risk_yaml("R3", id="id: R3x"))  # RC105 warning
    assert run("check", str(register)).exit_code == 0
    assert run("check", str(register), "--fail-on", "warning").exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-such-option"],
        ["check", "--format", "xml"],
        ["check", "--fail-on", "info"],
        ["check", "--select", "RC999"],
        ["--today", "22/11/2026", "check"],
        ["show", "NOPE"],
        ["schema", "nope"],
        ["rules", "RC000"],
        ["list", "--sort", "colour"],
    ],
)
def test_usage_problems_exit_2_without_traceback(run: Run, register: Path, args: list[str]) -> None:
    result = run(*args, str(register))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_no_register_exits_2(run: Run, tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert "no register found" in result.stderr


def test_unusable_register_yaml_exits_2_but_still_reports(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1", status="status: opn")}, register="name: Broken\nscoring: [oops]\n")
    result = run("check", str(root))
    assert result.exit_code == 2
    assert "register.yaml:2:10: RC102" in result.stdout
    assert "R1.yaml:5:9: RC102" in result.stdout  # the risks were still checked
    assert "cannot use the register" in result.stderr


def test_today_from_environment_and_options(run: Run, register: Path) -> None:
    def state(*args: str, env: dict[str, str] | None = None) -> str:
        result = run("list", str(register), "--format", "json", *args, env=env)
        return json.loads(result.stdout)[0]["review"]["state"]

    assert state() == "ok"  # RISKCTL_TODAY=2026-11-22, review next 2027-01-01
    assert state(env={"RISKCTL_TODAY": "2027-02-01"}) == "overdue"
    assert state("--today", "2026-12-15") == "due-soon"


def test_list_json_shape(run: Run, register: Path) -> None:
    rows = run.json("list", str(register), "--format", "json")
    assert [row["id"] for row in rows] == ["R2", "R1"]  # by residual score, highest first
    first = rows[0]
    assert list(first) == [
        "register", "id", "kind", "title", "category", "owner", "status", "path",
        "inherent", "residual", "target", "review", "appetite", "escalation",
    ]  # fmt: skip
    assert (first["appetite"], first["escalation"]) == (8, None)  # SPEC §8
    assert first["residual"] == {"likelihood": 3, "impact": 4, "score": 12, "rating": "Very high"}
    assert first["target"] is None
    assert first["review"] == {"last": "2026-10-01", "next": "2027-01-01", "state": "ok"}
    assert first["path"] == f"{register}/risks/R2.yaml"


def test_list_policies_json_shape(run: Run, register: Path) -> None:
    (row,) = run.json("list", str(register), "--policies", "--format", "json")
    assert row == {
        "register": "test",
        "reference": "P1",
        "kind": "policy",
        "title": "Business continuity policy",
        "owner": "Head of Tactical Operations",
        "status": "active",
        "path": f"{register}/policies/P1.yaml",
        "review": {"last": "2026-04-01", "next": "2028-04-01", "state": "ok"},
    }


def test_list_filters_and_sort(run: Run, register: Path) -> None:
    def ids(*args: str) -> list[str]:
        return [row["id"] for row in run.json("list", str(register), "--format", "json", *args)]

    assert ids("--category", "finance") == ["R2"]
    assert ids("--rating", "Medium") == ["R1"]
    assert ids("--owner", "tactical") == ["R2", "R1"]
    assert ids("--status", "closed") == []
    assert ids("--overdue") == []
    assert ids("--sort", "id") == ["R1", "R2"]


def test_list_csv_is_flattened_and_neutralised(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1", title="title: '=HYPERLINK(\"http://x\")'")})
    result = run("list", str(root), "--format", "csv")
    header, row = result.stdout.splitlines()
    assert header.split(",")[:4] == ["register", "id", "kind", "title"]
    assert "residual.score" in header.split(",")
    assert "'=HYPERLINK" in row


def test_list_table_and_output_file(run: Run, register: Path, tmp_path: Path) -> None:
    result = run("list", str(register))
    assert result.exit_code == 0
    assert "R1" in result.stdout and "Very high" in result.stdout and "2 risks" in result.stdout
    target = tmp_path / "out.json"
    assert run("list", str(register), "--format", "json", "-o", str(target)).exit_code == 0
    assert len(json.loads(target.read_text())) == 2


def test_show_text_and_json(run: Run, register: Path) -> None:
    result = run("show", "R2", str(register))
    assert result.exit_code == 0
    assert "test:R2" in result.stdout and "3 x 4 = 12 (Very high)" in result.stdout
    assert "above appetite" in result.stdout
    detail = run.json("show", "test:R2", str(register), "--format", "json")
    assert detail["residual"]["score"] == 12 and detail["data"]["category"] == "Finance"


def test_show_policy_lists_the_risks_relying_on_it(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1", title="title: Fire\npolicies: [P1]")}, {"P1": policy_yaml("P1")})
    detail = run.json("show", "P1", str(root), "--format", "json")
    assert detail["links"] == [{"id": "test:R1", "title": "Fire"}]


def test_show_ambiguous_id(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    make_register({"R1": risk_yaml("R1")}, name="a", register="name: A\nid: a\n" + _scoring())
    make_register({"R1": risk_yaml("R1")}, name="b", register="name: B\nid: b\n" + _scoring())
    result = run("show", "R1", str(tmp_path))
    assert result.exit_code == 2 and "a:R1, b:R1" in result.stderr
    assert run("show", "b:R1", str(tmp_path)).exit_code == 0


def _scoring() -> str:
    from .conftest import REGISTER_4X4

    return REGISTER_4X4.split("id: test\n", 1)[1]


def test_schema_prints_json(run: Run) -> None:
    result = run("schema", "risk")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "riskctl risk"


def test_rules_list_and_explain(run: Run) -> None:
    listing = run("rules").stdout.splitlines()
    assert listing[0].split()[:3] == ["RC101", "yaml-syntax", "error"]
    explained = run("rules", "rc301").stdout
    assert explained.startswith("RC301 review-overdue (error)")
    assert "How to fix" in explained


def test_hostile_files_are_findings_and_other_files_are_still_checked(run: Run, make_register: MakeRegister) -> None:
    root = make_register(
        {
            "R1": risk_yaml("R1"),
            "bomb": BOMB.encode(),
            "binary": b"id: R9\ntitle: \xff\xfe\n",
            "tagged": b"id: !!python/object/apply:os.system [ls]\n",
            "R2": risk_yaml("R2", status="status: opn"),
        }
    )
    result = run("check", str(root), "--format", "json")
    assert result.exit_code == 1
    found = {(Path(f["path"]).stem, f["code"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("bomb", "RC101"), ("binary", "RC101"), ("tagged", "RC101"), ("R2", "RC102")}


def test_output_file_is_written_whole(run: Run, register: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    result = run("check", str(register), "--format", "sarif", "--output", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert not [p for p in tmp_path.iterdir() if "riskctl-tmp" in p.name]
    missing = run("check", str(register), "--output", str(tmp_path / "no" / "dir" / "x.txt"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_output_to_a_pipe_writes_into_it_and_leaves_it_there(run: Run, register: Path, tmp_path: Path) -> None:
    """A device or FIFO (-o /dev/null, a named pipe) is written to, not replaced by a file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("check", str(register), "--format", "json", "--output", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received[0])["summary"]["files"] >= 1
    assert not [p for p in tmp_path.iterdir() if "riskctl-tmp" in p.name]


def _program(*args: str, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    """riskctl as its users start it: a process of its own, its output through a pipe."""
    env = {**os.environ, "RISKCTL_TODAY": TODAY, "NO_COLOR": "1", "RISKCTL_NO_CACHE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "riskctl", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_the_program_flushes_all_its_output_and_keeps_its_exit_status(run: Run, register: Path) -> None:
    """The program ends at once after a command (``os._exit``): nothing it wrote may be lost."""
    for args in (["list", str(register), "--format", "json"], ["check", str(register), "--format", "json"]):
        with _program(*args) as process:
            out, err = process.communicate(timeout=60)
        assert process.returncode == run(*args).exit_code == 0
        assert out.decode() == run(*args).stdout and out.endswith(b"\n")
    with _program("show", "R9", str(register)) as process:
        out, err = process.communicate(timeout=60)
    assert process.returncode == 2 and b"R9" in err and not out


def test_a_reader_that_goes_away_ends_the_output_quietly(register: Path) -> None:
    """``riskctl list | head -1``: status 1, and no complaint from Python about the pipe."""
    with _program("list", str(register), "--format", "csv") as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # before riskctl has written anything
        err = process.stderr.read()
        assert process.wait(timeout=60) == 1
    assert err == b""


def _limited(limit: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize(
    ("where", "reason"),
    [("/dev/full", "No space left on device"), ("limited", "File too large"), ("closed", "standard output is closed")],
)
def test_output_that_cannot_be_written_is_said_never_cut_short(
    register: Path, tmp_path: Path, where: str, reason: str
) -> None:
    """A full disk, ``ulimit -f`` or a closed standard output: exit 2 and why, never a silent
    truncation with status 0 (Python's own file objects drop what a write could not take)."""
    env = {**os.environ, "RISKCTL_TODAY": TODAY, "NO_COLOR": "1", "RISKCTL_NO_CACHE": "1"}
    args = [sys.executable, "-m", "riskctl", "list", str(register), "--format", "json"]
    whole = subprocess.run(args, env=env, capture_output=True, check=True).stdout
    assert len(whole) > 1024
    target = tmp_path / "out.json"
    if where == "/dev/full":
        with open("/dev/full", "wb") as sink:
            done = subprocess.run(args, env=env, stdout=sink, stderr=subprocess.PIPE)
    elif where == "limited":
        with open(target, "wb") as sink:
            done = subprocess.run(args, env=env, stdout=sink, stderr=subprocess.PIPE, preexec_fn=_limited(512))
        assert target.stat().st_size < len(whole)
    else:
        done = subprocess.run(
            ["sh", "-c", '"$@" >&-', "sh", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
    assert done.returncode == 2, done.stderr
    assert f"riskctl: cannot write the output: {reason}" in done.stderr.decode()
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr


def test_a_workbook_that_cannot_be_written_is_said_and_leaves_nothing(register: Path, tmp_path: Path) -> None:
    """openpyxl writes each sheet to a temporary file first: under ``ulimit -f`` that fails
    inside openpyxl, which is said as any output that cannot be written (exit 2), and no
    workbook, whole or cut short, is left where one was asked for."""
    env = {**os.environ, "RISKCTL_TODAY": TODAY, "NO_COLOR": "1", "RISKCTL_NO_CACHE": "1"}
    target = tmp_path / "out.xlsx"
    args = [sys.executable, "-m", "riskctl", "export", str(register), "--format", "xlsx", "-o", str(target)]
    done = subprocess.run(args, env=env, capture_output=True, preexec_fn=_limited(2048))
    assert done.returncode == 2, done.stderr
    assert b"riskctl: cannot write the output: " in done.stderr and b"File too large" in done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    assert not target.exists() and not list(tmp_path.glob("*.xlsx*"))


def test_help_and_version_that_cannot_be_written_are_said(tmp_path: Path) -> None:
    for args in (["--version"], ["--help"], ["list", "--help"]):
        with open("/dev/full", "wb") as sink:
            done = subprocess.run([sys.executable, "-m", "riskctl", *args], stdout=sink, stderr=subprocess.PIPE)
        assert done.returncode == 2 and b"cannot write the output" in done.stderr and b"Traceback" not in done.stderr
        program = [sys.executable, "-m", "riskctl", *args]
        closed = subprocess.run(["sh", "-c", '"$@" >&-', "sh", *program], capture_output=True)
        assert closed.returncode == 2 and b"standard output is closed" in closed.stderr
    with open(tmp_path / "help.txt", "wb") as sink:  # --help is longer than 512 bytes: never cut short with 0
        done = subprocess.run(
            [sys.executable, "-m", "riskctl", "--help"], stdout=sink, stderr=subprocess.PIPE, preexec_fn=_limited(512)
        )
    assert done.returncode == 2 and b"File too large" in done.stderr


def test_a_closed_standard_error_changes_nothing(register: Path) -> None:
    env = {**os.environ, "RISKCTL_TODAY": TODAY, "NO_COLOR": "1", "RISKCTL_NO_CACHE": "1"}
    for args, status in ((["list", str(register)], 0), (["show", "R9", str(register)], 2)):
        done = subprocess.run(
            ["sh", "-c", '"$@" 2>&-', "sh", sys.executable, "-m", "riskctl", *args], env=env, capture_output=True
        )
        assert done.returncode == status
