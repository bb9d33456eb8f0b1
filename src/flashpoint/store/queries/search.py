"""The full-text ranking query over the search index (``store.search_index``), put together
per query from one scan of the index per word; the ranking itself (units, BM25 weights,
snippets) is :mod:`flashpoint.analysis.search`'s.

Each word is an equality on term_id, which DuckDB answers from the few row groups that hold
it (an IN list reads them all), scored with BM25 constants computed beforehand; phrases keep
the sentences where their words stand at the right distances."""

from __future__ import annotations

from typing import Any

from flashpoint.store.queries.common import PUBLISHED, Window, within

BEST_SENTENCES = 3  # per document in the document view

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

# one unit of the query: its number, its words as (term_id, offset from the first word) and
# its BM25 constants (idf, k1_1, norm, scale)
Unit = tuple[int, list[tuple[int, int]], dict[str, float]]


def term_ids(con: Any, words: list[str]) -> dict[str, int]:
    """The index's ids of the words it holds."""
    return dict(con.execute(TERM_IDS, [words]).fetchall())


def collection(con: Any, ids: list[int]) -> tuple[int, int, list[int]]:
    """BM25's collection statistics: indexed sentences, indexed words, and the number of
    sentences holding each term of ``ids``."""
    dfs = "".join(DF.format(term_id=t) for t in ids)
    n, words, *counts = con.execute(COUNTS.format(dfs=dfs)).fetchone()
    return n, words, counts


def _allowed(period: Window, outlet_country: str | None) -> tuple[str, list[Any]]:
    """The ``allowed`` documents' CTE (empty when nothing is filtered) and its parameters."""
    if not (period.since or period.until or outlet_country):
        return "", []
    where, params = within(period, PUBLISHED)
    if outlet_country:
        where += " AND upper(d.outlet_country) = ?"
        params.append(outlet_country)
    return ALLOWED.format(where=where), params


def _unit_hits(unit: Unit, allowed: str) -> str:
    """SQL of one unit's matching sentences with their score."""
    number, terms, weights = unit
    bm25 = BM25.format(**weights)
    if len(terms) == 1:
        return WORD_HITS.format(unit=number, bm25=bm25, term_id=terms[0][0], allowed=allowed)
    words = " UNION ALL ".join(
        PHRASE_WORD.format(off=off, term_id=term_id, allowed=allowed) for term_id, off in terms
    )
    return PHRASE_HITS.format(unit=number, bm25=bm25, words=words, size=len(terms))


def ranked(con: Any, units: list[Unit], limit: int, docs: bool, period: Window,
           outlet_country: str | None = None) -> list[tuple]:  # fmt: skip
    """The best ``limit`` sentences as (doc_id, sentence, matched, score), or with ``docs``
    the best documents as (doc_id, matched, score, sentences, sentence_matched,
    sentence_scores); only documents published in ``period`` (and of ``outlet_country``)."""
    allowed, params = _allowed(period, outlet_country)
    hits = {unit[0]: _unit_hits(unit, IN_ALLOWED if allowed else "") for unit in units}
    params.append(limit)
    if docs:
        best = " + ".join(UNIT_BEST.format(unit=i) for i in hits)
        sql = TOP_DOCUMENTS.format(allowed=allowed, hits=" UNION ALL ".join(hits.values()), unit_best=best)
        return con.execute(sql, params).fetchall()
    template = ONE_UNIT if len(hits) == 1 else UNITS
    sql = template.format(allowed=allowed, hits=" UNION ALL ".join(hits.values()))
    return con.execute(sql + TOP_SENTENCES, params).fetchall()


def metadata(con: Any, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Title, date, outlet and outlet country of each document, by id."""
    cursor = con.execute(DOCUMENTS, [doc_ids])
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def sentence_texts(con: Any, keys: list[tuple[str, int]]) -> dict[tuple[str, int], tuple]:
    """(start, end, text) of each (doc_id, sentence index)."""
    if not keys:
        return {}
    doc_ids, idx = [k[0] for k in keys], [k[1] for k in keys]
    rows = con.execute(SENTENCES, [doc_ids, idx]).fetchall()
    return {(doc_id, i): (start, end, text) for doc_id, i, start, end, text in rows}
