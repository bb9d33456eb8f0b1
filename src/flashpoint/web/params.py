"""Query parameters of the pages and the API: bounded types and checks with short messages.

Values of the wrong type or out of range (``page=-1``, ``freq=weekly``, ``km=0``) answer 422;
values that parse but name nothing (``since=2021-02-30``, ``dyad=IND``, an empty ``dyad``,
``near=`` a place the gazetteer does not know, ``km`` without ``near``) raise ValueError,
which the app answers with 400.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query

from flashpoint.analysis import source
from flashpoint.analysis.places import PlaceFilter
from flashpoint.analysis.timeline import parse_dyad

MAX_PAGE = 1_000_000  # with 500 per page the offset stays far inside DuckDB's BIGINT
MAX_PER_PAGE = 500
MAX_TEXT = 1_000  # filters, searches and ids

Text = Annotated[str | None, Query(max_length=MAX_TEXT)]


def text(description: str) -> object:
    """An optional text parameter with a description (for /api and the schema)."""
    return Annotated[str | None, Query(max_length=MAX_TEXT, description=description)]


Actor = text("Actor id as source or target, e.g. PAK")
Source = text("Actor id of the source")
TargetId = text("Actor id of the target")
EventType = text("PLOVER event type, e.g. ACCUSE")
QuadClassName = text("QuadClass: a name (verbal_conflict) or its number 1-4")
Status = text("asserted, negated or hypothetical")
DocId = text("Only the events of this document")
Outlet = text("The document's outlet")
Country = text("The document's outlet country, e.g. PAK")
Search = text("Words in the title, outlet or author")
Near = text("A place (gazetteer name or id): events located within km of it")
Region = text("An admin-1 region (e.g. Balochistan) or a location id: events located there")
Km = Annotated[float | None, Query(gt=0, le=20_000, description="Distance for near, in km (default 50)")]
Addressee = text("Actor id the recommendation is addressed to")
Ref = text("Archive entry id, e.g. SIMLA_AGREEMENT")
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
Dyad = Annotated[str | None, Query(max_length=200, description="Two actor ids, A-B (default: the pack's main dyad)")]
OptionalDyad = Annotated[str | None, Query(max_length=200, description="Two actor ids")]
Target = Annotated[str | None, Query(max_length=200, description="Actor id (default: the pack's default target)")]
Fmt = Annotated[
    Literal["json", "csv"] | None,
    Query(alias="format", description="A file to download: csv or json (all rows, unpaged)"),
]
Order = Literal["asc", "desc"]
EventSort = Literal["date", "type", "source", "target", "status", "confidence", "outlet",
                    "country"]  # fmt: skip
DocSort = Literal["relevance", "published", "title", "outlet", "country", "events",
                  "recommendations", "references", "topic"]  # fmt: skip
ActorSort = Literal["name", "actor_id", "mentions", "documents", "as_source", "as_target"]
Side = Annotated[str | None, Query(max_length=20, description="An outlet country (default: the dyad's)")]
Everything = Annotated[bool, Query(
    alias="all", description="1: count items in every sentence, not only those on the pack's "
    "topic (relevance)")]  # fmt: skip
# the pages' forms send an empty field when no threshold is typed: a blank value is the default
ConfidenceField = Annotated[str | None, Query(
    alias="min_confidence", max_length=40,
    description="Count only events at or above this confidence, 0..1 (blank: 0.4)")]  # fmt: skip
KmField = Annotated[str | None, Query(
    max_length=40, description="Distance for near, in km (blank: 50)")]  # fmt: skip
SilenceKind = Annotated[Literal["stance", "absence"] | None, Query(
    description="stance: a sentence says the speaker does not act or speak; absence: it never acts")]  # fmt: skip
MinConfidence = Annotated[float | None, Query(
    ge=0, le=1, description="Count only events at or above this confidence, 0..1 (default 0.4; "
    "events without one always count)")]  # fmt: skip
Items = Annotated[
    Literal["events", "stances", "recommendations", "references"] | None,
    Query(description="One list of the document's items alone"),
]

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
            raise ValueError("dyad is empty (use two actor ids, as A-B)")
        return None
    try:
        parse_dyad(text)
    except ValueError:
        raise ValueError(
            f"'{_shown(text)}' is not a dyad (use two actor ids, as A-B)"
        ) from None
    return text


def _number(value: str | None, within, problem: str) -> float | None:
    """A number typed in a form: None when blank; ValueError naming ``problem`` unless
    ``within(number)`` (never true for text that is no number: it reads as NaN)."""
    text = blank(value)
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not within(number):
        raise ValueError(problem.format(_shown(text)))
    return number


def check_confidence(value: str | None) -> float | None:
    """A threshold typed in a form: None when blank; ValueError unless a number from 0 to 1."""
    return _number(value, lambda n: 0 <= n <= 1, "min_confidence '{}' is not a number from 0 to 1")


def check_km(value: str | None) -> float | None:
    """A distance typed in a form: None when blank; ValueError unless a number above 0 (and
    at most 20,000, as ``Km``)."""
    return _number(value, lambda n: 0 < n <= 20_000, "km '{}' is not a distance above 0 (at most 20000)")


def check_required(name: str, value: str | None) -> str:
    """``value`` stripped; ValueError when blank."""
    text = blank(value)
    if text is None:
        raise ValueError(f"{name} is empty")
    return text


def check_sides(a: str | None, b: str | None) -> tuple[str, str]:
    """Two different outlet countries, upper-cased."""
    first, second = check_required("a", a).upper(), check_required("b", b).upper()
    if first == second:
        raise ValueError(f"the two sides are the same ('{_shown(first)}'): choose two countries")
    return first, second


@dataclass(frozen=True)
class Dates:
    since: str | None
    until: str | None

    def days(self) -> source.Period:
        """The window as first and last days (YYYY-MM-DD), what date pickers show."""
        return source.Period.parse(self.since, self.until)


async def dates(since: Since = None, until: Until = None) -> Dates:
    """The checked ``since`` and ``until`` query parameters (a FastAPI dependency; async
    only so that it runs without a trip to the thread pool)."""
    window = Dates(check_date(since), check_date(until))
    period = source.Period.parse(window.since, window.until)
    if period.since and period.until and period.since > period.until:
        raise ValueError(f"since {window.since} is after until {window.until}")
    return window


Period = Annotated[Dates, Depends(dates)]


def places(near: Near = None, km: Km = None, region: Region = None) -> PlaceFilter:
    """The checked ``near``, ``km`` and ``region`` query parameters as one place filter (a
    FastAPI dependency; blank values are absent). A plain function, so FastAPI runs it in the
    thread pool: the first filter loads the gazetteer, which is not for the event loop."""
    return PlaceFilter(blank(near), km, blank(region))


Place = Annotated[PlaceFilter, Depends(places)]


def place_fields(near: Near = None, km: KmField = None, region: Region = None) -> PlaceFilter:
    """``places`` for the pages, whose forms send a blank ``km`` when none is typed: a blank
    is the default, anything else not a distance above 0 answers 400."""
    return PlaceFilter(blank(near), check_km(km), blank(region))


PlaceFields = Annotated[PlaceFilter, Depends(place_fields)]
