"""End to end on the example story: what the foundation issue promises a reader."""

import json

import jsonschema
import pytest

from newsprism.render import render, schema
from tests.conftest import shortened_from

pytestmark = pytest.mark.model

JUNK = [
    "Send to a friend",
    "Printable version",
    "See also",
    "Subscribe",
    "pic.twitter",
    "@BNNUzbekistan",
    "Nat_Vasilyeva",
    "WATCH:",
    "Eerily empty streets",
    "MaryamRajavi",
    "IranRegimeChange",
    "#",
    "ecco il nostro",
    "Giovanni Paolo",
    "right, and Russian",
    "7:42 am ET",
    "09/15/2022",
    "(AsiaNews)",
    "Keith Zhai",
    "…",
]


def _by_prefix(report, prefix):
    return next(a for a in report.articles if a.id.startswith(prefix))


def test_five_articles_clean_with_recovered_metadata(example_report):
    r = example_report
    assert len(r.articles) == 5
    wsj = _by_prefix(r, "004")
    assert wsj.title.startswith("China’s Xi and Russia’s Putin Seek to Counter West")
    assert wsj.subtitle.startswith("Two leaders are expected to discuss a new gas pipeline")
    assert wsj.authors == ["Keith Zhai", "Evan Gershkovich"]
    assert wsj.published == "2022-09-13" and not wsj.published_inferred
    asia = _by_prefix(r, "002")
    assert asia.title == "Samarkand Summit: a struggling Putin increasingly aligned with Xi Jinping"
    assert (asia.published, asia.dateline, asia.outlet) == ("2022-09-15", "Nur-Sultan", "AsiaNews")
    assert asia.text.startswith("Russian President Vladimir Putin and his Chinese counterpart")
    mt = _by_prefix(r, "000")
    assert mt.text.startswith("Russian President Vladimir Putin will meet")
    assert mt.published == "2022-09-15"  # from the embedded posts


def test_no_widgets_embeds_or_spam_left(example_report):
    for art in example_report.articles:
        for junk in JUNK:
            assert junk not in art.text, (art.id, junk)


def test_removed_pieces_recorded_with_kinds(example_report):
    kinds = {r.kind for a in example_report.articles for r in a.removed}
    assert kinds >= {
        "caption",
        "social-embed",
        "widget",
        "related",
        "foreign-language",
        "hashtag-spam",
        "title",
        "subtitle",
        "byline",
        "date",
        "dateline",
        "truncation",
    }


def test_hard_wraps_rejoined_and_headings_kept(example_report):
    mt = _by_prefix(example_report, "000")
    assert "\n" not in mt.text.replace("\n\n", "")
    assert "Western-dominated world order" in mt.text
    afp = _by_prefix(example_report, "003")
    headings = [afp.text[p.start : p.end] for p in afp.paragraphs if p.heading]
    assert headings == ["Xi and Putin", "India, Iran"]
    heading_sents = [s.text for s in afp.sentences if s.heading]
    assert heading_sents == headings  # not glued to the next sentence


def test_repeated_paragraph_marked_duplicate(example_report):
    blog = _by_prefix(example_report, "001")
    dups = [(i, s.duplicate_of.sentence) for i, s in enumerate(blog.sentences) if s.duplicate_of]
    assert dups, "the blog repeats its first paragraph"
    originals = [blog.sentences[j].text for _, j in dups]
    assert any(
        o.startswith("Putin and Xi Jinping are expected to meet in Uzbekistan") for o in originals
    )
    assert all(d.duplicate_of.article == blog.id for d in blog.sentences if d.duplicate_of)


def test_every_span_matches_its_text(example_report):
    for art in example_report.articles:
        for s in art.sentences:
            assert art.text[s.start : s.end] == s.text
        for m in art.mentions:
            assert art.text[m.start : m.end] == m.text
        for t in art.times:
            assert art.text[t.start : t.end] == t.text
    for q in example_report.quotes:
        art = example_report.article(q.article)
        assert q.text.strip() in art.text[q.start : q.end + 1] or q.kind == "indirect"


def test_every_claim_cites_real_evidence(example_report):
    r = example_report
    assert r.summary and r.facts and r.timeline and r.entities and r.quotes
    for s in r.summary:
        assert s.citations
        assert any(shortened_from(s.text, r.sentence_text(c)) for c in s.citations)
    for f in r.facts:
        assert f.evidence and sorted({e.article for e in f.evidence}) == f.sources
        for e in f.evidence:
            r.sentence_text(e)
    assert sum(len(s.text.split()) for s in r.summary) <= 150
    for ev in r.timeline:
        assert ev.evidence


def test_json_report_validates(example_report):
    jsonschema.validate(json.loads(render(example_report, "json")), schema())


def test_entities_merge_name_variants(example_report):
    xi = next(e for e in example_report.entities if e.name == "Xi Jinping")
    assert {"Xi", "Xi Jinping"} <= set(xi.aliases)
    assert len({m.article for m in xi.mentions}) == 5


def test_quotes_have_speakers(example_report):
    said = {(q.speaker, q.text[:25]) for q in example_report.quotes if q.kind == "direct"}
    assert ("Yun Sun", "Whether Russia wins or lo") in said
    assert ("Alexander Gabuev", "They will watch what happ") in said
