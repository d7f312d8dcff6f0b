"""Character normalisation and paragraph reconstruction from scraped lines.

Scraped text comes in two shapes: one paragraph per line, or hard-wrapped at a fixed width with
blank lines between paragraphs (and sometimes a leading space where a paragraph began). We measure
which shape a text has, then decide for each pair of neighbouring lines whether the second
continues the first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\t\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TERMINAL = re.compile(r"[.!?…:;\"”’)\]»]\s*$")
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_URL_ONLY = re.compile(r"^(?:https?://|www\.|pic\.twitter\.com/)\S+$")
_WORD_START = re.compile(r"^([a-z]+)")
SIGNATURE = re.compile(
    r"^[—–-]{1,2}\s*(?P<name>[^()\n]{1,80}?)\s*\(@(?P<handle>\w{1,15})\)\s*"
    r"(?P<date>[A-Z][a-z]{2,9}\.? \d{1,2}, \d{4})\s*$"
)


@dataclass(slots=True)
class Line:
    text: str
    indent: bool


@dataclass(slots=True)
class Block:
    """A paragraph candidate: its text, the raw lines it came from, and what cleaning decided."""

    text: str
    gap_before: bool = True  # a blank line came before it
    removed: str | None = None  # kind, when cleaning removed it
    heading: bool = False
    raw: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())


def normalize(text: str) -> str:
    """Unicode NFC, unified newlines, odd spaces to plain spaces, invisible characters dropped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text.translate(_SPACES).translate(_INVISIBLE))


def _lines(text: str) -> list[Line | None]:
    """Lines with their indentation noted; None for a blank line."""
    out: list[Line | None] = []
    for raw in text.split("\n"):
        stripped = " ".join(raw.split())
        out.append(Line(stripped, raw[:1] == " ") if stripped else None)
    return out


def wrap_width(lines: list[Line | None]) -> int | None:
    """The width a text was hard-wrapped at, or None when lines are whole paragraphs."""
    real = [ln for ln in lines if ln is not None]
    if len(real) < 6:
        return None
    lengths = sorted(len(ln.text) for ln in real)
    width = lengths[int(len(lengths) * 0.9) - 1]
    if width > 160 or width < 50:
        return None
    # in a wrapped text most lines that another line follows run close to the width
    followed = [len(a.text) for a, b in pairwise(lines) if a is not None and b]
    if len(followed) < 5:
        return None
    near = sum(1 for n in followed if n >= 0.75 * width)
    return width if near >= 0.6 * len(followed) else None


@lru_cache(maxsize=4096)
def _is_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= 2.5


def join_hyphenated(left: str, right: str, context: str) -> str:
    """Join a word hyphenated across a line break: drop the hyphen when the joined word is a word
    (``govern-`` + ``ment``), keep it for compounds (``Western-`` + ``dominated``)."""
    m, r = _HYPHEN_END.search(left), _WORD_START.match(right)
    if not m or not r:
        return f"{left}{right}"
    head, tail = m[1], r[1]
    if f"{head}-{tail}" in context:
        return f"{left}{right}"
    if f"{head}{tail}".lower() in context.lower() or _is_word(f"{head}{tail}".lower()):
        return f"{left[:-1]}{right}"
    return f"{left}{right}"


def _continues(prev: Line, cur: Line, width: int | None) -> bool:
    """Does ``cur`` continue the paragraph ``prev`` is in?"""
    if SIGNATURE.match(cur.text) or SIGNATURE.match(prev.text):
        return False
    if _URL_ONLY.match(cur.text):
        return True
    terminal = bool(_TERMINAL.search(prev.text))
    if not terminal and cur.text[:1].islower():
        return True
    if width is None:
        return False
    if terminal and cur.indent:
        return False
    return len(prev.text) >= 0.7 * width


def paragraphs(text: str) -> list[Block]:
    """Split normalised text into blocks, re-joining hard-wrapped lines and hyphenated words."""
    lines = _lines(text)
    width = wrap_width(lines)
    blocks: list[Block] = []
    prev: Line | None = None
    gap = True
    for line in lines:
        if line is None:
            prev, gap = None, True
            continue
        if prev is not None and blocks and _continues(prev, line, width):
            block = blocks[-1]
            if _HYPHEN_END.search(block.text) and line.text[:1].islower():
                block.text = join_hyphenated(block.text, line.text, text)
            else:
                block.text = f"{block.text} {line.text}"
            block.raw.append(line.text)
        else:
            blocks.append(Block(line.text, gap_before=gap, raw=[line.text]))
        prev, gap = line, False
    return blocks
