import pytest

from newsprism.entities import merge
from tests.conftest import make_article


def test_surname_and_title_merge_into_full_name_across_articles():
    a = make_article(
        "a",
        [
            "Mr. Gabuev said the talks would be hard for both sides.",
            "Xi met Putin in the city on Thursday.",
        ],
        mentions=[("Gabuev", "PERSON"), ("Xi", "PERSON"), ("Putin", "PERSON")],
    )
    b = make_article(
        "b",
        [
            "Alexander Gabuev, a senior fellow at the Carnegie Endowment, spoke.",
            "Chinese President Xi Jinping met Vladimir Putin.",
        ],
        mentions=[
            ("Alexander Gabuev", "PERSON"),
            ("Xi Jinping", "PERSON"),
            ("Vladimir Putin", "PERSON"),
        ],
    )
    index = merge([a, b])
    assert index.canonical("Gabuev") == "Alexander Gabuev"
    assert index.canonical("Xi") == "Xi Jinping"
    gabuev = next(e for e in index.entities if e.name == "Alexander Gabuev")
    assert set(gabuev.aliases) == {"Gabuev", "Alexander Gabuev"}
    assert {r.article for r in gabuev.mentions} == {"a", "b"}
    assert gabuev.descriptions == ["a senior fellow at the Carnegie Endowment"]


def test_ambiguous_surname_not_merged():
    a = make_article(
        "a",
        ["Lee spoke first.", "Ann Lee and Bo Lee spoke later."],
        mentions=[("Lee", "PERSON"), ("Ann Lee", "PERSON"), ("Bo Lee", "PERSON")],
    )
    names = {e.name for e in merge([a]).entities}
    assert {"Lee", "Ann Lee", "Bo Lee"} <= names


def test_acronym_and_spelling_variant_merge():
    a = make_article(
        "a",
        [
            "The Shanghai Cooperation Organization met.",
            "The SCO grew.",
            "The Shanghai Cooperation Organisation expanded.",
        ],
        mentions=[
            ("Shanghai Cooperation Organization", "ORG"),
            ("SCO", "ORG"),
            ("Shanghai Cooperation Organisation", "ORG"),
        ],
    )
    ents = merge([a]).entities
    assert len(ents) == 1 and len(ents[0].aliases) == 3


def test_us_spellings_merge_but_east_and_west_stay_apart():
    a = make_article(
        "a",
        [
            "The United States objected.",
            "U.S. officials spoke.",
            "The US left.",
            "Gas flows from Western Siberia, not from Eastern Siberia.",
        ],
        mentions=[
            ("United States", "GPE"),
            ("U.S.", "GPE"),
            ("US", "GPE"),
            ("Western Siberia", "LOC"),
            ("Eastern Siberia", "LOC"),
        ],
    )
    ents = {e.name: set(e.aliases) for e in merge([a]).entities}
    assert ents["United States"] == {"United States", "U.S.", "US"}
    assert "Western Siberia" in ents and "Eastern Siberia" in ents


@pytest.mark.parametrize(
    "sentence, name, phrase, role",
    [  # the person's noun chunk (from its first words) and the role the words before give
        (
            "Russian President Vladimir Putin met Xi.",
            "Vladimir Putin",
            "Russian",
            ["Russian President"],
        ),
        ("Putin met Mr. Xi on Thursday.", "Xi", "Mr.", []),  # an honorific is no role
        (
            "Goteborg police spokesman Bengt Staaf spoke.",
            "Bengt Staaf",
            "Goteborg",
            ["Goteborg police spokesman"],
        ),
        # a given name the tagger left out of the person is no role
        ("Mohanned Hussein spoke to reporters.", "Hussein", "Mohanned", []),
    ],
)
def test_role_from_the_words_before_a_name(sentence, name, phrase, role):
    a = make_article("a", [sentence], mentions=[(name, "PERSON")])
    (m,) = a.mentions
    m.phrase = (sentence.index(phrase), m.end)
    assert {e.name: e.descriptions for e in merge([a]).entities}[name] == role
