from newsprism.model import Report
from newsprism.summarize import readable, summarize
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
            assert any(report.sentence_text(r) == s.text for r in s.citations)


def test_summary_leads_with_what_sources_agree_on():
    summary = summarize(_report(), 200)
    assert len({r.article for r in summary[0].citations}) == 2


def test_summary_never_repeats_a_fact():
    summary = summarize(_report(), 500)
    assert len({s.fact for s in summary}) == len(summary)


def test_readable_rejects_what_cannot_stand_alone():
    assert readable("The central bank raised its main rate on Tuesday.")
    assert not readable("He also said the decision was final and binding.")
    assert not readable("For Beijing, this is a highly sensitive issue.")
    assert not readable("“We will act,” she said, “if prices keep rising.")
    assert not readable("Even if Russia loses, it will become a vassal of China.”")
    assert not readable("too short.")


def test_best_fill_takes_the_most_worth_that_fits_one_sentence_a_fact():
    from newsprism.summarize import Candidate, _best_fill

    def cand(n):
        return Candidate(None, None, "w " * n, n, 0.0, [], False)

    long_, short_a, short_b, other = cand(30), cand(14), cand(15), cand(16)
    # one fact: the long sentence or a short one; another fact: one sentence
    groups = [[(5.0, long_), (3.0, short_a)], [(4.0, other)]]
    assert _best_fill(groups, 30) == [other, short_a]  # 7.0 beats the long sentence's 5.0
    assert _best_fill(groups, 31) == [other, short_a]
    assert _best_fill(groups, 46) == [other, long_]  # now both fit: 9.0
    assert _best_fill([[(1.0, short_a), (2.0, short_b)]], 40) == [short_b]  # never two of a fact
    assert _best_fill(groups, 10) == []


def test_an_attributed_quote_can_stand_alone():
    assert readable("“The American people honour all those who perished,” Biden said on Saturday.")
    assert not readable("“The American people honour all those who perished,” he said on Saturday.")


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
