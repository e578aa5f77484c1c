"""Each risk's residual score over time, from the one walk over git history, drawn as a small line.

``Timeline`` is what the report gathered from git (every event on the registers, oldest
first, and which commits came after ``--since``); ``trend`` turns one risk's events into
the points where its residual score changed and the geometry of an inline SVG step line
(a score holds until the next change). The geometry is numbers only; the words that go
with it (``label``) are plain text for the template to escape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from riskctl.history.diff import ItemDiff
from riskctl.history.duplicates import followed
from riskctl.history.walk import Event, ItemKey
from riskctl.model.scoring import Assessment, Scheme
from riskctl.outputs.people import long_date

WIDTH, HEIGHT, PAD = 80, 30, 3


@dataclass(frozen=True)
class Timeline:
    """The registers' history as the report read it from git."""

    events: Sequence[Event]  # every event on the registers' files, oldest first
    since: frozenset[str] | None = None  # commits after --since (None without it)
    pending: Sequence[ItemDiff] = ()  # changes in the working tree not yet committed
    shallow: bool = False  # a shallow clone: the history starts at ``oldest``
    oldest: str | None = None  # the day of the oldest commit read
    unread: str | None = None  # why git could not be read, in a repository (then there are no events)
    # the events along HEAD's first-parent line, a merge with all it changed there: what the
    # registers were, for trends (a branch's values count from its merge, and only as merged);
    # None when that is ``events`` (a history without merges)
    line: Sequence[Event] | None = None
    by_key: dict[ItemKey, list[Event]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[ItemKey, list[Event]] = {}
        for event in self.events if self.line is None else self.line:
            index.setdefault(event.key, []).append(event)
        object.__setattr__(self, "by_key", index)

    def of(self, key: ItemKey) -> list[Event]:
        """One item's events along the first-parent line, oldest first, without those of a
        second file that held its id for a while (``followed``): for its trend."""
        return followed(self.by_key.get(key, []))


@dataclass(frozen=True)
class Point:
    day: dt.date
    score: int | None  # None from a version that could not be read or scored: not known until the next
    rating: str | None


@dataclass(frozen=True)
class Trend:
    points: tuple[Point, ...]  # each change of the residual score, oldest first
    path: str  # SVG path data of the step line
    end: tuple[float, float] | None  # where the line ends (the score now; None when not known)
    appetite_y: float | None  # the appetite as a dashed level, when the register has one
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def label(self) -> str:
        """The line in words, for screen readers and for print."""
        steps = [
            f"{p.score}{f' ({p.rating})' if p.rating else ''} from {long_date(p.day)}"
            if p.score is not None
            else f"not known from {long_date(p.day)} (a version that could not be read or scored)"
            for p in self.points
        ]
        return "Residual score " + "; ".join(steps)

    @property
    def scores(self) -> str:
        """``12 → 9``: the line in the fewest characters, for Markdown tables (``?`` where not known)."""
        return " → ".join("?" if p.score is None else str(p.score) for p in self.points)


def points(events: Sequence[Event], current: Assessment | None, today: dt.date) -> list[Point]:
    """Where the residual score changed, from the commits; the working tree's score last, dated
    today, when it differs from the last commit's (an uncommitted change)."""
    found: list[Point] = []
    for event in events:
        day = dt.date.fromisoformat(event.commit.day)  # the author's date: a rebased commit may be older
        day = max(day, found[-1].day) if found else day  # than the one before it, which it followed
        if event.change in ("unreadable", "unscored"):
            unknown = Point(day, None, None)
            if found and found[-1].day == day and found[-1].score is not None:
                found[-1] = unknown  # the same day's score is replaced by what could not be known
            elif not found or found[-1].score is not None:
                found.append(unknown)
            continue
        if event.residual is None or event.change not in ("added", "modified", "renamed"):
            continue
        score, rating = event.residual
        if not found or found[-1].score != score:
            found.append(Point(day, score, rating))
    if current is not None and (not found or found[-1].score != current.score):
        found.append(Point(max(today, found[-1].day) if found else today, current.score, current.rating_name))
    return found


def trend(
    events: Sequence[Event], current: Assessment | None, scheme: Scheme, today: dt.date, appetite: int | None = None
) -> Trend | None:
    """The step line of one risk's residual score; None when git holds none of its history."""
    if not events:
        return None
    found = points(events, current, today)
    if not any(p.score is not None for p in found):
        return None
    highest = max(scheme.score(lik, imp) for lik in scheme.likelihood.levels for imp in scheme.impact.levels)
    top = max(highest, *(p.score for p in found if p.score is not None))
    start, end = found[0].day, max(today, found[-1].day)
    span = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return PAD + (day - start).days / span * (WIDTH - 2 * PAD)

    def y(score: int) -> float:
        return HEIGHT - PAD - max(score, 0) / max(top, 1) * (HEIGHT - 2 * PAD)

    steps: list[str] = []
    drawing = False  # the line breaks where the score is not known
    for point in found:
        if point.score is None:
            if drawing:
                steps.append(f"H{x(point.day):.1f}")
            drawing = False
        elif drawing:
            steps.append(f"H{x(point.day):.1f} V{y(point.score):.1f}")
        else:
            steps.append(f"M{x(point.day):.1f} {y(point.score):.1f}")
            drawing = True
    last = found[-1]
    if drawing:
        steps.append(f"H{x(end):.1f}")
    dot = (round(x(end), 1), round(y(last.score), 1)) if last.score is not None else None
    level = round(y(appetite), 1) if appetite is not None and 0 <= appetite <= top else None
    return Trend(tuple(found), " ".join(steps), dot, level)
