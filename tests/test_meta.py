import pytest

from newsprism.clean import clean
from newsprism.clean.meta import outlet_of_url, parse_date, split_authors
from newsprism.model import RawArticle

BODY = (
    "The finance ministers met in Brussels on Monday to agree a common budget for the "
    "coming year, officials said after the talks ended late in the evening."
)


@pytest.mark.parametrize(
    "line,iso",
    [
        ("Sept. 13, 2022 7:42 am ET", "2022-09-13"),
        ("09/15/2022, 19.03", "2022-09-15"),
        ("Published: 3 March 2021", "2021-03-03"),
        ("Updated Jan 5, 2020 at 10:15 a.m. EST", "2020-01-05"),
        ("2019-07-01", "2019-07-01"),
    ],
)
def test_date_lines(line, iso):
    assert parse_date(line) == iso


def test_not_a_date_line():
    assert parse_date("The meeting was in March, they said.") is None


def test_authors_split_and_places_dropped():
    assert split_authors("Keith Zhai in Singapore and Evan Gershkovich in Moscow") == [
        "Keith Zhai",
        "Evan Gershkovich",
    ]
    assert split_authors("Ann Lee, Bo Chan & Cy Diaz") == ["Ann Lee", "Bo Chan", "Cy Diaz"]


def test_header_title_subtitle_byline_date():
    raw = (
        "Ministers Agree Budget After Long Night\n"
        "Deal ends weeks of wrangling over farm spending\n"
        "By\nAnn Lee in Brussels and Bo Chan in Paris\n"
        f"March 3, 2023 7:42 am ET\n{BODY}\n"
    )
    art = clean(RawArticle(id="t", source="t.txt", text=raw))
    assert art.title == "Ministers Agree Budget After Long Night"
    assert art.subtitle == "Deal ends weeks of wrangling over farm spending"
    assert art.authors == ["Ann Lee", "Bo Chan"]
    assert art.published == "2023-03-03"
    assert art.text == BODY


def test_inline_byline():
    art = clean(RawArticle(id="t", source="t.txt", text=f"By Ann Lee and Bo Chan\n{BODY}"))
    assert art.authors == ["Ann Lee", "Bo Chan"] and art.text == BODY


def test_dateline_and_outlet_moved_to_metadata():
    art = clean(RawArticle(id="t", source="t.txt", text=f"BRUSSELS (Reuters) – {BODY}"))
    assert art.dateline == "BRUSSELS" and art.outlet == "Reuters"
    assert art.text == BODY
    assert ("dateline", "BRUSSELS (Reuters) –") in {(r.kind, r.text) for r in art.removed}


def test_sentence_with_dash_is_not_a_dateline():
    text = "Putin – who met Xi on Thursday – said the talks went well for both of them."
    assert clean(RawArticle(id="t", source="t.txt", text=text)).text == text


def test_section_headings_kept_as_headings():
    raw = f"{BODY}\nDivisive Factors\n{BODY}"
    art = clean(RawArticle(id="t", source="t.txt", text=raw))
    assert [p.heading for p in art.paragraphs] == [False, True, False]
    assert art.text.split("\n\n")[1] == "Divisive Factors"


def test_html_title_hint_not_repeated_in_body():
    raw = RawArticle(
        id="t", source="t.html", text=f"Big News Today\n{BODY}", title="Big News Today"
    )
    art = clean(raw)
    assert art.title == "Big News Today" and art.text == BODY


def test_a_wire_dateline_typed_with_an_underscore_is_a_dateline():
    from newsprism.clean.meta import DATELINE, _dateline_ok

    text = "ZURICH, Switzerland (AP) _ Swissair lawyers are looking at procedures."
    m = DATELINE.match(text)
    assert m and _dateline_ok(text)
    assert m["place"] == "ZURICH, Switzerland" and m["outlet"] == "AP"
    assert not _dateline_ok("Former Chilean dictator Gen. Augusto Pinochet _ who ruled Chile.")


@pytest.mark.parametrize(
    "text, place, outlet",
    [
        ("MAPUTO, September 3 (Xinhua) -- Mozambique's union called a strike.", "MAPUTO", "Xinhua"),
        ("HANOI, April 19 (Xinhua)-- Vietnam expects a larger cashew harvest.", "HANOI", "Xinhua"),
        ("PRAGUE, October 14 -- The Czech government resigned on Wednesday.", "PRAGUE", None),
        ("Nairobi, February 9 (Xinhua) -- Kenya has asked for more aid.", "Nairobi", "Xinhua"),
    ],
)
def test_a_dateline_giving_the_day_is_a_dateline(text, place, outlet):
    art = clean(RawArticle(id="t", source="t.txt", text=text))
    assert (art.dateline, art.outlet) == (place, outlet)
    assert art.text == text.split("--", 1)[1].strip()  # the body, without place, day and outlet


@pytest.mark.parametrize(
    "url,outlet",
    [
        ("https://www.bbc.co.uk/news/world-123", "bbc.co.uk"),
        ("http://apnews.com/article/x", "apnews.com"),
        ("https://WWW.Example.ORG:8443/a", "example.org"),
        ("http://127.0.0.1:8000/a.html", None),  # an address, not a site
        ("http://[::1]/a", None),
        ("file:///tmp/a.html", None),
        ("http://localhost/a", None),
        ("https://exa mple.com]/x", None),
        (None, None),
    ],
)
def test_outlet_of_url(url, outlet):
    assert outlet_of_url(url) == outlet


def test_an_article_without_a_named_outlet_takes_its_sites():
    url = "https://www.dailyplanet.example/2023/budget"
    art = clean(RawArticle(id="a", source="a.jsonl:1", text=BODY, url=url))
    assert art.outlet == "dailyplanet.example"
    named = clean(RawArticle(id="b", source="b", text=BODY, url=url, outlet="Daily Planet"))
    assert named.outlet == "Daily Planet"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1799-12-31"])
def test_a_placeholder_publication_date_is_read_as_undated_and_said(day):
    """Dumps write a system's default ("0001-01-01") where they have no date: the article is
    kept, undated, and the reader is told."""
    import warnings

    from newsprism.ingest import PartialInput

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        art = clean(RawArticle(id="a", source="dump.jsonl:3", text=BODY, published=day))
    assert art.published is None and art.text
    (note,) = [str(w.message) for w in caught if w.category is PartialInput]
    assert note.startswith("dump.jsonl:3: publication date") and day in note
    kept = clean(RawArticle(id="b", source="b", text=BODY, published="1998-10-03"))
    assert kept.published == "1998-10-03"
