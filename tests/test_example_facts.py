"""The facts most outlets report come out as consensus facts citing the articles that state them,
and the summary covers them within 150 words (issue 3). Which sentences state the same claim is
what a careful reader labelled (bench/facts/samarkand-2022.pairs.jsonl, issue 9): 004's "first
in-person meeting ... is expected to include discussions" and 003's "Putin will seek to boost
energy exports to China" are related to these facts, not statements of them."""

import pytest

from tests.conftest import shortened_from, with_known_misses

pytestmark = pytest.mark.model

# the sentence each outlet states the fact in (a phrase of it), by article prefix
FACTS = {
    "where and why they met": {
        "000": "will meet his Chinese counterpart",
        "001": "are expected to meet in Uzbekistan on",
        "002": "met one-on-one",
        "003": "meet on Thursday in an ancient",
    },
    "their last meeting, no limits": {
        "000": "last encountered",
        "002": "met previously",
        "003": "The last time Xi and Putin met",
        "004": "The two leaders last met",
    },
    "Xi's first trip abroad since the pandemic": {
        "001": "go abroad for the first time",
        "002": "first abroad since",
        "003": "first trip outside China",
        "004": "first trip out of China",
    },
    "the joint military exercises": {
        "000": "military exercises involving 50,000",
        "001": "Vostok-2022 military exercises",
        "002": "2022 military drill",
        "004": "joint military exercises in Russia earlier",
    },
    "China's purchases of Russian energy": {
        "000": ("imports of Russian raw materials", "purchases of Russian crude"),
        "001": "increasing imports of Russian oil",
        "002": "purchases of Russian oil, gas and coal",
    },
}


def _sentence(report, prefix, phrase):
    art = next(a for a in report.articles if a.id.startswith(prefix))
    (index,) = [i for i, s in enumerate(art.sentences) if phrase in s.text]
    return art.id, index


def _stating(report, phrases):
    """The sentences that state a fact (an article may state it in two)."""
    return {
        _sentence(report, p, one)
        for p, phrase in phrases.items()
        for one in (phrase if isinstance(phrase, tuple) else (phrase,))
    }


# how many outlets each fact must hold at least: all that state it, but where the judgement misses
# one (misses the benchmark counts, bench/RESULTS.md "Facts"): 000's "imports of Russian raw
# materials" and 004's "The meeting will mark Mr. Xi's first trip out of China" are judged to
# state only part of the others' claim
AT_LEAST = {
    "China's purchases of Russian energy": 2,
    "Xi's first trip abroad since the pandemic": 3,
}


def _holding(report, wanted):
    """The fact that holds most of the sentences that state a fact."""
    holding = [f for f in report.facts if wanted & {(r.article, r.sentence) for r in f.evidence}]
    return max(holding, key=lambda f: len(wanted & {(r.article, r.sentence) for r in f.evidence}))


# Known misses of the story model fitted for held-out precision (issue 9, bench/RESULTS.md "Facts"):
# it keeps fewer pairs, and loses these outlets. Strict: the day one passes, the test says so.
MISSED = {
    "their last meeting, no limits": "003's 'The last time Xi and Putin met' judged partial",
    "China's purchases of Russian energy": "its sentences judged partial: no consensus fact",
}


@pytest.mark.parametrize("name", with_known_misses(list(FACTS), MISSED))
def test_fact_is_one_agreed_fact_of_sentences_that_state_it(example_report, name):
    """Each main fact is one consensus fact holding the outlets that state it, and none of its
    sentences from those outlets is one that does not state it."""
    wanted = _stating(example_report, FACTS[name])
    outlets = {a for a, _ in wanted}
    need = AT_LEAST.get(name, len(outlets))
    best = _holding(example_report, wanted)
    held = {(r.article, r.sentence) for r in best.evidence}
    assert len({a for a, _ in wanted & held}) >= need, name
    assert best.status == "consensus" and best.origins >= need, name
    assert {(a, s) for a, s in held if a in outlets} <= wanted, name


def test_summary_covers_the_agreed_facts(example_report):
    cited_facts = {s.fact for s in example_report.summary}
    for name, phrases in FACTS.items():
        fact = _holding(example_report, _stating(example_report, phrases))
        if fact.origins >= 3:  # what most outlets agree on leads the summary
            assert fact.id in cited_facts, name


def test_summary_cites_only_the_same_claim(example_report):
    summary = example_report.summary
    assert sum(len(s.text.split()) for s in summary) <= 150
    for s in summary:
        fact = next(f for f in example_report.facts if f.id == s.fact)
        assert set(s.citations) <= set(fact.evidence)
        own = next(
            c for c in s.citations if shortened_from(s.text, example_report.sentence_text(c))
        )
        assert all(c == own or c.article != own.article for c in s.citations)
        if s.agreed:
            assert len({c.article for c in s.citations}) >= 2


def test_figures_know_what_they_measure(example_report):
    found = {(n.text, n.measure) for a in example_report.articles for n in a.numbers}
    assert ("50,000", "soldier") in found
    assert ("$35 billion", "purchase") in found


def test_no_two_facts_show_the_same_sentence(example_report):
    statements = [f.statement for f in example_report.facts]
    assert len(statements) == len(set(statements))


def test_summary_introduces_a_person_before_naming_them_by_surname(example_report):
    import re

    people = [e for e in example_report.entities if e.type == "PERSON" and len(e.name.split()) > 1]
    before = ""
    for s in example_report.summary:
        for person in people:
            last = person.name.split()[-1]
            full = [a for a in {person.name, *person.aliases} if len(a.split()) > 1]
            full = [a for a in full if a.split()[-1] == last]
            if re.search(rf"\b{re.escape(last)}\b", s.text) and not any(a in s.text for a in full):
                assert any(a in before for a in full), (person.name, s.text)
        before += s.text


def test_a_fact_some_announce_and_others_report_done_reads_as_done(example_report):
    """000 "will meet", 001 "are expected to meet", 003 "meet on Thursday"; 002 (AsiaNews, the
    latest) reports that they "met one-on-one": the fact is stated as what happened."""
    fact = _holding(example_report, _stating(example_report, FACTS["where and why they met"]))
    assert "met one-on-one" in fact.statement
