import pytest

from newsprism.extract.timex import find
from tests.conftest import make_article


def _values(sentence, published="2022-09-15", tense="present"):
    art = make_article("a", [sentence], published)
    return [(t.text, t.value) for t in find(art, lambda pos, sent: tense)]


@pytest.mark.parametrize(
    "sentence,tense,expected",
    [
        ("They met on Thursday.", "past", [("Thursday", "2022-09-15")]),
        ("They met on Tuesday.", "past", [("Tuesday", "2022-09-13")]),
        ("They will meet on Friday.", "future", [("Friday", "2022-09-16")]),
        ("They will meet on Monday.", "future", [("Monday", "2022-09-19")]),
        # "last Thursday": the week before the article's (a Thursday's article: a week back; a
        # Friday's, Oct. 29 for Nov. 6, 1998, as the other reports of that attack date it)
        ("They met last Thursday.", "past", [("last Thursday", "2022-09-08")]),
        ("They met last Monday.", "past", [("last Monday", "2022-09-05")]),
        ("They talked last week.", "past", [("last week", "2022-W36")]),
        ("They talk this week.", "present", [("this week", "2022-W37")]),
        ("He said so earlier this month.", "past", [("earlier this month", "2022-09")]),
        ("They met in February.", "past", [("February", "2022-02")]),
        ("They met in October.", "past", [("October", "2021-10")]),
        # no tense: the nearest such month or day, ahead or behind
        ("The next summit is in February.", "present", [("February", "2023-02")]),
        ("Sales in July are strong.", "present", [("July", "2022-07")]),
        ("The dividend is payable Jan. 2.", "present", [("Jan. 2", "2023-01-02")]),
        ("Its fiscal year ends Aug. 31.", "present", [("Aug. 31", "2022-08-31")]),
        ("A poll in October of 1992 found a tie.", "past", [("October of 1992", "1992-10")]),
        ("The congress opens in mid-October.", "future", [("mid-October", "2022-10")]),
        ("Russia invaded on Feb. 24.", "past", [("Feb. 24", "2022-02-24")]),
        ("China joined the Vostok-2022 exercises.", "past", []),  # a name, not a date
        ("It has been so since post-1959 politics.", "past", [("post-1959", "1959")]),
        (
            "They meet on September 15 and 16.",
            "future",
            [("September 15", "2022-09-15"), ("16", "2022-09-16")],
        ),
        ("They have met 30 times since 2013.", "past", [("2013", "2013")]),
        ("It began nearly seven months ago.", "past", [("nearly seven months ago", "2022-02")]),
        ("The G20 meets in November 2022.", "future", [("November 2022", "2022-11")]),
        ("She may come and may not.", "future", []),
        ("Prices rose 50,000 units and 2.5 percent.", "past", []),
    ],
)
def test_normalised_against_article_date(sentence, tense, expected):
    assert _values(sentence, tense=tense) == expected


def test_last_weekday_in_a_friday_article_is_the_week_before():
    assert _values("Last Thursday, an assailant tried to ram a car into a bus.", "1998-11-06") == [
        ("Last Thursday", "1998-10-29")
    ]


@pytest.mark.parametrize("tense", ["past", "present", "future"])
def test_next_weekday_is_of_the_week_after_the_articles_whatever_the_tense(tense):
    """A Saturday's report that a strike-bound airline "can resume flights next Wednesday" (the
    sentence is past: "PAL said it can ..."): the Wednesday to come, Oct. 7, 1998."""
    sentence = "PAL said it can resume flights to 14 destinations next Wednesday."
    assert _values(sentence, "1998-10-03", tense) == [("next Wednesday", "1998-10-07")]
    assert _values("They meet next Friday.", "2022-09-15", tense) == [("next Friday", "2022-09-23")]


def test_relative_expression_in_undated_article_has_no_value():
    assert _values("They met on Thursday.", published=None, tense="past") == [("Thursday", None)]


def test_absolute_dates_need_no_article_date():
    assert _values("It happened on March 3, 2021.", published=None) == [
        ("March 3, 2021", "2021-03-03")
    ]


def test_same_input_same_output_any_day():
    a = _values("They met last week and will meet next month.", tense="past")
    assert a == _values("They met last week and will meet next month.", tense="past")


# the tense of a sentence, read from its parse, its quoted words left out: (sentence, tense)
SENTENCE_TENSE_CASES = [
    ("They will meet on Friday.", "future"),
    ("Talks are expected to resume next week.", "future"),
    ("The talks are scheduled for Friday.", "future"),
    ("The flight was delayed due to the storm.", "past"),  # "due to" a cause, not a plan
    ("He said he would attend the summit.", "past"),  # the future seen from the past
    ("“We will win this fight,” he said.", "past"),  # the quoted words left out
    ("The two leaders meet in Samarkand.", "present"),
]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "tense"), SENTENCE_TENSE_CASES)
def test_sentence_tense(sentence, tense):
    from newsprism.annotate import sentence_tense
    from newsprism.nlp import pipeline

    doc = pipeline()(sentence)
    assert sentence_tense(doc[:]) == tense


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("First official results are not expected until Saturday.", ("1998-10-24", "future")),
        ("The vote is scheduled for Friday.", ("1998-10-23", "future")),
        ("A decision is planned for Monday.", ("1998-10-26", "future")),
        ("The verdict was expected Friday.", ("1998-10-16", "past")),  # the day before's news
        ("The ministry said Mubarak was expected on Monday.", ("1998-10-26", "future")),
        ("They met on Friday.", ("1998-10-16", "past")),
    ],
)
def test_a_present_passive_of_expecting_dates_ahead(sentence, expected):
    from newsprism import annotate

    art = make_article("a", [sentence], "1998-10-22")  # a Thursday
    annotate.annotate([art])
    assert [(t.value, t.tense) for t in art.times] == [expected]


def test_a_relative_date_past_the_calendars_end_has_no_value():
    assert _values("They meet next Friday, and met last Monday.", "9999-12-31", "future") == [
        ("next Friday", None),
        ("last Monday", "9999-12-20"),
    ]
