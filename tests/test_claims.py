"""Claims read from the parse: which of a sentence's dates date the telling, which a clause
describing a noun (issue 9)."""

from __future__ import annotations

import re

import pytest

from newsprism.claims import describes_noun, telling_verb, told_part, when_said
from newsprism.model import TimeMention
from tests.conftest import make_article

pytestmark = pytest.mark.model  # the rule reads the parse

# sentence, its date expression, whether the date is that of the telling
TOLD = [
    ("Mubarak will go to Syria, an Egyptian official said Saturday.", "Saturday", True),
    ("The official told reporters on Monday that the talks had failed.", "Monday", True),
    ("Police said Pinochet was arrested in London on Friday.", "Friday", False),
    ("Mubarak flew to Damascus on Sunday for talks with Assad.", "Sunday", False),
    ("On Sunday, Mubarak flew to Damascus for talks.", "Sunday", False),
]


DESCRIBED = [  # sentence, its date expression, whether the date is of a clause describing a noun
    ("The cause of the fire that broke out on Thursday remains unknown.", "Thursday", True),
    ("The talks held on Monday produced no agreement.", "Monday", True),
    # the parser makes "Thursday" a second subject of "remains": it ends the clause before it
    (
        "The cause of the fire that broke out just before midnight Thursday remains under "
        "investigation.",
        "Thursday",
        True,
    ),
    ("Thursday was the worst day of the fire.", "Thursday", False),
    ("The cause of the fire had not been determined as of Friday evening.", "Friday", False),
    ("Police said Pinochet was arrested in London on Friday.", "Friday", False),
    # a date as one of a noun's words dates that noun ("a 1975 civil war"), not the claim
    ("Indonesia annexed East Timor after invading during a 1975 civil war.", "1975", True),
    ("Indonesia annexed East Timor in 1976.", "1976", False),
]


TOLD_PART = [  # sentence, the telling's date, words inside what is told, words outside it
    (
        "Turkish jets flew along the border on Friday, the daily Radikal reported Saturday.",
        "Saturday",
        ["jets", "Friday"],
        ["Radikal", "Saturday"],
    ),
    (
        "The official said Saturday that the judge issued the warrant on Friday.",
        "Saturday",
        ["judge", "Friday"],
        ["official"],
    ),
    (
        "On Wednesday, they announced they hold two men who went missing Oct. 30 in Malisevo.",
        "Wednesday",
        ["hold", "men"],
        ["missing", "Oct."],  # a clause describing a noun is not what is told
    ),
]


@pytest.mark.parametrize(("text", "when", "inside", "outside"), TOLD_PART)
def test_what_a_telling_tells(text, when, inside, outside):
    art = make_article("a", [text], parse=True)
    sent = art.sentences[0]
    m = re.search(when, text)
    assert m
    verb = telling_verb(sent, TimeMention(m.start(), m.end(), when, "1998-10-03", 0))
    assert verb is not None
    told = {text[t.start : t.end] for k, t in enumerate(sent.tokens) if k in told_part(sent, verb)}
    assert set(inside) <= told and not set(outside) & told


@pytest.mark.parametrize(
    ("rule", "text", "when", "expected"),
    [(when_said, *row) for row in TOLD] + [(describes_noun, *row) for row in DESCRIBED],
)
def test_a_date_of_the_telling_or_of_a_noun_is_not_a_date_of_what_is_told(
    rule, text, when, expected
):
    art = make_article("a", [text], parse=True)
    m = re.search(when, text)
    assert m
    time = TimeMention(m.start(), m.end(), when, "1998-10-03", 0)
    assert rule(art.sentences[0], time) is expected


@pytest.mark.parametrize(
    "text, negated",
    [
        ("Israel is not involved in the confrontation, a spokesman said.", True),
        ("Benayahu denied his country was involved in the confrontation.", True),
        ("Benayahu said his country was involved in the confrontation.", False),
        ("Benayahu did not deny that his country was involved in the confrontation.", False),
    ],
)
def test_a_denial_tells_that_what_it_reports_is_not_so(text, negated):
    from newsprism.relation import claims_of

    (claim,) = claims_of([text])
    assert claim.frame.predicate == "involve" and claim.frame.asserts_not is negated


@pytest.mark.model
def test_a_conjoined_verb_shares_its_subject_and_the_subjects_name():
    """ "Wang ... has been imprisoned ..., but was not formally arrested until Nov. 30": the
    clause's own words name no one, yet it tells of Wang, not of whoever else was arrested then."""
    from newsprism.annotate import annotate
    from newsprism.claims import build
    from newsprism.pair_rules import subject_rule
    from newsprism.relation import claims_of

    text = (
        "Wang, 32, has been imprisoned in his home city for a month, but was not formally "
        "arrested until Nov. 30."
    )
    art = make_article("a", [text])
    annotate([art])
    sent = art.sentences[0]
    at = sent.start + text.index("but was")
    clause = build(art, 0, at, sent.end, [], lambda name: name)
    assert clause.frame.predicate == "arrest" and clause.frame.subject == "wang"
    assert clause.subject_name == "Wang" and not clause.all_names
    (other,) = claims_of(["Qin Yongmin was arrested on Nov. 30, hours after his mother died."])
    rule = subject_rule(clause, other)
    assert rule is not None and rule.name == "subject-differs"


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence,tense,event",
    [
        ("Putin will meet Xi on Thursday.", "future", "meet"),
        ("Putin and Xi are expected to meet in Uzbekistan.", "future", "meet"),
        ("Putin and Xi met one-on-one on the sidelines.", "past", "meet"),
        ("Officials said Putin had met Xi.", "past", "meet"),
        ("Xi and Putin meet on Thursday.", None, "meet"),  # a headline's present
        ("The report was expected to place the blame on the government.", "future", "place"),
    ],
)
def test_a_frame_says_whether_its_event_is_done_or_to_come(sentence, tense, event):
    from newsprism.relation import claims_of

    (c,) = claims_of([sentence], embeddings=False)
    assert (c.frame.tense, c.frame.event) == (tense, event)
