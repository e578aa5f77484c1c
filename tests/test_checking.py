"""check's configuration: suppression comments, --select/--ignore, per-register settings, many problems at once."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import REGISTER_4X4, MakeRegister, Run, policy_yaml, risk_yaml


def codes(run: Run, *args: str) -> list[tuple[str, str]]:
    result = run("check", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [(Path(f["path"]).stem, f["code"]) for f in json.loads(result.stdout)["findings"]]


def test_suppression_on_the_line_or_the_line_above(run: Run, make_register: MakeRegister) -> None:
    root = make_register(
        {
            "R1": risk_yaml("R1", review="review:\n  last: 2026-01-01  # riskctl: ignore RC301"),
            "R2": risk_yaml(
                "R2", review="review:\n  # riskctl: ignore RC302, RC301 -- agreed with the board\n  last: 2026-01-01"
            ),
            "R3": risk_yaml("R3", review="review:\n  last: 2026-01-01  # riskctl: ignore RC302"),  # wrong code
            "R4": risk_yaml("R4", review="review:\n  last: 2026-01-01  # riskctl: ignore"),  # no code: nothing
        }
    )
    assert codes(run, str(root)) == [("R3", "RC301"), ("R4", "RC301")]


def test_select_and_ignore_by_code_and_prefix(run: Run, make_register: MakeRegister) -> None:
    root = make_register(
        {
            "R1": risk_yaml("R1", review="review:\n  last: 2026-01-01"),  # RC301
            "R2": risk_yaml("R2", id="id: R2b"),  # RC105
            "R3": risk_yaml("R3", residual="residual:\n  likelihood: 4\n  impact: 4"),  # RC202 + RC204
        }
    )
    assert codes(run, str(root), "--select", "RC3") == [("R1", "RC301")]
    assert codes(run, str(root), "--select", "RC105,RC301") == [("R1", "RC301"), ("R2", "RC105")]
    assert codes(run, str(root), "--ignore", "RC2", "--ignore", "RC105") == [("R1", "RC301")]
    assert codes(run, str(root), "--select", "rc2", "--ignore", "RC204") == [("R3", "RC202")]


def test_register_rule_settings(run: Run, make_register: MakeRegister) -> None:
    register = REGISTER_4X4 + "rules:\n  RC301: warning\n  RC105: 'off'\n"
    root = make_register(
        {"R1": risk_yaml("R1", review="review:\n  last: 2026-01-01"), "R2": risk_yaml("R2", id="id: R2b")},
        register=register,
    )
    result = run("check", str(root), "--format", "json")
    assert result.exit_code == 0  # RC301 is only a warning here
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("RC301", "warning")]
    assert run("check", str(root), "--fail-on", "warning").exit_code == 1


def test_register_rule_settings_are_validated(run: Run, make_register: MakeRegister) -> None:
    root = make_register(register=REGISTER_4X4 + "rules:\n  RC301: silent\n  XX1: 'off'\n")
    result = run("check", str(root))
    assert result.exit_code == 2
    assert "rules.RC301: found 'silent'; expected one of: off, warning, error" in result.stdout


def test_ten_problems_in_ten_files_all_found_and_good_files_clean(run: Run, make_register: MakeRegister) -> None:
    bad = {
        "b01": "id: b01\ntitle: [broken\n",  # RC101
        "b02": risk_yaml("b02", status="status: opn"),  # RC102
        "b03": risk_yaml("b03", title="title: One\ntitle: Two"),  # RC103
        "b04": risk_yaml("b04", id="id: B4"),  # RC105
        "b05": risk_yaml("b05", residual="residual:\n  likelihood: 9\n  impact: 1"),  # RC201
        "b06": risk_yaml("b06", inherent="inherent:\n  likelihood: 1\n  impact: 2"),  # RC202
        "b07": risk_yaml("b07", review="review:\n  last: 2025-06-01"),  # RC301
        "b08": risk_yaml("b08", review="review:\n  last: 2027-06-01"),  # RC304
        "b09": risk_yaml("b09", review="review:\n  last: 2026-10-01\npolicies: [GONE]"),  # RC401
        "b10": risk_yaml(
            "b10",
            review="review:\n  last: 2026-10-01\nactions:\n"
            "  - {description: Drill, owner: Head of Operations, due: 2026-01-31, status: open}",
        ),  # RC305
    }
    good = {f"g{n}": risk_yaml(f"g{n}") for n in range(1, 6)}
    root = make_register({**bad, **good}, {"P1": policy_yaml("P1")})
    found = codes(run, str(root))
    assert sorted(found) == [
        ("b01", "RC101"), ("b02", "RC102"), ("b03", "RC103"), ("b04", "RC105"), ("b05", "RC201"),
        ("b06", "RC202"), ("b07", "RC301"), ("b08", "RC304"), ("b09", "RC401"), ("b10", "RC305"),
    ]  # fmt: skip


def test_single_file_is_checked_in_its_registers_context(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register(
        {"R1": risk_yaml("R1", review="review:\n  last: 2026-10-01\npolicies: [P1]"), "R2": risk_yaml("R1")},
        {"P1": policy_yaml("P1")},
    )
    # R2's file says id R1: the clash (RC104) is found although only R1.yaml is asked about,
    # the policy reference resolves, and R2.yaml's own findings are not reported.
    assert codes(run, str(root / "risks" / "R1.yaml")) == [("R1", "RC104")]


def test_single_file_resolves_references_across_the_repository(
    run: Run, make_register: MakeRegister, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    risks = make_register({"R1": risk_yaml("R1", review="review:\n  last: 2026-10-01\npolicies: [P1]")}, name="risks")
    make_register(policies={"P1": policy_yaml("P1")}, name="policies", register="name: Policies\n")
    assert codes(run, str(risks / "risks" / "R1.yaml")) == []


def test_text_output_is_coloured_only_when_asked(run: Run, make_register: MakeRegister) -> None:
    root = make_register({"R1": risk_yaml("R1", review="review:\n  last: 2026-01-01")})
    plain = run("check", str(root)).stdout
    assert "\033[" not in plain
    coloured = run("check", str(root), env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert "\033[31mRC301\033[0m" in coloured
    assert "\033[" not in run("check", "--no-color", str(root), env={"FORCE_COLOR": "1"}).stdout
    assert "\033[" not in run("check", str(root), "--no-color", env={"FORCE_COLOR": "1"}).stdout
