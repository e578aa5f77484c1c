"""Register reports: the data a report shows, and rendering it through Jinja2 templates.

``build_report`` gathers plain data (summary, heat maps on each register's own matrix,
risks ranked by residual score with their trend against a baseline, policy review
schedule, changes); ``render`` feeds it to ``templates/report.{md,html}.j2``. HTML is
autoescaped; Markdown text goes through filters that neutralise tables, HTML and
@mentions; templates from ``--template-dir`` run in Jinja2's sandbox.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl.history.diff import ItemDiff
from riskctl.model.errors import UsageError
from riskctl.model.facts import ReviewState, facts, owners
from riskctl.model.records import Item, Register, Workspace
from riskctl.model.scoring import Assessment, Level, Rating
from riskctl.outputs.changes import describe_change
from riskctl.outputs.escape import md_text, safe_url
from riskctl.outputs.formats import ReportFormat
from riskctl.outputs.listing import natural
from riskctl.resources import shipped_dir


@dataclass(frozen=True)
class Cell:
    likelihood: Level
    impact: Level
    score: int
    rating: str | None
    colour: str
    text_colour: str
    ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class HeatMap:
    part: str  # inherent | residual
    rows: tuple[tuple[Cell, ...], ...]  # highest likelihood first, impact lowest first
    impacts: tuple[Level, ...]


@dataclass
class RiskEntry:
    item: Item
    inherent: Assessment | None
    residual: Assessment | None
    target: Assessment | None
    trend: str | None  # up | down | same | new | None without a baseline
    previous_score: int | None
    review: ReviewState
    above_appetite: bool
    overdue_actions: list[dict[str, Any]]
    acceptance_expired: bool
    policies: list[dict[str, Any]]

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def data(self) -> dict[str, Any]:
        return self.item.data

    @property
    def owners(self) -> list[str]:
        return owners(self.item.data.get("owner"))


@dataclass
class PolicyEntry:
    item: Item
    review: ReviewState

    @property
    def data(self) -> dict[str, Any]:
        return self.item.data


@dataclass
class Summary:
    risks: int = 0
    open: int = 0
    by_rating: list[tuple[str, str, int]] = field(default_factory=list)  # (rating, colour, count) of open risks
    overdue_reviews: int = 0
    due_soon: int = 0
    overdue_actions: int = 0
    above_appetite: int = 0
    expired_acceptances: int = 0
    policies: int = 0
    policies_overdue: int = 0


@dataclass
class Section:
    register: Register
    summary: Summary
    heat_maps: list[HeatMap]
    risks: list[RiskEntry]
    policies: list[PolicyEntry]
    changes: list[ItemDiff]
    appetite: int | None

    @property
    def owners(self) -> list[str]:
        value = self.register.data.get("owners")
        return [str(v) for v in value] if isinstance(value, list) else []


@dataclass
class Report:
    title: str
    generated: dt.date
    version: str
    provenance: dict[str, Any]
    since: dict[str, Any] | None
    sections: list[Section]
    rollup: Summary
    incomplete: list[dict[str, Any]] = field(default_factory=list)  # files left out, with why (SPEC §7)


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (#rgb or #rrggbb)."""
    value = background.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        return "#000000"
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def safe_colour(colour: str | None) -> str:
    return colour if colour and re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{1,30}", colour) else "#999999"


def heat_map(register: Register, entries: Sequence[RiskEntry], part: str) -> HeatMap:
    scheme = register.scheme
    assert scheme is not None
    placed: dict[tuple[int, int], list[str]] = {}
    for entry in entries:
        scored = entry.inherent if part == "inherent" else entry.residual
        if scored is not None and entry.data.get("status") == "open":
            placed.setdefault((scored.likelihood.score, scored.impact.score), []).append(entry.id)
    rows = []
    for likelihood in reversed(scheme.likelihood.levels):
        cells = []
        for impact in scheme.impact.levels:
            score = scheme.score(likelihood, impact)
            rating = scheme.rating(score)
            colour = safe_colour(rating.colour if rating else None)
            ids = tuple(sorted(placed.get((likelihood.score, impact.score), []), key=natural))
            cells.append(
                Cell(likelihood, impact, score, rating.name if rating else None, colour, text_colour(colour), ids)
            )
        rows.append(tuple(cells))
    return HeatMap(part, tuple(rows), scheme.impact.levels)


def build_section(register: Register, risks: Sequence[Item], policies: Sequence[Item], today: dt.date,
                  baseline: dict[tuple[str, str], int] | None, changes: list[ItemDiff]) -> Section:  # fmt: skip
    scheme = register.scheme
    policies_by_ref = {p.id: p for p in policies}
    entries = [_entry(item, today, baseline, policies_by_ref) for item in risks]
    entries.sort(key=lambda e: (-(e.residual.score if e.residual else 0), natural(e.id)))
    policy_entries = sorted(
        (PolicyEntry(item, facts(item, today).review) for item in policies),
        key=lambda p: (p.review.next.due_by if p.review.next else dt.date.max, natural(p.item.id)),
    )
    summary = summarise(entries, policy_entries, scheme.ratings if scheme else ())
    maps = [heat_map(register, entries, part) for part in ("inherent", "residual")] if scheme else []
    default = register.appetite.default if register.appetite else None
    appetite = default.score if default else None
    return Section(register, summary, maps, entries, policy_entries, changes, appetite)


def _entry(item: Item, today: dt.date, baseline: dict[tuple[str, str], int] | None,
           policies: dict[str, Item]) -> RiskEntry:  # fmt: skip
    residual = item.residual
    previous = baseline.get((item.register.id, item.id)) if baseline is not None else None
    trend = None
    if baseline is not None and residual is not None:
        if previous is None:
            trend = "new"
        else:
            trend = "up" if residual.score > previous else "down" if residual.score < previous else "same"
    found = facts(item, today)
    actions = item.data.get("actions") or []
    control_refs = [c["policy"] for c in item.data.get("controls") or [] if isinstance(c, dict) and "policy" in c]
    refs = list(dict.fromkeys(str(ref) for ref in [*(item.data.get("policies") or []), *control_refs]))
    return RiskEntry(
        item=item,
        inherent=item.inherent,
        residual=residual,
        target=item.target,
        trend=trend,
        previous_score=previous,
        review=found.review,
        above_appetite=found.above_appetite,
        overdue_actions=[actions[index] for index, _ in found.overdue_actions],
        acceptance_expired=found.acceptance_expired,
        policies=[
            {"reference": ref, "title": policies[ref].data.get("title") if ref in policies else None} for ref in refs
        ],
    )


def summarise(entries: Sequence[RiskEntry], policies: Sequence[PolicyEntry], ratings: Sequence[Rating]) -> Summary:
    summary = Summary(risks=len(entries), policies=len(policies))
    live = [e for e in entries if e.data.get("status") == "open"]
    summary.open = len(live)
    counts: dict[str, int] = {}
    for entry in live:
        if entry.residual and entry.residual.rating_name:
            counts[entry.residual.rating_name] = counts.get(entry.residual.rating_name, 0) + 1
    summary.by_rating = [(r.name, safe_colour(r.colour), counts.get(r.name, 0)) for r in reversed(ratings)]
    summary.overdue_reviews = sum(1 for e in live if e.review.state == "overdue")
    summary.due_soon = sum(1 for e in live if e.review.state == "due-soon")
    summary.overdue_actions = sum(len(e.overdue_actions) for e in entries)
    summary.above_appetite = sum(1 for e in live if e.above_appetite)
    summary.expired_acceptances = sum(1 for e in live if e.acceptance_expired)
    summary.policies_overdue = sum(1 for p in policies if p.review.state == "overdue")
    return summary


def rollup(sections: Sequence[Section]) -> Summary:
    total = Summary()
    ratings: dict[str, tuple[str, int]] = {}
    for section in sections:
        s = section.summary
        for name in ("risks", "open", "overdue_reviews", "due_soon", "overdue_actions", "above_appetite",
                     "expired_acceptances", "policies", "policies_overdue"):  # fmt: skip
            setattr(total, name, getattr(total, name) + getattr(s, name))
        for name, colour, count in s.by_rating:
            ratings[name] = (colour, ratings.get(name, (colour, 0))[1] + count)
    total.by_rating = [(name, colour, count) for name, (colour, count) in ratings.items()]
    return total


def build_report(
    workspace: Workspace,
    today: dt.date,
    *,
    version: str,
    provenance: dict[str, Any],
    since: dict[str, Any] | None = None,
    baseline: dict[tuple[str, str], int] | None = None,
    changes: Sequence[ItemDiff] = (),
    incomplete: Sequence[dict[str, Any]] = (),
) -> Report:
    sections = [
        build_section(
            register,
            [item for item in workspace.valid("risk") if item.register is register],
            [item for item in workspace.valid("policy") if item.register is register],
            today,
            baseline,
            [c for c in changes if c.register == register.id],
        )
        for register in workspace.registers
        if register.usable
    ]
    title = sections[0].register.name if len(sections) == 1 else "Risk and policy registers"
    return Report(title, today, version, provenance, since, sections, rollup(sections), list(incomplete))


# -- rendering ------------------------------------------------------------------------


def change_text(change: Any) -> str:
    return describe_change(change, "→")


def environment(template_dir: Path | None, fmt: str) -> Any:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    builtin = jinja2.FileSystemLoader(str(shipped_dir("templates")))
    loaders: list[jinja2.BaseLoader] = [builtin]
    cls: type[jinja2.Environment] = jinja2.Environment
    if template_dir is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(template_dir)))
        cls = SandboxedEnvironment  # user templates cannot reach Python internals
    env = cls(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update({"md": md_text, "safe_url": safe_url, "change": change_text})
    return env


def render(report: Report, fmt: ReportFormat, template_dir: Path | None = None) -> str:
    """The report through its template; a user template that fails is a usage error (exit 2)."""
    import jinja2

    env = environment(template_dir, fmt.value)
    try:
        template = env.get_template(f"report.{fmt.value}.j2")
        return str(template.render(report=report))
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError) as error:
        raise UsageError(f"the report template failed: {type(error).__name__}: {error}") from None
    except Exception as error:
        if template_dir is None:
            raise
        raise UsageError(f"the report template in {template_dir} failed: {type(error).__name__}: {error}") from None
