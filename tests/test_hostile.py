"""Hostile input, one case a line: each ends quickly with the right exit code (1 bad input naming
the file, 2 usage) and no traceback; nothing unescaped reaches Markdown or HTML. Property tests
for the JSONL reader and the Markdown escaper."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import newsprism
from newsprism import InputError, RawArticle, UsageError
from newsprism.cli import main
from newsprism.ingest import jsonl, read_paths
from newsprism.options import Options
from newsprism.render.markdown import esc

GOOD = "The mayor of Springfield opened the new river bridge on Monday, officials said."


def _cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args), input=stdin)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output


def _big_int(tmp: Path) -> Path:
    p = tmp / "big.jsonl"
    p.write_text('{"text": "x", "n": ' + "9" * 5000 + "}\n")
    return p


def _nested(tmp: Path) -> Path:
    p = tmp / "nest.jsonl"
    p.write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    return p


def _surrogate(tmp: Path) -> Path:
    p = tmp / "sur.jsonl"
    p.write_text('{"text": "bad \\ud800 text"}\n')
    return p


def _fifo(tmp: Path) -> Path:
    p = tmp / "pipe.txt"
    os.mkfifo(p)
    return p


def _zero(tmp: Path) -> Path:
    p = tmp / "zero.txt"
    p.symlink_to("/dev/zero")
    return p


def _long_name(tmp: Path) -> Path:
    return tmp / ("a" * 300 + ".txt")


def _broken_json(tmp: Path) -> Path:
    p = tmp / "broken.jsonl"
    p.write_text('{"text": "unterminated\n')
    return p


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (_big_int, "unreadable JSON"),
        (_nested, "unreadable JSON"),
        (_surrogate, "lone surrogate"),
        (_fifo, "not a regular file"),
        (_zero, "not a regular file"),
        (_long_name, "cannot read"),
        (_broken_json, "invalid JSON"),
    ],
)
def test_bad_input_is_exit_1_naming_the_file(tmp_path: Path, make, problem: str) -> None:
    path = make(tmp_path)
    code, out = _cli("analyze", str(path), "-o", str(tmp_path / "r.json"), "-q")
    assert code == 1 and path.name[:50] in out and problem in out
    assert "Traceback" not in out and " at at " not in out


@pytest.mark.parametrize(
    "args",
    [
        ["--summary-words", "100000000"],
        ["--summary-words", "99999999999999999999"],
        ["--summary-words", "0"],
    ],
)
def test_absurd_numbers_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    code, out = _cli("analyze", str(tmp_path), *args, "-o", str(tmp_path / "r.json"))
    assert code == 2 and "summary-words" in out


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: newsprism.analyze(None), UsageError),
        (lambda: newsprism.analyze(5), UsageError),
        (lambda: newsprism.analyze([None]), UsageError),
        (lambda: newsprism.analyze("x", summary_words="5"), UsageError),
        (lambda: newsprism.analyze("x", summary_words=10**8), UsageError),
        (lambda: newsprism.analyze("x", skip_bad=1), UsageError),
        (lambda: newsprism.analyze("x", nonsense=1), UsageError),
        (lambda: newsprism.analyze(RawArticle(id="a", source="s", text=None)), InputError),
        (lambda: newsprism.analyze(RawArticle(id="a", source="s", text=GOOD, title=5)), InputError),
        (lambda: Options.build(max_articles=-1), UsageError),
    ],
)
def test_wrong_types_in_the_api_are_our_errors(call, error) -> None:
    with pytest.raises(error):
        call()


def test_json_lines_split_only_on_newline() -> None:
    line = json.dumps({"text": f"{GOOD}\u2028{GOOD}\u2029{GOOD}\x85"}, ensure_ascii=False)
    (art,) = jsonl.parse(line.encode() + b"\n", "x.jsonl", "x", Options())
    assert art.text.count("mayor") == 3


def test_plain_text_on_stdin_may_start_with_a_bracket(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    text = f"<b>not html</b> {GOOD}"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    (raw,) = read_paths(["-"])
    assert raw.text.startswith("<b>not html</b>")


def test_failed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    from newsprism.cli import _write

    target = tmp_path / "out" / "r.json"
    target.parent.mkdir()
    target.mkdir()  # a folder where the report should go: the rename fails
    with pytest.raises(OSError):
        _write("{}", str(target))
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]


def test_unwritable_output_is_refused_before_the_analysis(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out = _cli("analyze", str(tmp_path / "a.txt"), "-o", str(blocker / "r.json"), "-q")
    assert code == 1 and "cannot write" in out


def test_skip_bad_with_every_input_bad_still_says_why(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01")
    (tmp_path / "b.jsonl").write_text("{nope\n")
    code, out = _cli("analyze", str(tmp_path), "--skip-bad", "-o", str(tmp_path / "r.json"))
    assert code == 1 and "a.txt" in out and "b.jsonl" in out


def test_an_over_long_paragraph_keeps_what_fits() -> None:
    from newsprism.clean import clean

    text = " ".join([GOOD] * 5000)  # one paragraph of ~400,000 characters
    art = clean(RawArticle(id="x", source="x", text=text))
    assert 100_000 < len(art.text) <= Options().max_article_chars
    assert art.text.endswith(".") and any(r.kind == "oversize" for r in art.removed)


# --- escaping -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "evil",
    [
        "name\n\n<img src=x onerror=alert(1)>",
        "title\r~~~\nswallowed",
        "```\ncode",
        "![x](javascript:alert(1))",
        "[click](javascript:alert(1))",
        "<script>alert(1)</script>",
        "\u202egnp.exe",
    ],
)
def test_markdown_escape_keeps_untrusted_text_inert(evil: str) -> None:
    out = esc(evil)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"(?<!\\)[<`~!\[]", out)
    assert "\u202e" not in out


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_markdown_escape_property(text: str) -> None:
    out = esc(text)
    assert not re.search(r"[\r\n\x85\u2028\u2029]", out)
    assert not re.search(r"(?<!\\)[<>`~\[\]]", out.replace("\\\\", ""))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["text", "title", "url", "outlet", "published", "authors", "x"]),
        st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text(), max_size=3)),
    )
)
def test_jsonl_reader_gives_records_or_input_errors(obj: dict[str, object]) -> None:
    data = json.dumps(obj).encode() + b"\n"
    try:
        out = jsonl.parse(data, "p.jsonl", "p", Options())
    except InputError as exc:
        assert exc.source.startswith("p.jsonl")
        return
    assert len(out) == 1 and isinstance(out[0].text, str) and out[0].text.strip()


def test_markdown_report_source_with_blank_lines_stays_inert() -> None:
    from newsprism.model import Article, Report
    from newsprism.render import render

    art = Article(
        id="a",
        source="evil\n\n<img src=x onerror=alert(1)>.txt",
        text=GOOD,
        title="T\r~~~",
        outlet="O\u202e",
    )
    md = render(Report(articles=[art]), "md")
    assert not re.search(r"(?<!\\)<img", md) and "\n~~~" not in md and "\u202e" not in md
    html = render(Report(articles=[art]), "html")
    assert "<img src=x" not in html and "\u202e" not in html


# --- files and folders that are not what they seem ----------------------------------------
def test_an_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import warnings

    from newsprism.ingest import SkippedInput

    (tmp_path / "a.txt").write_text(GOOD)
    real_walk = os.walk

    def walk(top, onerror=None, **kw):  # a subfolder the user may not enter (root may)
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "secret")))
        yield from real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(os, "walk", walk)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raws = read_paths([tmp_path])
    assert len(raws) == 1
    notes = [str(w.message) for w in caught if issubclass(w.category, SkippedInput)]
    assert any("secret" in n and "Permission denied" in n for n in notes)


@pytest.mark.model
def test_a_report_in_the_story_folder_is_not_read_as_an_article(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLE

    story = tmp_path / "story"
    story.mkdir()
    for f in sorted(EXAMPLE.glob("*.txt"))[:2]:
        (story / f.name).write_bytes(f.read_bytes())
    assert _cli("analyze", str(story), "-o", str(story / "report.html"), "-q")[0] == 0
    code, out = _cli("analyze", str(story), "-o", str(story / "again.json"), "-q")
    assert code == 0 and "a newsprism report, not an article" in out
    assert len(json.loads((story / "again.json").read_text())["articles"]) == 2


@pytest.mark.model
@pytest.mark.parametrize(
    "name,text",
    [
        (
            "fr.txt",
            "Le président de la République a inauguré lundi le nouveau pont sur la Seine, ont "
            "indiqué les responsables de la ville.\n\nLes travaux ont duré deux ans et ont coûté "
            "cinq millions d'euros, selon le conseil municipal.\n",
        ),
        ("ar.txt", "افتتح رئيس البلدية الجسر الجديد يوم الاثنين، بحسب المسؤولين في المدينة.\n" * 3),
    ],
)
def test_a_non_english_article_says_so(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, out = _cli("analyze", str(tmp_path / name), "-o", str(tmp_path / "r.json"), "-q")
    assert code == 1 and name in out and "not in English" in out


@pytest.mark.model
def test_a_damaged_model_cache_is_rebuilt_and_an_unwritable_one_named(tmp_path: Path) -> None:
    from importlib import import_module

    import openvino

    from newsprism import nlp

    model_dir = Path(import_module(nlp.ENCODER_PACKAGE).get_model_path())
    damaged = tmp_path / "m.onnx"
    damaged.write_bytes(b"\x08\x07 truncated")
    kept = nlp.EncoderConfig().shapes_kept
    model = nlp._compiled(model_dir, damaged, 1, openvino, kept)
    assert model.inputs and damaged.stat().st_size > 1_000_000
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(newsprism.NewsprismError, match="cannot write the model cache"):
        nlp._compiled(model_dir, blocker / "m.onnx", 1, openvino, kept)
