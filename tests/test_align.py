from newsprism.align import align
from newsprism.annotate import clauses
from newsprism.entities import merge
from newsprism.model import NumberMention
from tests.conftest import make_article

A = [
    "Xi and Putin met in Samarkand at the summit of the Shanghai Cooperation Organization.",
    "China joined military exercises with 50,000 soldiers in the Russian Far East.",
    "The weather in the city was warm and sunny all afternoon long.",
]
B = [
    "Putin and Xi met at the Shanghai Cooperation Organization summit in Samarkand.",
    "Military exercises in the Russian Far East involved 60,000 soldiers from China.",
    "Huawei moved staff from Russia to Central Asia to avoid sanctions on its business.",
]


def _articles(b=B):
    a, b = make_article("a", A), make_article("b", b)
    for art in (a, b):
        value = "60,000" if "60,000" in art.text else "50,000"
        start = art.text.index(value)
        art.numbers.append(
            NumberMention(
                start,
                start + len(value),
                value,
                float(value.replace(",", "")),
                "count",
                "soldier",
                1,
            )
        )
    return [a, b]


def _facts(arts=None):
    arts = arts or _articles()
    return align(arts, merge(arts), threshold=0.3)


def _refs(fact):
    return {(r.article, r.sentence) for r in fact.evidence}


def test_same_statement_grouped_as_consensus_with_both_sources():
    facts = _facts()
    meeting = next(f for f in facts if ("a", 0) in _refs(f))
    assert _refs(meeting) == {("a", 0), ("b", 0)}
    assert meeting.status == "consensus" and meeting.origins == 2
    assert meeting.sources == ["a", "b"]


def test_different_figures_for_same_thing_are_a_conflict():
    drill = next(f for f in _facts() if ("a", 1) in _refs(f))
    assert drill.status == "conflict"
    (finding,) = drill.conflicts
    assert finding["what"] == "soldier"
    assert {v["value"] for v in finding["values"]} == {"50,000", "60,000"}
    assert {v["article"] for v in finding["values"]} == {"a", "b"}


def test_unrelated_sentences_stay_single_source():
    singles = [f for f in _facts() if f.status == "single-source"]
    assert {(f.evidence[0].article, f.evidence[0].sentence) for f in singles} == {
        ("a", 2),
        ("b", 2),
    }


def test_copies_count_as_one_origin():
    arts = _articles(b=A)  # b is a wire copy of a
    facts = _facts(arts)
    top = next(f for f in facts if ("a", 0) in _refs(f))
    assert top.sources == ["a", "b"] and top.origins == 1
    assert top.status == "single-source"


def test_every_fact_cites_real_sentences_and_every_sentence_is_covered():
    arts = _articles()
    facts = _facts(arts)
    cited = {(r.article, r.sentence) for f in facts for r in f.evidence}
    assert cited == {(a.id, i) for a in arts for i in range(len(a.sentences))}


def test_clauses_split_on_coordination_only():
    text = (
        "China has increased its imports of Russian oil and coal since March, "
        "but it is not providing any military support to Moscow at all."
    )
    parts = [text[a:b] for a, b in clauses(text)]
    assert parts == [
        "China has increased its imports of Russian oil and coal since March",
        "but it is not providing any military support to Moscow at all.",
    ]
    assert clauses("A short sentence, but not split.") == []


def _trade(a_sentences, b_sentences, places=("China", "Chinese", "Russia", "Russian")):
    mentions = [(p, "GPE" if p in ("China", "Russia") else "NORP") for p in places]
    arts = [
        make_article("a", a_sentences, None, mentions),
        make_article("b", b_sentences, None, mentions),
    ]
    return align(arts, merge(arts), threshold=0.3)


def test_trade_the_other_way_is_not_the_same_fact():
    facts = _trade(
        ["China has sharply increased its imports of Russian raw materials this year."],
        ["Chinese exports to Russia of microchips and raw materials have sharply increased."],
    )
    assert all(len(f.sources) == 1 for f in facts)
    facts = _trade(
        ["China has sharply increased its imports of Russian raw materials this year."],
        ["Russian exports of raw materials to China have sharply increased this year."],
    )
    assert any(f.sources == ["a", "b"] for f in facts)


def test_an_article_may_state_a_fact_over_two_sentences_in_a_row():
    from newsprism.align import Unit, _can_join
    from newsprism.model import Ref

    us = [
        Unit(Ref(a, s), "", [], frozenset(), 0.0)
        for a, s in [("a", 3), ("b", 7), ("a", 4), ("a", 6), ("b", 8), ("c", 1)]
    ]
    assert _can_join(us, [0, 1], [2])  # a:3 and a:4 follow each other
    assert not _can_join(us, [0, 1], [3])  # a:3 and a:6 do not
    assert not _can_join(us, [0, 1], [2, 4])  # only one article may do so per join
    assert _can_join(us, [0, 1], [5])
