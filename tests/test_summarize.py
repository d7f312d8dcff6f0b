from newsprism.align import align
from newsprism.entities import merge
from newsprism.model import Report
from newsprism.summarize import summarize
from tests.conftest import make_article
from tests.test_align import A, B


def _report():
    arts = [make_article("a", A), make_article("b", B)]
    report = Report(articles=arts)
    report.facts = align(arts, merge(arts), threshold=0.3)
    return report


def test_summary_within_budget_and_every_sentence_cited():
    report = _report()
    for words in (12, 30, 200):
        summary = summarize(report, words)
        assert sum(len(s.text.split()) for s in summary) <= words
        for s in summary:
            assert s.citations
            assert any(report.sentence_text(r) == s.text for r in s.citations)


def test_summary_leads_with_what_sources_agree_on():
    report = _report()
    summary = summarize(report, 200)
    assert len({r.article for r in summary[0].citations}) == 2
