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

from newsprism import lexicon
from newsprism.extract.numbers import WORDS
from newsprism.model import Article, Tense, TimeMention

MONTHS = {form.lower(): int(n) for form, n in lexicon.table("months.txt").items()}
WEEKDAYS = [day.lower() for day in lexicon.ordered("weekdays.txt")]
NUMBERS = {"a": 1, "an": 1, **WORDS}  # "a year ago", "five months ago"

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a value of day precision (``DAY.fullmatch``)


def by_sentence(times: list[TimeMention]) -> dict[int, list[TimeMention]]:
    """An article's time mentions grouped by sentence, in text order."""
    out: dict[int, list[TimeMention]] = {}
    for t in times:
        out.setdefault(t.sentence, []).append(t)
    return out


_M = rf"(?P<m>{lexicon.alternation('months.txt')})"
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
        "quarter",
        re.compile(
            r"\b(?:(?:the|this|last|next|this year's|last year's)\s+)?(?P<q>first|second|third|"
            r"fourth|1st|2nd|3rd|4th)[\s-]quarter\b|\b(?:the|this|last|latest|current|"
            r"year-ago|year-earlier|fiscal)\s+(?:fiscal\s+)?quarter\b",
            re.I,
        ),
    ),
    (
        "yearago",
        re.compile(
            r"\b(?:a year (?:ago|earlier|before)|(?:the\s+)?year-(?:ago|earlier)(?:\s+(?:quarter|"
            r"period))?)\b",
            re.I,
        ),
    ),
    (
        "season",
        re.compile(
            r"\b(?P<rel>this|last|next|early|late)\s+(?P<s>spring|summer|fall|autumn|winter)\b",
            re.I,
        ),
    ),
    (
        "weekend",
        re.compile(r"\b(?:(?P<rel>this|last|next|the)\s+)weekend\b", re.I),
    ),
    (
        "ref",
        re.compile(
            r"\b(?P<w>now|currently|at present|nowadays|these days|recently|lately|"
            r"(?:in\s+)?the future)\b(?![-\w])",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:(?P<mod>early|mid|late|the end of|the start of|the beginning of)[\s-]+)?{_M}"
            rf"(?:\s+(?:of\s+)?{_Y})?\b"  # "October 1992", "October of 1992"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?:(?P<last>[Ll]ast)|(?P<next>[Nn]ext))\s+)?"
            rf"(?P<wd>{lexicon.alternation('weekdays.txt')})"
            rf"(?:\s+(?:{lexicon.alternation('day_parts.txt')}))?\b"
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
        re.compile(
            rf"(?<![\d,.$])(?<![A-Za-z]-)\b(?:(?P<mod>early|mid|late)[\s-]+|(?:post|pre)-)?{_Y}\b(?![\d%]|,\d|\.\d)"
        ),
    ),
]


def _month(token: str) -> int:
    return MONTHS[token.lower()]


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _year_for(month: int, day: int, anchor: date, tense: Tense) -> int:
    """The year of a month and day. A past or future tense: this year, unless the tense points
    the other way by more than a few weeks ("met on Dec. 7" written in January). No tense (the
    present): the nearest such day ("payable Jan. 2" written in November; "the summit in
    April" written in December)."""
    try:
        this_year = date(anchor.year, month, min(day, 28 if month == 2 else day))
    except ValueError:
        return anchor.year
    ahead = (this_year - anchor).days
    if tense == "present":
        if ahead > HALF_YEAR:
            return anchor.year - 1
        if -ahead > HALF_YEAR:
            return anchor.year + 1
        return anchor.year
    if tense == "past" and ahead > ROLL_DAYS:
        return anchor.year - 1
    if tense == "future" and -ahead > ROLL_DAYS:
        return anchor.year + 1
    return anchor.year


def _safe_date(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _weekday(name: str, anchor: date, tense: Tense, last: bool = False, after: bool = False) -> str:
    """The day a weekday name dates. "Last Thursday" is the Thursday of the week before the
    article's (news style names a day of the past seven days by its name alone: "Last Thursday"
    in a Friday's article is eight days back, Oct. 29 for Nov. 6, 1998); ``after``, "next
    Wednesday", the one of the week after the article's, whatever the tense ("said it can resume
    flights next Wednesday" on Saturday, Oct. 3, 1998: Oct. 7); a bare name, the nearest such
    day, back unless the tense looks ahead."""
    if last or after:
        monday = anchor - timedelta(days=anchor.weekday() + (7 if last else -7))
        return (monday + timedelta(days=WEEKDAYS.index(name.lower()))).isoformat()
    delta = (WEEKDAYS.index(name.lower()) - anchor.weekday()) % 7
    if tense != "future":  # news reports what happened: a weekday looks back unless ahead is said
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


# "previously", "the past", "soon" are left out: in TimeBank they are mostly not time references
REFS = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the future": "FUTURE_REF",
    "in the future": "FUTURE_REF",
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
ROLL_DAYS = 45  # a date without a year is last (or next) year's only when this far the wrong way
HALF_YEAR = 183  # with no tense, a date without a year is the nearest: at most this far

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


def resolve(kind: str, m: re.Match[str], anchor: date | None, tense: Tense) -> list[str | None]:
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
            year -= 1  # "met in October", written in September: last year's
        elif tense == "future" and month < anchor.month:
            year += 1
        elif tense == "present":
            year = _year_for(month, 15, anchor, tense)  # the nearest such month
        return [f"{year:04d}-{month:02d}"]
    if kind == "year":
        return [g["y"]]
    if kind == "ref":
        return [REFS.get(" ".join(g["w"].lower().split()))]
    if anchor is None:
        return [None]
    if kind == "quarter":
        return [_quarter(g.get("q"), m.group(0).lower(), anchor)]
    if kind == "yearago":
        return [f"{anchor.year - 1:04d}"]  # a quarter when the story is about quarters: see find
    if kind == "season":
        shift = {"last": -1, "next": 1}.get(g["rel"].lower(), 0)
        return [f"{anchor.year + shift:04d}-{SEASONS[g['s'].lower()]}"]
    if kind == "weekend":
        shift = {"last": -1, "next": 1}.get((g["rel"] or "").lower(), 0)
        if not shift and tense == "past" and anchor.weekday() < 5:
            shift = -1
        return [_week(anchor + timedelta(weeks=shift)) + "-WE"]
    if kind == "weekday":
        return [_weekday(g["wd"], anchor, tense, bool(g.get("last")), bool(g.get("next")))]
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


def _quarter(ordinal: str | None, text: str, anchor: date) -> str:
    """A fiscal quarter: a named one in the article's year; "the quarter" the last one ended."""
    current = (anchor.month - 1) // 3 + 1
    if ordinal:
        n = ORDINAL[ordinal.lower()]
        year = anchor.year - (1 if "last year" in text or n > current else 0)
        return f"{year:04d}-Q{n}"
    year, n = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
    if "year-ago" in text or "year-earlier" in text:
        year -= 1
    return f"{year:04d}-Q{n}"


def _year_ago_quarters(found: list[TimeMention]) -> None:
    """In a story about quarters, "a year ago" is the same quarter a year before."""
    last_q = None
    for t in found:
        if t.value and "-Q" in t.value and "year" not in t.text.lower():
            last_q = t.value
        elif (
            last_q
            and re.fullmatch(r"\d{4}", t.value or "")
            and re.search(r"year[- ](?:ago|earlier|before)", t.text, re.I)
        ):
            year, q = last_q.split("-Q")
            t.value = f"{int(year) - 1:04d}-Q{q}"


def _is_may_verb(kind: str, m: re.Match[str], text: str) -> bool:
    """ "May" the month or "may" the verb: the month needs a day, a year or a preposition."""
    if m.groupdict().get("m") != "May" or kind in ("mdy", "dmy") or m.groupdict().get("y"):
        return False
    before = text[max(0, m.start() - 12) : m.start()].lower()
    return not re.search(r"\b(?:in|since|of|by|until|early|mid|late|from)\W*$", before)


def find(
    article: Article, tense_at: Callable[[int, int], Tense] | None = None
) -> list[TimeMention]:
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
            try:
                values = resolve(kind, m, anchor, tense)
            except OverflowError:  # "next Monday" near the calendar's ends: no such date
                values = [None, None] if m.groupdict().get("d2") else [None]
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
    _year_ago_quarters(out)
    return out
