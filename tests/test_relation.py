"""The sentence-pair judgement: newsprism.compare (issue 9)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsprism.claims import Claim, Frame, same_speaker
from newsprism.pair_rules import disagreements
from newsprism.relation import FEATURES, Model, features, judge, model, rarity_in

# one case a line: sentence a, sentence b, the relation, why
CASES = [
    (
        "“China certainly pursues only its own interests in relations with Russia,” said Gabuev.",
        "Beijing will be watching to see whether the front lines affect the stability of Mr. "
        "Putin’s regime, said Alexander Gabuev.",
        {"different", "partial"},
        "one speaker, two claims",
    ),
    (
        "“China sees Russia as a weakening country,” Umarov said.",
        "“China sees Russia as a weakening country,” Gabuev said.",
        {"partial"},
        "the same words from two speakers are not one claim",
    ),
    (
        "Russian troops have been killed by the hundreds near Kharkiv, Ukraine said.",
        "Ukraine's counteroffensive retook villages near Kharkiv, the Kremlin said.",
        {"different", "partial"},
        "two speakers on one topic",
    ),
    (
        "Russia invaded Ukraine in February.",
        "Russia did not invade Ukraine in February.",
        {"conflict"},
        "negation",
    ),
    (
        "Chinese purchases of Russian energy reached $35 billion in the first five months.",
        "Chinese purchases of Russian energy reached $20 billion in the first five months.",
        {"conflict"},
        "different figures for one measure",
    ),
    (
        "Putin will meet Xi on Thursday in Samarkand.",
        "Putin met Xi on Thursday in Samarkand.",
        {"same"},
        "will meet / met: one event",
    ),
    (
        "Sales of electric cars rose sharply in Norway last year.",
        "Sales of electric cars fell sharply in Norway last year.",
        {"conflict"},
        "opposite predicates",
    ),
    (
        "De Kock has applied for amnesty for his crimes.",
        "De Klerk has not applied for amnesty in this matter or any other.",
        {"different", "partial"},
        "two actors: neither one claim nor a conflict",
    ),
    (
        "Indonesia annexed East Timor in 1976, a year after intervening in a civil war.",
        "Indonesia invaded East Timor in 1975, after the departure of Portugal's administration.",
        {"partial"},
        "two dates of two events: no conflict",
    ),
    (
        "Putin met Xi in Samarkand on Thursday.",
        "Xi met Putin in Samarkand on Thursday.",
        {"same"},
        "one meeting told from either side",
    ),
    (
        "The central bank raised its main interest rate on Tuesday.",
        "A storm closed schools across the northern region on Friday.",
        {"different"},
        "unrelated",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("a", "b", "relations", "why"), CASES, ids=[c[3] for c in CASES])
def test_compare_cases(a, b, relations, why):
    from newsprism import compare

    result = compare(a, b)
    assert result.relation in relations, (why, result)
    assert 0.0 <= result.score <= 1.0
    assert result.why  # it says what decided
    assert compare(b, a).relation == result.relation  # symmetric


@pytest.mark.model
def test_speaker_rule_is_named_and_conflicts_say_what_differs():
    from newsprism import compare

    result = compare(CASES[1][0], CASES[1][1])
    assert result.why[0].name == "speaker-differs"
    figures = compare(CASES[4][0], CASES[4][1])
    assert figures.findings and figures.findings[0].type == "money"
    assert {v.article for v in figures.findings[0].values} == {"a", "b"}


@pytest.mark.model
def test_compare_cli_plain_and_json(tmp_path):
    from click.testing import CliRunner

    from newsprism.cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["compare", CASES[5][0], CASES[5][1]])
    assert out.exit_code == 0 and out.output.startswith("same (score ")
    out = runner.invoke(main, ["compare", "--json", CASES[4][0], CASES[4][1]])
    data = json.loads(out.output)
    assert data["relation"] == "conflict" and data["conflicts"]
    assert {"name", "detail", "effect"} <= set(data["why"][0])


def test_compare_refuses_bad_input():
    from newsprism import UsageError, compare

    with pytest.raises(UsageError, match="empty"):
        compare("  ", "Something happened.")
    with pytest.raises(UsageError, match="string"):
        compare(None, "Something happened.")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="20,000"):
        compare("word " * 5000, "Something happened.")


def test_compare_cli_usage_error():
    from click.testing import CliRunner

    from newsprism.cli import main

    out = CliRunner().invoke(main, ["compare", "", "b"])
    assert out.exit_code == 2 and "empty" in out.output


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Gabuev", "Alexander Gabuev", True),
        ("Mr. Xi", "Xi Jinping", True),
        ("IAEA", "International Atomic Energy Agency", True),
        ("Umarov", "Gabuev", False),
        ("he", "Gabuev", False),
    ],
)
def test_same_speaker(a, b, same):
    assert same_speaker(a, b) is same


def _claim(text, **kw):
    words = text.lower().replace(".", "").split()
    return Claim(text, words, words, kw.pop("frame", Frame()), **kw)


def test_features_are_symmetric_and_named():
    a = _claim("Putin met Xi in Samarkand on Thursday.")
    b = _claim("Xi and Putin held talks in Samarkand.")
    rarity = rarity_in([a.words, b.words])
    x, y = features(a, b, rarity), features(b, a, rarity)
    assert len(x) == len(FEATURES) and np.allclose(x, y)


def test_rarity_weighs_what_every_sentence_says_least():
    rarity = rarity_in([["putin", "xi", "met"], ["putin", "xi", "olympics"], ["putin", "war"]])
    assert rarity("putin") < rarity("xi") < rarity("olympics") <= rarity("unseen")


def test_model_round_trips_through_json_and_refuses_other_features():
    m = model()
    again = Model.from_json(json.loads(json.dumps(m.to_json())))
    x = np.linspace(0, 1, len(FEATURES))
    assert np.isclose(m.probability(x), again.probability(x))
    bad = m.to_json() | {"features": ["cosine"]}
    with pytest.raises(ValueError, match="retrain"):
        Model.from_json(bad)


def test_story_model_is_its_own_calibration():
    assert model(True, "story") is not model(True, "pair")
    assert 0.0 < model(True, "story").config.same < 1.0
    assert model(False, "story").coef[FEATURES.index("cosine")] == 0.0  # no embeddings there


def test_judge_without_embeddings_reads_words_alone():
    a = _claim("The central bank raised its main interest rate on Tuesday.")
    b = _claim("The central bank raised its main interest rate on Tuesday.")
    c = _claim("A storm closed schools across the northern region on Friday.")
    m = model(False)
    assert judge(a, b, m).score > judge(a, c, m).score
    assert judge(a, c, m).relation == "different"


@pytest.mark.model
def test_two_speakers_giving_two_figures_are_no_conflict_of_sources():
    from newsprism import compare

    result = compare(
        "“Turnout reached 60 percent,” said the mayor, Anne Hidalgo.",
        "“Turnout reached 45 percent,” said the opposition leader, Rachida Dati.",
    )
    assert result.relation in ("partial", "different") and not result.findings


def _embedded(text: str, pieces: list[str], rows: list[list[float]]) -> Claim:
    states = np.array(rows, dtype=np.float32)
    states /= np.linalg.norm(states, axis=1, keepdims=True)
    return _claim(text, states=states, pieces=pieces)


def test_weighted_alignment_counts_content_not_stop_words():
    # a: "the summit" (stop word + content); b: "the talks": the stop words align, the content not
    a = _embedded("the summit", ["", "summit"], [[1, 0, 0], [0, 1, 0]])
    b = _embedded("the talks", ["", "talks"], [[1, 0, 0], [0, 0, 1]])
    c = _embedded("a summit", ["", "summit"], [[0.9, 0.1, 0], [0, 1, 0]])
    at = FEATURES.index("weighted_f")
    flat = FEATURES.index("align_f")
    ab, ac = features(a, b), features(a, c)
    assert ab[flat] == pytest.approx(0.5, abs=0.01)  # unweighted: half the pieces align
    assert ab[at] == pytest.approx(0.0, abs=0.01)  # weighted: none of the content does
    assert ac[at] > 0.99


@pytest.mark.model
def test_piece_words_name_the_content_word_of_each_piece():
    from newsprism.relation import claims_of

    (c,) = claims_of(["The leaders met in Samarkand."])
    assert c.states is not None and len(c.pieces) == len(c.states)
    assert "samarkand" in c.pieces and "leaders" in c.pieces
    assert "the" not in c.pieces and "" in c.pieces  # stop words and the full stop weigh nothing


def test_token_matches_found_together_are_those_found_pair_by_pair():
    from newsprism.relation import best_with, claims_of

    a, *others = claims_of(
        [
            "Putin met Xi in Samarkand on Thursday.",
            "Xi and Putin met at the summit.",
            "Oil exports to China rose by a third.",
            "The two leaders held talks.",
        ]
    )
    together = best_with(a, others)
    for other, found in zip(others, together, strict=True):
        m = a.states @ other.states.T  # pair by pair
        alone = m.max(axis=1), m.max(axis=0)
        assert found is not None
        assert np.allclose(found[0], alone[0], atol=1e-6)
        assert np.allclose(found[1], alone[1], atol=1e-6)
        assert np.allclose(features(a, other, best=found), features(a, other), atol=1e-6)


def test_a_date_of_the_telling_makes_no_date_conflict():
    from newsprism.model import Ref, TimeMention

    said = TimeMention(0, 8, "Saturday", "1998-10-03", 0)
    flew = TimeMention(0, 6, "Sunday", "1998-10-04", 0)
    a = _claim("Mubarak will go to Syria, an official said Saturday.")
    a.ref, a.times, a.told_on = Ref("a", 0), [said], [said]
    b = _claim("Mubarak flew to Syria on Sunday.")
    b.ref, b.times = Ref("b", 0), [flew]
    assert disagreements(a, b, alike=True) == []
    a.told_on = []  # were Saturday the day of the trip, the two would disagree
    assert [c.type for c in disagreements(a, b, alike=True)] == ["date"]


def test_a_date_describing_a_noun_makes_no_date_conflict_but_shows_a_shared_time():
    from newsprism.model import Ref, TimeMention

    friday = TimeMention(0, 6, "Friday evening", "1998-10-30", 0)
    thursday = TimeMention(0, 8, "Thursday", "1998-10-29", 0)
    a = _claim("The cause of the fire had not been determined as of Friday evening.")
    a.ref, a.times = Ref("a", 0), [friday]
    b = _claim("The cause of the fire that broke out on Thursday remains under investigation.")
    b.ref, b.times, b.described_on = Ref("b", 0), [thursday], [thursday]
    assert disagreements(a, b, alike=True) == []  # Thursday dates the fire, not the finding
    b.described_on = []  # were Thursday the day of the finding, the two would disagree
    assert [c.type for c in disagreements(a, b, alike=True)] == ["date"]
    # a day shared with a noun's clause still shows the two may tell one event
    b = _claim("The fire that broke out on Thursday was put out on Friday.")
    b.ref, b.times, b.described_on = Ref("b", 0), [thursday, friday], [thursday]
    other = _claim("The fire broke out on Thursday and was put out on Saturday.")
    saturday = TimeMention(0, 8, "Saturday", "1998-10-31", 0)
    other.ref, other.times = Ref("c", 0), [thursday, saturday]
    assert disagreements(b, other, alike=True) == []
    b.times, b.described_on = [friday], []  # without the fire's day: Friday against Thursday
    assert [c.type for c in disagreements(b, other, alike=True)] == ["date"]


def test_one_text_printed_twice_is_one_claim_whatever_its_dates_read():
    from newsprism.model import Ref, TimeMention

    text = "The finding that led to Friday's announcement was based on atmospheric neutrinos."
    a, b = _claim(text), _claim(text)  # a wire story re-run a week later: "Friday" read twice
    a.ref, a.times = Ref("a", 0), [TimeMention(24, 30, "Friday", "1998-05-29", 0)]
    b.ref, b.times = Ref("b", 0), [TimeMention(24, 30, "Friday", "1998-06-05", 0)]
    result = judge(a, b, model(False))
    assert result.relation == "same" and not result.findings
    assert result.why[0].name == "word-for-word"


def test_two_claims_without_words_are_not_one_text():
    a, b = _claim("..."), _claim("...")
    assert all(r.name != "word-for-word" for r in judge(a, b, model(False)).why)


def test_updates_of_a_running_story_on_two_days_are_neither_one_claim_nor_a_conflict():
    from newsprism.model import Ref, TimeMention

    a = _claim("Typhoon Babs killed at least 82 people in the Philippines on Friday.")
    b = _claim("Typhoon Babs killed at least 156 people in the Philippines on Sunday.")
    a.ref, a.published = Ref("a", 0), "1998-10-23"
    a.times = [TimeMention(0, 6, "Friday", "1998-10-23", 0)]
    b.ref, b.published = Ref("b", 0), "1998-10-25"
    b.times = [TimeMention(0, 6, "Sunday", "1998-10-25", 0)]
    result = judge(a, b, model(False))
    assert result.relation in ("partial", "different") and not result.findings
    assert result.why[0].name == "different-days"
    # told days later, "Sunday" is no longer that article's own news: the two disagree
    b.published = "1998-10-28"
    assert all(r.name != "different-days" for r in judge(a, b, model(False)).why)
    assert [c.type for c in disagreements(a, b, alike=True)] == ["date"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("apart", "rule", "together"),
    [
        (  # figures counted in two places: two tolls, no conflict of sources
            (
                "An Arctic cold wave that hit Poland a week ago has killed 32 people, police said.",
                "An Arctic cold wave has killed at least 62 people throughout Europe, police said.",
            ),
            "other-places",
            (  # a place named by one only: still one toll
                "The fire in Goteborg killed 60 people, police said.",
                "The fire in Goteborg, Sweden, killed 65 people, police said.",
            ),
        ),
        (  # what something is differs with its complement
            (
                "D'Amato has always been, well, whatever works for him.",
                "That is not necessarily good news for D'Amato.",
            ),
            "different-complements",
            (  # one complement: its polarity is what differs
                "The fire was not arson, police said.",
                "The fire was arson, police said.",
            ),
        ),
    ],
    ids=["other-places", "different-complements"],
)
def test_a_rule_keeps_two_claims_apart_where_one_claim_would_conflict(apart, rule, together):
    from newsprism import compare

    kept = compare(*apart)
    assert kept.relation not in ("same", "conflict") and kept.why[0].name == rule
    assert compare(*together).relation == "conflict"


@pytest.mark.model
def test_a_word_of_a_hyphenated_compound_is_no_opposite_word():
    """ "center-left" is not the verb "leave" (the tagger's lemma of "left"): no opposite of
    "join"; the verb itself still is."""
    from newsprism.relation import claims_of

    compound, verb, join = claims_of(
        [
            "Ecevit, the leader of a center-left party, backed a coalition of the two parties.",
            "Ecevit will leave the coalition of the two parties, his aides said.",
            "Ecevit called on the two parties to join him in a coalition.",
        ]
    )
    assert "left" in compound.lemmas and "leave" not in compound.lemmas
    assert "opposite words" not in [c.what for c in disagreements(compound, join, alike=True)]
    assert "opposite words" in [c.what for c in disagreements(verb, join, alike=True)]
