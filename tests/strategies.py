"""Hypothesis strategies several test modules share."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from hypothesis import strategies as st

words = st.text(alphabet=string.ascii_letters + " ,.'()-", min_size=1, max_size=40).map(str.strip).filter(bool)
calendar = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
dates_ = calendar.map(lambda d: d.isoformat()) | calendar.map(lambda d: d.strftime("%Y-%m"))


@st.composite
def register_and_risk(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    size_l, size_i = draw(st.integers(3, 6)), draw(st.integers(3, 6))
    register = {
        "name": "Generated",
        "scoring": {
            "likelihood": [{"score": n, "label": f"Likelihood {n}"} for n in range(1, size_l + 1)],
            "impact": [{"score": n, "label": f"Impact {n}"} for n in range(1, size_i + 1)],
            "ratings": [{"name": "Low", "min": 1}, {"name": "High", "min": 10}],
        },
    }

    def level(size: int, name: str) -> int | str:
        n = draw(st.integers(1, size))
        return n if draw(st.booleans()) else f"{name} {n}".upper()

    risk: dict[str, Any] = {
        "id": draw(st.from_regex(r"[A-Z][0-9]{1,2}(\.[0-9]{1,2})?", fullmatch=True)),
        "title": draw(words),
        "category": draw(words),
        "owner": draw(words | st.lists(words, min_size=1, max_size=3)),
        "status": draw(st.sampled_from(["open", "closed"])),
        "inherent": {"likelihood": level(size_l, "likelihood"), "impact": level(size_i, "impact")},
        "residual": {"likelihood": level(size_l, "likelihood"), "impact": level(size_i, "impact")},
        "review": {"last": draw(dates_)},
    }
    if draw(st.booleans()):
        risk["controls"] = [{"description": d} for d in draw(st.lists(words, min_size=1, max_size=4))]
    if draw(st.booleans()):
        risk["review"]["every"] = draw(st.sampled_from(["P3M", "P1Y", "quarterly", "P2W", "P1Y6M"]))
    return register, risk
