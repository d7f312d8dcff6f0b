import json

import jsonschema
import pytest

from newsprism.model import Quote, Ref, Removed, Report, SummarySentence, TimelineEvent
from newsprism.render import format_for, render, schema, to_dict
from tests.conftest import SHARED_SCHEMA, make_article

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _report():
    art = make_article(
        "a", [f"The minister said {EVIL} today.", "Second sentence here."], "2023-03-03"
    )
    art.removed.append(Removed("widget", f"Share {EVIL}"))
    art.title = f"Title {EVIL}"
    rep = Report(articles=[art], title=art.title)
    rep.summary = [SummarySentence(art.sentences[0].text, [Ref("a", 0)])]
    rep.quotes = [Quote("a", 0, 0, 10, EVIL, "Evil Speaker <b>", "direct", "said")]
    rep.timeline = [TimelineEvent("2023-03-03", f"Event {EVIL}", [Ref("a", 0)], "present")]
    return rep


@pytest.mark.skipif(
    not SHARED_SCHEMA.exists(),
    reason="../shared (the project's shared folder) is not beside this clone",
)
def test_schema_copy_in_package_equals_shared():
    assert schema() == json.loads(SHARED_SCHEMA.read_text())


def test_json_validates_against_schema():
    data = json.loads(render(_report(), "json"))
    jsonschema.validate(data, schema())
    assert data["summary"][0]["citations"] == [{"article": "a", "sentence": 0}]


def test_html_escapes_article_text_and_loads_nothing():
    html = render(_report(), "html")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    for needle in ("http://", "https://", 'src="//', "<link", "@import"):
        assert needle not in html.replace("http-equiv", "")


def test_html_citations_jump_to_sentences():
    html = render(_report(), "html")
    assert 'href="#a1-s0"' in html and 'id="a1-s0"' in html


def test_markdown_escapes_markup():
    md = render(_report(), "md")
    assert "<script>" not in md and "\\<script\\>" in md


def test_markdown_escapes_emphasis_but_not_underscores_inside_words():
    from newsprism.render.markdown import esc

    assert esc("000_e530804029506a84") == "000_e530804029506a84"
    assert esc("_loud_ __louder__ *star*") == "\\_loud\\_ \\_\\_louder\\_\\_ \\*star\\*"


def test_format_from_extension():
    assert [format_for(p) for p in ("r.json", "r.md", "R.HTML", "-")] == [
        "json",
        "md",
        "html",
        "json",
    ]


def test_to_dict_round_trips_through_json():
    data = to_dict(_report())
    assert json.loads(json.dumps(data)) == data


def test_unnamed_speakers_show_how_the_article_describes_them():
    art = make_article("a", ["“We do not see a link to terrorism at this point,” the mayor said."])
    q = Quote(
        "a",
        0,
        1,
        48,
        "We do not see a link to terrorism at this point,",
        None,
        "direct",
        "said",
        (51, 60),
    )
    report = Report(articles=[art], quotes=[q])
    assert "— the mayor" in render(report, "md")
    assert "— the mayor" in render(report, "html")


def test_untitled_articles_are_named_by_their_first_words_in_every_format():
    """Wire copy has no title: the report is headed and its articles named by their leads,
    never by an internal id or a generic "Story report"."""
    text = "Police arrested the former dictator in London on Friday night at a clinic."
    first = make_article("wire-0001", [text], "1998-10-17")
    second = make_article("wire-0002", ["Chile protested the arrest on Saturday."], "1998-10-18")
    first.outlet = "AP"
    report = Report(articles=[first, second])
    lead = " ".join(text.split()[:12]) + " …"
    md = render(report, "md")
    assert md.startswith(f"# {lead}\n")
    assert f"### \\[1\\] AP · {lead}\n" in md
    assert "### \\[2\\] Chile protested the arrest on Saturday.\n" in md
    html = render(report, "html")
    assert f"<title>{lead} — newsprism</title>" in html and f"<h3>{lead}</h3>" in html
    assert "Story report" not in html
    assert json.loads(render(report, "json"))["title"] is None  # no title was recovered


def test_an_untitled_story_is_headed_by_the_lead_most_sources_agree_with():
    """Wire copy: the heading is the opening of the lead in the most widely stated fact, not
    whatever the first article (a side story) opens with."""
    from newsprism.model import Fact

    side = make_article("a", ["A lawmaker backed the request on Saturday in parliament."])
    b = make_article("b", ["Police arrested the former dictator in London on Friday night."])
    c = make_article("c", ["The former dictator was arrested in London on Friday night."])
    report = Report(articles=[side, b, c])
    report.facts = [
        Fact("f1", b.sentences[0].text, ["b", "c"], [Ref("b", 0), Ref("c", 0)], "consensus"),
        Fact("f2", side.sentences[0].text, ["a"], [Ref("a", 0)], "single-source"),
    ]
    assert render(report, "md").startswith("# Police arrested the former dictator in London")


def test_articles_of_one_outlet_are_told_apart_by_their_headlines():
    """Nine wire reports are not nine "AP": an outlet names an article only when it is the
    story's only article from that outlet."""
    from newsprism.render.view import build

    a = make_article("a", ["Parliament toppled the government on Wednesday in a vote."])
    b = make_article("b", ["The president asked a veteran leader to form a government."])
    c = make_article("c", ["Markets rose after the vote on Wednesday, traders said."])
    a.outlet = b.outlet = "AP"
    c.outlet = "Reuters"
    view = build(Report(articles=[a, b, c]))
    assert view.label("a") == "AP · Parliament toppled the government on Wednesday in a vote."
    assert view.label("b").startswith("AP · The president asked")
    assert view.label("c") == "Reuters"
    assert view.named("c") == "Reuters · Markets rose after the vote on Wednesday, traders said."
    html = render(Report(articles=[a, b, c]), "html")
    assert "AP · The president asked" in html


def test_a_one_article_report_says_one_article():
    report = Report(articles=[make_article("a", ["The minister resigned on Monday."])])
    assert "\n1 article: " in render(report, "md")
    assert "1 articles" not in render(report, "md") + render(report, "html")
