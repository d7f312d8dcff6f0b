import pytest

from newsprism.model import Fact, Ref, TimeMention
from newsprism.timeline import build, compatible, event_text
from tests.conftest import make_article


def test_compatible_values():
    assert compatible("2022-09-15", "2022-W37") and compatible("2022-09", "2022-09-15")
    assert not compatible("2022-09-15", "2022-09-16")
    assert not compatible("2022-W36", "2022-09-15")


def _event_text(s: str, phrase: str) -> str:
    sent = make_article("a", [s], parse=True).sentences[0]
    i = s.index(phrase)
    return event_text(sent, i, i + len(phrase))


@pytest.mark.model
def test_event_text_is_the_stretch_around_the_date():
    s = "The last time they met, just weeks before Russia invaded Ukraine on Feb. 24, they agreed."
    assert _event_text(s, "Feb. 24") == "Just weeks before Russia invaded Ukraine on Feb. 24"
    s = "At the start of this month, Chinese troops joined Russian troops in a drill."
    assert _event_text(s, "this month").startswith("At the start of this month, Chinese troops")


def _dated(aid, sentence, phrase, value, published="2022-09-15"):
    art = make_article(aid, [sentence], published)
    start = sentence.index(phrase)
    art.times = [TimeMention(start, start + len(phrase), phrase, value, 0, "past")]
    return art


def test_same_event_across_articles_and_precisions_is_one_entry():
    a = _dated(
        "a", "Xi and Putin met in Samarkand on Thursday for summit talks.", "Thursday", "2022-09-15"
    )
    b = _dated(
        "b", "Putin and Xi met for summit talks in Samarkand this week.", "this week", "2022-W37"
    )
    c = _dated(
        "c",
        "The central bank raised its main rate last week by half a point.",
        "last week",
        "2022-W36",
    )
    events = build([a, b, c], [])
    assert [e.date for e in events] == ["2022-W36", "2022-09-15"]
    meeting = events[1]
    assert {r.article for r in meeting.evidence} == {"a", "b"}
    assert meeting.when == "present" and events[0].when == "past"


def test_fact_members_that_name_the_event_are_cited():
    a = _dated(
        "a",
        "Xi and Putin last met in February at the Beijing Winter Olympics.",
        "February",
        "2022-02",
    )
    b = make_article("b", ["The two leaders last met at the Olympics in Beijing."], "2022-09-15")
    fact = Fact("f1", a.sentences[0].text, ["a", "b"], [Ref("a", 0), Ref("b", 0)], "consensus")
    (event,) = build([a, b], [fact])
    assert {r.article for r in event.evidence} == {"a", "b"}


def test_core_text_is_the_few_words_around_the_date():
    from newsprism.timeline import core_text

    s = "Comes as Russia loses ground in the war Mr. Putin started nearly seven months ago."
    i = s.index("nearly")
    assert core_text(s, i, i + len("nearly seven months ago")) == (
        "ground in the war Mr. Putin started nearly seven months ago"
    )


@pytest.mark.model
def test_event_text_keeps_the_subject_of_a_verb_led_stretch():
    s = "Andrey Denisov, the Russian ambassador to China, announced to reporters last week."
    assert _event_text(s, "last week").startswith("Andrey Denisov")


def test_an_event_is_placed_against_the_days_its_own_reports_came_out():
    # the story's day is 1998-10-17 (two of four reports); a report of the next day tells what
    # happened on it, and one of them what was still to come
    events = [
        ("a", "Pinochet was arrested in London on Friday night.", "Friday", "1998-10-16", "17"),
        ("b", "Chile filed a formal protest on Saturday.", "Saturday", "1998-10-17", "17"),
        ("c", "Castro criticised the arrest on Sunday in Havana.", "Sunday", "1998-10-18", "18"),
        ("d", "A court hearing is scheduled for Friday in London.", "Friday", "1998-10-23", "18"),
    ]
    articles = [_dated(a, s, p, v, published=f"1998-10-{day}") for a, s, p, v, day in events]
    when = {e.date: e.when for e in build(articles, [])}
    assert when == {
        "1998-10-16": "past",
        "1998-10-17": "present",
        "1998-10-18": "present",  # the news of its own report's day, not "future"
        "1998-10-23": "future",  # after every report of it
    }


@pytest.mark.model
def test_the_day_news_was_told_is_not_an_event_when_what_is_told_has_its_own():
    from newsprism.extract.timex import find

    art = make_article(
        "a",
        [
            "Turkish jets flew along the Syrian border on Friday, the daily Radikal "
            "reported Saturday.",
            "President Fidel Castro said Sunday he disagreed with the arrest in London.",
            "The FBI said Thursday that two trucks were used in the August bombings.",
        ],
        "1998-10-18",
        parse=True,
    )
    art.times = find(art, lambda pos, sent: "past")
    events = build([art], [])
    assert [(e.date, e.evidence[0].sentence) for e in events] == [
        ("1998-08", 2),
        ("1998-10-15", 2),  # the FBI's words on older things are news of their own
        ("1998-10-16", 0),  # the flight; Radikal's Saturday only told of it
        ("1998-10-18", 1),  # Castro's words: the telling is the news
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, date, start",
    [  # the stretch around the date is never a fragment
        (  # a comma inside a quotation cuts nothing
            "“I'm alive, so why should I sleep when my friends are dead,” 17-year-old Alina Turk "
            "said as she stood outside the ruined building Friday afternoon.",
            "Friday afternoon",
            "“I'm alive, so why",
        ),
        (  # a relative clause needs what it describes
            "Hundreds of teen-agers came to the dance, which lasted until about 5 a.m. Friday.",
            "Friday",
            "Hundreds of teen-agers",
        ),
        (  # grown to a stretch that opens on a verb: its subject too
            "A panicky call was the first word of the fire, delaying the response to the blaze "
            "that killed 60, officials said Saturday.",
            "Saturday",
            "A panicky call",
        ),
    ],
)
def test_an_event_text_keeps_what_its_stretch_leans_on(sentence, date, start):
    assert _event_text(sentence, date).startswith(start)


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "phrase", "says"),
    [
        (  # the stretch names a person and stops before what they did
            "Last week, China’s number three, Li Zhanshu, told Russian lawmakers that China "
            "understands Moscow’s actions in Ukraine.",
            "Last week",
            "told Russian lawmakers",
        ),
        (  # a participle describing a noun says nothing happened
            "The crucial ruling Communist Party convention, scheduled for mid-October, is when Xi "
            "is anticipated to win a historic third term in office.",
            "mid-October",
            "third term",
        ),
    ],
)
def test_event_text_says_what_happened(sentence, phrase, says):
    assert says in _event_text(sentence, phrase)
