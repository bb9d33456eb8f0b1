"""Frames by outlet and year: how often each Policy Frames dimension leads a document."""

from __future__ import annotations

import pandas as pd

from flashpoint.analysis import source
from flashpoint.store.queries import items as item_queries


def frames_by_outlet(
    src: source.Source, since: str | None = None, until: str | None = None, top: int = 3,
) -> pd.DataFrame:  # fmt: skip
    """Per outlet × year × frame: documents with the frame in their top ``top`` and mean score."""
    con = source.connect(src)
    rows = item_queries.frame_ranks(con, source.Period.parse(since, until))
    columns = ["outlet", "year", "frame_id", "documents", "share", "mean_score"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(year=rows["edate"].str[:4].fillna("undated"))
    totals = rows.groupby(["outlet", "year"])["doc_id"].nunique()
    lead = rows[rows["rank"] <= top]
    out = lead.groupby(["outlet", "year", "frame_id"]).agg(
        documents=("doc_id", "nunique"), mean_score=("score", "mean")).reset_index()  # fmt: skip
    out["share"] = [
        round(n / totals[(o, y)], 3)
        for o, y, n in zip(out["outlet"], out["year"], out["documents"], strict=True)
    ]
    out["mean_score"] = out["mean_score"].round(3)
    return out.sort_values(["outlet", "year", "documents"], ascending=[True, True, False],
                           ignore_index=True)[columns]  # fmt: skip
