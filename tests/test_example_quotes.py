"""Every direct quote of a named person in the example story is found with the right speaker:
by full name, surname, title, pronoun, a full name given only later, and continuation (issue 4)."""

import pytest

pytestmark = pytest.mark.model

QUOTES = [  # article prefix, the quote's opening words, the speaker, how the text attributes it
    ("000", "It’s important for Putin", "Alexander Gabuev", "full name across a line break"),
    ("000", "China certainly pursues", "Alexander Gabuev", "inverted surname: said Gabuev"),
    ("000", "In many ways", "Alexander Gabuev", "pronoun: he said"),
    ("000", "But, for Beijing", "Alexander Gabuev", "second quote of the paragraph"),
    ("000", "our Chinese friends", "Vladimir Putin", "partial sentence quote"),
    ("000", "China does want to go", "Temur Umarov", "surname"),
    ("000", "The SCO offers", "Yuri Ushakov", "title: Kremlin adviser Ushakov"),
    ("000", "One of the few issues", "Temur Umarov", "surname"),
    ("000", "For China, the meeting", "Alexander Gabuev", "surname, told"),
    ("000", "China sees Russia", "Temur Umarov", "surname"),
    ("000", "Beijing, like no other", "Temur Umarov", "continuation paragraph"),
    ("001", "I think Xi Jinping", "Alicia Garcia Herrero", "two-word surname"),
    ("001", "Because Xi Jinping is visiting", "Alicia Garcia Herrero", "continuation"),
    ("001", "Their relations are expected", "Qingdao Xu", "full name only later"),
    ("002", "In the face of a changing world", "Xi Jinping", "statement quoted by media"),
    ("003", "The presidents will discuss", "Yuri Ushakov", "aide Yuri Ushakov told"),
    ("003", "shows that China is willing", "Alexander Korolev", "said Alexander Korolev"),
    ("003", "At the SCO summit", "Narendra Modi", "surname the tagger misses"),
    ("004", "Whether Russia wins", "Yun Sun", "said Yun Sun"),
    ("004", "If Russia wins", "Yun Sun", "continuation in the paragraph"),
    ("004", "No one should realistically", "Victor Gao", "said Victor Gao"),
    ("004", "They will watch", "Alexander Gabuev", "Mr. Gabuev said"),
]


@pytest.mark.parametrize(("prefix", "opening", "speaker", "how"), QUOTES)
def test_direct_quote_speaker(example_report, prefix, opening, speaker, how):
    found = [
        q
        for q in example_report.quotes
        if q.article.startswith(prefix) and q.text.startswith(opening)
    ]
    assert found, f"quote not found ({how})"
    assert found[0].speaker == speaker, how


def test_speakers_are_story_entities(example_report):
    names = {e.name for e in example_report.entities}
    for _, _, speaker, _ in QUOTES:
        assert speaker in names


def test_indirect_speech_by_a_pronoun_goes_to_the_person_it_stands_for(example_report):
    """004: "China’s No. 3 official, Li Zhanshu, decried ... He also said that Russia’s
    sanctions-hit economy was resilient ...": Li's, not President Biden's (named before him)."""
    (q,) = [
        q
        for q in example_report.quotes
        if q.article.startswith("004") and q.text.startswith("Russia’s sanctions-hit economy")
    ]
    assert (q.speaker, q.kind, q.rule) == ("Li Zhanshu", "indirect", "indirect-said-pronoun")
