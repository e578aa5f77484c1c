"""The README's output of the sample registers is what riskctl prints today.

A ``console`` block after the line ``<!-- README test: sample registers -->`` is run from the
repository root: each ``$ riskctl ...`` line is run as a user would (a new process, output
not a terminal), and the lines after it must be what it printed, stdout and stderr
together. A line ``...`` stands for any number of lines; ``$ echo $?`` is followed by the
exit status of the command before it.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- README test: sample registers -->"


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)


def _blocks(text: str) -> list[tuple[int, list[Step]]]:
    blocks = []
    for match in re.finditer(re.escape(MARKER) + r"\n```console\n(.*?)```", text, re.DOTALL):
        steps: list[Step] = []
        lines = match.group(1).splitlines()
        while lines:
            line = lines.pop(0)
            if line.startswith("$ "):
                command = line[2:]
                while command.endswith("\\") and lines:
                    command = command[:-1] + lines.pop(0).strip()
                steps.append(Step(command))
            else:
                assert steps, f"output before any command: {line!r}"
                steps[-1].expected.append(line)
        blocks.append((text.count("\n", 0, match.start()) + 2, steps))
    return blocks


BLOCKS = _blocks((ROOT / "README.md").read_text(encoding="utf-8"))


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, where ``...`` takes any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[skip:]) for skip in range(len(actual) + 1))
    return bool(actual) and actual[0].rstrip() == expected[0].rstrip() and _matches(expected[1:], actual[1:])


def test_the_readme_has_sample_output_to_check() -> None:
    assert len(BLOCKS) >= 3
    assert all(steps for _, steps in BLOCKS)


@pytest.mark.parametrize(("line", "steps"), BLOCKS, ids=[f"README.md:{line}" for line, _ in BLOCKS])
def test_readme_output_is_what_riskctl_prints(line: int, steps: list[Step], tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "RISKCTL_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1", "LANG": "C.UTF-8"}
    status: int | None = None
    for step in steps:
        argv = shlex.split(step.command)
        if argv == ["echo", "$?"]:
            assert step.expected == [str(status)], f"README.md:{line}: {step.command}"
            continue
        assert argv[0] == "riskctl", f"README.md:{line}: only riskctl commands run here: {step.command}"
        done = subprocess.run(
            [sys.executable, "-m", "riskctl", *argv[1:]],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        status = done.returncode
        actual = done.stdout.splitlines()
        assert _matches(step.expected, actual), f"README.md:{line}: $ {step.command}\n" + done.stdout
