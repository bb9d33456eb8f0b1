"""Query parameters of the pages and the API: bounded types and checks with short messages.

Values of the wrong type or out of range (``page=-1``, ``freq=weekly``) answer 422; values
that parse but name nothing (``since=2021-02-30``, ``dyad=IND``, an empty ``dyad``) raise
ValueError, which the app answers with 400.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query

from flashpoint.analysis.timeline import parse_dyad

MAX_PAGE = 1_000_000  # with 500 per page the offset stays far inside DuckDB's BIGINT
MAX_PER_PAGE = 500
MAX_TEXT = 1_000  # filters, searches and ids

Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
Since = Annotated[
    str | None, Query(max_length=40, description="First date: YYYY, YYYY-MM or YYYY-MM-DD")
]
Until = Annotated[str | None, Query(max_length=40, description="Last date, inclusive")]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PageNo = Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)]  # pages name the handler `page`
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]
Freq = Literal["auto", "month", "year"]
By = Literal["outlet", "author", "country"]
Per = Literal["year", "month", "decade"]
Dyad = Annotated[str, Query(max_length=200, description="Two actor ids, e.g. IND-PAK")]
OptionalDyad = Annotated[str | None, Query(max_length=200, description="Two actor ids")]
Target = Annotated[str, Query(max_length=200, description="Actor id, e.g. KASHMIRIS")]

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _shown(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def blank(value: str | None) -> str | None:
    """``value`` stripped; None when absent or blank."""
    return value.strip() or None if value else None


def check_date(value: str | None) -> str | None:
    """``value`` stripped (None when blank); ValueError unless it is a real date written
    YYYY, YYYY-MM or YYYY-MM-DD."""
    text = blank(value)
    if text is None:
        return None
    match = _DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(g or 1) for g in match.groups())
        datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"'{_shown(text)}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None
    return text


def check_dyad(value: str | None, required: bool = True) -> str | None:
    """``value`` stripped when it names two different actors (None when blank and optional)."""
    text = blank(value)
    if text is None:
        if required:
            raise ValueError("dyad is empty (use two actor ids, e.g. IND-PAK)")
        return None
    try:
        parse_dyad(text)
    except ValueError:
        raise ValueError(
            f"'{_shown(text)}' is not a dyad (use two actor ids, e.g. IND-PAK)"
        ) from None
    return text


def check_required(name: str, value: str | None) -> str:
    """``value`` stripped; ValueError when blank."""
    text = blank(value)
    if text is None:
        raise ValueError(f"{name} is empty")
    return text


@dataclass(frozen=True)
class Dates:
    since: str | None
    until: str | None


def dates(since: Since = None, until: Until = None) -> Dates:
    """The checked ``since`` and ``until`` query parameters (a FastAPI dependency)."""
    return Dates(check_date(since), check_date(until))


Period = Annotated[Dates, Depends(dates)]
