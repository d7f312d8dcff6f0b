import pytest

from newsprism.model import Fact, NumberMention, Ref, Report
from newsprism.standalone import closable, leaning, named_speaker, unbound
from newsprism.summarize import (
    Candidate,
    SummaryConfig,
    _solve,
    agreed,
    order,
    summarize,
)
from tests.conftest import make_article, shortened_from
from tests.test_align import _articles, _facts


def _report():
    arts = _articles()
    return Report(articles=arts, facts=_facts(arts)[0])


def test_summary_within_budget_and_every_sentence_cited():
    report = _report()
    for words in (12, 30, 200):
        summary = summarize(report, words)
        assert sum(len(s.text.split()) for s in summary) <= words
        for s in summary:
            assert s.citations
            assert any(shortened_from(s.text, report.sentence_text(r)) for r in s.citations)


@pytest.mark.model
def test_a_small_budget_takes_a_shortened_sentence_citing_the_whole():
    text = (
        "Amid new threats to test a hydrogen bomb in the Pacific Ocean, President Trump "
        "tweeted on Friday that the leader would be tested like never before."
    )
    art = make_article("a", [text], parse=True)
    report = Report(articles=[art], facts=[Fact("f1", text, ["a"], [Ref("a", 0)], "single-source")])
    assert summarize(report, 20, config=SummaryConfig(shortened=0)) == []
    summary = summarize(report, 20)
    assert [s.text for s in summary] == [
        "President Trump tweeted on Friday that the leader would be tested like never before."
    ]
    assert summary[0].citations == [Ref("a", 0)]


def test_summary_leads_with_what_sources_agree_on():
    summary = summarize(_report(), 200)
    assert len({r.article for r in summary[0].citations}) == 2


def test_summary_never_repeats_a_fact():
    summary = summarize(_report(), 500)
    assert len({s.fact for s in summary}) == len(summary)


LEANING = [  # sentence, the rule that keeps it out of a summary (None: it stands alone)
    ("The central bank raised its main rate on Tuesday.", None),
    ("He also said the decision was final and binding.", "opens-on-context"),
    ("During the meeting, the leaders discussed trade and energy.", "opens-on-context"),
    ("These measures will take effect early in the new year.", "opens-on-context"),
    ("The two leaders last met in February in Beijing.", "opens-on-context"),
    ("Another judge filed a request to question him a day earlier.", "opens-on-context"),
    ("On that day two prominent dissidents were detained in Beijing.", "opens-on-context"),
    ("The latter has already spent more than ten years in prison.", "opens-on-context"),
    ("The former dictator was arrested in London on a Spanish warrant.", None),
    ("For Beijing, this is a highly sensitive issue.", "pronoun-in-opening"),
    ("“We will act,” she said, “if prices keep rising.", "piece-of-a-quote"),
    ("Even if Russia loses, it will become a vassal of China.”", "pronoun-in-opening"),
    ("Russia will become a vassal of China, whatever happens.”", "piece-of-a-quote"),
    ("too short.", "too-short"),
    ("the bank raised its main rate again on Tuesday.", "starts-mid-sentence"),
    ("The central bank raised its main rate on Tuesday", "unfinished"),
    (
        "“The American people honour all those who perished,” he said on Saturday.",
        "unattributed-quote",
    ),
    ("“The American people honour all those who perished,” Biden said on Saturday.", None),
    ("“We will not change our willingness to work together,” said Yun Sun.", None),
    ("“The vote was fair and the count was right,” according to Ella Pamfilova.", None),
    (
        "“The vote was fair and the count was right,” according to the official.",
        "unattributed-quote",
    ),
    ("“The vote was fair,” the minister said, “and Putin knows it.”", "unattributed-quote"),
    ("Theresa May met the two leaders in London on Friday.", None),  # "The" is no "These"
]


@pytest.mark.model  # who speaks is read from the parse
@pytest.mark.parametrize(("text", "rule"), LEANING)
def test_each_rule_says_why_a_sentence_cannot_stand_alone(text, rule):
    sentence = make_article("a", [text], parse=True).sentences[0]
    assert leaning(text, attributed=named_speaker(sentence)) == rule


UNBOUND = [  # read from the parse: sentence, the rule that rules it out (None: it stands alone)
    ("In 1994 he made his first visit to Croatia as pope.", "pronoun-without-antecedent"),
    ("His trial began on Thursday in the capital, Beijing.", "pronoun-without-antecedent"),
    ("After Cardoso won the vote, he pledged to cut spending.", None),
    ("The president said he would cut spending next year.", None),
    ("It was not clear whether the talks would resume soon.", None),  # a dummy "it"
    ("Seventeen people died in landslides in the province, he said.", "pronoun-speaker"),
    ("The union, she said on Tuesday, will accept the plan.", "pronoun-speaker"),
    ("Seventeen people died in landslides in the province, police said.", None),
    ("Seventeen others died in landslides in the province, police said.", "pro-form-subject"),
    ("Another was hurt when the roof of the school collapsed.", "pro-form-subject"),
    ("Other people were hurt when the roof of the school collapsed.", None),
    ("Congress has completed work on only four of those bills.", "demonstrative"),
    ("Aid reached those who fled the fighting in the north.", None),
    ("The former said he would resign from the government.", "the-former"),
    ("The former dictator was arrested in London on a warrant.", None),
    ("“He will win the vote,” Biden said of the candidate.", None),  # quoted words
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "rule"), UNBOUND)
def test_the_parse_shows_what_a_sentence_leans_on(text, rule):
    assert unbound(make_article("a", [text], parse=True).sentences[0]) == rule


@pytest.mark.model
def test_a_shortened_form_that_leaves_the_pronoun_out_stands_alone():
    sentence = make_article("a", ["Seventeen people died in landslides, he said."], parse=True)
    sent = sentence.sentences[0]
    assert unbound(sent) == "pronoun-speaker"
    dropped = frozenset(k for k, t in enumerate(sent.tokens) if t.lemma in ("he", "say", ","))
    assert unbound(sent, dropped) is None


@pytest.mark.model
def test_a_sentence_cut_mid_phrase_is_not_closed():
    cut = "Republican leaders presented a list of conditions to approve new money for"
    whole = "Republican leaders presented a list of conditions on Thursday"
    assert not closable(make_article("a", [cut], parse=True).sentences[0])
    assert closable(make_article("a", [whole], parse=True).sentences[0])


def test_a_complete_sentence_missing_its_full_stop_can_stand_alone():
    assert leaning("The central bank raised its main rate on Tuesday", closable=True) is None
    assert leaning("He raised the rate", closable=True) == "too-short"


def _fact(name):
    return Fact(name, "", [name], [Ref(name, 0)], "single-source")


def _cand(name, words, concepts, needs=(), gives=(), fact=None, ref=None):
    return Candidate(
        fact or _fact(name),
        ref or Ref(name, 0),
        "w " * words,
        words,
        0.0,
        set(concepts),
        frozenset(needs),
        frozenset(gives),
    )


def _pick(cands, weights, budget, exclusive=()):
    chosen = _solve(cands, weights, budget, SummaryConfig(), list(exclusive))
    return {cands[j].ref.article for j in chosen}


W = {"a": 3.0, "b": 1.0, "c": 2.0, "d": 10.0}
SOLVE = [  # candidates (name, words, concepts), budget, chosen
    ([("A", 10, "ab"), ("B", 5, "a"), ("C", 5, "c")], 10, {"B", "C"}),  # 5 beats 4
    ([("A", 10, "ab"), ("B", 5, "a"), ("C", 5, "c")], 15, {"A", "C"}),  # a counts once
    ([("A", 10, "ab"), ("B", 5, "a"), ("C", 5, "c")], 4, set()),  # nothing fits
    ([], 100, set()),  # nothing to choose from
    ([("A", 10, "ab"), ("B", 10, "ax"), ("C", 5, "c")], 15, {"A", "C"}),  # x is worth nothing
]


@pytest.mark.parametrize(("cands", "budget", "chosen"), SOLVE)
def test_the_summary_covers_the_most_concept_worth_within_the_budget(cands, budget, chosen):
    assert _pick([_cand(n, w, c) for n, w, c in cands], W, budget) == chosen


@pytest.mark.parametrize("seed", range(20))
def test_the_chosen_sentences_are_worth_the_most_any_set_within_the_budget_is(seed):
    """Against every subset: concepts shared by the same sentences, or held by one alone, are
    folded together in the program; what it picks must still be worth the most."""
    import itertools
    import random

    rng = random.Random(seed)
    weights = {x: float(rng.randint(1, 9)) for x in "abcdefgh"}
    cands = [
        _cand(f"S{k}", rng.randint(3, 12), rng.sample("abcdefgh", rng.randint(1, 4)))
        for k in range(7)
    ]
    for c in cands:
        c.bonus = rng.choice([0.0, 0.5])
    budget = rng.randint(8, 30)

    def worth(chosen):
        covered = set().union(*(cands[j].concepts for j in chosen))
        return sum(weights[x] for x in covered) + sum(cands[j].bonus for j in chosen)

    best = max(
        worth(sub)
        for n in range(len(cands) + 1)
        for sub in itertools.combinations(range(len(cands)), n)
        if sum(cands[j].words for j in sub) <= budget
    )
    chosen = _solve(cands, weights, budget, SummaryConfig(), [])
    assert sum(cands[j].words for j in chosen) <= budget
    assert worth(chosen) == pytest.approx(best, abs=1e-3)


def test_never_two_sentences_of_a_fact_nor_two_that_repeat_each_other():
    fact = _fact("f")
    one, two = _cand("A", 5, "a", fact=fact), _cand("B", 5, "c", fact=fact)
    assert len(_pick([one, two], W, 50)) == 1
    a, c = _cand("A", 5, "a"), _cand("C", 5, "c")
    assert _pick([a, c], W, 50) == {"A", "C"}
    assert _pick([a, c], W, 50, [(0, 1)]) == {"A"}  # A is worth more


def test_a_surname_comes_only_with_the_sentence_introducing_the_person():
    needy = _cand("D", 10, "d", needs={"Baltasar Garzon"})
    intro = _cand("E", 5, "b", gives={"Baltasar Garzon"})
    assert _pick([needy], W, 50) == set()  # nobody introduces him
    assert _pick([needy, intro], W, 50) == {"D", "E"}
    assert _pick([needy, intro], W, 12) == {"E"}  # both do not fit
    # in the story, the sentence naming him by surname comes first; the summary puts it after
    needy.ref, intro.ref = Ref("a", 0), Ref("a", 1)
    assert order(_report(), [needy, intro], SummaryConfig()) == [intro, needy]


def test_a_person_is_known_by_the_family_name_first_or_last():
    from newsprism.model import Entity
    from newsprism.summarize import _people_by_name

    people = ["Xu Wenli", "Augusto Pinochet", "Luiz Inacio Lula da Silva", "James P. Rubin"]
    report = Report(articles=[], entities=[Entity(n, "PERSON") for n in people])
    by_name = _people_by_name(report)
    assert by_name["Xu"] == {"Xu Wenli"}  # family name first
    assert by_name["Pinochet"] == {"Augusto Pinochet"}
    assert by_name["Lula"] == {"Luiz Inacio Lula da Silva"}
    assert "da" not in by_name and "P." not in by_name  # particles and initials stand for no one
    assert "Hong" not in _people_by_name(Report(articles=[], entities=[Entity("Hong Kong", "GPE")]))


class _Judge:
    """A stand-in for the story's judged pairs: ``same`` holds the pairs judged the same."""

    def __init__(self, same):
        self.same = {frozenset(p) for p in same}

    def get(self, a, b):
        from newsprism.relation import Comparison

        return Comparison("same" if frozenset((a, b)) in self.same else "partial", 0.5)


def test_a_summary_sentence_cites_only_what_states_the_same_claim():
    from newsprism.model import Fact, Ref
    from newsprism.summarize import citations

    a, b, c = Ref("a", 0), Ref("b", 0), Ref("c", 3)
    fact = Fact("f1", "", ["a", "b", "c"], [a, b, c], "consensus")
    assert citations(fact, a, _Judge([(a, b)])) == [a, b]  # c states only part of it
    assert citations(fact, c, _Judge([(a, b)])) == [c]
    assert citations(fact, a, None) == [a, b, c]  # no judgements: the fact's sentences


def test_a_detail_only_one_source_gives_is_not_presented_as_agreed():
    from newsprism.model import NumberMention, Ref
    from newsprism.summarize import agreed

    report = _report()
    a, b = Ref("a", 1), Ref("b", 1)  # 50,000 and 60,000 soldiers
    assert not agreed(report, a, [a, b])  # its figure is its own
    report.article("b").numbers[0] = NumberMention(0, 6, "50,000", 50000.0, "count", "soldier", 1)
    assert agreed(report, a, [a, b])
    assert not agreed(report, a, [a])  # one source is no agreement


def test_a_detail_left_out_of_the_shortened_form_does_not_keep_it_from_agreement():
    a = make_article("a", ["Stocks fell on Monday, the worst day in 12 years, traders said."])
    b = make_article("b", ["Stocks fell on Monday, traders said."])
    at = a.text.index("12")
    a.numbers.append(NumberMention(at, at + 2, "12", 12.0, "count", "year", 0))
    report = Report(articles=[a, b])
    cited = [Ref("a", 0), Ref("b", 0)]
    assert not agreed(report, Ref("a", 0), cited)
    aside = (a.text.index(", the worst"), a.text.index(", traders"))
    assert agreed(report, Ref("a", 0), cited, (aside,))


@pytest.mark.model
def test_a_day_describing_a_noun_does_not_date_what_a_sentence_reports():
    from newsprism.extract import timex

    sentences = [
        "Police opened an inquiry.",
        "Firefighters left the scene.",
        "Investigators met on Friday.",
        "The cause of the fire that broke out on Thursday remains under investigation.",
    ]
    art = make_article("a", sentences, published="1998-10-31", parse=True)
    art.times = timex.find(art, lambda pos, sent: "past")
    report = Report(articles=[art], facts=[])
    cause = _cand("cause", 5, "c", ref=Ref("a", 3))
    met = _cand("met", 5, "m", ref=Ref("a", 2))
    # Friday dates the meeting; Thursday only the fire, not what the sentence tells of it
    got = order(report, [cause, met], SummaryConfig(lead_sentences=0))
    assert got == [met, cause]
