"""Story clustering on hand-made profiles (no models): joins, new stories, the quiet window,
bridge merges that keep the older id, and the state's JSON round trip."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from newsprism.cluster import (
    ClusterConfig,
    Clusterer,
    Profile,
    StoryState,
    features,
    term_weights,
)


def _vec(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return v / np.linalg.norm(v)


def profile(text: str, topic: int, day: str | None = "1998-10-05", ents: str = "") -> Profile:
    d = date.fromisoformat(day).toordinal() if day else None
    return Profile(
        term_weights(None, text, 2000),
        _vec(topic),
        frozenset(e for e in ents.split(",") if e),
        d,
    )


QUAKE = "earthquake struck Turkey killing hundreds rescuers searched rubble Izmit"
QUAKE2 = "rescuers in Izmit searched the rubble after the Turkey earthquake killed hundreds"
BUDGET = "Congress passed the budget bill after Clinton and Republicans agreed on spending"


def test_similar_articles_join_and_different_ones_start_stories() -> None:
    cl = Clusterer()
    a = cl.add(profile(QUAKE, 1, ents="turkey,izmit"))
    b = cl.add(profile(QUAKE2, 1, ents="turkey,izmit"))
    c = cl.add(profile(BUDGET, 2, ents="congress,clinton"))
    assert a.new and a.rule == "new-story"
    assert not b.new and b.story == a.story and b.rule == "joined" and b.score >= 0.4
    assert c.new and c.story != a.story


def test_a_story_quiet_for_weeks_does_not_absorb_a_new_article() -> None:
    cl = Clusterer(ClusterConfig(quiet_days=10))
    a = cl.add(profile(QUAKE, 1, "1998-10-01", "turkey,izmit"))
    late = cl.add(profile(QUAKE2, 1, "1998-12-01", "turkey,izmit"))
    assert late.new and late.story != a.story
    # within the window the same article joins
    soon = Clusterer(ClusterConfig(quiet_days=10))
    first = soon.add(profile(QUAKE, 1, "1998-10-01", "turkey,izmit"))
    assert soon.add(profile(QUAKE2, 1, "1998-10-05", "turkey,izmit")).story == first.story


def test_candidates_come_from_the_index_not_from_every_story() -> None:
    cl = Clusterer()
    for k in range(30):
        cl.add(profile(f"unrelated{k} matter{k} topic{k} subject{k}", 100 + k))
    cands = cl.candidates(profile(QUAKE, 1))
    assert cands == []  # no shared word or entity: nothing to score


def test_a_bridge_merges_two_stories_into_the_older_id() -> None:
    cl = Clusterer(ClusterConfig(join=0.3, merge=0.0))
    a = cl.add(profile(QUAKE, 1, ents="turkey"))
    cl2_text = "Izmit rubble rescuers Turkey earthquake aftershock"
    # force a second story of the same event (a different vector, a high join bar for it)
    b_state = StoryState(a.story + 1)
    b_state.add(profile(cl2_text, 3, ents="turkey"))
    cl._put(b_state)
    cl._next = b_state.id + 1
    d = cl.add(profile(QUAKE2 + " aftershock", 1, ents="turkey"))
    assert d.rule == "bridge-merge"
    assert d.story == a.story and d.merged == [b_state.id]
    assert b_state.id not in cl.stories and cl.stories[a.story].size == 3


def test_state_round_trips_through_json() -> None:
    s = StoryState(4)
    s.add(profile(QUAKE, 1, ents="turkey"))
    s.add(profile(QUAKE2, 1, "1998-10-09", ents="izmit"))
    back = StoryState.from_json(4, s.to_json())
    p = profile(QUAKE, 1)
    assert back.size == 2 and back.first == s.first and back.last == s.last
    assert features(p, back) == pytest.approx(features(p, s), abs=1e-5)


@pytest.mark.parametrize(
    ("title", "text", "top"),
    [
        ("Quake in Turkey", "The quake killed hundreds.", "turkey"),
        (None, "Pinochet was arrested in London on Friday.", "pinochet"),
    ],
)
def test_term_weights_are_unit_length_and_favour_rare_words(
    title: str | None, text: str, top: str
) -> None:
    w = term_weights(title, text, 2000)
    assert sum(v * v for v in w.values()) == pytest.approx(1.0)
    assert "the" not in w or w["the"] < w[top]
