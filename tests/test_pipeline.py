"""The story pipeline's own plumbing."""

from __future__ import annotations

import gc

import pytest

from newsprism.pipeline import _gc_paused, date_reprints


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_paused_for_a_story_and_left_as_it_was(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        with _gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), _gc_paused():
            raise RuntimeError("the analysis failed")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_an_analysis_leaves_the_collector_on(example_report):
    assert example_report.facts and gc.isenabled()


def _dated(aid, sentences, published, inferred=False):
    from newsprism.extract.timex import find
    from tests.conftest import make_article

    art = make_article(aid, sentences, published)
    art.published_inferred = inferred
    art.times = find(art, lambda pos, sent: "past")
    return art


def _values(art):
    return [(t.text, t.value) for t in art.times]


def test_a_sentence_reprinted_later_keeps_the_days_it_was_written_on():
    told = "Pinochet was arrested in London on Friday, police said last week."
    first = _dated("first", ["Chile protested.", told], "1998-10-18")
    rerun = _dated("rerun", [told.replace(",", " --"), "He is 82."], "1998-10-25")  # re-punctuated
    own = _dated("own", ["Chile recalled its envoy on Friday."], "1998-10-25")
    date_reprints([rerun, own, first])
    assert _values(rerun) == _values(first) == [("Friday", "1998-10-16"), ("last week", "1998-W41")]
    assert _values(own) == [("Friday", "1998-10-23")]  # its own sentence: its own day


def test_an_inferred_date_does_not_make_an_article_the_first_to_print_a_sentence():
    told = "The talks between the two delegations ended on Tuesday in Geneva."
    guessed = _dated("guessed", [told], "1998-10-10", inferred=True)
    dated = _dated("dated", [told], "1998-10-15")
    date_reprints([guessed, dated])
    assert _values(guessed) == _values(dated) == [("Tuesday", "1998-10-13")]


def test_a_short_sentence_two_articles_share_is_not_taken_for_a_reprint():
    first = _dated("first", ["The talks ended on Tuesday."], "1998-10-15")
    later = _dated("later", ["The talks ended on Tuesday."], "1998-10-22")  # other talks
    date_reprints([first, later])
    assert _values(later) == [("Tuesday", "1998-10-20")]
