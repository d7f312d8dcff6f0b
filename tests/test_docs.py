"""The README stays true: its API example runs and its option table matches --help."""

import re

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def _options_in_help() -> set[str]:
    help_text = CliRunner().invoke(main, ["analyze", "--help"]).output
    return set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}


def test_readme_documents_every_cli_option():
    start = README.index("Options of `newsprism analyze`")
    table = README[start : README.index("\n## ", start)]
    documented = set(re.findall(r"`(?:-\w, )?(--[a-z-]+)", table))
    assert documented == _options_in_help()


def test_readme_names_both_setup_commands():
    assert "./bootstrap.sh" in README and ".venv/bin/python -m pytest -q" in README


@pytest.mark.model
def test_readme_api_example_runs(tmp_path, monkeypatch):
    block = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(ROOT)
    block = block.replace('open("report.html"', f"open({str(tmp_path / 'r.html')!r}")
    exec(compile(block, "README.md", "exec"), {})  # the README's own example, as written
    assert (tmp_path / "r.html").read_text().startswith("<!doctype html>")


@pytest.mark.model
def test_readme_compare_example_says_what_it_shows():
    block = next(
        b for b in re.findall(r"```python\n(.*?)```", README, re.S) if "newsprism.compare(" in b
    )
    scope: dict[str, object] = {}
    exec(compile("import newsprism\n" + block, "README.md", "exec"), scope)
    result = scope["result"]
    shown = re.search(r"# \('(\w+)', [\d.]+, \[\('([\w-]+)'", block)
    assert (result.relation, result.why[0].name) == shown.groups()
