"""Normalising metadata dates to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_EPOCH = {10: 1, 13: 1000}  # digits of a Unix time in seconds, in milliseconds (the 2000s on)


def _numeric(text: str) -> str | None:
    """A date written in digits alone: YYYYMMDD, YYYYMMDDhhmmss, or a Unix time in seconds or
    milliseconds; None for any other number."""
    whole = text.split(".", 1)[0]
    try:
        if len(whole) in (8, 14) and "." not in text:
            return date(int(whole[:4]), int(whole[4:6]), int(whole[6:8])).isoformat()
        if len(whole) in _EPOCH:
            stamp = datetime.fromtimestamp(float(text) / _EPOCH[len(whole)], tz=UTC)
            return stamp.date().isoformat()
    except (ValueError, OverflowError, OSError):
        return None
    return None


def iso_date(value: object) -> str | None:
    """An ISO date from a metadata value, or None when it holds no recognisable date: a date or
    datetime, an ISO string, digits alone (``20220915``, a Unix time), or free-form text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    digits = _DIGITS.fullmatch(text)
    if digits:  # compact dates (GDELT's 20220915, 20220915103000) and Unix times
        return _numeric(text)
    m = _ISO.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    import dateparser  # slow to import; only needed for free-form dates

    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["year"]}
    )
    return parsed.date().isoformat() if parsed else None
