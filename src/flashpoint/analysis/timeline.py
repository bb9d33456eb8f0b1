"""Timelines: events per period by QuadClass, and a conflict–cooperation index per dyad."""

from __future__ import annotations

from typing import Any

import pandas as pd

from flashpoint.analysis import source
from flashpoint.analysis.scales import QUADCLASSES, Weights, load_weights, quadclass

FREQS = ("auto", "month", "year")
THIN = 2  # a number resting on this many events or fewer is flagged ``thin``


def parse_dyad(dyad: str | None) -> tuple[str, str] | None:
    """``"IND-PAK"`` → ("IND", "PAK"); ids may contain underscores but not dashes."""
    if not dyad:
        return None
    parts = [p.strip() for p in dyad.replace(",", "-").split("-") if p.strip()]
    if len(parts) != 2 or parts[0] == parts[1]:
        raise ValueError(f"'{dyad}' is not a dyad (use two actor ids, e.g. IND-PAK)")
    return parts[0], parts[1]


def _periods(ev: pd.DataFrame, freq: str) -> tuple[pd.DataFrame, str]:
    if freq not in FREQS:
        raise ValueError(f"unknown frequency '{freq}' (choose from {', '.join(FREQS)})")
    ev = ev[ev["edate"].notna()]
    if freq == "auto":
        years = ev["edate"].str[:4].astype(int) if len(ev) else pd.Series(dtype=int)
        freq = "year" if len(years) and years.max() - years.min() > 6 else "month"
    return ev.assign(period=ev["edate"].str[: 4 if freq == "year" else 7]), freq


def _all_periods(periods: pd.Series, freq: str) -> list[str]:
    """Every period from the first to the last, so gaps show as zeros."""
    if periods.empty:
        return []
    if freq == "year":
        return [str(y) for y in range(int(periods.min()), int(periods.max()) + 1)]
    return [p.strftime("%Y-%m") for p in pd.period_range(periods.min(), periods.max(), freq="M")]


def _between(ev: pd.DataFrame, pair: tuple[str, str] | None) -> pd.DataFrame:
    if not pair:
        return ev
    a, b = pair
    return ev[
        ((ev["source"] == a) & (ev["target"] == b)) | ((ev["source"] == b) & (ev["target"] == a))
    ]


def timeline(
    src: source.Source, dyad: str | None = None, freq: str = "auto",
    since: str | None = None, until: str | None = None, min_confidence: float | None = None,
    place: Any = None,
) -> pd.DataFrame:  # fmt: skip
    """Asserted events per period by QuadClass; hypothetical and negated ones counted apart;
    ``events`` = all events of the period, ``document_dated`` = those of them placed by their
    document's date (the text gives none of their own). ``place``: see
    ``source.events``."""
    con = source.connect(src)
    period = source.Period.parse(since, until)
    ev = _between(source.events(con, period, min_confidence, place=place), parse_dyad(dyad))
    ev, freq = _periods(ev, freq)
    columns = ["period", *QUADCLASSES, "hypothetical", "negated", "events", "document_dated"]
    if ev.empty:
        return pd.DataFrame(columns=columns)
    status = ev["status"].fillna("asserted")
    ev = ev.assign(column=ev["type"].map(quadclass).where(status == "asserted", status))
    table = ev.groupby(["period", "column"]).size().unstack(fill_value=0)
    table = table.reindex(index=_all_periods(ev["period"], freq), columns=columns[1:-2], fill_value=0)
    table["events"] = table.sum(axis=1)
    table["document_dated"] = (~ev["own_date"].astype(bool)).groupby(ev["period"]).sum()
    return table.fillna(0).astype(int).rename_axis(None, axis=1).reset_index(names="period")


def dyad_index(
    src: source.Source, dyad: str = "IND-PAK", freq: str = "auto",
    since: str | None = None, until: str | None = None, weights: Weights | None = None,
    min_confidence: float | None = None, place: Any = None,
) -> pd.DataFrame:  # fmt: skip
    """Per period: the weighted cooperation–conflict index of asserted events between the
    pair (each direction and both), and the risk signal of hypothetical conflictual events.
    ``events`` counts the asserted events the index rests on; ``thin`` = ``THIN`` or fewer;
    ``document_dated`` = those of them placed by their document's date."""
    a, b = parse_dyad(dyad)
    weights = weights or load_weights()
    con = source.connect(src)
    period = source.Period.parse(since, until)
    ev = _between(source.events(con, period, min_confidence, place=place), (a, b))
    ev, freq = _periods(ev, freq)
    columns = ["period", f"{a}_to_{b}", f"{b}_to_{a}", "index", "events", "thin", "mean",
               "hypothetical", "risk", "document_dated"]  # fmt: skip
    if ev.empty:
        return pd.DataFrame(columns=columns)
    ev = ev.assign(
        weight=ev["type"].map(weights.event).astype(float), status=ev["status"].fillna("asserted")
    )
    done = ev[ev["status"] == "asserted"]
    threats = ev[(ev["status"] == "hypothetical") & (ev["weight"] < 0)]
    by = lambda frame: frame.groupby("period")["weight"]  # noqa: E731
    table = pd.DataFrame(index=_all_periods(ev["period"], freq))
    table[f"{a}_to_{b}"] = by(done[done["source"] == a]).sum()
    table[f"{b}_to_{a}"] = by(done[done["source"] == b]).sum()
    table["index"] = by(done).sum()
    table["events"] = by(done).size()
    table["mean"] = by(done).mean()
    table["hypothetical"] = by(threats).size()
    table["risk"] = by(threats).sum().abs()
    table["document_dated"] = (~done["own_date"].astype(bool)).groupby(done["period"]).sum()
    filled = [c for c in table.columns if c != "mean"]
    table[filled] = table[filled].fillna(0)
    counts = ["events", "hypothetical", "document_dated"]
    table[counts] = table[counts].astype(int)
    table["thin"] = table["events"] <= THIN
    rows = table.round(2).rename_axis("period").reset_index().to_dict("records")
    return pd.DataFrame(rows, columns=columns)
