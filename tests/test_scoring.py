from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskctl.model.scoring import ScaleError, Scheme


def scheme(size_l: int = 4, size_i: int = 4, **extra: object) -> Scheme:
    register = {
        "scoring": {
            "likelihood": [{"score": n, "label": f"L{n}"} for n in range(1, size_l + 1)],
            "impact": [{"score": n, "label": f"I{n}"} for n in range(1, size_i + 1)],
            "ratings": [{"name": "Low", "min": 1}, {"name": "Medium", "min": 4}, {"name": "High", "min": 8}],
            **extra.pop("scoring", {}),  # type: ignore[dict-item]
        },
        **extra,
    }
    return Scheme.from_register(register)


def test_product_4x4() -> None:
    s = scheme()
    assert s.assess(3, 4).score == 12
    assert s.assess(1, 1).score == 1
    assert s.assess(4, 4).rating_name == "High"
    assert s.assess(2, 2).rating_name == "Medium"
    assert s.assess(1, 3).rating_name == "Low"


def test_5x5_and_non_square() -> None:
    assert scheme(5, 5).assess(5, 5).score == 25
    assert scheme(3, 6).assess(3, 6).score == 18
    with pytest.raises(ScaleError):
        scheme(3, 6).assess(4, 1)


def test_labels_case_insensitive() -> None:
    s = scheme()
    assert s.assess("l3", "I4").score == 12
    assert s.assess(" L2 ", "i1").score == 2


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 1), (5, 1), (1, "Huge"), (True, 1), (None, 1), (2.0, 1)])
def test_off_scale(likelihood: object, impact: object) -> None:
    with pytest.raises(ScaleError) as caught:
        scheme().assess(likelihood, impact)
    assert "expected one of 1 (L1), 2 (L2)" in str(caught.value) or "impact" in str(caught.value)


def test_grid_method_uses_cells_lowest_first() -> None:
    grid = [[1, 2, 3], [2, 4, 6], [3, 6, 10]]
    s = scheme(3, 3, scoring={"method": "grid", "grid": grid})
    assert s.problems() == []
    assert s.assess(3, 3).score == 10  # not 9: the grid decides
    assert s.assess(1, 3).score == 3
    assert s.assess(3, 1).score == 3


def test_grid_shape_problem() -> None:
    s = scheme(3, 3, scoring={"method": "grid", "grid": [[1, 2, 3]]})
    assert "3 rows of 3" in s.problems()[0]


def test_scale_with_repeated_labels_is_a_problem() -> None:
    register = {
        "scoring": {
            "likelihood": [{"score": 1, "label": "Low"}, {"score": 2, "label": "low"}],
            "impact": [{"score": 1, "label": "A"}, {"score": 2, "label": "B"}],
            "ratings": [{"name": "Low", "min": 1}],
        }
    }
    assert Scheme.from_register(register).problems() == ["the likelihood scale repeats a label"]


def test_rating_bands_highest_min_wins_and_below_all_is_none() -> None:
    s = scheme()
    assert s.rating(0) is None
    assert [s.rating(n).name for n in (1, 3, 4, 7, 8, 16)] == ["Low", "Low", "Medium", "Medium", "High", "High"]  # type: ignore[union-attr]


def test_appetite_one_score_or_by_category() -> None:
    from riskctl.model.scoring import Appetite

    one, problems = Appetite.read(8)
    assert problems == [] and one is not None
    limit = one.for_category("Finance")
    assert limit is not None and (limit.score, limit.describe()) == (8, "8")
    by_category, problems = Appetite.read(
        {"levels": {"averse": 4, "cautious": 8}, "default": "cautious", "categories": {"Finance": "averse", "IT": 12}}
    )
    assert problems == [] and by_category is not None
    finance, it, other = (by_category.for_category(name) for name in ("finance", "IT", "People"))
    assert finance is not None and (finance.score, finance.describe()) == (4, "Finance: averse, 4")
    assert it is not None and (it.score, it.describe()) == (12, "IT: 12")
    assert other is not None and (other.score, other.describe()) == (8, "cautious, 8")
    _, problems = Appetite.read({"levels": {"averse": 4}, "categories": {"Finance": "eager"}})
    assert problems == ["appetite.categories.Finance: the level 'eager' is not in appetite.levels (averse)"]
    assert Appetite.read(None) == (None, [])


@given(st.integers(2, 6), st.integers(2, 6), st.data())
def test_product_score_is_likelihood_times_impact(size_l: int, size_i: int, data: st.DataObject) -> None:
    s = scheme(size_l, size_i)
    lik = data.draw(st.integers(1, size_l))
    imp = data.draw(st.integers(1, size_i))
    result = s.assess(lik, f"i{imp}")
    assert result.score == lik * imp
    assert result.to_json() == {"likelihood": lik, "impact": imp, "score": lik * imp, "rating": result.rating_name}


@given(st.lists(st.one_of(st.integers(-2, 6), st.booleans(), st.sampled_from(["L1", "l2", " L3 ", "x"]), st.none())))
def test_an_assessment_kept_is_the_one_worked_out_afresh(values: list[object]) -> None:
    """``assess`` keeps each pair it has scored; asked again, in any order, it answers as a
    scheme that has kept nothing, and raises for what is off the scale every time."""
    kept, fresh_scheme = scheme(), scheme()
    for likelihood, impact in zip(values, reversed(values), strict=True):
        for attempt in range(2):
            try:
                expected = scheme().assess(likelihood, impact)
            except ScaleError:
                with pytest.raises(ScaleError):
                    kept.assess(likelihood, impact)
                continue
            assert kept.assess(likelihood, impact) == expected, attempt
    assert fresh_scheme == kept and hash(fresh_scheme) == hash(kept)  # what is kept is not the scheme's value
