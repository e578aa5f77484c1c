"""Writing registers: ``init`` a new one, add items with ``new``, record a ``review``.

Every file written is validated first (schema and scales) and written atomically; an
edit changes only the values it must (see ``editing``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl import dates
from riskctl.editing import EditError, Editor, Source, last_line_within, scalar, write_atomic
from riskctl.evaluate import assessment, review_cycle
from riskctl.loading import load_text
from riskctl.resources import SCHEMA_NAMES, schema_path, shipped_dir
from riskctl.scoring import Assessment, Level, ScaleError, Scheme
from riskctl.validation import validate
from riskctl.workspace import Item, Register, find_workspace_root

# -- init ---------------------------------------------------------------------------


@dataclass
class InitResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # repository files that already existed


def init_register(directory: Path, *, name: str, owner: str, level: str, today: dt.date) -> InitResult:
    """A working register in ``directory``; refuses if any of its files already exist."""
    templates = shipped_dir("templates") / "init"
    slug = re.sub(r"[^a-z0-9_-]+", "-", directory.resolve().name.lower()).strip("-") or "register"
    values = {
        "name": scalar(name),
        "id": slug,
        "level": level,
        "owner": scalar(owner),
        "today": today.isoformat(),
        "due": dates.add_months(today, 6).isoformat(),
    }
    register_files = {
        directory / "register.yaml": _render(templates / "register.yaml", values),
        directory / "risks" / "R1.1.yaml": _render(templates / "risk.yaml", values),
        directory / "policies" / "P1.yaml": _render(templates / "policy.yaml", values),
    }
    for schema in SCHEMA_NAMES:
        register_files[directory / "schemas" / f"{schema}.schema.json"] = schema_path(schema).read_text(
            encoding="utf-8"
        )
    clashes = [path for path in register_files if path.exists() or path.is_symlink()]
    if clashes:
        raise EditError(f"{clashes[0]} already exists; riskctl init does not overwrite files")
    top = _repository_top(directory)
    registers = _relative_dir(directory, top)
    repository_files = {
        top / ".pre-commit-config.yaml": (templates / "pre-commit-config.yaml").read_text(encoding="utf-8"),
        top / ".github" / "workflows" / "risk-registers.yml": _render(
            templates / "github-workflow.yml", {"registers": registers}
        ),
    }
    result = InitResult()
    for path, text in register_files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), original=None)
        result.written.append(path)
    for path, text in repository_files.items():
        if path.exists():
            result.skipped.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), original=None)
        result.written.append(path)
    return result


def _render(template: Path, values: dict[str, str]) -> str:
    return string.Template(template.read_text(encoding="utf-8")).safe_substitute(values)


def _repository_top(directory: Path) -> Path:
    top = find_workspace_root(directory.resolve())
    return top if (top / ".git").exists() else directory


def _relative_dir(directory: Path, top: Path) -> str:
    relative = directory.resolve().relative_to(top.resolve()).as_posix()
    return "." if relative == "." else f"{relative}/"


# -- new ----------------------------------------------------------------------------

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_id(existing: Sequence[str], in_category: Sequence[str]) -> str:
    """The next free id in the register's own pattern.

    Within a category whose ids share a prefix (R3.1 ... R3.7) the next is R3.8; a new
    category in a dotted scheme starts the next major number (R5.1); otherwise the most
    common prefix is counted on (RISK-009 -> RISK-010). An empty register starts at R1.
    """
    taken = {value.casefold() for value in existing}
    pool = list(in_category) or list(existing)
    if not existing:
        return "R1"
    if not in_category and all(re.fullmatch(r"[A-Za-z]*\d+\.\d+", value) for value in existing):
        letters = re.sub(r"\d.*", "", existing[0])
        majors = [int(re.findall(r"\d+", value)[0]) for value in existing]
        return _unique(f"{letters}{max(majors) + 1}.1", taken)
    groups: dict[str, list[str]] = {}
    for value in pool:
        numbered = _NUMBERED.match(value)
        if numbered:
            groups.setdefault(numbered.group(1), []).append(numbered.group(2))
    if not groups:
        return _unique("R1", taken)
    prefix, numbers = max(groups.items(), key=lambda item: (len(item[1]), max(int(n) for n in item[1])))
    width = max(len(n) for n in numbers) if any(n.startswith("0") for n in numbers) else 0
    return _unique(f"{prefix}{max(int(n) for n in numbers) + 1:0{width}d}", taken)


def _unique(candidate: str, taken: set[str]) -> str:
    while candidate.casefold() in taken:
        match = _NUMBERED.match(candidate)
        assert match is not None
        digits = match.group(2)
        candidate = f"{match.group(1)}{int(digits) + 1:0{len(digits)}d}"
    return candidate


def parse_pair(value: str, scheme: Scheme, what: str) -> tuple[Level, Level]:
    """``"3,4"`` or ``"Probable,Major"`` as levels on the register's scales."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise EditError(f"{what} {value!r}: expected LIKELIHOOD,IMPACT, e.g. 3,4 or Probable,Major")
    levels = []
    for part, scale in zip(parts, (scheme.likelihood, scheme.impact), strict=True):
        try:
            levels.append(scale.resolve(int(part) if part.isdigit() else part))
        except ScaleError as error:
            raise EditError(f"{what}: {error}") from None
    return levels[0], levels[1]


def modeline(register: Register, kind: str) -> str | None:
    """The schema modeline the register's other files use, so editors keep validating."""
    for item in register.items:
        if item.kind == kind and item.file.document is not None:
            first = item.file.document.text.split("\n", 1)[0]
            if first.startswith("# yaml-language-server: $schema="):
                return first
    return None


def risk_text(register: Register, values: dict[str, Any], today: dt.date) -> str:
    lines = [line for line in [modeline(register, "risk")] if line]
    lines += [
        f"id: {scalar(values['id'])}",
        f"title: {scalar(values['title'])}",
        f"category: {scalar(values['category'])}",
    ]
    owners = values["owner"]
    if len(owners) == 1:
        lines.append(f"owner: {scalar(owners[0])}")
    else:
        lines += ["owner:", *(f"  - {scalar(owner)}" for owner in owners)]
    lines.append("status: open")
    for part in ("inherent", "residual"):
        likelihood, impact = values[part]
        lines += [f"{part}:", f"  likelihood: {likelihood.score}", f"  impact: {impact.score}"]
    lines += ["review:", f"  last: {today.isoformat()}"]
    return "\n".join(lines) + "\n"


def policy_text(register: Register, values: dict[str, Any], today: dt.date) -> str:
    lines = [line for line in [modeline(register, "policy")] if line]
    lines += [f"reference: {scalar(values['reference'])}", f"title: {scalar(values['title'])}"]
    lines += [f"owner: {scalar(values['owner'][0])}" if len(values["owner"]) == 1 else "owner:"]
    if len(values["owner"]) > 1:
        lines += [f"  - {scalar(owner)}" for owner in values["owner"]]
    lines += ["status: active", "review:", f"  last: {today.isoformat()}", f"  every: {scalar(values['every'])}"]
    return "\n".join(lines) + "\n"


def check_new_file(text: str, kind: str, scheme: Scheme | None) -> None:
    """Refuse to write a file that would not pass ``riskctl check``'s schema and scales."""
    result = load_text(text, "new file")
    if result.document is None or result.problems:
        raise EditError(f"the new {kind} would not be valid YAML")
    problems = validate(result.document, kind)
    if problems:
        raise EditError(f"the new {kind} would not be valid: {problems[0].message}")
    if kind == "risk" and scheme is not None:
        for part in ("inherent", "residual"):
            value = result.document.data[part]
            scheme.assess(value["likelihood"], value["impact"])


# -- review -------------------------------------------------------------------------


@dataclass
class ReviewResult:
    path: Path
    before: Assessment | None
    after: Assessment | None
    last: dates.Day
    next: dates.Day | None

    def message(self, item_id: str) -> str:
        before, after = self.before, self.after
        if before and after and before.score != after.score:
            rating = (
                f" ({before.rating_name} -> {after.rating_name})" if before.rating_name != after.rating_name else ""
            )
            return f"Review {item_id}: residual {before.score} -> {after.score}{rating}"
        return f"Review {item_id}: no change to scores" if after else f"Review {item_id}"


def record_review(
    item: Item, root: Path, *, on: dt.date, residual: str | None, note: str | None, today: dt.date
) -> ReviewResult:
    """Edit ``item``'s file in place: review.last, review.next, optionally residual and a note."""
    if on > today:
        raise EditError(
            f"--date {on.isoformat()} is after today ({today.isoformat()}); a review cannot be recorded ahead"
        )
    path = Path(item.path) if Path(item.path).is_absolute() else root / item.path
    source = Source.read(path)
    document = source.document
    data = document.data
    editor = Editor(source)
    last = dates.Day(on)
    review = data["review"]
    cycle = review_cycle(item)
    upcoming = dates.add(last, cycle) if cycle else None
    if document.values[("review",)].line > document.keys[("review",)].line:
        _edit_block_review(editor, document, review, last, upcoming, note)
    else:  # a flow mapping on the key's line: write it out again
        updated = {**review, "last": last.iso()}
        if "next" in review:
            if upcoming is None:
                del updated["next"]
            else:
                updated["next"] = upcoming.iso()
        if note is not None:
            updated["history"] = [*review.get("history", []), {"date": last.iso(), "note": note}]
        editor.replace_value(("review",), _flow(updated))
    before = assessment(item, "residual") if item.kind == "risk" else None
    after = before
    if residual is not None:
        if item.kind != "risk" or item.register.scheme is None:
            raise EditError("--residual applies to risks on a register with a scoring scheme")
        scheme = item.register.scheme
        likelihood, impact = parse_pair(residual, scheme, "--residual")
        for name, level in (("likelihood", likelihood), ("impact", impact)):
            old = data["residual"][name]
            editor.replace_value(("residual", name), scalar(level.label) if isinstance(old, str) else str(level.score))
        after = scheme.assess(likelihood.score, impact.score)
        if "score" in data["residual"]:
            editor.replace_value(("residual", "score"), str(after.score))
    text = editor.result()
    _check_edit(text, item.kind)
    write_atomic(path, text, original=source.raw)
    return ReviewResult(path, before, after, last, upcoming)


def _edit_block_review(
    editor: Editor, document: Any, review: dict[str, Any], last: dates.Day, upcoming: dates.Day | None, note: str | None
) -> None:
    editor.replace_value(("review", "last"), last.iso())
    if "next" in review:
        if upcoming is not None:
            editor.replace_value(("review", "next"), upcoming.iso())
        else:
            editor.delete_line_of(("review", "next"))
    if note is None:
        return
    entry = [f"- date: {last.iso()}", f"  note: {json.dumps(note, ensure_ascii=False)}"]
    if review.get("history") and ("review", "history", 0) in document.values:
        dash = document.values[("review", "history", 0)].column - 3  # "- " precedes the item
        editor.insert_after(last_line_within(document, ("review", "history")), [" " * dash + line for line in entry])
        return
    indent = document.values[("review",)].column - 1
    lines = [" " * indent + "history:", *(" " * (indent + 2) + line for line in entry)]
    editor.insert_after(last_line_within(document, ("review",)), lines)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(inner)}" for key, inner in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(inner) for inner in value) + "]"
    return scalar(value)


def _check_edit(raw: bytes, kind: str) -> None:
    from riskctl.loading import load_bytes

    result = load_bytes(raw, "edited file")
    if result.document is None or result.problems or validate(result.document, kind):
        raise EditError("the edit would leave the file invalid; nothing was written (please report this)")
