"""Shared fixtures: the example story, hand-made records, and one real analysis per session."""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.model import Article, Mention, Paragraph, Sentence

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "samarkand-2022"
SHARED_SCHEMA = ROOT.parent / "shared" / "report.schema.json"
STOP = {
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "and",
    "to",
    "is",
    "was",
    "for",
    "with",
    "that",
    "by",
    "as",
    "at",
    "its",
    "it",
    "has",
    "have",
    "be",
    "will",
}


def shortened_from(text: str, sentence: str) -> bool:
    """Are ``text``'s words ``sentence``'s, in order, some perhaps left out (a summary sentence
    is its sentence or a shortened form of it)?"""
    rest = iter(re.findall(r"\w+", sentence.lower()))
    return all(w in rest for w in re.findall(r"\w+", text.lower()))


def annotated(*paragraphs: str) -> Article:
    """An article of these paragraphs, annotated by the real pipeline (loads the model)."""
    from newsprism.annotate import annotate

    art = Article(id="a", source="a.txt", text="\n\n".join(paragraphs))
    pos = 0
    for p in paragraphs:
        art.paragraphs.append(Paragraph(pos, pos + len(p)))
        pos += len(p) + 2
    annotate([art])
    return art


def make_article(
    aid: str,
    sentences: list[str],
    published: str | None = None,
    mentions: list[tuple[str, str]] | None = None,
    parse: bool = False,
) -> Article:
    """An annotated article built by hand: one sentence per paragraph; ``mentions`` are
    (surface, label) pairs found wherever they occur; ``parse``: each sentence carries spaCy's
    parse (loads the model)."""
    text = "\n\n".join(sentences)
    art = Article(id=aid, source=f"{aid}.txt", text=text, published=published)
    pos = 0
    for i, s in enumerate(sentences):
        art.paragraphs.append(Paragraph(pos, pos + len(s)))
        art.sentences.append(Sentence(pos, pos + len(s), s, paragraph=i))
        art.lemmas.append([w for w in re.findall(r"\w+", s.lower()) if w not in STOP])
        pos += len(s) + 2
    for surface, label in mentions or []:
        for m in re.finditer(re.escape(surface), text):
            sent = next(i for i, s in enumerate(art.sentences) if s.start <= m.start() < s.end)
            art.mentions.append(Mention(m.start(), m.end(), surface, label, sent))
    art.mentions.sort(key=lambda m: m.start)
    if parse:
        from newsprism.annotate import parse_tokens
        from newsprism.nlp import pipeline

        doc = pipeline()(text)
        for sent in art.sentences:
            sent.tokens = parse_tokens(doc.char_span(sent.start, sent.end, alignment_mode="expand"))
    return art


@pytest.fixture(scope="session")
def example_report():
    """The example story analysed once for the whole session (loads the spaCy model)."""
    from newsprism import analyze

    return analyze(EXAMPLE)


# --- a throwaway PostgreSQL server (Debian's ``postgresql``), started in a temp folder as the
# ``postgres`` user on a free port; skipped with the reason only where it is not installed
def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    # not pytest's tmp_path: its parents are private to root, and the server runs as postgres
    root = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as postgres
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        os.chmod(root, 0o700)
    data, port = root / "data", _free_port()

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-l", str(root / "log"), "start")
    try:
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "np")
        yield f"postgresql://postgres@127.0.0.1:{port}/np"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def with_known_misses(names: list[str], missed: dict[str, str]) -> list[object]:
    """Parameters for ``names``, those in ``missed`` marked as strict expected failures (with the
    reason): a known miss is reported, and the day it passes the test says so."""
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=missed[n]))
        if n in missed
        else n
        for n in names
    ]
