"""Scoring on a register's own matrix: scales, product or grid scores, rating bands.

Pure functions over plain data; nothing here reads files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class ScaleError(ValueError):
    """A likelihood or impact value that is not on the register's scale."""


class Level(NamedTuple):
    score: int
    label: str
    description: str = ""


class Scale(NamedTuple):
    name: str  # "likelihood" or "impact"
    levels: tuple[Level, ...]  # lowest score first

    @classmethod
    def from_data(cls, name: str, data: Sequence[Mapping[str, Any]]) -> Scale:
        levels = sorted(
            (Level(int(item["score"]), str(item["label"]), str(item.get("description", ""))) for item in data),
            key=lambda level: level.score,
        )
        return cls(name, tuple(levels))

    def allowed(self) -> str:
        """The accepted values, for messages: ``1 (Remote), 2 (Possible), ...``."""
        return ", ".join(f"{level.score} ({level.label})" for level in self.levels)

    def resolve(self, value: object) -> Level:
        """The level for an integer score or a label (case-insensitive)."""
        if isinstance(value, bool):
            raise ScaleError(f"{value!r} is not on the {self.name} scale; expected one of {self.allowed()}")
        if isinstance(value, int):
            for level in self.levels:
                if level.score == value:
                    return level
        elif isinstance(value, str):
            wanted = value.strip().casefold()
            for level in self.levels:
                if level.label.casefold() == wanted:
                    return level
        raise ScaleError(f"{value!r} is not on the {self.name} scale; expected one of {self.allowed()}")

    def rank(self, level: Level) -> int:
        """``level``'s place on the scale, lowest first (0-based)."""
        return self.levels.index(level)


class Rating(NamedTuple):
    name: str
    min: int
    colour: str


@dataclass(frozen=True)
class Scheme:
    likelihood: Scale
    impact: Scale
    ratings: tuple[Rating, ...]  # ascending by min
    method: str = "product"
    grid: tuple[tuple[int, ...], ...] = ()
    _assessed: dict[Any, Assessment] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @classmethod
    def from_register(cls, register: Mapping[str, Any]) -> Scheme:
        scoring = register["scoring"]
        ratings = sorted(
            (Rating(str(r["name"]), int(r["min"]), str(r.get("colour", "#999999"))) for r in scoring["ratings"]),
            key=lambda rating: rating.min,
        )
        grid = tuple(tuple(int(cell) for cell in row) for row in scoring.get("grid") or ())
        return cls(
            likelihood=Scale.from_data("likelihood", scoring["likelihood"]),
            impact=Scale.from_data("impact", scoring["impact"]),
            ratings=tuple(ratings),
            method=str(scoring.get("method", "product")),
            grid=grid,
        )

    def problems(self) -> list[str]:
        """What makes this scheme unusable, in words (empty when it is sound)."""
        found: list[str] = []
        for scale in (self.likelihood, self.impact):
            scores = [level.score for level in scale.levels]
            if len(set(scores)) != len(scores):
                found.append(f"the {scale.name} scale repeats a score")
            labels = [level.label.casefold() for level in scale.levels]
            if len(set(labels)) != len(labels):
                found.append(f"the {scale.name} scale repeats a label")
        if self.method == "grid":
            rows, cols = len(self.likelihood.levels), len(self.impact.levels)
            if len(self.grid) != rows or any(len(row) != cols for row in self.grid):
                found.append(
                    f"scoring.grid must have {rows} rows of {cols} scores (one per likelihood, one column per impact)"
                )
        if not self.ratings:
            found.append("scoring.ratings is empty")
        return found

    def score(self, likelihood: Level, impact: Level) -> int:
        if self.method == "grid":
            return self.grid[self.likelihood.rank(likelihood)][self.impact.rank(impact)]
        return likelihood.score * impact.score

    def rating(self, score: int) -> Rating | None:
        """The band with the highest ``min`` at or below ``score`` (None below every band)."""
        chosen = None
        for rating in self.ratings:
            if rating.min <= score:
                chosen = rating
        return chosen

    def assess(self, likelihood: object, impact: object) -> Assessment:
        """Resolve both values and score them; raises ScaleError for an off-scale value.

        A scheme scores the same few pairs over and over (every version of every risk in a
        history), so each pair's assessment is kept once worked out (by value and type:
        ``True`` is not ``1``); what raises is worked out, and raises, every time."""
        key = (type(likelihood), likelihood, type(impact), impact) if _plain(likelihood) and _plain(impact) else None
        found = self._assessed.get(key) if key is not None else None
        if found is not None:
            return found
        lik = self.likelihood.resolve(likelihood)
        imp = self.impact.resolve(impact)
        score = self.score(lik, imp)
        assessment = Assessment(lik, imp, score, self.rating(score))
        if key is not None and len(self._assessed) < _KEPT:
            self._assessed[key] = assessment
        return assessment


_KEPT = 4096  # pairs kept per scheme: far more than any scale has, few enough if values are odd text


def _plain(value: object) -> bool:
    return value is None or type(value) in (int, str, bool, float)


class Assessment(NamedTuple):
    likelihood: Level
    impact: Level
    score: int
    rating: Rating | None

    @property
    def rating_name(self) -> str | None:
        return self.rating.name if self.rating else None

    def to_json(self) -> dict[str, Any]:
        return {
            "likelihood": self.likelihood.score,
            "impact": self.impact.score,
            "score": self.score,
            "rating": self.rating_name,
        }


# The Orange Book's appetite levels (HM Treasury, Risk Appetite Guidance Note), least willing first.
ORANGE_BOOK_LEVELS = ("averse", "minimal", "cautious", "open", "eager")


class Limit(NamedTuple):
    """The appetite for one category: the highest acceptable residual score, and how it was named."""

    score: int
    level: str | None = None  # the level's name ("averse"), when the register names one
    category: str | None = None  # the category it is set for; None for the register's default

    def describe(self) -> str:
        """``Finance: averse, 4``, ``averse, 4`` or ``4``."""
        named = f"{self.level}, {self.score}" if self.level else str(self.score)
        return f"{self.category}: {named}" if self.category else named


class Appetite(NamedTuple):
    """A register's appetite: one score, or ``{default, levels, categories}`` (SPEC §8)."""

    default: Limit | None = None
    categories: tuple[tuple[str, Limit], ...] = ()

    def for_category(self, category: object) -> Limit | None:
        for name, limit in self.categories:
            if isinstance(category, str) and name.casefold() == category.casefold():
                return limit
        return self.default

    @classmethod
    def read(cls, value: object) -> tuple[Appetite | None, list[str]]:
        """The appetite from register.yaml's ``appetite``, and what makes it unusable."""
        if value is None:
            return None, []
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(Limit(value)), []
        if not isinstance(value, Mapping):
            return None, ["appetite must be a score or a mapping of default, levels and categories"]
        levels = {str(k): v for k, v in (value.get("levels") or {}).items() if isinstance(v, int)}
        problems: list[str] = []

        def limit(named: object, category: str | None) -> Limit | None:
            if isinstance(named, int) and not isinstance(named, bool):
                return Limit(named, None, category)
            if isinstance(named, str) and named in levels:
                return Limit(levels[named], named, category)
            where = f"appetite.categories.{category}" if category else "appetite.default"
            known = ", ".join(levels) or "none are defined in appetite.levels"
            problems.append(f"{where}: the level {named!r} is not in appetite.levels ({known})")
            return None

        default = limit(value["default"], None) if "default" in value else None
        pairs = [(str(name), limit(named, str(name))) for name, named in (value.get("categories") or {}).items()]
        categories = tuple((name, found) for name, found in pairs if found is not None)
        return cls(default, categories), problems
