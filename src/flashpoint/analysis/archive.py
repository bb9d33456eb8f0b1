"""Archive view: which agreements, proposals, laws and incidents are invoked, by whom, when."""

from __future__ import annotations

import pandas as pd

from flashpoint.analysis import source
from flashpoint.store.queries import items as item_queries


def reference_rows(con, period: source.Period | None = None, by: str = "outlet") -> pd.DataFrame:
    """Archive references with their speaker (outlet, author or country) and date."""
    return item_queries.reference_frame(con, period, by)


def archive(
    src: source.Source, since: str | None = None, until: str | None = None,
    by: str = "outlet", per: str = "year",
) -> pd.DataFrame:  # fmt: skip
    """Mentions of each archive entry per period and speaker (outlet, author or country)."""
    con = source.connect(src)
    refs = reference_rows(con, source.Period.parse(since, until), by)
    columns = ["ref_id", "period", "speaker", "mentions", "documents", "quotes"]
    if refs.empty:
        return pd.DataFrame(columns=columns)
    width = {"year": 4, "month": 7, "decade": 3}.get(per)
    if width is None:
        raise ValueError(f"unknown period '{per}' (choose from year, month, decade)")
    period = refs["edate"].str[:width]
    refs = refs.assign(period=(period + "0s" if per == "decade" else period).fillna("undated"))
    rows = [
        {"ref_id": ref, "period": per_, "speaker": who, "mentions": len(g),
         "documents": int(g["doc_id"].nunique()),
         "quotes": [{"doc_id": d, "idx": int(i), "quote": q}
                    for d, i, q in zip(g["doc_id"][:3], g["idx"][:3], g["quote"][:3], strict=True)]}
        for (ref, per_, who), g in refs.groupby(["ref_id", "period", "speaker"])
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).sort_values(["period", "mentions"], ascending=[True, False],
                                                            ignore_index=True)  # fmt: skip


def archive_totals(
    src: source.Source, since: str | None = None, until: str | None = None
) -> pd.DataFrame:
    """Per archive entry: mentions, documents, first and last invoked."""
    con = source.connect(src)
    refs = reference_rows(con, source.Period.parse(since, until))
    columns = ["ref_id", "mentions", "documents", "first", "last", "speakers"]
    if refs.empty:
        return pd.DataFrame(columns=columns)
    out = refs.groupby("ref_id").agg(
        mentions=("idx", "size"), documents=("doc_id", "nunique"), first=("edate", "min"),
        last=("edate", "max"), speakers=("speaker", lambda s: sorted(set(s))),
    ).reset_index()  # fmt: skip
    return out.sort_values(["documents", "mentions"], ascending=False, ignore_index=True)[columns]
