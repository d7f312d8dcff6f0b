"""Property tests: cleaning never crashes and keeps its spans true; JSON round-trips."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.clean import clean
from newsprism.model import RawArticle, Ref, Report, SummarySentence
from newsprism.render import to_dict
from tests.conftest import make_article

LINES = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=120),
        st.sampled_from(
            [
                "Share",
                "See also",
                "By Ann Lee",
                "— A B (@ab) May 1, 2020",
                "pic.twitter.com/x1",
                "#a #b #c",
                "…",
                "Sept. 3, 2021 7:42 am ET",
                "Word-",
                "continued here.",
                " Indented line.",
                "",
            ]
        ),
    ),
    max_size=30,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(LINES)
def test_clean_never_crashes_and_paragraph_spans_hold(lines):
    art = clean(RawArticle(id="x", source="x.txt", text="\n".join(lines)))
    for p in art.paragraphs:
        assert art.text[p.start : p.end].strip() == art.text[p.start : p.end]
        assert art.text[p.start : p.end]
    assert "\n\n".join(art.text[p.start : p.end] for p in art.paragraphs) == art.text
    assert all(r.kind and r.text is not None for r in art.removed)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40
        ).filter(lambda s: s.strip()),
        min_size=1,
        max_size=5,
    )
)
def test_json_round_trip(sentences):
    art = make_article("a", sentences)
    rep = Report(articles=[art], summary=[SummarySentence(art.sentences[0].text, [Ref("a", 0)])])
    data = to_dict(rep)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    for s in data["articles"][0]["sentences"]:
        assert data["articles"][0]["text"][s["start"] : s["end"]] == s["text"]
