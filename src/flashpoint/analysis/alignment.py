"""Alignment matrix and reciprocity ledger: who supports or opposes whom, and in return."""

from __future__ import annotations

from typing import Any

import pandas as pd

from flashpoint.analysis import source
from flashpoint.analysis.scales import Weights
from flashpoint.analysis.ties import evidence_by, sign_counts, ties
from flashpoint.analysis.timeline import THIN

ALIGNMENT_COLUMNS = ["holder", "holder_name", "target", "target_name", "support", "oppose",
                     "silent", "net", "score", "n", "events", "thin", "documents", "first",
                     "last", "evidence"]  # fmt: skip


def alignment(
    src: source.Source, since: str | None = None, until: str | None = None,
    weights: Weights | None = None, evidence_per_cell: int = 3,
    min_confidence: float | None = None, relevant_only: bool = True, place: Any = None,
) -> pd.DataFrame:  # fmt: skip
    """Holder × target: support and opposition counts, silences (kept apart), weighted score.

    ``net`` = support − opposition items; ``score`` = sum of the cooperation–conflict
    weights. A silence adds to ``silent`` and never to either side. ``n`` = the items the
    pair rests on (``events`` of them from events); ``thin`` = ``THIN`` items or fewer.
    ``relevant_only`` (default): only items in sentences on the pack's topic.
    """
    con = source.connect(src)
    t = ties(con, source.Period.parse(since, until), weights, min_confidence, relevant_only, place=place)
    if t.empty:
        return pd.DataFrame(columns=ALIGNMENT_COLUMNS)
    names = source.actor_names(con)
    out = sign_counts(t, ["holder", "target"])
    proof = evidence_by(t, ["holder", "target"], evidence_per_cell)
    out["holder_name"] = [source.display(a, names) for a in out["holder"]]
    out["target_name"] = [source.display(a, names) for a in out["target"]]
    out["net"] = out["support"] - out["oppose"]
    out["thin"] = out["n"] <= THIN
    out["score"] = out["score"].round(2)
    out["evidence"] = [proof.get(k, []) for k in zip(out["holder"], out["target"], strict=True)]
    rows = out.to_dict("records")
    out = pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)
    out["_weight"] = out["support"] + out["oppose"] + out["silent"]
    return out.sort_values(["_weight", "holder", "target"], ascending=[False, True, True]).drop(
        columns="_weight").reset_index(drop=True)  # fmt: skip


RECIPROCITY_COLUMNS = ["actor", "actor_name", "partner", "partner_name", "support_given",
                       "support_received", "balance", "opposition_given",
                       "opposition_received", "silent_given", "silent_received", "n",
                       "events"]  # fmt: skip


def reciprocity(
    src: source.Source, since: str | None = None, until: str | None = None,
    actor: str | None = None, weights: Weights | None = None,
    min_confidence: float | None = None, relevant_only: bool = True, place: Any = None,
) -> pd.DataFrame:  # fmt: skip
    """Ledger per ordered pair: support given to the partner vs support received from it;
    ``n`` = the items (both ways) the row rests on, ``events`` = those from events;
    ``relevant_only`` as in ``alignment``. With a ``place`` filter
    (``analysis.places.PlaceFilter``) only events located there count (``ties``)."""
    con = source.connect(src)
    t = ties(con, source.Period.parse(since, until), weights, min_confidence, relevant_only,
             place=place)
    if t.empty:
        return pd.DataFrame(columns=RECIPROCITY_COLUMNS)
    counts = t.groupby(["holder", "target", "sign"]).size().unstack(fill_value=0)
    for sign in ("support", "oppose", "silent"):
        if sign not in counts:
            counts[sign] = 0
    counts["_n"] = counts[["support", "oppose", "silent"]].sum(axis=1)
    counts["_events"] = (t["kind"] == "event").groupby([t["holder"], t["target"]]).sum()
    given = counts.to_dict("index")
    pairs = {(a, b) for a, b in given} | {(b, a) for a, b in given}
    names = source.actor_names(con)
    rows = []
    for a, b in pairs:
        if actor and a != actor:
            continue
        out, back = given.get((a, b), {}), given.get((b, a), {})
        rows.append({
            "actor": a, "actor_name": source.display(a, names),
            "partner": b, "partner_name": source.display(b, names),
            "support_given": int(out.get("support", 0)), "support_received": int(back.get("support", 0)),
            "balance": int(out.get("support", 0)) - int(back.get("support", 0)),
            "opposition_given": int(out.get("oppose", 0)),
            "opposition_received": int(back.get("oppose", 0)),
            "silent_given": int(out.get("silent", 0)), "silent_received": int(back.get("silent", 0)),
            "n": int(out.get("_n", 0)) + int(back.get("_n", 0)),
            "events": int(out.get("_events", 0)) + int(back.get("_events", 0)),
        })  # fmt: skip
    result = pd.DataFrame(rows, columns=RECIPROCITY_COLUMNS)
    if result.empty:
        return result
    result["_total"] = result["support_given"] + result["support_received"]
    return result.sort_values(["_total", "actor", "partner"], ascending=[False, True, True]).drop(
        columns="_total").reset_index(drop=True)  # fmt: skip
