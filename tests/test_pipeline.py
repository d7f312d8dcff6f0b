"""The story pipeline's own plumbing."""

from __future__ import annotations

import gc

import pytest

from newsprism.pipeline import _gc_paused


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
