"""Register reports: the data a report shows, and rendering it through Jinja2 templates.

``build_report`` gathers plain data: the protective marking, an executive summary, each
register's heat maps, its open risks ranked by residual score (with their trend against
a baseline and their residual score over time from git), its closed risks, its policy
review schedule and its changes told as sentences. The order of the report's parts is
set here, in ``REPORT_ORDER`` and ``SECTION_ORDER``, and nowhere else: the templates
follow it. ``render`` feeds the data to ``templates/report.{md,html}.j2`` (PDF prints
the HTML template). HTML is autoescaped; Markdown text goes through filters that
neutralise tables, HTML and @mentions; templates from ``--template-dir`` run in
Jinja2's sandbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskctl.history.diff import ItemDiff
from riskctl.model.errors import UsageError
from riskctl.model.facts import Facts, ReviewState, combined_marking, facts, owners, register_marking
from riskctl.model.records import Item, Register
from riskctl.model.scoring import Assessment
from riskctl.model.workspace import Workspace
from riskctl.outputs.escape import css_string, md_text, safe_url, visible
from riskctl.outputs.formats import ReportFormat
from riskctl.outputs.heatmap import HeatMap, heat_map, safe_colour
from riskctl.outputs.listing import natural
from riskctl.outputs.organisation import Feed, Portfolio, feeds, hierarchy_order, portfolio
from riskctl.outputs.people import long_date, plural
from riskctl.outputs.stories import Story, stories
from riskctl.outputs.summary import Executive, Summary, executive, rollup, summarise
from riskctl.outputs.trends import Timeline, Trend, trend
from riskctl.resources import shipped_dir

# The parts of a report, in the order a reader meets them (after the marking, the title and
# any notice of files left out), and the parts of each register's section.
REPORT_ORDER = ("summary", "portfolio", "rollup", "registers")
SECTION_ORDER = ("heat-maps", "ranked", "details", "closed", "policies", "changes")
TEMPLATES = {ReportFormat.html: "report.html.j2", ReportFormat.md: "report.md.j2", ReportFormat.pdf: "report.html.j2"}


@dataclass
class RiskEntry:
    item: Item
    facts: Facts
    trend: str | None  # up | down | same | new | None without a baseline
    previous_score: int | None
    overdue_actions: list[dict[str, Any]]
    policies: list[dict[str, Any]]
    anchor: str = ""
    history: Trend | None = None  # the residual score over time, when git holds the risk's history
    fed_by: list[Feed] = field(default_factory=list)  # risks of other registers escalated into this one
    escalated_to: Item | None = None  # the risk in an ancestor register that carries this one

    @property
    def escalation(self) -> dict[str, Any] | None:
        value = self.item.data.get("escalation")
        return value if isinstance(value, dict) else None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def data(self) -> dict[str, Any]:
        return self.item.data

    @property
    def title(self) -> str:
        return str(self.item.data.get("title", ""))

    @property
    def inherent(self) -> Assessment | None:
        return self.item.inherent

    @property
    def residual(self) -> Assessment | None:
        return self.item.residual

    @property
    def target(self) -> Assessment | None:
        return self.item.target

    @property
    def review(self) -> ReviewState:
        return self.facts.review

    @property
    def above_appetite(self) -> bool:
        return self.facts.above_appetite

    @property
    def acceptance_expired(self) -> bool:
        return self.facts.acceptance_expired

    @property
    def appetite(self) -> int | None:
        return self.facts.appetite

    @property
    def owners(self) -> list[str]:
        return owners(self.item.data.get("owner"))

    @property
    def is_open(self) -> bool:
        return self.facts.live


@dataclass
class PolicyEntry:
    item: Item
    review: ReviewState
    anchor: str = ""

    @property
    def data(self) -> dict[str, Any]:
        return self.item.data


@dataclass
class Section:
    register: Register
    summary: Summary
    heat_maps: list[HeatMap]
    risks: list[RiskEntry]  # open risks, ranked by residual score
    policies: list[PolicyEntry]
    changes: list[ItemDiff]
    appetite: int | None
    closed: list[RiskEntry] = field(default_factory=list)  # closed risks, latest closed first
    stories: list[Story] = field(default_factory=list)  # changes since the baseline, as sentences
    number: int = 1
    order: tuple[str, ...] = SECTION_ORDER
    portfolio: list[str] = field(default_factory=list)  # matrix --portfolio: the registers it draws
    elsewhere: list[str] = field(default_factory=list)  # and those on another scheme, left out of it

    @property
    def owners(self) -> list[str]:
        value = self.register.data.get("owners")
        return [str(v) for v in value] if isinstance(value, list) else []

    @property
    def key(self) -> str:
        return f"reg-{self.number}"


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
    executive: Executive | None = None
    classification: str | None = None  # the protective marking, on every page
    history: dict[str, Any] | None = None  # {"shallow", "oldest", "unread"} when in git
    order: tuple[str, ...] = REPORT_ORDER
    portfolio: Portfolio | None = None  # several registers: their open risks on one shared scheme
    depth: dict[int, int] = field(default_factory=dict)  # section number -> depth in the hierarchy


def build_section(register: Register, risks: Sequence[Item], policies: Sequence[Item], today: dt.date,
                  baseline: dict[tuple[str, str], int] | None, changes: list[ItemDiff], *, number: int = 1,
                  timeline: Timeline | None = None) -> Section:  # fmt: skip
    scheme = register.scheme
    policies_by_ref = {p.id: p for p in policies}
    entries = [_entry(item, today, baseline, policies_by_ref, timeline) for item in risks]
    live = sorted((e for e in entries if e.is_open), key=_ranked)
    closed = sorted((e for e in entries if not e.is_open), key=_closed_order)
    policy_entries = sorted(
        (PolicyEntry(item, facts(item, today).review) for item in policies),
        key=lambda p: (p.review.next.due_by if p.review.next else dt.date.max, natural(p.item.id)),
    )
    for kind, listed in (("risk", live), ("closed", closed)):
        for index, entry in enumerate(listed, 1):
            entry.anchor = f"reg-{number}-{kind}-{index}"
    for index, policy in enumerate(policy_entries, 1):
        policy.anchor = f"reg-{number}-policy-{index}"
    summary = summarise(entries, policy_entries, scheme.ratings if scheme else ())
    maps = []
    if scheme:
        for part in ("inherent", "residual"):
            placed = [(e.id, getattr(e, part)) for e in live if getattr(e, part) is not None]
            maps.append(heat_map(register, placed, part))
    default = register.appetite.default if register.appetite else None
    appetite = default.score if default else None
    return Section(register, summary, maps, live, policy_entries, changes, appetite, closed, number=number)


def _ranked(entry: RiskEntry) -> tuple[int, tuple[Any, ...]]:
    """Highest residual score first, then by id."""
    return (-(entry.residual.score if entry.residual else 0), natural(entry.id))


def _closed_order(entry: RiskEntry) -> tuple[int, int, tuple[Any, ...]]:
    """Latest closed first; those with no closed date (flagged) at the top, where they are seen."""
    closed_on = entry.facts.closed_on
    return (0 if closed_on is None else 1, -closed_on.date.toordinal() if closed_on else 0, natural(entry.id))


def _entry(item: Item, today: dt.date, baseline: dict[tuple[str, str], int] | None, policies: dict[str, Item],
           timeline: Timeline | None) -> RiskEntry:  # fmt: skip
    residual = item.residual
    previous = baseline.get((item.register.id, item.id)) if baseline is not None else None
    moved = None
    if baseline is not None and residual is not None:
        if previous is None:
            moved = "new"
        else:
            moved = "up" if residual.score > previous else "down" if residual.score < previous else "same"
    found = facts(item, today)
    actions = item.data.get("actions") or []
    control_refs = [c["policy"] for c in item.data.get("controls") or [] if isinstance(c, dict) and "policy" in c]
    refs = list(dict.fromkeys(str(ref) for ref in [*(item.data.get("policies") or []), *control_refs]))
    scheme = item.register.scheme
    line = trend(timeline.of(item.key), residual, scheme, today, found.appetite) if timeline and scheme else None
    return RiskEntry(
        item=item,
        facts=found,
        trend=moved,
        previous_score=previous,
        overdue_actions=[actions[index] for index, _ in found.overdue_actions],
        policies=[
            {"reference": ref, "title": policies[ref].data.get("title") if ref in policies else None} for ref in refs
        ],
        history=line,
    )


def _stories(register: Register, items: Sequence[Item], timeline: Timeline | None) -> list[Story]:
    if timeline is None or timeline.since is None:
        return []
    events = [e for e in timeline.events if e.key[0] == register.id and e.commit.sha in timeline.since]
    pending = [d for d in timeline.pending if d.register == register.id]
    titles: dict[tuple[str, str], str] = {(item.kind, item.id): str(item.data.get("title", "")) for item in items}
    told = stories(events, pending, titles)
    return sorted(told, key=lambda s: (s.kind != "risk", natural(s.ident)))


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
    timeline: Timeline | None = None,
) -> Report:
    """The report's data, its parts in ``REPORT_ORDER`` and each register's in ``SECTION_ORDER``;
    registers come in ``workspace.registers`` order, each a section (reorder them here)."""
    sections: list[Section] = []
    organisation = workspace.organisation
    for register in hierarchy_order([r for r in workspace.registers if r.usable], organisation):
        risks = [item for item in workspace.valid("risk") if item.register is register]
        policies = [item for item in workspace.valid("policy") if item.register is register]
        mine = [c for c in changes if c.register == register.id]
        section = build_section(register, risks, policies, today, baseline, mine, number=len(sections) + 1,
                                timeline=timeline)  # fmt: skip
        section.stories = _stories(register, [*risks, *policies], timeline)
        section.order = SECTION_ORDER
        for entry in [*section.risks, *section.closed]:
            entry.fed_by = feeds(entry.item, organisation)
            target = entry.escalation.get("to") if entry.escalation else None
            entry.escalated_to = organisation.item(target) if isinstance(target, str) else None
        sections.append(section)
    title = sections[0].register.name if len(sections) == 1 else "Risk and policy registers"
    total = rollup(sections)
    summary = executive(sections, total, since["label"] if since else None, qualify=len(sections) > 1)
    marking = combined_marking(register_marking(section.register) for section in sections)
    history = (
        {"shallow": timeline.shallow, "oldest": timeline.oldest, "unread": timeline.unread}
        if timeline is not None
        else None
    )
    depth = {section.number: len(organisation.ancestors(section.register)) for section in sections}
    return Report(title, today, version, provenance, since, sections, total, list(incomplete), summary, marking,
                  history, order=REPORT_ORDER, portfolio=portfolio(sections), depth=depth)  # fmt: skip


# -- rendering ------------------------------------------------------------------------


def environment(template_dir: Path | None, fmt: ReportFormat) -> Any:
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
        autoescape=TEMPLATES[fmt].endswith(".html.j2"),
        finalize=visible,  # every value a template prints (Markdown's go through md_text too)
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update({"md": md_text, "safe_url": safe_url, "long_date": long_date, "css_string": css_string,
                        "colour": safe_colour})  # fmt: skip
    env.globals.update({"plural": plural})
    return env


def render(report: Report, fmt: ReportFormat, template_dir: Path | None = None) -> str | bytes:
    """The report through its template (PDF: the HTML one, printed); a user template that fails
    is a usage error (exit 2)."""
    import jinja2

    env = environment(template_dir, fmt)
    try:
        template = env.get_template(TEMPLATES[fmt])
        text = str(template.render(report=report, pdf=fmt is ReportFormat.pdf))
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError) as error:
        raise UsageError(f"the report template failed: {type(error).__name__}: {error}") from None
    except Exception as error:
        if template_dir is None:
            raise
        raise UsageError(f"the report template in {template_dir} failed: {type(error).__name__}: {error}") from None
    if fmt is ReportFormat.pdf:
        from riskctl.outputs.pdf import html_to_pdf

        return html_to_pdf(text)
    return text
