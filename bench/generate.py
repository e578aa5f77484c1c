"""Synthetic workspaces for the benchmarks: N risks and policies in several registers,
committed to a git repository (as registers are kept), or a git history of C commits of
realistic edits (built with git fast-import).

    python bench/generate.py OUT --risks 10000 --policies 200
    python bench/generate.py OUT --risks 1000 --commits 5000
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from pathlib import Path

REGISTER = """\
# yaml-language-server: $schema=../../schemas/register.schema.json
name: Synthetic register {n}
id: reg{n}
scoring:
  likelihood:
    - {{score: 1, label: Remote}}
    - {{score: 2, label: Possible}}
    - {{score: 3, label: Probable}}
    - {{score: 4, label: Likely}}
    - {{score: 5, label: Almost certain}}
  impact:
    - {{score: 1, label: Minor}}
    - {{score: 2, label: Moderate}}
    - {{score: 3, label: Significant}}
    - {{score: 4, label: Major}}
    - {{score: 5, label: Severe}}
  ratings:
    - {{name: Low, min: 1, colour: "#2e7d32"}}
    - {{name: Medium, min: 5, colour: "#b26a00"}}
    - {{name: High, min: 10, colour: "#d84315"}}
    - {{name: Very high, min: 16, colour: "#b71c1c"}}
appetite: 12
review:
  every: P3M
"""
OWNERS = ["Chief Constable", "Deputy Chief Constable", "Head of Estates", "Head of IT", "Chief Finance Officer"]
CATEGORIES = ["Operations", "Finance", "People", "Information", "Estates", "Partnerships"]


def risk_text(
    rid: str, rng: random.Random, *, residual: tuple[int, int], owner: str, last: str, policy: str | None = None
) -> str:
    inherent = (min(5, residual[0] + rng.randint(0, 2)), min(5, residual[1] + rng.randint(0, 1)))
    controls = "\n".join(
        f"  - description: Control {k} for {rid}, with quarterly testing of the arrangements and a named lead."
        for k in range(1, rng.randint(2, 5))
    )
    return f"""\
id: {rid}
title: Synthetic risk {rid} about service continuity
category: {rng.choice(CATEGORIES)}
owner: {owner}
status: open
description: >-
  If the arrangements for {rid} fail then services may be disrupted, leading to harm
  to the public and to the confidence of the communities served.
inherent:
  likelihood: {inherent[0]}
  impact: {inherent[1]}
residual:
  likelihood: {residual[0]}
  impact: {residual[1]}
controls:
{controls}
actions:
  - {{description: Review the plan for {rid}, owner: {owner}, due: 2027-06-30, status: open}}
{f"policies: [{policy}]" + chr(10) if policy else ""}review:
  last: {last}
"""


def policy_text(ref: str, rng: random.Random) -> str:
    return f"""\
reference: {ref}
title: Synthetic policy {ref}
owner: {rng.choice(OWNERS)}
status: active
review:
  last: 2026-0{rng.randint(1, 9)}-15
  every: P2Y
"""


def layout(risks: int, registers: int) -> list[tuple[str, str]]:
    """``(register directory, risk id)`` for every risk."""
    return [(f"registers/reg{n % registers}", f"R{n:05d}") for n in range(risks)]


def write_workspace(out: Path, risks: int, policies: int, registers: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for n in range(registers):
        directory = out / f"registers/reg{n}"
        (directory / "risks").mkdir(parents=True, exist_ok=True)
        (directory / "policies").mkdir(exist_ok=True)
        (directory / "register.yaml").write_text(REGISTER.format(n=n))
    for number, (directory, rid) in enumerate(layout(risks, registers)):
        residual = (rng.randint(1, 4), rng.randint(1, 4))
        policy = f"P{number % policies:04d}" if policies else None  # a reference check resolves
        text = risk_text(rid, rng, residual=residual, owner=rng.choice(OWNERS), last="2026-10-01", policy=policy)
        (out / directory / "risks" / f"{rid}.yaml").write_text(text)
    for n in range(policies):
        ref = f"P{n:04d}"
        (out / f"registers/reg{n % registers}/policies/{ref}.yaml").write_text(policy_text(ref, rng))


def write_repository(out: Path, risks: int, policies: int, registers: int) -> None:
    """A workspace committed to a new git repository, its files dated in the past (see ``settle``)."""
    write_workspace(out, risks, policies, registers)
    commit_all(out)


def commit_all(out: Path) -> None:
    """``out`` made a git repository of one commit holding every file, dated in the past."""
    settle(out)
    git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@force.example", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=out, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Add the registers"], cwd=out, check=True)


def settle(root: Path) -> None:
    """Date every file in the past: riskctl does not cache a ``check`` result while a file
    has changed within the last seconds, and a warm run should find the one it cached."""
    past = 1_700_000_000
    for path in root.rglob("*"):
        if ".git" not in path.parts:
            os.utime(path, (past, past))


def write_history(out: Path, risks: int, commits: int, registers: int, seed: int = 7) -> None:
    """A repository whose first commit adds every risk and whose other commits each edit one."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    stream: list[bytes] = []
    state: dict[str, dict[str, object]] = {}
    places = layout(risks, registers)

    def blob(path: str, text: str) -> None:
        data = text.encode()
        stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

    def commit(number: int, message: str, files: list[tuple[str, str]]) -> None:
        when = 1_735_689_600 + number * 3600
        author = rng.choice(["Alice Analyst", "Bob Reviewer", "Carol Controls"])
        email = author.split()[0].lower() + "@force.example"
        msg = message.encode()
        stream.append(f"commit refs/heads/main\nmark :{number + 1}\n".encode())
        stream.append(f"author {author} <{email}> {when} +0000\ncommitter {author} <{email}> {when} +0000\n".encode())
        stream.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if number:
            stream.append(f"from :{number}\n".encode())
        for path, text in files:
            blob(path, text)
        stream.append(b"\n")

    initial = [(f"registers/reg{n}/register.yaml", REGISTER.format(n=n)) for n in range(registers)]
    for directory, rid in places:
        entry = {"residual": (rng.randint(1, 4), rng.randint(1, 4)), "owner": rng.choice(OWNERS), "last": "2025-01-01"}
        state[rid] = entry
        initial.append((f"{directory}/risks/{rid}.yaml", _risk(rid, entry)))
    commit(0, "Add the registers", initial)
    for number in range(1, commits):
        directory, rid = places[rng.randrange(len(places))]
        entry = state[rid]
        edit = rng.choice(["rescore", "owner", "review"])
        if edit == "rescore":
            entry["residual"] = (rng.randint(1, 4), rng.randint(1, 4))
        elif edit == "owner":
            entry["owner"] = rng.choice(OWNERS)
        else:
            entry["last"] = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        commit(number, f"{edit.capitalize()} {rid}", [(f"{directory}/risks/{rid}.yaml", _risk(rid, entry))])
    subprocess.run(["git", "fast-import", "--quiet"], cwd=out, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True)


def _risk(rid: str, entry: dict[str, object]) -> str:
    residual = entry["residual"]
    assert isinstance(residual, tuple)
    return risk_text(rid, random.Random(rid), residual=residual, owner=str(entry["owner"]), last=str(entry["last"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--risks", type=int, default=1000)
    parser.add_argument("--policies", type=int, default=0)
    parser.add_argument("--registers", type=int, default=4)
    parser.add_argument("--commits", type=int, default=0, help="build a git history of this many commits")
    args = parser.parse_args()
    if args.commits:
        write_history(args.out, args.risks, args.commits, args.registers)
    else:
        write_repository(args.out, args.risks, args.policies, args.registers)


if __name__ == "__main__":
    main()
