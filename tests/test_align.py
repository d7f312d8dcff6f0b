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
    """The facts and the judged pairs (aligned by words and names alone: no embeddings)."""
    arts = arts or _articles()
    return align(arts, merge(arts))


def _refs(fact):
    return {(r.article, r.sentence) for r in fact.evidence}


def test_same_statement_grouped_as_consensus_with_both_sources():
    facts, _ = _facts()
    meeting = next(f for f in facts if ("a", 0) in _refs(f))
    assert _refs(meeting) == {("a", 0), ("b", 0)}
    assert meeting.status == "consensus" and meeting.origins == 2
    assert meeting.sources == ["a", "b"]


def test_different_figures_for_same_thing_are_a_conflict():
    drill = next(f for f in _facts()[0] if ("a", 1) in _refs(f))
    assert drill.status == "conflict"
    (finding,) = drill.conflicts
    assert finding.what == "soldier"
    assert {v.value for v in finding.values} == {"50,000", "60,000"}
    assert {v.article for v in finding.values} == {"a", "b"}


def test_unrelated_sentences_stay_single_source():
    singles = [f for f in _facts()[0] if f.status == "single-source"]
    assert {(f.evidence[0].article, f.evidence[0].sentence) for f in singles} == {
        ("a", 2),
        ("b", 2),
    }


def test_copies_count_as_one_origin():
    arts = _articles(b=A)  # b is a wire copy of a
    facts, _ = _facts(arts)
    top = next(f for f in facts if ("a", 0) in _refs(f))
    assert top.sources == ["a", "b"] and top.origins == 1
    assert top.status == "single-source"


def test_every_fact_cites_real_sentences_and_every_sentence_is_covered():
    arts = _articles()
    facts, _ = _facts(arts)
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
    return align(arts, merge(arts))[0]


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


def test_one_sentence_of_an_article_is_matched_to_one_of_another():
    """Two sentences of b (not in a row) say what a's first says: the assignment takes one."""
    a = make_article("a", [A[0], A[2]])
    b = make_article(
        "b",
        [
            B[0],
            B[2],
            "Xi and Putin met at the summit of the Shanghai Cooperation Organization in Samarkand.",
        ],
    )
    facts, _ = align([a, b], merge([a, b]))
    meeting = next(f for f in facts if ("a", 0) in _refs(f))
    assert meeting.sources == ["a", "b"]
    assert len([r for r in meeting.evidence if r.article == "b"]) == 1


def test_different_claims_of_one_speaker_are_no_fact():
    a = make_article("a", ["“China pursues only its own interests with Russia,” said Gabuev."])
    b = make_article("b", ["“Beijing will watch the front lines carefully,” Gabuev said."])
    facts, _ = align([a, b], merge([a, b]))
    assert all(len(f.sources) == 1 for f in facts)


class _Votes:
    """Stand-in judgements: ``relations`` maps a pair of refs to a relation."""

    def __init__(self, relations):
        self.relations = {frozenset(k): v for k, v in relations.items()}

    def get(self, a, b):
        from newsprism.relation import Comparison

        return Comparison(self.relations.get(frozenset((a, b)), "different"), 0.5)


def test_a_sentence_joins_a_fact_by_the_judgements_of_its_members():
    from newsprism.align import _agrees
    from newsprism.model import Ref

    core, m1, m2, new = Ref("a", 0), Ref("b", 0), Ref("c", 0), Ref("d", 0)
    votes = {(new, core): "same", (new, m1): "same", (new, m2): "different"}
    assert _agrees(new, [core, m1, m2], _Votes(votes))  # two same, one different
    assert not _agrees(new, [core, m2], _Votes(votes))  # one same, one different
    votes[(new, core)] = "different"
    assert not _agrees(new, [core, m1], _Votes(votes))  # never against the core


def test_an_article_may_state_a_fact_over_two_sentences_in_a_row():
    from newsprism.align import _in_a_row
    from newsprism.model import Ref

    a3, a4, a9, b1, c2 = Ref("a", 3), Ref("a", 4), Ref("a", 9), Ref("b", 1), Ref("c", 2)
    facts = [(a3, [a3, b1]), (a4, [a4, c2])]
    joined = _in_a_row(facts, _Votes({(a3, c2): "same", (b1, c2): "partial"}))
    assert joined == [(a3, [a3, b1, a4, c2])]
    assert len(_in_a_row(facts, _Votes({(a3, c2): "same"}))) == 2  # b and c disagree
    apart = [(a3, [a3, b1]), (a9, [a9, c2])]
    assert len(_in_a_row(apart, _Votes({(a3, c2): "same", (b1, c2): "same"}))) == 2


def test_a_clause_needs_a_surer_judgement_than_a_sentence():
    from newsprism.align import AlignConfig, _clause_rule
    from newsprism.model import Ref
    from newsprism.relation import Comparison, model
    from newsprism.similarity import Unit

    whole = Unit(Ref("a", 0), "x", [], frozenset(), 0.0)
    clause = Unit(Ref("b", 0), "x", [], frozenset(), 0.0, clause=1)
    m, cfg = model(True, "story"), AlignConfig(clause_margin=0.2)
    middling = Comparison("same", m.config.same + 0.1)
    sure = Comparison("same", m.config.same + 0.25)
    assert _clause_rule(whole, whole, middling, m, cfg).relation == "same"
    demoted = _clause_rule(whole, clause, middling, m, cfg)
    assert demoted.relation == "partial" and demoted.why[0].name == "clause-unsure"
    assert _clause_rule(clause, whole, sure, m, cfg).relation == "same"
