"""Event dates: DATE entities (and a few relative anchors) resolved against a base date."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from flashpoint.lang import load_language

EN = load_language("en")
MONTHS = EN.pattern("month_names").pattern
WEEKDAYS = EN.words("weekdays")
DATELIKE = re.compile(
    rf"\b(?:{MONTHS}|{'|'.join(sorted(WEEKDAYS))}|{EN.pattern('relative_dates').pattern}|(?:1[89]|20)\d\d)\b",
    re.IGNORECASE,
)
DECADE = EN.pattern("periods")
# Anchors relative to the narrative's last date ("The day before, ...").
RELATIVE_DAYS = EN.weights("relative_days")
RELATIVE_ANCHOR = EN.phrase_pattern("relative_days")
OPEN_ENDS = EN.words("relative_open_ends")  # "a day after [the bombing]": its own reference point
PRECISION = {"day": "day", "week": "day", "time": "day", "month": "month", "year": "year"}
RANK = {"year": 0, "month": 1, "day": 2}
EXPLICIT_MONTH = re.compile(rf"\b(?:{MONTHS})\b", re.IGNORECASE)
EXPLICIT_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def parse_published(value: str | None) -> tuple[dt.date, str] | None:
    """ISO publication date of any precision ("2025-06-04", "2020-02", "2020")."""
    if not value:
        return None
    m = re.match(r"^\s*(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", str(value))
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    precision = "day" if m.group(3) else "month" if m.group(2) else "year"
    try:
        return dt.date(year, month, day), precision
    except ValueError:
        return None


def period_end(date: dt.date, precision: str) -> dt.date:
    """The last day of the period a publication date of this precision stands for."""
    if precision == "year":
        return dt.date(date.year, 12, 31)
    if precision == "month":
        following = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return date


def against(text: str, published: tuple[dt.date, str], prefer: str = "past") -> tuple[dt.date, str] | None:
    """Resolve a date expression against a publication date of any precision.

    A publication known to the year or month stands for its last day, so "5 August" in a
    2019 speech is 5 August 2019, not 2018. What the text does not fix is never made finer
    than the publication: "yesterday" or "last month" in a 2019 speech is 2019.
    """
    base, base_precision = published
    resolved = resolve(text, period_end(base, base_precision), prefer)
    if resolved is None or RANK[resolved[1]] <= RANK[base_precision]:
        return resolved
    given = "day" if EXPLICIT_MONTH.search(text) and re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", text) \
        else "month" if EXPLICIT_MONTH.search(text) else "year" if EXPLICIT_YEAR.search(text) else None
    if given is not None:  # the text names the month (and day): only the year comes from outside
        return resolved[0], min(resolved[1], given, key=RANK.__getitem__)
    return resolved[0], base_precision


def iso(date: dt.date, precision: str) -> str:
    """Reduced-precision ISO: 2019, 2019-08, 2019-08-05."""
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


@lru_cache(maxsize=64)
def _parser(base: dt.date, prefer: str):
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": prefer,
            "REQUIRE_PARTS": [],
        },
    )


@lru_cache(maxsize=4096)
def resolve(text: str, base: dt.date, prefer: str = "past") -> tuple[dt.date, str] | None:
    """Resolve a date expression; (date, precision) or None for durations and vague phrases."""
    text = re.sub(r"^(?:on|in|since|by|during|from|until|at|earlier|later)\s+", "", text.strip(), flags=re.I)
    if not DATELIKE.search(text) or DECADE.search(text) or len(text) > 40:
        return None
    try:
        data = _parser(base, prefer).get_date_data(text)
    except Exception:  # dateparser raises on odd inputs; an unknown date is fine
        return None
    if data is None or data.date_obj is None:
        return None
    date = data.date_obj.date()
    low = text.lower()
    if prefer == "past" and low in WEEKDAYS and (base - date).days == 7:
        date = base  # "on Wednesday" in a Wednesday paper is that day
    return date, PRECISION.get(data.period or "day", "day")


def relative_anchor(sentence: str) -> tuple[int, int, int] | None:
    """Day offset of a "the day before"-style anchor and the phrase's character span in the
    sentence, or None. "A day after the bombing" counts from the bombing, not from the story's
    last date: no offset."""
    found = RELATIVE_ANCHOR.search(sentence)
    if found is None:
        return None
    phrase = re.sub(r"\s+", " ", found.group(0).lower())
    if phrase.rsplit(" ", 1)[-1] in OPEN_ENDS and re.match(r"\s*\w", sentence[found.end() :]):
        return None
    return int(RELATIVE_DAYS[phrase]), found.start(), found.end()
