"""``riskctl new``: the next id in the register's own pattern, and the text of a new risk or policy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from riskctl.model.errors import EditError
from riskctl.model.records import Item, Register
from riskctl.model.scoring import Level, ScaleError, Scheme
from riskctl.writing.editing import scalar

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


_MODELINE = "# yaml-language-server: $schema="


def modeline(items: Sequence[Item], kind: str, register: Register | None = None) -> str | None:
    """The schema modeline the register's other files use, so editors keep validating; for the
    first file of its kind, the one ``register.yaml`` uses, pointed at the ``kind`` schema."""
    for item in items:
        if item.kind == kind and item.file.document is not None:
            first = item.file.document.text.split("\n", 1)[0]
            if first.startswith(_MODELINE):
                return first
    document = register.file.document if register is not None else None
    first = document.text.split("\n", 1)[0] if document is not None else ""
    target = first[len(_MODELINE) :].strip()
    if first.startswith(_MODELINE) and target.endswith("register.schema.json") and "://" not in target:
        if target.startswith("/"):
            return f"{_MODELINE}{target[: -len('register.schema.json')]}{kind}.schema.json"
        return f"{_MODELINE}../{target[: -len('register.schema.json')]}{kind}.schema.json"
    return None


def risk_text(values: dict[str, Any], today: dt.date, header: str | None) -> str:
    lines = [header] if header else []
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


def policy_text(values: dict[str, Any], today: dt.date, header: str | None) -> str:
    lines = [header] if header else []
    lines += [f"reference: {scalar(values['reference'])}", f"title: {scalar(values['title'])}"]
    lines += [f"owner: {scalar(values['owner'][0])}" if len(values["owner"]) == 1 else "owner:"]
    if len(values["owner"]) > 1:
        lines += [f"  - {scalar(owner)}" for owner in values["owner"]]
    lines += ["status: active", "review:", f"  last: {today.isoformat()}", f"  every: {scalar(values['every'])}"]
    return "\n".join(lines) + "\n"
