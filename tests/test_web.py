"""The HTTP API and pages through FastAPI's test client (httpx): stories, reports, articles,
posting articles (JSON and uploads), 404s, 4xx for bad input, the token, security headers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.render import schema
from newsprism.store import Store, ingest
from newsprism.web import create_app

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "samarkand-2022"
BRIDGE = {
    "title": "Springfield opens its new river bridge",
    "text": "The mayor of Springfield opened the new river bridge on Monday, officials said. "
    "The bridge cost $5 million and took two years to build, the city council said.",
    "url": "https://local.example/bridge",
    "outlet": "Local News",
    "published": "2022-09-20",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("web") / "web.db")
    with Store.open(path) as store:
        ingest(store, [EXAMPLE])
    return path


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, token="s3cret")) as c:
        yield c


def test_story_list_and_report_are_valid(client: TestClient) -> None:
    import jsonschema

    res = client.get("/api/stories")
    assert res.status_code == 200 and res.headers["x-total-count"] == "1"
    (story,) = res.json()
    assert len(story["articles"]) == 5
    assert set(story["articles"][0]) == {"id", "source", "url", "title", "published"}
    report = client.get(f"/api/stories/{story['id']}")
    assert report.status_code == 200
    jsonschema.validate(report.json(), schema())
    article = client.get(f"/api/articles/{story['articles'][0]['id']}").json()
    assert article["story"] == story["id"] and article["text"]


def test_story_page_cites_sentences_in_article_pages(client: TestClient) -> None:
    sid = client.get("/api/stories").json()[0]["id"]
    client.get(f"/api/stories/{sid}")  # computed and cached
    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200 and "being computed" not in page.text
    assert 'id="summary"' in page.text and 'id="outlets"' in page.text
    import re

    link = re.search(r'href="/articles/(\d+)#s(\d+)"', page.text)
    assert link is not None
    art = client.get(f"/articles/{link[1]}")
    assert art.status_code == 200 and f'id="s{link[2]}"' in art.text


def test_search_filters_and_pages(client: TestClient) -> None:
    assert len(client.get("/api/stories", params={"q": "Samarkand"}).json()) == 1
    assert client.get("/api/stories", params={"q": "zebra crossing"}).json() == []
    assert client.get("/api/stories", params={"q": '"; DROP TABLE articles; --'}).json() == []
    assert client.get("/api/stories", params={"since": "2030-01-01"}).json() == []
    assert len(client.get("/api/stories", params={"until": "2030-01-01"}).json()) == 1
    assert client.get("/api/stories", params={"outlet": "Nobody"}).json() == []
    assert client.get("/api/stories", params={"offset": 1}).json() == []
    assert client.get("/", params={"q": "Samarkand"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/424242",
        "/api/articles/424242",
        "/stories/424242",
        "/articles/424242",
        "/stories/abc",
        "/api/stories/abc",
    ],
)
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("body", "ctype", "status"),
    [
        ("{not json", "application/json", 400),
        ('{"title": "no text"}', "application/json", 400),
        ('{"text": 5}', "application/json", 400),
        ("[" * 100_000, "application/json", 400),
        ('"just a string"', "application/json", 400),
        ("text=hello", "application/x-www-form-urlencoded", 400),
        ("[]", "application/json", 400),
        ('{"text": "The mayor said \\ud800 the bridge opened."}', "application/json", 400),
        ('{"text": "x", "n": ' + "9" * 5000 + "}", "application/json", 400),
        ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ("null", "application/json", 400),
        ('{"text": "The mayor spoke.", "published": "not a date"}', "application/json", 400),
    ],
)
def test_malformed_posts_are_4xx_with_a_message(
    client: TestClient, body: str, ctype: str, status: int
) -> None:
    res = client.post(
        "/api/articles",
        content=body.encode(),
        headers={"content-type": ctype, "authorization": "Bearer s3cret"},
    )
    assert res.status_code == status and res.json()["detail"]


def test_posting_needs_the_token_and_ingests(client: TestClient) -> None:
    assert client.post("/api/articles", json=BRIDGE).status_code == 401
    auth = {"authorization": "Bearer s3cret"}
    res = client.post("/api/articles", json=BRIDGE, headers=auth)
    assert res.status_code == 201, res.text
    (outcome,) = res.json()["articles"]
    assert outcome["status"] == "new" and outcome["story"] is not None
    again = client.post("/api/articles", json=BRIDGE, headers=auth)
    assert again.status_code == 200 and again.json()["articles"][0]["status"] == "duplicate"
    upload = client.post(
        "/api/articles",
        files={"file": ("note.exe", b"MZ\x00\x00", "application/octet-stream")},
        headers=auth,
    )
    assert upload.status_code == 400 and "unsupported file type" in upload.json()["detail"]


def test_body_size_is_capped(client: TestClient) -> None:
    big = json.dumps({"text": "word " * 1_100_000})
    res = client.post(
        "/api/articles",
        content=big.encode(),
        headers={"content-type": "application/json", "authorization": "Bearer s3cret"},
    )
    assert res.status_code == 413


def test_pages_carry_a_csp_without_scripts_and_escape_text(client: TestClient, db: str) -> None:
    evil = dict(
        BRIDGE,
        url="https://evil.example/x",
        title="<script>alert(1)</script> Bridge",
        text=BRIDGE["text"] + " <img src=x onerror=alert(2)>",
    )
    client.post("/api/articles", json=evil, headers={"authorization": "Bearer s3cret"})
    res = client.get("/", params={"q": "bridge"})
    csp = res.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp
    assert "<script>alert(1)" not in res.text
    art_id = max(a["id"] for s in client.get("/api/stories").json() for a in s["articles"])
    page = client.get(f"/articles/{art_id}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bridge" in page.text
    assert "<script>" not in page.text and "<img src=x" not in page.text
    assert 'href="javascript:' not in page.text.lower()  # shown, never a link


def test_openapi_and_docs_are_served_locally(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles"} <= set(spec["paths"])
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "/static/swagger/swagger-ui-bundle.js" in docs
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_a_story_page_says_while_its_report_is_computed(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.db")
    with Store.open(db) as store:
        ingest(store, [EXAMPLE / "002_6c7625486aecb8cd.txt"])
        sid = store.stories()[0]["id"]
    with TestClient(create_app(db)) as client:
        first = client.get(f"/stories/{sid}")
        assert first.status_code == 200
        assert "being computed" in first.text and 'http-equiv="refresh"' in first.text
        client.app.state.reports.running[sid].result(timeout=120)  # the background job
        done = client.get(f"/stories/{sid}")
        assert "being computed" not in done.text and 'id="summary"' in done.text


def test_an_untitled_article_page_is_headed_by_its_first_words(client: TestClient) -> None:
    wire = {k: v for k, v in BRIDGE.items() if k not in ("title", "url")}
    wire["text"] = "Flood waters closed the old river ferry on Tuesday. " + BRIDGE["text"]
    res = client.post("/api/articles", json=wire, headers={"authorization": "Bearer s3cret"})
    assert res.status_code == 201, res.text
    art_id = res.json()["articles"][0]["article"]
    page = client.get(f"/articles/{art_id}").text
    lead = " ".join(wire["text"].split()[:12]) + " …"  # twelve words: "… The mayor of …"
    assert f"<h1>{lead}</h1>" in page, page
    assert f"Article {art_id}" not in page, page
    assert client.get(f"/api/articles/{art_id}").json()["headline"] == lead


def test_a_computing_story_page_lists_untitled_articles_by_their_first_words(
    tmp_path: Path,
) -> None:
    from newsprism.model import RawArticle

    db = str(tmp_path / "wire.db")
    wire = {k: v for k, v in BRIDGE.items() if k != "title"}  # wire copy has no title
    with Store.open(db) as store:
        ingest(store, [RawArticle(id="w", source="wire.jsonl:1", **wire)])
        sid = store.stories()[0]["id"]
    with TestClient(create_app(db)) as client:
        page = client.get(f"/stories/{sid}").text
        client.app.state.reports.running[sid].result(timeout=120)
    assert "being computed" in page
    lead = " ".join(wire["text"].split()[:12]) + " …"
    assert f">{lead}</a>" in page, page
    assert ">Local News</a>" not in page  # the outlet is said beside it, not as its name
