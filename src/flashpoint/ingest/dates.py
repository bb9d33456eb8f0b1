"""Publication dates to ISO: ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when only that is known.

Ambiguous numeric dates such as ``05.02.2020`` are read day first (South Asian and British use).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?\s*$")


def normalise_date(value: object) -> str | None:
    """ISO date of ``value`` (a string, date or datetime) at the precision it carries."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if match := _ISO.match(text):
        year, month, day = match.groups()
        try:
            if day:
                return date(int(year), int(month), int(day)).isoformat()
            if month:
                return f"{int(year):04d}-{int(month):02d}" if 1 <= int(month) <= 12 else None
        except ValueError:
            return None
        return year
    return _parse_free(text[:200])


@lru_cache(maxsize=4096)
def _parse_free(text: str) -> str | None:
    data = _parser().get_date_data(text)
    if data.date_obj is None:
        return None
    if data.period == "year":
        return data.date_obj.strftime("%Y")
    if data.period == "month":
        return data.date_obj.strftime("%Y-%m")
    return data.date_obj.strftime("%Y-%m-%d")


@lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"},  # South Asian/British order
    )
