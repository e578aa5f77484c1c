"""import --update and --dry-run: edits in place that keep the file's comments and layout; all or
nothing, even when interrupted; and import's handling of bad input (SPEC §7)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from openpyxl import load_workbook

from riskctl.writing import batch

from .conftest import ROOT, SAMPLES, TODAY, MakeRegister, Run, risk_yaml

CAMBS = SAMPLES / "cambridgeshire-strategic"


@pytest.fixture
def cambs(tmp_path: Path) -> Path:
    root = tmp_path / "cambs"
    shutil.copytree(CAMBS, root)
    return root


def files(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (hidden ones too: a temporary file left behind shows)."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def edit_xlsx(path: Path, ident: str, field: str, value: object) -> None:
    book = load_workbook(path)
    sheet = book["Risks"]
    names = [c.value for c in sheet[1]]
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, names.index("id") + 1).value == ident:
            sheet.cell(row, names.index(field) + 1).value = value
    book.save(path)


def test_export_edit_a_cell_import_update_changes_just_that_field(run: Run, tmp_path: Path, cambs: Path) -> None:
    before = files(cambs)
    sheet = tmp_path / "cambs.xlsx"
    assert run("export", str(cambs), "--format", "xlsx", "-o", str(sheet)).exit_code == 0
    edit_xlsx(sheet, "R1.1", "residual.likelihood", "1 - Remote")
    preview = run("import", str(sheet), "--into", str(cambs), "--update", "--dry-run")
    assert preview.exit_code == 0, preview.output
    path = os.path.join(str(cambs), "risks", "R1.1.yaml")
    assert preview.stdout == (
        f"would update {path}:\n  residual.likelihood: 2 -> 1\n  residual.score: 6 -> 3\n"
    )  # the stated score follows the changed likelihood
    assert "0 created, 1 updated, 18 unchanged; nothing written (--dry-run)" in preview.stderr
    assert files(cambs) == before
    result = run("import", str(sheet), "--into", str(cambs), "--update")
    assert result.exit_code == 0, result.output
    assert f"updated {path}: residual.likelihood, residual.score" in result.stdout
    after = files(cambs)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == ["risks/R1.1.yaml"] and set(after) == set(before)
    old, new = before["risks/R1.1.yaml"].decode(), after["risks/R1.1.yaml"].decode()
    assert new == old.replace("  likelihood: 2\n  impact: 3\n  score: 6", "  likelihood: 1\n  impact: 3\n  score: 3")
    assert "# after mitigating controls, as the register states" in new  # comments kept
    again = run("import", str(sheet), "--into", str(cambs), "--update")
    assert again.exit_code == 0 and "0 created, 0 updated, 19 unchanged" in again.stderr


FLOWY = """\
# A register file written by hand.\r
id: R1\r
title: Loss of the force control room\r
category: Operations  # reviewed by the board\r
owner: Head of Tactical Operations\r
status: open\r
inherent: {likelihood: 3, impact: Significant}\r
residual:\r
  likelihood: 2\r
  impact: 3\r
tags: [estates, 'fire']\r
review:\r
  last: 2026-10-01   # quarterly\r
"""


def own_csv(run: Run, root: Path, changes: dict[str, str]) -> str:
    """riskctl's CSV export of ``root`` with some cells of R1 changed."""
    exported = run("export", str(root)).stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    for row in rows:
        if row["id"] == "R1":
            row.update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_update_adds_and_removes_fields_keeping_layout(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": FLOWY.encode("utf-8")})
    sheet = tmp_path / "in.csv"
    sheet.write_text(
        own_csv(
            run, root, {"description": "A fire or flood.", "tags": "", "inherent.impact": "3", "owner": "Head of Ops"}
        )
    )
    result = run("import", str(sheet), "--into", str(root), "--update")
    assert result.exit_code == 0, result.output
    text = (root / "risks" / "R1.yaml").read_bytes().decode()
    assert text == FLOWY.replace(
        "title: Loss of the force control room\r\n",
        "title: Loss of the force control room\r\ndescription: A fire or flood.\r\n",
    ).replace("owner: Head of Tactical Operations", "owner: Head of Ops").replace("tags: [estates, 'fire']\r\n", "")
    # "3" is the impact the file calls Significant: nothing to change there


def test_update_of_a_list_keeps_the_items_that_stay(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    listed = risk_yaml(
        "R1",
        review="review:\n  last: 2026-10-01\ncontrols:\n  - description: Fallback room  # tested in May\n"
        "  - description: Generator\nactions:\n"
        "  - {description: Second site, owner: Estates, due: 2027-03-31, status: open}",
    )
    root = make_register({"R1": listed})
    sheet = tmp_path / "in.csv"
    new_actions = (
        '[{"description": "Second site", "owner": "Estates", "due": "2027-03-31", "status": "done"},'
        ' {"description": "Sandbags", "owner": "Estates", "due": "2027-01-31", "status": "open"}]'
    )
    sheet.write_text(own_csv(run, root, {"controls": "Fallback room\nGenerator\nPumps", "actions": new_actions}))
    result = run("import", str(sheet), "--into", str(root), "--update")
    assert result.exit_code == 0, result.output
    text = (root / "risks" / "R1.yaml").read_text()
    assert (
        "  - description: Fallback room  # tested in May\n  - description: Generator\n  - description: Pumps\n" in text
    )
    assert "  - {description: Second site, owner: Estates, due: 2027-03-31, status: done}\n" in text  # still flow
    assert "status: done}\n  - description: Sandbags\n    owner: Estates\n" in text


def test_update_refuses_what_would_break_the_file(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": FLOWY.encode("utf-8"), "R2": risk_yaml("R2")})
    before = files(root)
    sheet = tmp_path / "in.csv"
    sheet.write_text(own_csv(run, root, {"status": "finished", "title": ""}))
    result = run("import", str(sheet), "--into", str(root), "--update")
    assert result.exit_code == 1
    assert "row 2, column \"status\": status: found 'finished'" in result.stderr
    assert 'row 2, column "title": missing required field' in result.stderr
    assert files(root) == before
    plain = run("import", str(sheet), "--into", str(root))
    assert plain.exit_code == 1 and "R2 is already in the register" in plain.stderr and "--update" in plain.stderr


# -- interrupted ------------------------------------------------------------------------

INTERRUPT = """
import os, signal, sys
at, name, number = int(sys.argv[1]), sys.argv[2], getattr(signal, sys.argv[3])
real, calls = getattr(os, name), [0]
def hooked(*args, **kwargs):
    calls[0] += 1
    if calls[0] == at:
        os.kill(os.getpid(), number)  # a real signal, in the middle of writing
    return real(*args, **kwargs)
setattr(os, name, hooked)
sys.argv = ["riskctl", *sys.argv[4:]]
from riskctl.cli import main
main()
"""
# Writing stages one file per fsync, then moves each: link (a new file, or keeping an
# original) and replace (an updated file). Ten files: five new, five updated.
POINTS = [(at, "fsync", "SIGINT" if at % 2 else "SIGTERM") for at in range(1, 11)]
POINTS += [(at, "link", "SIGTERM" if at % 2 else "SIGINT") for at in range(1, 11)]
POINTS += [(at, "replace", "SIGINT") for at in range(1, 6)] + [(at, "replace", "SIGTERM") for at in range(1, 6)]


def test_thirty_interrupted_imports_leave_the_register_as_it_was(
    run: Run, make_register: MakeRegister, tmp_path: Path
) -> None:
    root = make_register({f"R{n}": risk_yaml(f"R{n}") for n in range(1, 6)})
    rows = own_csv(run, root, {}).replace("Loss of the force control room", "Control room lost")
    extra = "".join(f"\r\n{line.replace('R1,', f'R{n},', 1)}" for n in range(6, 11) for line in [rows.split("\r\n")[1]])
    sheet = tmp_path / "in.csv"
    sheet.write_text(rows.rstrip("\r\n") + extra + "\r\n")
    assert len(POINTS) == 30

    def interrupted(point: tuple[int, str, str]) -> tuple[tuple[int, str, str], int, str, bool]:
        copy = tmp_path / f"reg-{point[1]}-{point[0]}-{point[2]}"
        shutil.copytree(root, copy)
        before = files(copy)
        args = [str(point[0]), point[1], point[2], "import", str(sheet), "--into", str(copy), "--update"]
        env = {**os.environ, "RISKCTL_TODAY": TODAY, "RISKCTL_NO_CACHE": "1", "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", INTERRUPT, *args], capture_output=True, text=True, env=env, timeout=60
        )
        return point, done.returncode, done.stderr, files(copy) == before

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(interrupted, POINTS))
    for point, status, stderr, unchanged in outcomes:
        assert status == 130, (point, stderr)
        assert f"interrupted by {point[2]}; nothing was written" in stderr, (point, stderr)
        assert unchanged, point
    finished = run("import", str(sheet), "--into", str(root), "--update")  # and uninterrupted, it all goes in
    assert finished.exit_code == 0, finished.output
    assert "5 created, 5 updated" in finished.stderr


def test_a_failure_while_moving_files_puts_everything_back(
    run: Run, cambs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "cambs.xlsx"
    run("export", str(cambs), "--format", "xlsx", "-o", str(sheet))
    for ident in ("R1.1", "R2.1", "R3.1"):
        edit_xlsx(sheet, ident, "title", f"Renamed {ident}")
    before = files(cambs)
    real, calls = os.replace, [0]

    def failing(source: str, target: str) -> None:
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(batch.os, "replace", failing)
    result = run("import", str(sheet), "--into", str(cambs), "--update")
    assert result.exit_code == 2
    assert "No space left on device; nothing was written" in result.stderr
    assert files(cambs) == before


# -- bad input (SPEC §7) -----------------------------------------------------------------


def test_an_unusable_register_is_exit_2(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register(register="name: Broken\nscoring: [oops]\n")
    sheet = tmp_path / "in.csv"
    sheet.write_text("id,title\nR1,Flood\n")
    result = run("import", str(sheet), "--into", str(root))
    assert result.exit_code == 2
    assert "register.yaml:2:10: scoring: found a list; expected a mapping of fields" in result.stderr
    assert "fix it first" in result.stderr


def test_a_fifo_is_refused_not_waited_on(make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    mapping = tmp_path / "pipe.yaml"
    os.mkfifo(mapping)
    env = {**os.environ, "RISKCTL_TODAY": TODAY, "PYTHONPATH": str(ROOT)}
    for args in (["import", str(fifo), "--into", str(root)], ["import", str(ROOT / "README.md"), "--into", str(root),
                                                               "--mapping", str(mapping)]):  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "riskctl", *args], capture_output=True, text=True, env=env, timeout=30
        )
        assert done.returncode == 2
        assert "this is a FIFO (named pipe), not a regular file" in done.stderr


def test_hostile_text_in_cells(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register()
    sheet = tmp_path / "in.csv"
    rows = [
        ["Ref", "Risk", "Theme", "Owner", "L", "I", "Reviewed"],
        [
            "H1",
            "Esc \x1b[31mred\x1b[0m\nsecond line",
            '=HYPERLINK("http://x","y")',
            "@everyone",
            "3",
            "3",
            "2026-10-01",
        ],
        ["H\x1b]2;pwned\x07", "Title", "Ops", "Owner", "9", "3", "2026-10-01"],
    ]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    sheet.write_text(out.getvalue())
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "columns: {id: Ref, title: Risk, category: Theme, owner: Owner, inherent.likelihood: L,"
        " inherent.impact: I, residual.likelihood: L, residual.impact: I, review.last: Reviewed}\n"
        "defaults: {status: open}\n"
    )
    result = run("import", str(sheet), "--into", str(root), "--mapping", str(mapping))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert 'row 3, column "L": inherent.likelihood: 9 is not on the likelihood scale' in result.stderr
    assert 'id "H\\u001b]2;pwned\\u0007" becomes H-2-pwned' in result.stderr
    skipped = run("import", str(sheet), "--into", str(root), "--mapping", str(mapping), "--skip-invalid")
    assert skipped.exit_code == 1
    data = run.json("show", "H1", str(root), "--format", "json")["data"]
    assert data["title"] == "Esc \x1b[31mred\x1b[0m second line"  # one line; the text itself is kept
    assert data["category"] == '=HYPERLINK("http://x","y")' and data["owner"] == "@everyone"
    raw = (root / "risks" / "H1.yaml").read_text()
    assert "\x1b" not in raw and "\\u001b[31mred" in raw  # escaped in the file, never raw
    assert "\x1b" not in run("list", str(root)).stdout


def test_update_through_a_mapping_keeps_what_the_sheet_does_not_hold(
    run: Run, make_register: MakeRegister, tmp_path: Path
) -> None:
    held = risk_yaml(
        "R1", review="review:\n  last: 2026-10-01\ncontrols:\n  - description: Fallback room\n    owner: Estates"
    )
    root = make_register({"R1": held})
    sheet = tmp_path / "theirs.csv"
    sheet.write_text("Ref,Controls,Risk\nr1,Fallback room,Control room lost\n")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns: {id: Ref, controls: Controls, title: Risk}\n")
    result = run("import", str(sheet), "--into", str(root), "--mapping", str(mapping), "--update")
    assert result.exit_code == 0, result.output
    assert "updated" in result.stdout and ": title" in result.stdout
    text = (root / "risks" / "R1.yaml").read_text()
    assert text == held.replace("title: Loss of the force control room", "title: Control room lost")  # id, owner kept


def test_many_ids_made_valid_are_counted_not_listed(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register()
    sheet = tmp_path / "theirs.csv"
    lines = [f"Risk {n},Title {n},Ops,Owner,3,3,2,2,2026-10-01" for n in range(1, 9)]
    sheet.write_text("Ref,Risk,Theme,Owner,L,I,L2,I2,Reviewed\n" + "\n".join(lines) + "\n")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "columns: {id: Ref, title: Risk, category: Theme, owner: Owner, inherent.likelihood: L, inherent.impact: I,"
        " residual.likelihood: L2, residual.impact: I2, review.last: Reviewed}\ndefaults: {status: open}\n"
    )
    result = run("import", str(sheet), "--into", str(root), "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("becomes Risk-") == 5 and "... and 3 more ids made valid the same way" in result.stderr


def test_a_file_the_register_cannot_read_is_noted(run: Run, make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"R1": risk_yaml("R1"), "R9": "id: [broken\n"})
    sheet = tmp_path / "in.csv"
    sheet.write_text(own_csv(run, root, {}).replace("R1,", "R2,", 1))
    result = run("import", str(sheet), "--into", str(root))
    assert result.exit_code == 0, result.output  # the import's own status (SPEC §7)
    assert "R9.yaml:2:1: RC101" in result.stderr and "(left out)" in result.stderr
    clash = tmp_path / "clash.csv"
    clash.write_text(own_csv(run, root, {}).replace("R1,", "R9,", 1))
    refused = run("import", str(clash), "--into", str(root), "--update")
    assert refused.exit_code == 1 and "cannot update" in refused.stderr and "R9.yaml" in refused.stderr
