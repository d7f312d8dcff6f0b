import io
import json
import sys
import warnings

import pytest

from newsprism.errors import InputError
from newsprism.ingest import SkippedInput, read_paths
from newsprism.options import Options

TEXT = "The ministers met in Brussels on Monday to agree a budget for the coming year.\n"
HTML = """<html><head><title>Budget deal</title>
<meta name="author" content="Ann Lee"><meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2023-03-03T10:00:00Z"></head>
<body><nav>Home | World | Share</nav><article><h1>Budget deal</h1>
<p>The ministers met in Brussels on Monday to agree a common budget for the coming year,
officials said after talks ended late in the evening.</p>
<p>The deal still needs the approval of national parliaments, which may take months.</p>
</article><footer>Copyright Daily Planet</footer></body></html>"""


def test_folder_reads_txt_html_jsonl_sorted(tmp_path):
    (tmp_path / "b.txt").write_text(TEXT)
    (tmp_path / "a.html").write_text(HTML)
    (tmp_path / "c.jsonl").write_text(
        json.dumps(
            {
                "text": TEXT,
                "title": "T",
                "outlet": "Wire",
                "published": "2023-03-02",
                "authors": ["Bo Chan"],
                "url": "https://example.org/x",
            }
        )
        + "\n"
    )
    (tmp_path / "notes.md").write_text("ignored")
    arts = read_paths([tmp_path])
    assert [a.id for a in arts] == ["a", "b", "c-1"]
    html, _, line = arts
    assert html.title == "Budget deal" and html.outlet == "Daily Planet"
    assert html.authors == ["Ann Lee"] and html.published == "2023-03-03"
    assert "common budget" in html.text and "Copyright" not in html.text
    assert (line.title, line.outlet, line.published, line.authors) == (
        "T",
        "Wire",
        "2023-03-02",
        ["Bo Chan"],
    )


def test_repeated_ids_made_unique(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "a.txt").write_text(TEXT)
    (tmp_path / "y" / "a.txt").write_text(TEXT)
    assert [a.id for a in read_paths([tmp_path])] == ["a", "a-2"]


def test_stdin_detects_format(monkeypatch):
    data = json.dumps({"text": TEXT}).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    arts = read_paths(["-"])
    assert len(arts) == 1 and arts[0].text == TEXT


@pytest.mark.parametrize(
    "record,expected",
    [
        (  # news-please
            {
                "maintext": TEXT,
                "date_publish": "2019-03-02 10:11:12",
                "source_domain": "example.com",
                "title": "Flood",
                "authors": [],
            },
            ("Flood", "example.com", "2019-03-02", [], None),
        ),
        (  # NewsAPI: the outlet inside an object, one author as a string
            {
                "content": TEXT,
                "publishedAt": "2019-03-03T10:00:00Z",
                "source": {"id": None, "name": "BBC News"},
                "author": "Jane Roe",
                "url": "https://bbc.example/a",
            },
            (None, "BBC News", "2019-03-03", ["Jane Roe"], "https://bbc.example/a"),
        ),
        (  # schema.org: the publisher's name, not the object; the record's own field wins
            {
                "articleBody": TEXT,
                "text": "Its own text wins over any other name for it.",
                "headline": "Budget",
                "publisher": {"@type": "Organization", "name": "Daily Planet"},
                "datePublished": "2023-03-03",
            },
            ("Budget", "Daily Planet", "2023-03-03", [], None),
        ),
    ],
)
def test_jsonl_reads_common_dumps_field_names(tmp_path, record, expected):
    (tmp_path / "dump.jsonl").write_text(json.dumps(record) + "\n")
    (art,) = read_paths([tmp_path / "dump.jsonl"])
    assert (art.title, art.outlet, art.published, art.authors, art.url) == expected
    own = record.get("text", record.get("maintext", record.get("content")))
    assert art.text == own


@pytest.mark.parametrize(
    "name,data,problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1.txt", "Caf\u00e9 au lait".encode("latin-1"), "not valid UTF-8"),
        ("bad.jsonl", b'{"text": "ok"\n', "invalid JSON"),
        ("list.jsonl", b"[1, 2]\n", "expected a JSON object"),
        ("notext.jsonl", b'{"title": "no body"}\n', "missing required field 'text'"),
        ("num.jsonl", b'{"text": 5}\n', "'text' must be a non-empty string"),
        ("date.jsonl", b'{"text": "x y z", "published": "not a date at all"}\n', "not a date"),
        ("authors.jsonl", b'{"text": "x y z", "authors": [1]}\n', "'authors'"),
        ("alias.jsonl", b'{"maintext": "x y z", "date_publish": "soon"}\n', "'date_publish'"),
        ("nested.jsonl", b'{"content": "x y z", "source": {"name": 7}}\n', "'source.name'"),
        ("plain.html", b"just words, no markup at all", "no HTML elements"),
        ("empty.html", b"<html><body><div></div></body></html>", "no article text"),
    ],
)
def test_bad_input_names_file_and_problem(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_paths([path])
    assert name in str(info.value) and problem in str(info.value)


def test_missing_path_and_unsupported_type(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_paths([tmp_path / "nope.txt"])
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"unsupported file type '\.pdf'"):
        read_paths([tmp_path / "x.pdf"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="folder holds no"):
        read_paths([tmp_path / "empty"])


def test_file_over_size_cap_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with pytest.raises(InputError, match="too large"):
        read_paths([path], Options(max_file_bytes=100))


def test_skip_bad_warns_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (tmp_path / "mixed.jsonl").write_text('{"text": "fine text here"}\nnot json\n')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        arts = read_paths([tmp_path], Options(skip_bad=True))
    assert [a.id for a in arts] == ["good", "mixed-1"]
    messages = [str(w.message) for w in caught if w.category is SkippedInput]
    assert any("bad.txt" in m for m in messages)
    assert any("mixed.jsonl:2" in m and "invalid JSON" in m for m in messages)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_wide_unicode_with_a_byte_order_mark_is_read(tmp_path, codec):
    """Windows tools save text as UTF-16 with a byte-order mark: read, not refused as binary."""
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(codec, "")
    (tmp_path / "a.txt").write_bytes((bom + TEXT).encode(codec))
    (art,) = read_paths([tmp_path / "a.txt"])
    assert art.text == TEXT


def test_broken_utf16_names_its_encoding(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeffCaf\u00e9".encode("utf-16-le")[:-1])  # cut in half
    with pytest.raises(InputError, match=r"a\.txt.*not valid UTF-16"):
        read_paths([tmp_path / "a.txt"])


@pytest.mark.parametrize(
    "value,iso",
    [
        (20220915, "2022-09-15"),  # GDELT's compact day
        ("20220915103000", "2022-09-15"),  # and its compact time
        (1663200000, "2022-09-15"),  # a Unix time in seconds
        (1663200000123, "2022-09-15"),  # in milliseconds
        ("2022-09-15T10:00:00Z", "2022-09-15"),
        ("Sept. 15, 2022", "2022-09-15"),
        (12345, None),  # a number that is no date
        (99999999, None),
        (True, None),
    ],
)
def test_metadata_dates_in_the_forms_dumps_write(value, iso):
    from newsprism.ingest.dates import iso_date

    assert iso_date(value) == iso
