import json
import math

import numpy as np
import pytest

from newsprism import concepts
from newsprism.model import Fact, Ref, Report
from tests.conftest import make_article


def _stump(feature: int, threshold: float, low: float, high: float) -> dict[str, np.ndarray]:
    """A tree of one split: ``x[feature] <= threshold`` gives ``low``, else ``high``."""
    return {
        "feature": np.array([feature, 0, 0]),
        "threshold": np.array([threshold, 0.0, 0.0]),
        "left": np.array([1, 0, 0]),
        "right": np.array([2, 0, 0]),
        "leaf": np.array([False, True, True]),
        "value": np.array([0.0, low, high]),
    }


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_trees_sum_their_leaves_over_the_base():
    trees = concepts.Trees(0.5, (_stump(0, 1.0, -1.0, 2.0), _stump(1, 0.0, 0.25, -0.5)))
    x = np.zeros((3, len(concepts.FEATURES)))
    x[1, 0] = 1.0  # on the threshold: goes left
    x[2, 0], x[2, 1] = 3.0, 1.0
    got = trees.probability(x)
    want = [_sigmoid(0.5 - 1 + 0.25), _sigmoid(0.5 - 1 + 0.25), _sigmoid(0.5 + 2 - 0.5)]
    assert got == pytest.approx(want)


def test_trees_survive_json_exactly_and_refuse_other_features():
    trees = concepts.Trees(-3.1, (_stump(4, 0.1 + 0.2, -1.0 / 3, 2.0 / 7),))
    back = concepts.Trees.from_json(json.loads(json.dumps(trees.to_json())))
    x = np.zeros((2, len(concepts.FEATURES)))
    x[0, 4] = 0.1 + 0.2  # exactly the threshold, which a rounded copy would move
    assert np.array_equal(back.probability(x), trees.probability(x))
    data = trees.to_json()
    data["features"] = ["share"]
    with pytest.raises(ValueError, match="retrain"):
        concepts.Trees.from_json(data)


@pytest.mark.model
def test_concepts_are_word_pairs_not_both_stop_words_nor_punctuation():
    art = make_article("a", ["The ferry sank off the coast, officials said."], parse=True)
    found = concepts.concepts(art.sentences[0])
    assert ("ferry", "sink") in found and ("coast", "official") in found
    assert ("off", "the") not in found  # two stop words
    assert not any("," in c for c in found)


def _story():
    a = make_article(
        "a",
        [
            "A ferry sank off the coast of Haiti on Tuesday.",
            "The weather was calm in the capital.",
            "Rescuers searched the water all night.",
        ],
        parse=True,
    )
    b = make_article(
        "b",
        [
            "The ferry sank near the coast of Haiti, officials said.",
            "Fishermen pulled survivors from the sea.",
            "A local bakery later reopened its doors.",
        ],
        parse=True,
    )
    refs = [Ref("a", 0), Ref("b", 0)]
    fact = Fact("f1", a.sentences[0].text, ["a", "b"], refs, "consensus", origins=2)
    return Report(articles=[a, b], facts=[fact])


@pytest.mark.model
def test_the_table_shows_what_the_story_shows_of_each_concept():
    found, x = concepts.table(_story())
    assert x.shape == (len(found), len(concepts.FEATURES))
    row = dict(zip(concepts.FEATURES, x[found.index(("ferry", "sink"))], strict=True))
    assert row["share"] == 1.0 and row["lead_share"] == 1.0
    assert row["agreed"] == pytest.approx(math.log(2))
    assert row["first"] == 0.0 and row["first_NOUN"] == 1.0 and row["second_VERB"] == 1.0
    late = dict(zip(concepts.FEATURES, x[found.index(("local", "bakery"))], strict=True))
    assert late["share"] == 0.5 and late["lead_share"] == 0.0 and late["first"] == 1.0


@pytest.mark.model
def test_what_every_source_leads_with_is_worth_more_than_one_source_s_aside():
    weights = concepts.weights(_story(), worth=2.0)
    assert weights[("ferry", "sink")] > 2 * weights[("local", "bakery")]
    assert all(0 <= w <= 2.0 * 2 for w in weights.values())  # worth × origins × probability
