from newsprism.align import align, numbers
from newsprism.entities import merge
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


def _facts():
    arts = [make_article("a", A), make_article("b", B)]
    return align(arts, merge(arts), threshold=0.3)


def test_same_statement_grouped_as_consensus_with_both_sources():
    facts = _facts()
    top = facts[0]
    assert top.sources == ["a", "b"]
    meeting = next(
        f for f in facts if any(r.sentence == 0 for r in f.evidence) and len(f.sources) == 2
    )
    assert meeting.status == "consensus"
    assert {(r.article, r.sentence) for r in meeting.evidence} == {("a", 0), ("b", 0)}


def test_different_figures_for_same_thing_are_a_conflict():
    facts = _facts()
    drill = next(f for f in facts if ("a", 1) in {(r.article, r.sentence) for r in f.evidence})
    assert drill.status == "conflict"
    values = {v["value"] for c in drill.conflicts for v in c["values"]}
    assert values == {"50,000", "60,000"}


def test_unrelated_sentences_stay_single_source():
    facts = _facts()
    singles = [f for f in facts if f.status == "single-source"]
    assert {(f.evidence[0].article, f.evidence[0].sentence) for f in singles} == {
        ("a", 2),
        ("b", 2),
    }


def test_every_fact_cites_real_sentences():
    arts = [make_article("a", A), make_article("b", B)]
    for f in align(arts, merge(arts)):
        for r in f.evidence:
            assert r.sentence < len(next(a for a in arts if a.id == r.article).sentences)


def test_numbers_keyed_by_what_they_count():
    assert numbers("up from $20 billion in sales and 50,000 soldiers") == {
        "in": "$20 billion",
        "soldiers": "50,000",
    }
