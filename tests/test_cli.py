import json
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

from newsprism import __version__
from newsprism.cli import main
from newsprism.render import schema
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.model


def _run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    for ext in ("json", "md", "html"):
        res = _run("analyze", str(EXAMPLE), "-o", str(out / f"report.{ext}"))
        assert res.exit_code == 0, res.output
    return out


def test_json_output(outputs):
    data = json.loads((outputs / "report.json").read_text())
    jsonschema.validate(data, schema())
    assert len(data["articles"]) == 5


def test_markdown_output(outputs):
    md = (outputs / "report.md").read_text()
    for heading in ("## Summary", "## Facts", "## Who said what", "## Timeline", "## Articles"):
        assert heading in md
    assert "Removed by cleaning" in md


def test_html_output_self_contained(outputs):
    html = (outputs / "report.html").read_text()
    assert html.startswith("<!doctype html>")
    assert 'name="viewport"' in html and "@media print" in html
    assert "<script" not in html and "https://" not in html
    assert "Keith Zhai" in html and "Removed by cleaning" in html


def test_dash_prints_json_and_summary_words():
    res = _run("analyze", str(EXAMPLE), "-o", "-", "--summary-words", "40")
    data = json.loads(res.stdout)
    assert sum(len(s["text"].split()) for s in data["summary"]) <= 40


def test_each_writes_one_report_per_subfolder(tmp_path):
    parent = tmp_path / "stories"
    for name in ("one", "two"):
        (parent / name).mkdir(parents=True)
        for f in sorted(EXAMPLE.iterdir())[:2]:
            (parent / name / f.name).write_bytes(f.read_bytes())
    res = _run("analyze", "--each", str(parent), "-o", str(tmp_path / "out"), "--format", "md")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["one.md", "two.md"]


def test_bad_input_exit_1_names_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    res = _run("analyze", str(bad), "-o", str(tmp_path / "r.json"))
    assert res.exit_code == 1
    assert "bad.txt" in res.stderr and "binary" in res.stderr
    assert not (tmp_path / "r.json").exists()


def test_skip_bad_goes_on(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    (story / "bad.txt").write_bytes(b"")
    (story / "good.txt").write_bytes(sorted(EXAMPLE.iterdir())[3].read_bytes())
    res = _run("analyze", str(story), "--skip-bad", "-o", str(tmp_path / "r.json"))
    assert res.exit_code == 0
    assert "bad.txt" in res.stderr and "empty file" in res.stderr
    data = json.loads((tmp_path / "r.json").read_text())
    assert len(data["articles"]) == 1
    assert any("bad.txt" in w and "empty file" in w for w in data["warnings"])


def test_existing_report_kept_when_input_is_bad(tmp_path):
    out = tmp_path / "r.json"
    out.write_text("previous report")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    assert _run("analyze", str(bad), "-o", str(out)).exit_code == 1
    assert out.read_text() == "previous report"


def test_usage_errors_exit_2(tmp_path):
    assert _run("analyze").exit_code == 2
    assert _run("analyze", str(EXAMPLE), "-o", str(tmp_path / "r.pdf")).exit_code == 2
    assert _run("analyze", str(EXAMPLE), "--summary-words", "0").exit_code == 2
    assert _run("nonsense").exit_code == 2


def test_version():
    assert _run("--version").output.strip() == f"newsprism, version {__version__}"


def test_stdin_text():
    text = (EXAMPLE / sorted(p.name for p in EXAMPLE.iterdir())[3]).read_text()
    res = _run("analyze", "-", "-o", "-", input=text)
    assert res.exit_code == 0
    assert json.loads(res.stdout)["articles"][0]["id"] == "stdin"


def test_real_entry_point_no_traceback(tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"title": "no text"}\n')
    proc = subprocess.run(
        [sys.executable, "-m", "newsprism.cli", "analyze", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "missing required field 'text'" in proc.stderr


def test_no_embeddings_still_gives_a_cited_report(tmp_path):
    out = tmp_path / "r.json"
    res = _run("analyze", str(EXAMPLE), "--no-embeddings", "-o", str(out))
    assert res.exit_code == 0
    data = json.loads(out.read_text())
    jsonschema.validate(data, schema())
    assert data["summary"] and all(s["citations"] for s in data["summary"])
    assert any(f["status"] == "consensus" for f in data["facts"])
