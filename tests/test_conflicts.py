import pytest

from newsprism.conflicts import Side, compare
from newsprism.model import NumberMention, Ref, TimeMention


def _side(art, numbers=(), times=(), negated=False, entities=None):
    return Side(
        Ref(art, 0),
        [NumberMention(0, 1, t, v, k, m, 0) for t, v, k, m in numbers],
        [TimeMention(0, 1, t, v, 0) for t, v in times],
        negated,
        entities or {},
    )


def test_same_measure_different_value():
    a = _side("a", [("$35 billion", 35e9, "money", "purchase")])
    b = _side("b", [("$30 billion", 30e9, "money", "purchase")])
    (found,) = compare(a, b, 0.6)
    assert found.type == "money" and found.what == "purchase"


def test_equal_values_or_other_measures_agree():
    a = _side("a", [("35 billion dollars", 35e9, "money", "purchase")])
    b = _side("b", [("$35 billion", 35e9, "money", "purchase"), ("15", 15, "count", "nation")])
    assert compare(a, b, 0.6) == []


@pytest.mark.parametrize(
    "x, y, apart",
    [
        (("more than 150", 150), ("at least 156", 156), False),
        (("at least 250", 250), ("as many as 400", 400), False),
        (("about 400", 400), ("an estimated 380", 380), False),
        (("nearly 60", 60), ("58", 58), False),
        (("400 or more", 400), ("450", 450), False),
        (("65", 65), ("60", 60), True),
        (("fewer than 20", 20), ("25", 25), True),
        (("nearly 60", 60), ("62", 62), True),
        (("about 400", 400), ("500", 500), True),
    ],
)
def test_figures_conflict_only_when_the_values_their_words_allow_do_not_meet(x, y, apart):
    a = _side("a", [(*x, "count", "people")])
    b = _side("b", [(*y, "count", "people")])
    assert bool(compare(a, b, 0.6)) == apart


def test_dates_of_same_precision_that_differ():
    a = _side("a", times=[("Thursday", "2022-09-15")])
    b = _side("b", times=[("Friday", "2022-09-16")])
    assert compare(a, b, 0.6)[0].type == "date"
    c = _side("c", times=[("September", "2022-09")])
    assert compare(a, c, 0.6) == []  # a month holds the day


def test_negation_needs_close_alignment():
    a, b = _side("a", negated=True), _side("b")
    assert compare(a, b, 0.85)[0].type == "negation"
    assert compare(a, b, 0.6) == []


def test_swapped_entity():
    a = _side("a", entities={"GPE": {"Samarkand", "China"}})
    b = _side("b", entities={"GPE": {"Tashkent", "China"}})
    assert compare(a, b, 0.85) == []  # they share China: the rest may be more detail
    a = _side("a", entities={"GPE": {"Samarkand"}})
    b = _side("b", entities={"GPE": {"Tashkent"}})
    (found,) = compare(a, b, 0.85)
    assert {v.value for v in found.values} == {"Samarkand", "Tashkent"}


def test_a_capital_stands_for_its_country():
    from newsprism.conflicts import capital_of

    assert capital_of("Damascus", "Syria") and capital_of("the United States", "Washington")
    assert not capital_of("Paris", "Syria")
    a = _side("a", entities={"GPE": {"Damascus"}})  # "Damascus denies sheltering the rebels."
    b = _side("b", entities={"GPE": {"Syria"}})  # "Syria has denied supporting the rebels."
    assert compare(a, b, 0.85) == []
    c = _side("c", entities={"GPE": {"Ankara"}})
    assert compare(a, c, 0.85)[0].type == "entity"  # another country's capital still differs
