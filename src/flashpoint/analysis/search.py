"""Ranked full-text search over the stored sentences, rolled up to documents.

A query is words and "quoted phrases" (its *units*). Sentences are ranked first by how many
units they hold, then by BM25 (k1 1.2, b 0.75) over the index of
:mod:`flashpoint.store.search_index`: rarer words weigh more, a phrase counts where its words
stand in order. A document ranks by the units found anywhere in it, then by the best score of
each unit in any of its sentences plus a tenth of the scores of its other matches. The SQL
of the ranking is :mod:`flashpoint.store.queries.search`'s.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import duckdb

from flashpoint.analysis.source import Period, Source, connect
from flashpoint.store import search_index
from flashpoint.store.queries import search as index_queries

K1, B = 1.2, 0.75
MAX_UNITS = 32  # units are bits of a BIGINT mask
SNIPPET_CHARS = 240
SNIPPET_LEAD = 60  # characters kept before the first match of a clipped snippet
MARKS = ("«", "»")
UNIT = re.compile(r"[\"“”](?P<phrase>[^\"“”]*)[\"“”]?|(?P<word>[^\s\"“”]+)")


class SearchIndexMissing(RuntimeError):
    """The store's index is absent, incomplete or of another version: rebuild it."""


@dataclass(frozen=True)
class Unit:
    """A word or a phrase of the query: its indexed words and their offsets from the first."""

    text: str
    terms: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Query:
    units: tuple[Unit, ...]

    @classmethod
    def parse(cls, text: str | None) -> Query:
        """Words and "quoted phrases"; ValueError when nothing in it can be searched."""
        if not text or not text.strip():
            raise ValueError("the query is empty")
        units: dict[tuple[tuple[str, int], ...], Unit] = {}
        for m in UNIT.finditer(text):
            unit = _unit(m.group("phrase") if m.group("phrase") is not None else m.group("word"))
            if unit is not None:
                units.setdefault(unit.terms, unit)
        if not units:
            raise ValueError(f"'{text.strip()}' has no word to search (common words such as 'the' are not indexed)")
        if len(units) > MAX_UNITS:
            raise ValueError(f"the query has {len(units)} words and phrases; at most {MAX_UNITS}")
        return cls(tuple(units.values()))


def _unit(text: str) -> Unit | None:
    words = [(pos, term) for pos, (_, _, term) in enumerate(search_index.tokens(text)) if term]
    if not words:
        return None
    first = words[0][0]
    return Unit(text.strip(), tuple((term, pos - first) for pos, term in words))


@dataclass(frozen=True)
class Filters:
    """The documents a search looks in: published in ``period``, of ``outlet_country``."""

    period: Period = Period()
    outlet_country: str | None = None

    @classmethod
    def parse(cls, since: str | None = None, until: str | None = None,
              outlet_country: str | None = None) -> Filters:  # fmt: skip
        """ValueError for a date that is not YYYY, YYYY-MM or YYYY-MM-DD."""
        country = outlet_country.strip().upper() if outlet_country else None
        return cls(Period.parse(since, until), country or None)


# -- searching ----------------------------------------------------------------------------------
def search(source: Source, query: Query | str, limit: int = 20, docs: bool = False,
           filters: Filters | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The best ``limit`` sentences (or documents, with their best sentences) for ``query``,
    as JSON-ready rows with snippets and document offsets."""
    con = connect(source)
    problem = search_index.problem(con)
    if problem:
        raise SearchIndexMissing(problem)
    query = query if isinstance(query, Query) else Query.parse(query)
    found = _ranked(con, query, limit, docs, filters or Filters())
    return _documents(con, query, found) if docs else _sentences(con, query, found)


def _ranked(con: duckdb.DuckDBPyConnection, query: Query, limit: int, docs: bool,
            filters: Filters) -> list[tuple]:  # fmt: skip
    """The ranking query's rows, or nothing when no unit's words are all in the index."""
    words = sorted({term for unit in query.units for term, _ in unit.terms})
    ids = index_queries.term_ids(con, words)
    units = [(i, u) for i, u in enumerate(query.units) if all(t in ids for t, _ in u.terms)]
    if not units:
        return []
    weights = _weights(con, units, ids)
    found = [(i, [(ids[t], off) for t, off in u.terms], w)
             for (i, u), w in zip(units, weights, strict=True)]  # fmt: skip
    return index_queries.ranked(con, found, limit, docs, filters.period, filters.outlet_country)


def _weights(con: duckdb.DuckDBPyConnection, units: list[tuple[int, Unit]],
             ids: dict[str, int]) -> list[dict[str, float]]:  # fmt: skip
    """BM25's constants per unit: the summed idf of its words, the length normalisation."""
    term_ids = sorted({ids[t] for _, u in units for t, _ in u.terms})
    n, words, counts = index_queries.collection(con, term_ids)
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in zip(term_ids, counts, strict=True)}
    constants = {"k1_1": K1 + 1, "norm": K1 * (1 - B), "scale": K1 * B / (words / n)}
    return [{"idf": sum(idf[ids[t]] for t, _ in u.terms), **constants} for _, u in units]


def _sentences(con: duckdb.DuckDBPyConnection, query: Query, found: list[tuple]) -> list[dict[str, Any]]:
    meta = index_queries.metadata(con, [r[0] for r in found])
    texts = index_queries.sentence_texts(con, [(r[0], r[1]) for r in found])
    return [
        {**meta[doc_id], "score": round(score, 4), "matched": matched, "of": len(query.units),
         **_evidence(query, sentence, texts[(doc_id, sentence)])}
        for doc_id, sentence, matched, score in found
    ]  # fmt: skip


def _documents(con: duckdb.DuckDBPyConnection, query: Query, found: list[tuple]) -> list[dict[str, Any]]:
    meta = index_queries.metadata(con, [r[0] for r in found])
    texts = index_queries.sentence_texts(con, [(r[0], s) for r in found for s in r[3]])
    rows = []
    for doc_id, matched, score, sentences, sentence_matched, scores in found:
        best = [
            {"score": round(s_score, 4), "matched": s_matched,
             **_evidence(query, s, texts[(doc_id, s)])}
            for s, s_matched, s_score in zip(sentences, sentence_matched, scores, strict=True)
        ]  # fmt: skip
        rows.append({**meta[doc_id], "score": round(score, 4), "matched": matched,
                     "of": len(query.units), "sentences": best})  # fmt: skip
    return rows


# -- snippets -----------------------------------------------------------------------------------
def _evidence(query: Query, sentence: int, located: tuple[int, int, str]) -> dict[str, Any]:
    """The sentence's index and offsets, its matches as document offsets, a marked snippet."""
    start, end, text = located
    spans = match_spans(query, text)
    return {"sentence": sentence, "start": start, "end": end,
            "matches": [[start + a, start + b] for a, b in spans],
            "snippet": snippet(text, spans)}  # fmt: skip


def match_spans(query: Query, text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` where a unit of the query is found (merged, in order)."""
    toks = search_index.tokens(text)
    spans: list[tuple[int, int]] = []
    for unit in query.units:
        last = unit.terms[-1][1]
        for i in range(len(toks) - last):
            if all(toks[i + off][2] == term for term, off in unit.terms):
                spans.append((toks[i][0], toks[i + last][1]))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """The sentence (clipped around its first match when long) with matches in « »."""
    lo = 0
    if len(text) > width and spans:
        lo = max(0, min(spans[0][0] - SNIPPET_LEAD, len(text) - width))
        lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = min(len(text), lo + width)
    out, at = [], lo
    for a, b in spans:
        a, b = max(a, lo), min(b, hi)
        if a >= b:
            continue
        out += [text[at:a], MARKS[0], text[a:b], MARKS[1]]
        at = b
    out.append(text[at:hi])
    clipped = " ".join("".join(out).split())
    return ("…" if text[:lo].strip() else "") + clipped + ("…" if text[hi:].strip() else "")
