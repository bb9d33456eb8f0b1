"""Ranked full-text search over the stored sentences, rolled up to documents.

A query is words and "quoted phrases" (its *units*). Sentences are ranked first by how many
units they hold, then by BM25 (k1 1.2, b 0.75) over the index of
:mod:`flashpoint.store.search_index`: rarer words weigh more, a phrase counts where its words
stand in order. A document ranks by the units found anywhere in it, then by the best score of
each unit in any of its sentences plus a tenth of the scores of its other matches.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import duckdb

from flashpoint.analysis.source import Period, Source, connect, full_date
from flashpoint.store import search_index

K1, B = 1.2, 0.75
MAX_UNITS = 32  # units are bits of a BIGINT mask
BEST_SENTENCES = 3  # per document in the document view
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
    period: Period = Period()
    outlet_country: str | None = None

    @classmethod
    def parse(cls, since: str | None = None, until: str | None = None,
              outlet_country: str | None = None) -> Filters:  # fmt: skip
        """ValueError for a date that is not YYYY, YYYY-MM or YYYY-MM-DD."""
        country = outlet_country.strip().upper() if outlet_country else None
        return cls(Period.parse(since, until), country or None)

    def sql(self) -> tuple[str, list[Any]]:
        """The ``allowed`` documents' CTE (empty when nothing is filtered) and its parameters."""
        if not (self.period.since or self.period.until or self.outlet_country):
            return "", []
        where, params = self.period.sql(full_date("d.published"))
        if self.outlet_country:
            where += " AND upper(d.outlet_country) = ?"
            params.append(self.outlet_country)
        return ALLOWED.format(where=where), params


# -- SQL ----------------------------------------------------------------------------------------
# The ranking query is put together per query: one scan of the index per word (each an equality
# on term_id, which DuckDB answers from the few row groups that hold it; an IN list reads them
# all), scored with BM25 constants computed beforehand; phrases keep the sentences where their
# words stand at the right distances.
TERM_IDS = "SELECT term, term_id FROM search_vocab WHERE term IN (SELECT unnest(?))"
COUNTS = "SELECT greatest(sum(sentences), 1), greatest(sum(terms), 1) {dfs} FROM search_docs"
DF = ", (SELECT count(*) FROM search_terms WHERE term_id = {term_id})"
ALLOWED = """allowed AS (SELECT k.doc_key FROM search_docs k JOIN documents d USING (doc_id)
                         WHERE {where}), """
IN_ALLOWED = "AND doc_key IN (SELECT doc_key FROM allowed)"
BM25 = (  # constants as DOUBLE: a DECIMAL literal makes the arithmetic ten times slower
    "{idf!r}::DOUBLE * tf * {k1_1!r}::DOUBLE / (tf + {norm!r}::DOUBLE + {scale!r}::DOUBLE * n_terms)"
)
WORD_HITS = """SELECT doc_key, sentence, {unit} AS unit, {bm25} AS score
               FROM search_terms WHERE term_id = {term_id} {allowed}"""
PHRASE_WORD = """SELECT doc_key, sentence, n_terms, unnest(positions) - {off} AS start
                 FROM search_terms WHERE term_id = {term_id} {allowed}"""
PHRASE_HITS = """SELECT doc_key, sentence, {unit} AS unit, {bm25} AS score FROM (
    SELECT doc_key, sentence, any_value(n_terms) AS n_terms, count(*) AS tf FROM (
        SELECT doc_key, sentence, any_value(n_terms) AS n_terms FROM ({words})
        GROUP BY doc_key, sentence, start HAVING count(*) = {size})  -- where the phrase starts
    GROUP BY doc_key, sentence)"""
# sentences: one unit's hits as they are; several units' summed per sentence
ONE_UNIT = "WITH {allowed}sentences AS (SELECT *, 1 AS matched FROM ({hits}))"
UNITS = """WITH {allowed}hits AS ({hits}),
sentences AS (SELECT doc_key, sentence, count(*) AS matched, sum(score) AS score
              FROM hits GROUP BY doc_key, sentence)"""
TOP_SENTENCES = """
SELECT d.doc_id, s.sentence, s.matched, s.score
FROM (SELECT * FROM sentences ORDER BY matched DESC, score DESC, doc_key, sentence LIMIT ?) s
JOIN search_docs d USING (doc_key)
ORDER BY s.matched DESC, s.score DESC, s.doc_key, s.sentence"""
# a document's score: the best score of each unit in any of its sentences, plus a tenth of
# its other matches' scores; its best sentences are scored for the top documents only
TOP_DOCUMENTS = f"""WITH {{allowed}}hits AS MATERIALIZED ({{hits}}),
docs AS (
    SELECT doc_key, bit_count(bit_or(1::BIGINT << unit)) AS matched, {{unit_best}} AS best,
           sum(score) AS total
    FROM hits GROUP BY doc_key),
top AS (SELECT doc_key, matched, best + 0.1 * (total - best) AS score FROM docs
        ORDER BY matched DESC, score DESC, doc_key LIMIT ?),
sentences AS (
    SELECT doc_key, sentence, count(*) AS matched, sum(score) AS score FROM hits
    WHERE doc_key IN (SELECT doc_key FROM top) GROUP BY doc_key, sentence),
best AS (
    SELECT doc_key, sentence, matched, score, row_number() OVER (
        PARTITION BY doc_key ORDER BY matched DESC, score DESC, sentence) AS rank
    FROM sentences)
SELECT d.doc_id, t.matched, t.score, list(b.sentence ORDER BY b.rank) AS sentences,
       list(b.matched ORDER BY b.rank) AS sentence_matched,
       list(b.score ORDER BY b.rank) AS sentence_scores
FROM top t JOIN best b USING (doc_key) JOIN search_docs d USING (doc_key)
WHERE b.rank <= {BEST_SENTENCES}
GROUP BY d.doc_id, t.matched, t.score, t.doc_key
ORDER BY t.matched DESC, t.score DESC, t.doc_key"""
UNIT_BEST = "COALESCE(max(score) FILTER (WHERE unit = {unit}), 0)"
DOCUMENTS = """SELECT doc_id, title, published, outlet, outlet_country FROM documents
               WHERE doc_id IN (SELECT unnest(?))"""
SENTENCES = """SELECT s.doc_id, s.idx, s.start_char, s.end_char, s.text FROM sentences s
               JOIN (SELECT unnest(?) AS doc_id, unnest(?) AS idx) w USING (doc_id, idx)"""


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
    ids = dict(con.execute(TERM_IDS, [words]).fetchall())
    units = [(i, u) for i, u in enumerate(query.units) if all(t in ids for t, _ in u.terms)]
    if not units:
        return []
    allowed, params = filters.sql()
    weights = _weights(con, units, ids)
    hits = {i: _unit_hits(i, u, ids, w, IN_ALLOWED if allowed else "")
            for (i, u), w in zip(units, weights, strict=True)}  # fmt: skip
    params.append(limit)
    if docs:
        best = " + ".join(UNIT_BEST.format(unit=i) for i in hits)
        sql = TOP_DOCUMENTS.format(allowed=allowed, hits=" UNION ALL ".join(hits.values()), unit_best=best)
        return con.execute(sql, params).fetchall()
    template = ONE_UNIT if len(hits) == 1 else UNITS
    sql = template.format(allowed=allowed, hits=" UNION ALL ".join(hits.values()))
    return con.execute(sql + TOP_SENTENCES, params).fetchall()


def _weights(con: duckdb.DuckDBPyConnection, units: list[tuple[int, Unit]],
             ids: dict[str, int]) -> list[dict[str, float]]:  # fmt: skip
    """BM25's constants per unit: the summed idf of its words, the length normalisation."""
    term_ids = sorted({ids[t] for _, u in units for t, _ in u.terms})
    dfs = "".join(DF.format(term_id=t) for t in term_ids)
    n, words, *counts = con.execute(COUNTS.format(dfs=dfs)).fetchone()
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in zip(term_ids, counts, strict=True)}
    constants = {"k1_1": K1 + 1, "norm": K1 * (1 - B), "scale": K1 * B / (words / n)}
    return [{"idf": sum(idf[ids[t]] for t, _ in u.terms), **constants} for _, u in units]


def _unit_hits(unit: int, u: Unit, ids: dict[str, int], weights: dict[str, float],
               allowed: str) -> str:  # fmt: skip
    """SQL of one unit's matching sentences with their score."""
    bm25 = BM25.format(**weights)
    if len(u.terms) == 1:
        return WORD_HITS.format(unit=unit, bm25=bm25, term_id=ids[u.terms[0][0]], allowed=allowed)
    words = " UNION ALL ".join(
        PHRASE_WORD.format(off=off, term_id=ids[t], allowed=allowed) for t, off in u.terms
    )
    return PHRASE_HITS.format(unit=unit, bm25=bm25, words=words, size=len(u.terms))


def _sentences(con: duckdb.DuckDBPyConnection, query: Query, found: list[tuple]) -> list[dict[str, Any]]:
    meta = _metadata(con, [r[0] for r in found])
    texts = _texts(con, [(r[0], r[1]) for r in found])
    return [
        {**meta[doc_id], "score": round(score, 4), "matched": matched, "of": len(query.units),
         **_evidence(query, sentence, texts[(doc_id, sentence)])}
        for doc_id, sentence, matched, score in found
    ]  # fmt: skip


def _documents(con: duckdb.DuckDBPyConnection, query: Query, found: list[tuple]) -> list[dict[str, Any]]:
    meta = _metadata(con, [r[0] for r in found])
    texts = _texts(con, [(r[0], s) for r in found for s in r[3]])
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


def _metadata(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    cursor = con.execute(DOCUMENTS, [doc_ids])
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _texts(con: duckdb.DuckDBPyConnection, keys: list[tuple[str, int]]) -> dict[tuple[str, int], tuple]:
    """(start, end, text) of each (doc_id, sentence index)."""
    if not keys:
        return {}
    doc_ids, idx = [k[0] for k in keys], [k[1] for k in keys]
    rows = con.execute(SENTENCES, [doc_ids, idx]).fetchall()
    return {(doc_id, i): (start, end, text) for doc_id, i, start, end, text in rows}


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
