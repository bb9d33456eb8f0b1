"""Ties: events and stances reduced to holder → target items with a sign and a weight."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from flashpoint.analysis import source
from flashpoint.analysis.scales import Weights, load_weights

TIE_COLUMNS = ["holder", "target", "sign", "weight", "kind", "type", "doc_id", "idx",
               "quote", "start_char", "end_char", "edate", "outlet", "title",
               "relevance"]  # fmt: skip


def ties(
    con, period: source.Period | None = None, weights: Weights | None = None,
    min_confidence: float | None = None, relevant_only: bool = False, place: Any = None,
) -> pd.DataFrame:  # fmt: skip
    """One row per signed tie: sign is ``support``, ``oppose`` or ``silent``.

    Asserted events carry their type's weight; negated events of a silence type are
    silences; hypothetical events are risks, not ties, and are left out (see timeline).
    Stances count with the stance weights; ``silent`` stances are silences. Events below
    ``min_confidence`` (see ``source.events``) are left out; with ``relevant_only``, so
    are items outside the sentences on the pack's topic. With a ``place`` filter
    (``analysis.places.PlaceFilter``) only located events count: stances have no place.
    """
    weights = weights or load_weights()
    ev = source.events(con, period, min_confidence, relevant_only, place=place)
    ev = ev[ev["source"].notna() & ev["target"].notna() & (ev["source"] != ev["target"])]
    ev = ev.assign(
        holder=ev["source"], kind="event",
        weight=ev["type"].map(weights.events).fillna(0.0).astype(float),
    )  # fmt: skip
    asserted = ev[(ev["status"].fillna("asserted") == "asserted") & (ev["weight"] != 0)].copy()
    asserted["sign"] = np.where(asserted["weight"] > 0, "support", "oppose")
    silenced = ev[(ev["status"] == "negated") & ev["type"].isin(weights.silence_types)].copy()
    silenced["sign"], silenced["weight"] = "silent", 0.0

    st = source.stances(con, period, relevant_only)
    if place is not None and place.active:
        st = st.iloc[0:0]
    st = st[st["holder"].notna() & st["target"].notna() & (st["holder"] != st["target"])]
    st = st[st["polarity"].isin(["support", "oppose", "silent"])].copy()
    st["sign"], st["kind"], st["type"] = st["polarity"], "stance", st["polarity"]
    st["weight"] = st["polarity"].map(weights.stances).fillna(0.0).astype(float)

    st = _drop_echoes(st, pd.concat([asserted, silenced]))
    frames = [f[TIE_COLUMNS] for f in (asserted, silenced, st) if len(f)]
    if not frames:
        return pd.DataFrame(columns=TIE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _drop_echoes(stances: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Leave out stances that restate an event of the same sign over an overlapping span,
    so one sentence is not counted twice."""
    if stances.empty or events.empty:
        return stances
    keys = ["doc_id", "holder", "target", "sign"]
    pairs = stances.reset_index().merge(
        events[[*keys, "start_char", "end_char"]], on=keys, suffixes=("", "_e")
    )
    overlap = (pairs["start_char"] < pairs["end_char_e"]) & (
        pairs["start_char_e"] < pairs["end_char"]
    )
    return stances.drop(index=pairs.loc[overlap, "index"].unique())


def evidence(group: pd.DataFrame, limit: int = 3) -> list[dict]:
    """A few quotes backing an aggregate, strongest weights first."""
    return next(iter(evidence_by(group.assign(_all=0), ["_all"], limit).values()), [])


def evidence_by(t: pd.DataFrame, keys: list[str], limit: int = 3) -> dict[tuple, list[dict]]:
    """Evidence lists for every group of ``keys`` in one pass (strongest weights first)."""
    top = t.assign(_strength=t["weight"].abs()).sort_values(
        "_strength", ascending=False, kind="stable"
    )
    top = top.groupby(keys, sort=False).head(limit)
    out: dict[tuple, list[dict]] = {}
    columns = [*keys, "doc_id", "kind", "idx", "type", "quote", "start_char", "end_char"]
    for row in top[columns].itertuples(index=False, name=None):
        key, (doc_id, kind, idx, etype, quote, start, end) = row[: len(keys)], row[len(keys) :]
        out.setdefault(key, []).append(
            {"doc_id": doc_id, "kind": kind, "idx": int(idx), "type": etype, "quote": quote,
             "start": _int(start), "end": _int(end)}
        )  # fmt: skip
    return out


def sign_counts(t: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group: support, oppose and silent counts, score (sum of weights), documents, dates;
    ``n`` = the items (events and stances) behind the group, ``events`` = those from events."""
    counts = t.groupby([*keys, "sign"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=["support", "oppose", "silent"], fill_value=0)
    stats = t.assign(_event=t["kind"] == "event").groupby(keys).agg(
        score=("weight", "sum"), documents=("doc_id", "nunique"),
        first=("edate", "min"), last=("edate", "max"),
        n=("sign", "size"), events=("_event", "sum"),
    )  # fmt: skip
    stats["events"] = stats["events"].astype(int)
    return counts.join(stats).reset_index()


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)
