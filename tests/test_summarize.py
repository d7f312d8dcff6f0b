from newsprism.model import Report
from newsprism.summarize import readable, summarize
from tests.test_align import _articles, _facts


def _report():
    arts = _articles()
    return Report(articles=arts, facts=_facts(arts))


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
