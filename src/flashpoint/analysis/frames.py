"""Frames by outlet and year: how often each Policy Frames dimension leads a document."""

from __future__ import annotations

import pandas as pd

from flashpoint.analysis import source


def frames_by_outlet(
    src: source.Source, since: str | None = None, until: str | None = None, top: int = 3,
) -> pd.DataFrame:  # fmt: skip
    """Per outlet × year × frame: documents with the frame in their top ``top`` and mean score."""
    con = source.connect(src)
    where, params = source.Period.parse(since, until).sql("edate")
    rows = con.execute(
        f"""SELECT * FROM (
            SELECT f.doc_id, f.frame_id, f.score,
                   COALESCE(d.outlet, d.author, d.outlet_country, 'unknown') AS outlet,
                   {source.full_date("d.published")} AS edate,
                   row_number() OVER (PARTITION BY f.doc_id ORDER BY f.score DESC, f.frame_id) AS rank
            FROM frames f JOIN documents d USING (doc_id) WHERE f.sentence IS NULL)
            WHERE {where}""",
        params,
    ).df()
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
