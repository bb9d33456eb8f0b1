"""Datelines: where a report was filed ("NEW DELHI, Jan. 2 -", "QUETTA, Pakistan, March 14 —",
"SRINAGAR (Reuters) -", "Brussels, 10 May 2025", "KYIV/MOSCOW, March 3 -").

One finder for every stage: the actor stage keeps the dateline's places from acting and tells
the report from their state, the event coder does not read them, and the locations stage
places the reporting side's acts there. A dateline starts one of the first lines of the text
(a headline may come before it). It is either a place in capitals ended by a dash or colon,
with a region, date or agency between, and the story after it in ordinary case; or a place
and a date alone ("Brussels, 10 May 2025"). Wire copy filed from two places joins them with a
slash ("KYIV/MOSCOW"): the dateline is ``joint``, and no one place or state tells the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINES = 3  # non-empty lines at the top of a text where a dateline may stand

_CAPS = r"[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]*){0,3}"  # NEW DELHI, LAKE SUCCESS
_TITLE = r"[A-Z][a-z.'’\-]+(?: [A-Z][a-z.'’\-]+){0,3}"  # Brussels, Lake Success
_REGION = r"(?:,\s*[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,2})"  # , Pakistan / , N.Y.
_DATE = r"(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)"
_AGENCY = r"(?:\s*\([^()\n]{1,30}\))"  # (Reuters)
_DASH = r"\s*(?:—|–|--|-|:)\s*"

_OTHERS = rf"(?P<others>(?:\s?/\s?{_CAPS})*)"  # /MOSCOW: more places the copy was filed from

CAPITALS = re.compile(rf"(?P<place>{_CAPS}){_OTHERS}{_REGION}{{0,2}}(?:,\s*{_DATE})?{_AGENCY}?{_DASH}")
DATED = re.compile(rf"(?P<place>{_TITLE}){_REGION}{{0,2}},\s*{_DATE}{_AGENCY}?(?:{_DASH}|\s*$)")


@dataclass(frozen=True)
class Dateline:
    start: int  # the dateline, its closing dash included: [start, end) of the text
    end: int
    place_start: int  # the place it names first ("QUETTA" of "QUETTA, Pakistan, March 14 —")
    place_end: int
    joint: bool = False  # several places ("KYIV/MOSCOW"): filed from none of them alone


def find(text: str) -> Dateline | None:
    """The dateline of a text, if one of its first lines starts with one."""
    pos, seen = 0, 0
    while seen < LINES and pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        line = text[pos:line_end]
        if line.strip():
            seen += 1
            lead = len(line) - len(line.lstrip())
            found = _match(line, lead)
            if found is not None:
                a, b, p, q, joint = found
                return Dateline(pos + a, pos + b, pos + p, pos + q, joint)
        pos = line_end + 1
    return None


def _match(line: str, lead: int) -> tuple[int, int, int, int, bool] | None:
    m = CAPITALS.match(line, lead)
    if m is not None and re.search(r"[a-z]", line[m.end() :]):  # the story follows in ordinary case
        return m.start(), m.end(), m.start("place"), m.end("place"), bool(m.group("others"))
    m = DATED.match(line, lead)
    if m is not None:
        return m.start(), m.end(), m.start("place"), m.end("place"), False
    return None
