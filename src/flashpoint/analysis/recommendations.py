"""Recommendations tracker: what is asked of whom, grouped by similar action across documents."""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from flashpoint.analysis import source
from flashpoint.analysis.rows import records
from flashpoint.relevance import RELEVANT
from flashpoint.store.queries import items as item_queries

log = logging.getLogger(__name__)
# cosine distance under which two actions count as the same ask, per vector kind
DISTANCE = {"minilm": 0.4, "tfidf": 0.6}


def _vectors(texts: list[str]) -> tuple[np.ndarray, str]:
    """Sentence embeddings (MiniLM) when the encoder is available, else TF-IDF vectors."""
    try:
        from flashpoint.nlp.embeddings import encode

        vectors = np.asarray(encode(texts), dtype=np.float32)
        return vectors, "minilm"
    except Exception as exc:  # missing module or model: fall back, never fail
        log.info("embeddings unavailable (%s); clustering with TF-IDF", exc)
    from sklearn.feature_extraction.text import TfidfVectorizer

    tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    try:
        return tfidf.fit_transform(texts).toarray(), "tfidf"
    except ValueError:  # only stop words: every text is its own group
        return np.eye(len(texts), dtype=np.float32), "tfidf"


def cluster(texts: list[str], distance: float | None = None) -> tuple[list[int], str]:
    """Cluster labels (average-linkage, cosine distance threshold) and the method used."""
    if len(texts) < 2:
        return [0] * len(texts), "none"
    vectors, method = _vectors(texts)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1, norms)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average",
        distance_threshold=distance or DISTANCE.get(method, 0.5),
    )  # fmt: skip
    labels = model.fit_predict(vectors) if np.any(vectors) else np.arange(len(texts))
    return [int(x) for x in labels], method


def action_text(action: str | None, quote: str | None) -> str:
    """What a recommendation asks for: its action when it says something (two words or
    more), else the whole quote."""
    if isinstance(action, str) and len(action.split()) >= 2:
        return action.strip()
    return (quote or action or "").strip()


def recommendation_rows(
    con, period: source.Period | None = None, relevant_only: bool = False
) -> pd.DataFrame:
    """Recommendations with their document's fields, date (``edate``) and relevance."""
    return item_queries.recommendation_frame(con, period, relevant_only)


TRACKER_COLUMNS = ["group", "action", "addressees", "mentions", "documents", "first_seen",
                   "last_seen", "sources", "items", "method"]  # fmt: skip


@dataclass(frozen=True)
class RecommendationGroups:
    """Every recommendation of a store with its group label, clustered once over the whole
    store: a date window or an addressee then only selects members (no clustering again),
    so groups keep their identity whatever the window."""

    recs: pd.DataFrame  # recommendation_rows plus ``text`` and ``label``
    rows: list[dict]  # ``recs`` as plain rows, in the same order
    method: str
    names: dict[str, str]
    items: list[dict] = field(init=False)  # each recommendation as its group lists it
    items_json: list[str] = field(init=False)  # the same, as JSON
    whole: dict[int, tuple[int, dict, str]] = field(init=False)  # size, row and items' JSON

    def __post_init__(self) -> None:
        items = [{"doc_id": r["doc_id"], "idx": int(r["idx"]), "quote": r["quote"],
                  "date": r["edate"], "addressee": r["addressee"], "speaker": r["speaker"]}
                 for r in self.rows]  # fmt: skip
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "items_json", [_json(i) for i in items])
        members: dict[int, list[int]] = {}
        for i, row in enumerate(self.rows):
            members.setdefault(row["label"], []).append(i)
        # each group as a window holding all of it shows it: reused by any such window
        whole = {label: (len(m), _group_head([self.rows[i] for i in m], self.names),
                         ",".join(self.items_json[i] for i in m))
                 for label, m in members.items()}  # fmt: skip
        object.__setattr__(self, "whole", whole)

    def select(self, since: str | None = None, until: str | None = None,
               addressee: str | None = None, relevant_only: bool = True) -> np.ndarray:  # fmt: skip
        """Positions of the recommendations inside the window (and to the addressee; with
        ``relevant_only``, only those in sentences on the pack's topic)."""
        recs, period = self.recs, source.Period.parse(since, until)
        keep = np.ones(len(recs), dtype=bool)
        dated, day = recs["edate"].notna().to_numpy(), recs["edate"].fillna("").to_numpy()
        if period.since:
            keep &= dated & (day >= period.since)
        if period.until:
            keep &= dated & (day <= period.until)
        if addressee:
            keep &= (recs["addressee"] == addressee).to_numpy()
        if relevant_only:
            score = recs["relevance"].to_numpy(dtype=float, na_value=np.nan)
            keep &= np.isnan(score) | (score >= RELEVANT)
        return np.flatnonzero(keep)

    def heads(self, since: str | None = None, until: str | None = None,
              addressee: str | None = None,
              relevant_only: bool = True) -> list[tuple[dict, list[int]]]:  # fmt: skip
        """Per group with members in the window: its row without items, and the members'
        positions; largest and most repeated first."""
        members: dict[int, list[int]] = {}
        for i in self.select(since, until, addressee, relevant_only):
            members.setdefault(self.rows[i]["label"], []).append(int(i))
        found = [(self._head(label, m), m) for label, m in members.items()]
        found.sort(key=lambda h: (-h[0]["documents"], -h[0]["mentions"],
                                  h[0]["first_seen"] is None, h[0]["first_seen"] or ""))  # fmt: skip
        return [({"group": n, **head}, m) for n, (head, m) in enumerate(found, 1)]

    def _head(self, label: int, members: list[int]) -> dict:
        size, head, _ = self.whole[label]
        return head if size == len(members) else _group_head([self.rows[i] for i in members],
                                                             self.names)  # fmt: skip

    def _items_json(self, members: list[int]) -> str:
        size, _, text = self.whole[self.rows[members[0]]["label"]]
        return text if size == len(members) else ",".join(self.items_json[i] for i in members)

    def window_rows(self, since: str | None = None, until: str | None = None,
                    addressee: str | None = None, relevant_only: bool = True) -> list[dict]:  # fmt: skip
        """One plain row per group with members in the window (``TRACKER_COLUMNS``)."""
        return [{**head, "items": [self.items[i] for i in m], "method": self.method}
                for head, m in self.heads(since, until, addressee, relevant_only)]  # fmt: skip

    def window_json(self, since: str | None = None, until: str | None = None,
                    addressee: str | None = None, relevant_only: bool = True) -> str:  # fmt: skip
        """``window_rows`` as JSON text, built from the items' JSON written once."""
        method = _json(self.method)
        return "[" + ",".join(
            f'{_json(head)[:-1]},"items":[{self._items_json(m)}],"method":{method}}}'
            for head, m in self.heads(since, until, addressee, relevant_only)
        ) + "]"  # fmt: skip

    def window(self, since: str | None = None, until: str | None = None,
               addressee: str | None = None, relevant_only: bool = True) -> pd.DataFrame:  # fmt: skip
        """``window_rows`` as a DataFrame."""
        return pd.DataFrame(self.window_rows(since, until, addressee, relevant_only),
                            columns=TRACKER_COLUMNS)  # fmt: skip


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def group_recommendations(
    src: source.Source, distance: float | None = None
) -> RecommendationGroups:
    """Cluster every recommendation of the store once (see ``RecommendationGroups``)."""
    con = source.connect(src)
    recs = recommendation_rows(con)
    texts = [action_text(a, q) for a, q in zip(recs["action"], recs["quote"], strict=True)]
    labels, method = cluster(texts, distance) if texts else ([], "none")
    recs = recs.assign(text=texts, label=labels)
    return RecommendationGroups(recs, records(recs), method, source.actor_names(con))


def tracker(
    src: source.Source, since: str | None = None, until: str | None = None,
    addressee: str | None = None, distance: float | None = None, relevant_only: bool = True,
) -> pd.DataFrame:  # fmt: skip
    """One row per group of similar recommended actions, largest and most repeated first.
    Groups are formed over the whole store; the window, addressee and (``relevant_only``,
    the default) the sentences on the pack's topic select their members."""
    source.Period.parse(since, until)  # a bad date fails before any clustering
    return group_recommendations(src, distance).window(since, until, addressee, relevant_only)


def _group_head(members: list[dict], names: dict[str, str]) -> dict:
    """A group's row before its items: wording, addressees, counts, dates, sources."""
    dates = sorted(i["edate"] for i in members if i["edate"])
    addressees = Counter(i["addressee"] or "" for i in members)
    return {
        "action": Counter(i["text"] for i in members).most_common(1)[0][0],
        "addressees": [{"id": a or None, "name": source.display(a or None, names), "count": n}
                       for a, n in addressees.most_common()],
        "mentions": len(members), "documents": len({i["doc_id"] for i in members}),
        "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
        "sources": sorted({i["outlet"] or i["author"] or i["title"] or i["doc_id"] for i in members}),
    }  # fmt: skip


def by_addressee(
    src: source.Source, since: str | None = None, until: str | None = None,
    relevant_only: bool = True,
) -> pd.DataFrame:  # fmt: skip
    """Counts of recommendations per addressee (unresolved addressees as ``None``); with
    ``relevant_only`` (the default), only those in sentences on the pack's topic."""
    con = source.connect(src)
    recs = recommendation_rows(con, source.Period.parse(since, until), relevant_only)
    columns = [
        "addressee",
        "addressee_name",
        "recommendations",
        "documents",
        "first_seen",
        "last_seen",
    ]
    if recs.empty:
        return pd.DataFrame(columns=columns)
    names = source.actor_names(con)
    recs = recs.assign(addressee=recs["addressee"].fillna(""))
    out = recs.groupby("addressee").agg(
        recommendations=("idx", "size"), documents=("doc_id", "nunique"),
        first_seen=("edate", "min"), last_seen=("edate", "max"),
    ).reset_index()  # fmt: skip
    out["addressee"] = out["addressee"].replace("", None)
    out.insert(1, "addressee_name", [source.display(a, names) for a in out["addressee"]])
    return out.sort_values("recommendations", ascending=False, ignore_index=True)[columns]
