"""Time expressions found in an article and normalised against the article's own date.

Deterministic: the anchor is the article's publication date, never today. Values are ISO at the
precision known: ``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-MM``, ``YYYY``; ``None`` when an expression
cannot be resolved (a relative one in an undated article).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from datetime import date, timedelta

from newsprism.extract.numbers import WORDS
from newsprism.model import Article, TimeMention

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {"a": 1, "an": 1, **WORDS}  # "a year ago", "five months ago"

_M = (
    r"(?P<m>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_Y = r"(?P<y>(?:19|20)\d{2})"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "mdy",
        re.compile(
            rf"\b{_M}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:\s*(?:and|-|–|to)\s*"
            rf"(?P<d2>[0-3]?\d)(?!\d))?(?:,?\s+{_Y})?\b(?![,.]?\d)"
        ),
    ),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?\b")),
    (
        "ago",
        re.compile(
            r"\b(?:(?:nearly|almost|about|some|more than|over)\s+)?"
            r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:(?P<mod>early|mid|late|the end of|the start of|the beginning of)[\s-]+)?{_M}"
            rf"(?:\s+{_Y})?\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
    ),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>last|this|next|earlier this|later this|the next|the previous|the past|"
            r"the coming|the following|early next|late last)\s+(?P<unit>week|month|year|weekend)\b",
            re.I,
        ),
    ),
    ("deictic", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", re.I)),
    (
        "year",
        re.compile(rf"(?<![\d,.$])\b(?:(?P<mod>early|mid|late)[\s-]+)?{_Y}\b(?![\d%]|,\d|\.\d)"),
    ),
]


def _month(token: str) -> int:
    return MONTHS[token[:3].lower()]


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _year_for(month: int, day: int, anchor: date, tense: str) -> int:
    if tense == "past" and (month, day) > (anchor.month, anchor.day):
        return anchor.year - 1
    if tense == "future" and (month, day) < (anchor.month, anchor.day):
        return anchor.year + 1
    return anchor.year


def _safe_date(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _weekday(name: str, anchor: date, tense: str) -> str:
    delta = (WEEKDAYS.index(name.lower()) - anchor.weekday()) % 7
    if tense == "past" or (tense == "present" and delta > 3):
        delta = delta - 7 if delta else 0
    return (anchor + timedelta(days=delta)).isoformat()


def _shift(anchor: date, unit: str, n: int) -> str:
    if unit == "day":
        return (anchor + timedelta(days=n)).isoformat()
    if unit in ("week", "weekend"):
        return _week(anchor + timedelta(weeks=n))
    if unit == "month":
        total = anchor.year * 12 + anchor.month - 1 + n
        return f"{total // 12:04d}-{total % 12 + 1:02d}"
    return f"{anchor.year + n:04d}"


_REL = {
    "last": -1,
    "the previous": -1,
    "the past": -1,
    "late last": -1,
    "this": 0,
    "earlier this": 0,
    "later this": 0,
    "next": 1,
    "the next": 1,
    "the coming": 1,
    "the following": 1,
    "early next": 1,
}


def resolve(kind: str, m: re.Match[str], anchor: date | None, tense: str) -> list[str | None]:
    """Values for one match (two for "September 15 and 16")."""
    g = m.groupdict()
    if kind in ("mdy", "dmy"):
        month, day = _month(g["m"]), int(g["d"])
        year = (
            int(g["y"])
            if g.get("y")
            else (_year_for(month, day, anchor, tense) if anchor else None)
        )
        if year is None:
            return [None]
        out = [_safe_date(year, month, day)]
        if g.get("d2"):
            out.append(_safe_date(year, month, int(g["d2"])))
        return out
    if kind == "month":
        month = _month(g["m"])
        if g["y"]:
            return [f"{int(g['y']):04d}-{month:02d}"]
        if anchor is None:
            return [None]
        year = anchor.year
        if tense == "past" and month > anchor.month:
            year -= 1
        elif tense == "future" and month < anchor.month:
            year += 1
        return [f"{year:04d}-{month:02d}"]
    if kind == "year":
        return [g["y"]]
    if anchor is None:
        return [None]
    if kind == "weekday":
        return [_weekday(g["wd"], anchor, tense)]
    if kind == "rel":
        return [_shift(anchor, g["unit"].lower(), _REL[g["rel"].lower()])]
    if kind == "deictic":
        word = g["word"].lower()
        return [_shift(anchor, "day", {"yesterday": -1, "tomorrow": 1}.get(word, 0))]
    if kind == "ago":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else NUMBERS[n]
        return [_shift(anchor, g["unit"].lower(), -count)]
    return [None]


def _is_may_verb(kind: str, m: re.Match[str], text: str) -> bool:
    """ "May" the month or "may" the verb: the month needs a day, a year or a preposition."""
    if m.groupdict().get("m") != "May" or kind in ("mdy", "dmy") or m.groupdict().get("y"):
        return False
    before = text[max(0, m.start() - 12) : m.start()].lower()
    return not re.search(r"\b(?:in|since|of|by|until|early|mid|late|from)\W*$", before)


def find(article: Article, tense_at: Callable[[int, int], str] | None = None) -> list[TimeMention]:
    """Every time expression in the article, longest match first, normalised."""
    text = article.text
    anchor = date.fromisoformat(article.published) if article.published else None
    starts = [s.start for s in article.sentences]
    sent_of: Callable[[int], int] = lambda pos: max(0, bisect.bisect_right(starts, pos) - 1)  # noqa: E731
    taken: list[tuple[int, int]] = []
    out: list[TimeMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken) or _is_may_verb(kind, m, text):
                continue
            sent = sent_of(s)
            tense = tense_at(s, sent) if tense_at else "present"
            values = resolve(kind, m, anchor, tense)
            taken.append((s, e))
            if len(values) == 2 and m.groupdict().get("d2"):
                d2s = m.start("d2")
                first = re.sub(r"\s*(?:and|-|–|to)\s*$", "", text[s:d2s])
                out.append(TimeMention(s, s + len(first), first, values[0], sent, tense))
                end2 = m.end("y") if m.groupdict().get("y") else m.end("d2")
                out.append(TimeMention(d2s, end2, text[d2s:end2], values[1], sent, tense))
            else:
                out.append(TimeMention(s, e, text[s:e], values[0], sent, tense))
    out.sort(key=lambda t: t.start)
    return out
