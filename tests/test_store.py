"""The store end to end: ingest (files, feeds, WARC, URLs from a local server), re-ingest as a
no-op, stories and cached reports, bad input skipped with reasons, kill -9 in the middle of an
ingest, the migrations matching the tables, and the CLI commands."""

from __future__ import annotations

import http.server
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.errors import InputError, UsageError
from newsprism.store import Store, database_url, ingest

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "samarkand-2022"

QUAKE = [
    "A powerful earthquake struck northwestern Turkey on Tuesday, killing at least 200 people "
    "in the industrial city of Izmit, officials said. Rescuers searched the rubble of "
    "collapsed apartment blocks through the night.",
    "Rescue teams in Izmit pulled survivors from collapsed buildings on Wednesday after the "
    "earthquake in northwestern Turkey killed more than 200 people, the government said.",
]
BUDGET = [
    "The House passed a $500 billion spending bill on Friday after Republican leaders and the "
    "White House agreed on funding for schools, ending a week of budget talks in Congress.",
]


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _stream(tmp: Path) -> Path:
    return _jsonl(
        tmp / "stream.jsonl",
        [
            {
                "url": "https://a.example/quake",
                "title": "Quake kills 200 in Turkey",
                "text": QUAKE[0],
                "published": "1999-08-17",
                "outlet": "A",
            },
            {
                "url": "https://b.example/izmit",
                "title": "Survivors pulled from Izmit rubble",
                "text": QUAKE[1],
                "published": "1999-08-18",
                "outlet": "B",
            },
            {
                "url": "https://c.example/budget",
                "title": "House passes spending bill",
                "text": BUDGET[0],
                "published": "1999-08-20",
                "outlet": "C",
            },
        ],
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(str(tmp_path / "np.db")) as s:
        yield s


def test_ingest_sorts_a_stream_into_stories(store: Store, tmp_path: Path) -> None:
    result = ingest(store, [_stream(tmp_path)])
    assert (result.count("new"), result.count("duplicate"), result.count("skipped")) == (3, 0, 0)
    stories = store.stories()
    groups = sorted(sorted(a["url"] for a in s["articles"]) for s in stories)
    assert groups == [
        ["https://a.example/quake", "https://b.example/izmit"],
        ["https://c.example/budget"],
    ]
    quake = next(s for s in stories if len(s["articles"]) == 2)
    assert (quake["first"], quake["last"], quake["outlets"]) == ("1999-08-17", "1999-08-18", 2)
    assert quake["title"] == "Quake kills 200 in Turkey"
    assert all(a["source"].startswith(str(tmp_path)) for a in quake["articles"])


def test_reingesting_the_same_input_is_a_no_op(store: Store, tmp_path: Path) -> None:
    path = _stream(tmp_path)
    ingest(store, [path])
    before = (store.counts(), store.stories())
    again = ingest(store, [path])
    assert again.count("new") == 0 and again.count("duplicate") == 3
    assert {o.story for o in again.outcomes} <= {s["id"] for s in before[1]}
    assert (store.counts(), store.stories()) == before


def test_the_same_text_without_a_url_is_stored_once(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(QUAKE[0], encoding="utf-8")
    (tmp_path / "copy.txt").write_text(QUAKE[0], encoding="utf-8")
    result = ingest(store, [tmp_path / "a.txt", tmp_path / "copy.txt"])
    assert [o.status for o in result.outcomes] == ["new", "duplicate"]
    assert result.outcomes[1].article == result.outcomes[0].article
    assert store.counts()["articles"] == 1


def test_every_input_of_an_article_stored_once_is_listed_with_its_story(
    store: Store, tmp_path: Path
) -> None:
    """The same text in two files is one article, under one id; ``stories --json`` lists it
    with both files, so no input goes missing. Reading either again changes nothing."""
    from newsprism.store.core import story_json

    (tmp_path / "a.txt").write_text(QUAKE[0], encoding="utf-8")
    (tmp_path / "copy.txt").write_text(QUAKE[0], encoding="utf-8")
    ingest(store, [tmp_path / "a.txt", tmp_path / "copy.txt"])
    (story,) = [story_json(s) for s in store.stories()]
    listed = [(a["id"], a["source"]) for a in story["articles"]]
    (only,) = {i for i, _ in listed}
    assert [src for _, src in listed] == [str(tmp_path / "a.txt"), str(tmp_path / "copy.txt")]
    before = store.stories()
    again = ingest(store, [tmp_path / "copy.txt", tmp_path / "a.txt"])
    assert [o.status for o in again.outcomes] == ["duplicate", "duplicate"]
    assert {o.article for o in again.outcomes} == {only}
    assert store.stories() == before


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_stored(
    store: Store, tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_text(QUAKE[0], encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    bad_line = tmp_path / "lines.jsonl"
    bad_line.write_text('{"text": "x"\n' + json.dumps({"text": BUDGET[0]}) + "\n", "utf-8")
    result = ingest(store, [tmp_path / "good.txt", tmp_path / "bad.txt", bad_line])
    skipped = [o for o in result.outcomes if o.status == "skipped"]
    assert {Path(o.source.split(":")[0]).name for o in skipped} == {"bad.txt", "lines.jsonl"}
    assert all(o.reason for o in skipped)
    assert result.count("new") == 2 and store.counts()["articles"] == 2


def test_report_is_computed_once_and_recomputed_when_the_story_changes(
    store: Store, tmp_path: Path
) -> None:
    rows = [json.loads(x) for x in _stream(tmp_path).read_text().splitlines()]
    ingest(store, [_jsonl(tmp_path / "one.jsonl", rows[:1])])
    sid = store.stories()[0]["id"]
    first = json.loads(store.report(sid, "json"))
    assert first["schema"] == "newsprism.report/1" and len(first["articles"]) == 1
    with store.engine.connect() as conn:
        cached = conn.exec_driver_sql("SELECT story_id, version FROM reports").all()
    assert cached == [(sid, 1)]
    assert json.loads(store.report(sid, "json")) == first  # served from the cache
    ingest(store, [_jsonl(tmp_path / "two.jsonl", rows[1:2])])
    assert store.resolve(sid) == sid
    second = json.loads(store.report(sid, "json"))
    assert len(second["articles"]) == 2  # the cache did not serve the old report
    assert store.report(sid, "md").startswith("# ")
    assert "<html" in store.report(sid, "html").lower()


def test_unknown_story_and_bad_database(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such story"):
        store.report(999)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(InputError, match=r"junk\.db"):
        Store.open(str(junk))
    with pytest.raises(UsageError):
        database_url("mysql://x/y")


def test_migrations_match_the_tables(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from newsprism.store import METADATA, SEARCH_APART

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts=SEARCH_APART), METADATA)
    assert diff == []


def test_sqlite_store_uses_wal(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


# --- formats: feeds, WARC, URLs ------------------------------------------------------------
PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{text}</p><p>{text2}</p></article></body></html>"""


def _feed(base: str) -> str:
    items = "".join(
        f"<item><title>{t}</title><link>{base}/{slug}.html</link>"
        f"<pubDate>Tue, 17 Aug 1999 10:00:00 GMT</pubDate>"
        f"<description>Short teaser {k}.</description></item>"
        for k, (slug, t) in enumerate([("quake", "Quake in Turkey"), ("izmit", "Izmit rescue")])
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>{base}</link>{items}</channel></rss>"
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    site = tmp_path / "site"
    site.mkdir()
    for slug, title, text in (
        ("quake", "Quake in Turkey", QUAKE[0]),
        ("izmit", "Izmit rescue", QUAKE[1]),
    ):
        site.joinpath(f"{slug}.html").write_text(
            PAGE.format(title=title, text=text, text2=text), encoding="utf-8"
        )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a: object, **k: object) -> None:
            super().__init__(*a, directory=str(site), **k)  # type: ignore[arg-type]

        def log_message(self, *_a: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    site.joinpath("feed.xml").write_text(_feed(base), encoding="utf-8")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()


def test_feed_url_fetches_each_entrys_page(store: Store, server: str) -> None:
    result = ingest(store, [f"{server}/feed.xml"])
    assert result.count("new") == 2
    (story,) = store.stories()
    urls = sorted(a["url"] for a in story["articles"])
    assert urls == [f"{server}/izmit.html", f"{server}/quake.html"]
    with store.engine.connect() as conn:
        texts = [r[0] for r in conn.exec_driver_sql("SELECT text FROM articles")]
    assert any("Rescuers searched the rubble" in t for t in texts)  # the page, not the teaser


def test_feed_file_without_fetching_keeps_entry_text(store: Store, tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    feed.write_text(_feed("http://127.0.0.1:9"), encoding="utf-8")
    result = ingest(store, [feed], fetch=False)
    assert result.count("new") == 2
    assert {a["title"] for s in store.stories() for a in s["articles"]} == {
        "Quake in Turkey",
        "Izmit rescue",
    }


def test_unreachable_page_keeps_the_feed_text_with_a_note(store: Store, tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    feed.write_text(_feed("http://127.0.0.1:9"), encoding="utf-8")  # port 9: nothing listens
    result = ingest(store, [feed])
    assert result.count("new") == 2
    assert result.count("skipped") == 0  # kept, so not skipped
    assert len(result.notes) == 2 and all("kept the feed" in n for n in result.notes)
    assert result.line().endswith("; 2 read in part")


def test_warc_reads_html_responses_only(store: Store, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, ctype, status, body in (
            (
                "https://a.example/quake",
                "text/html",
                "200 OK",
                PAGE.format(title="Quake", text=QUAKE[0], text2=QUAKE[1]).encode(),
            ),
            ("https://a.example/logo.png", "image/png", "200 OK", b"\x89PNG..."),
            ("https://a.example/gone", "text/html", "404 Not Found", b"<html>gone</html>"),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
    result = ingest(store, [path])
    assert result.count("new") == 1
    (story,) = store.stories()
    assert story["articles"][0]["url"] == "https://a.example/quake"


# --- crash safety ----------------------------------------------------------------------------
def _consistent(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        n_members = con.execute("SELECT count(*) FROM members").fetchone()[0]
        assert n_articles == n_members  # every stored article is in exactly one story
        unsourced = "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM sources)"
        assert con.execute(unsourced).fetchone()[0] == 0  # and says where it was read
        orphans = "SELECT count(*) FROM sources WHERE article_id NOT IN (SELECT id FROM articles)"
        assert con.execute(orphans).fetchone()[0] == 0
        for sid, size in con.execute("SELECT id, articles FROM stories WHERE merged_into IS NULL"):
            members = con.execute("SELECT count(*) FROM members WHERE story_id=?", (sid,))
            assert members.fetchone()[0] == size
        return int(n_articles)
    finally:
        con.close()


def test_kill_9_mid_ingest_leaves_a_consistent_store_the_next_run_completes(
    tmp_path: Path,
) -> None:
    topics = [QUAKE[0], QUAKE[1], BUDGET[0]]
    rows = [
        {
            "url": f"https://x.example/{k}",
            "title": f"Report {k}",
            "text": f"{topics[k % 3]} Update number {k} from the newsroom.",
            "published": f"1999-08-{1 + k % 28:02d}",
        }
        for k in range(600)
    ]
    src = _jsonl(tmp_path / "big.jsonl", rows)
    db = tmp_path / "kill.db"
    env = dict(os.environ)
    log = tmp_path / "ingest.stderr"  # a file, not a pipe nobody reads while the child runs
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsprism.cli", "ingest", str(src), "--db", str(db), "-q"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    deadline = time.time() + 600  # the child loads the models first: slow on a busy machine
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=1)
                stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 5:
                break
        time.sleep(0.05)
    exited = proc.poll()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = _consistent(db)
    assert 0 < at_kill < len(rows), (
        f"the ingest was not stopped midway (it had exited: {exited}; {stored} stored); the "
        f"test proves nothing. Its stderr: {log.read_text(errors='replace')[-2000:]}"
    )
    with Store.open(str(db)) as store:
        rerun = ingest(store, [src])
    assert rerun.count("new") == len(rows) - at_kill
    assert rerun.count("duplicate") == at_kill
    assert _consistent(db) == len(rows)


# --- CLI -------------------------------------------------------------------------------------
def test_cli_ingest_stories_report(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", str(EXAMPLE), "--db", db, "-q"])
    assert res.exit_code == 0, res.output
    assert "5 new, 0 duplicate, 0 skipped" in res.output
    res = runner.invoke(main, ["stories", "--db", db, "--json"])
    data = json.loads(res.output)
    assert len(data) == 1 and len(data[0]["articles"]) == 5
    assert set(data[0]["articles"][0]) == {"id", "source", "url", "title", "published"}
    out = tmp_path / "story.html"
    res = runner.invoke(main, ["report", str(data[0]["id"]), "--db", db, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Samarkand" in out.read_text(encoding="utf-8")
    res = runner.invoke(main, ["report", "424242", "--db", db])
    assert res.exit_code == 1 and "no such story" in res.output
    res = runner.invoke(main, ["ingest", str(tmp_path / "missing.txt"), "--db", db])
    assert res.exit_code == 1 and "missing.txt" in res.output


def test_db_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSPRISM_DB", str(tmp_path / "env.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("NEWSPRISM_DB")
    assert database_url() == "sqlite:///newsprism.db"


def test_a_store_from_before_sources_gets_one_for_each_article(tmp_path: Path) -> None:
    """Migration 0003 on a store written at 0002: each stored article was read from its own
    source, and a story lists it as before."""
    from alembic import command
    from alembic.config import Config

    db = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", "newsprism:migrations")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.exec_driver_sql(
            "INSERT INTO articles (key, url, source, raw_hash, authors, text, raw, added) "
            "VALUES ('sha:1', 'https://x.example/a', 'old.jsonl:1', '1', '[]', 'Text.', '{}', "
            "'2020-01-01 00:00:00')"
        )
    engine.dispose()
    with Store.open(str(db)) as store, store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT article_id, source, url FROM sources").all()
    assert [tuple(r) for r in rows] == [(1, "old.jsonl:1", "https://x.example/a")]


def test_a_crawl_cut_off_mid_record_keeps_the_pages_before(store: Store, tmp_path: Path) -> None:
    """A WARC whose last record is broken (a crawl killed while writing): the pages read before
    it are stored, and the ingest says it read the file in part; a WARC broken from its first
    record is skipped with the reason (no traceback)."""
    import gzip

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = PAGE.format(title="Quake", text=QUAKE[0], text2=QUAKE[1]).encode()
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://a.example/quake", "response", payload=io.BytesIO(page), http_headers=headers
        )
    )
    broken = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 100\r\n\r\nHTTP/1.1 200 OK\r\n"
    (tmp_path / "cut.warc.gz").write_bytes(buf.getvalue() + gzip.compress(broken))
    (tmp_path / "bad.warc.gz").write_bytes(gzip.compress(broken))
    result = ingest(store, [tmp_path / "cut.warc.gz", tmp_path / "bad.warc.gz"])
    assert result.count("new") == 1
    (note,) = result.notes
    assert "cut.warc.gz" in note and "kept 1 article" in note
    (skip,) = [o for o in result.outcomes if o.status == "skipped"]
    assert "bad.warc.gz" in skip.source and "malformed WARC record" in (skip.reason or "")
