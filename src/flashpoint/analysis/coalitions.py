"""Coalitions on a target: who stands with it, against it, or stays silent, year by year."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd
import pycountry

from flashpoint.analysis import source
from flashpoint.analysis.scales import Weights
from flashpoint.analysis.ties import evidence_by, sign_counts, ties

SIDES = ("with", "against", "silent", "mixed")
COALITION_COLUMNS = ["year", "holder", "holder_name", "side", "support", "oppose", "silent",
                     "score", "n", "events", "evidence"]  # fmt: skip


@lru_cache(maxsize=512)
def is_state(actor_id: str) -> bool:
    return len(actor_id) == 3 and pycountry.countries.get(alpha_3=actor_id) is not None


def side(support: int, oppose: int, silent: int) -> str:
    if support > oppose:
        return "with"
    if oppose > support:
        return "against"
    return "mixed" if support else "silent" if silent else "mixed"


def coalitions(
    src: source.Source, target: str | None = None, since: str | None = None, until: str | None = None,
    states_only: bool = False, by_year: bool = True, weights: Weights | None = None,
    min_confidence: float | None = None, relevant_only: bool = True, place: Any = None,
) -> pd.DataFrame:  # fmt: skip
    """Each holder's side on ``target`` (per year, or over the whole period); ``n`` = the
    items the side rests on, ``events`` = those from events. ``relevant_only`` (default):
    only items in sentences on the pack's topic. Without ``target``, the pack's default.
    With a ``place`` filter (``analysis.places.PlaceFilter``) only events located there
    count (``ties``)."""
    con = source.connect(src)
    target = source.default_target(con, target)
    t = ties(con, source.Period.parse(since, until), weights, min_confidence, relevant_only,
             place=place)
    t = t[t["target"] == target]
    if states_only:
        t = t[t["holder"].map(is_state)]
    if t.empty:
        return pd.DataFrame(columns=COALITION_COLUMNS)
    t = t.assign(year=t["edate"].str[:4].fillna("undated") if by_year else "all")
    names = source.actor_names(con)
    out = sign_counts(t, ["year", "holder"])
    proof = evidence_by(t, ["year", "holder"], 2)
    out["holder_name"] = [source.display(a, names) for a in out["holder"]]
    out["side"] = [
        side(s, o, q) for s, o, q in zip(out["support"], out["oppose"], out["silent"], strict=True)
    ]
    out["score"] = out["score"].round(2)
    out["evidence"] = [proof.get(k, []) for k in zip(out["year"], out["holder"], strict=True)]
    rows = out.to_dict("records")
    out = pd.DataFrame(rows, columns=COALITION_COLUMNS)
    order = {s: i for i, s in enumerate(SIDES)}
    return out.sort_values(["year", "side", "holder"], key=lambda c: c.map(order) if c.name == "side" else c,
                           ignore_index=True)  # fmt: skip


def coalition_summary(table: pd.DataFrame, names: bool = False) -> pd.DataFrame:
    """Members of each side per year, and who changed side since the previous year
    (actor ids, or display names with ``names``)."""
    rows, previous = [], {}
    key = "holder_name" if names else "holder"
    for year, g in table.groupby("year", sort=True):
        current = dict(zip(g[key], g["side"], strict=True))
        moved = sorted(h for h, s in current.items() if h in previous and previous[h] != s)
        rows.append({
            "year": year, **{s: sorted(g.loc[g["side"] == s, key]) for s in SIDES},
            "changed": [f"{h}: {previous[h]} → {current[h]}" for h in moved],
        })  # fmt: skip
        previous.update(current)
    return pd.DataFrame(rows, columns=["year", *SIDES, "changed"])
