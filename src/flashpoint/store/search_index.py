"""Full-text index of the stored sentences, written with their documents.

Every indexed word of a sentence is one posting: ``search_terms(term_id, doc_key, sentence,
tf, n_terms, positions)``, where ``positions`` count every word of the sentence (stop words
too, so phrases keep their gaps) and ``n_terms`` is the sentence's number of indexed words.
``search_vocab`` maps words to ids, ``search_docs`` documents to keys with their sentence and
word counts (BM25's collection statistics). Postings are written in the transaction that
writes their document and deleted with it; ranking lives in :mod:`flashpoint.analysis.search`
(its SQL in :mod:`flashpoint.store.queries.search`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import duckdb
import pyarrow as pa

from flashpoint.document import Document
from flashpoint.lang import load_language

# bumped when the words indexed for a text change (tokens, stop words, stemming): stores
# indexed under another version are asked to rebuild with `flashpoint search --reindex`
INDEX_VERSION = "2"  # 2: "no", "on" and "off" are stop words (version 1 indexed them)
META_KEY = "search_index"
SORTED_KEY = "search_sorted"  # postings in the table when it was last sorted by word
# sort again at the end of a run once this share of the postings (and at least MIN_UNSORTED)
# came after the last sort: the appends of small batches hold every word in every row group
UNSORTED_SHARE = 0.25
MIN_UNSORTED = 500_000
WORD = re.compile(r"[^\W_]+")
REBUILD_BATCH = 2000  # documents per batch when rebuilding

SentenceTexts = tuple[str, list[tuple[int, str]]]  # doc_id, [(sentence index, text)]

# -- the SQL of the index (its ranking query: flashpoint.store.queries.search) ---------------
NEXT_DOC_KEY = "SELECT COALESCE(max(doc_key), 0) FROM search_docs"
NEXT_TERM_ID = "SELECT COALESCE(max(term_id), 0) FROM search_vocab"
ADD_TERMS = """
    INSERT INTO search_vocab
    SELECT term, ? + row_number() OVER (ORDER BY term)
    FROM (SELECT DISTINCT term FROM search_batch) ANTI JOIN search_vocab USING (term)"""
ADD_POSTINGS = """
    INSERT INTO search_terms
    SELECT v.term_id, b.doc_key, b.sentence, b.tf, b.n_terms, b.positions
    FROM search_batch b JOIN search_vocab v USING (term)
    ORDER BY v.term_id, b.doc_key, b.sentence"""
ADD_DOCS = "INSERT INTO search_docs SELECT * FROM search_docs_batch"
FORGET_POSTINGS = """
    DELETE FROM search_terms WHERE doc_key IN
        (SELECT doc_key FROM search_docs WHERE doc_id IN (SELECT unnest(?)))"""
FORGET_DOCS = "DELETE FROM search_docs WHERE doc_id IN (SELECT unnest(?))"
MARK_IF_EMPTY = """
    INSERT INTO store_meta SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM documents)
    ON CONFLICT DO NOTHING"""
MARK = "INSERT OR REPLACE INTO store_meta VALUES (?, ?)"
UNMARK = "DELETE FROM store_meta WHERE key = ?"
READ_MARK = "SELECT value FROM store_meta WHERE key = ?"
INDEX_TABLES = """
    SELECT count(*) FROM information_schema.tables
    WHERE table_schema = 'main' AND table_name IN ('search_terms', 'search_docs', 'search_vocab')"""
DOC_IDS = "SELECT DISTINCT doc_id FROM sentences ORDER BY doc_id"
SENTENCE_TEXTS = """
    SELECT doc_id, list(idx ORDER BY idx), list(text ORDER BY idx) FROM sentences
    WHERE doc_id >= ? AND doc_id <= ? GROUP BY doc_id ORDER BY doc_id"""
COUNT_POSTINGS = "SELECT count(*) FROM search_terms"
SORTED_COPY = """
    CREATE TABLE search_terms_sorted AS
    SELECT * FROM search_terms ORDER BY term_id, doc_key, sentence"""
SWAP_SORTED = (
    "DROP TABLE search_terms",
    "ALTER TABLE search_terms_sorted RENAME TO search_terms",
)


# -- words -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Words:
    stop: frozenset[str]
    unchanged: frozenset[str]


@lru_cache(maxsize=1)
def words() -> Words:
    """Stop words and stemming exceptions (``lang/en/search.yaml``)."""
    en = load_language("en")
    return Words(en.words("search_stop_words"), en.words("search_unchanged"))


@lru_cache(maxsize=500_000)
def normalise(word: str) -> str | None:
    """The indexed form of one word (lower case, no accents, no plural -s); None: a stop word."""
    word = word.casefold()
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in decomposed if not unicodedata.combining(c))
    lists = words()
    if word in lists.stop:
        return None
    return word if word in lists.unchanged else _singular(word)


def _singular(word: str) -> str:
    """A light plural stemmer (after Harman's S-stemmer)."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4 and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    return word[:-1]


def tokens(text: str) -> list[tuple[int, int, str | None]]:
    """Every word of ``text``: start and end offsets and its indexed form (None: stop word)."""
    return [(m.start(), m.end(), normalise(m.group())) for m in WORD.finditer(text)]


def terms(text: str) -> list[str | None]:
    """The indexed form of every word of ``text``, in order (None: stop word)."""
    return [normalise(w) for w in WORD.findall(text)]


# -- writing ---------------------------------------------------------------------------------
def index_documents(con: duckdb.DuckDBPyConnection, docs: Iterable[Document]) -> None:
    """Write the postings of freshly saved documents (inside the caller's transaction)."""
    index_texts(con, [(d.doc_id, [(i, s.text) for i, s in enumerate(d.sentences)]) for d in docs])


def forget(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    """Delete the postings of these documents (inside the caller's transaction)."""
    con.execute(FORGET_POSTINGS, [doc_ids])
    con.execute(FORGET_DOCS, [doc_ids])


def mark_if_empty(con: duckdb.DuckDBPyConnection) -> None:
    """A store without documents is fully indexed: mark it so."""
    con.execute(MARK_IF_EMPTY, [META_KEY, INDEX_VERSION])


def index_texts(con: duckdb.DuckDBPyConnection, docs: list[SentenceTexts]) -> None:
    """Postings and document rows for ``docs``, with new keys and new words added."""
    first_key = con.execute(NEXT_DOC_KEY).fetchone()[0] + 1
    postings, doc_rows = _columns(docs, first_key)
    if not doc_rows["doc_id"]:
        return
    # DuckDB reads these Arrow tables by their variable names
    search_docs_batch = pa.table(doc_rows)  # noqa: F841
    search_batch = pa.table(postings, schema=POSTINGS_SCHEMA)  # noqa: F841
    con.execute(ADD_TERMS, [con.execute(NEXT_TERM_ID).fetchone()[0]])
    con.execute(ADD_POSTINGS)
    con.execute(ADD_DOCS)


POSTINGS_SCHEMA = pa.schema([
    ("term", pa.string()), ("doc_key", pa.int32()), ("sentence", pa.int32()),
    ("tf", pa.int32()), ("n_terms", pa.int32()), ("positions", pa.list_(pa.int32())),
])  # fmt: skip


def _columns(docs: list[SentenceTexts], first_key: int) -> tuple[dict[str, list], dict[str, list]]:
    """Column lists of the postings and of the document rows."""
    cols: dict[str, list] = {name: [] for name in POSTINGS_SCHEMA.names}
    doc_rows: dict[str, list] = {"doc_key": [], "doc_id": [], "sentences": [], "terms": []}
    for key, (doc_id, sentences) in enumerate(docs, start=first_key):
        n_sentences = n_words = 0
        for idx, text in sentences:
            places = _places(text)
            if not places:
                continue
            n_terms = sum(map(len, places.values()))
            n_sentences, n_words = n_sentences + 1, n_words + n_terms
            _append(cols, places, key, idx, n_terms)
        for name, value in zip(doc_rows, (key, doc_id, n_sentences, n_words), strict=True):
            doc_rows[name].append(value)
    return cols, doc_rows


def _places(text: str) -> dict[str, list[int]]:
    """Each indexed word of ``text`` with its positions (stop words counted)."""
    places: dict[str, list[int]] = {}
    for pos, word in enumerate(WORD.findall(text)):
        term = normalise(word)
        if term is not None:
            if term in places:
                places[term].append(pos)
            else:
                places[term] = [pos]
    return places


def _append(cols: dict[str, list], places: dict[str, list[int]], key: int, idx: int,
            n_terms: int) -> None:  # fmt: skip
    n = len(places)
    cols["term"].extend(places)
    cols["positions"].extend(places.values())
    cols["tf"].extend(map(len, places.values()))
    cols["doc_key"].extend([key] * n)
    cols["sentence"].extend([idx] * n)
    cols["n_terms"].extend([n_terms] * n)


# -- state and rebuilding --------------------------------------------------------------------
def problem(con: duckdb.DuckDBPyConnection) -> str | None:
    """Why this store cannot be searched as it is (None: its index is complete)."""
    if con.execute(INDEX_TABLES).fetchone()[0] < 3:
        return "has no search index (it was written before flashpoint had search)"
    row = con.execute(READ_MARK, [META_KEY]).fetchone()
    if row is None:
        return "has documents stored before flashpoint had search, so its search index is incomplete"
    if row[0] != INDEX_VERSION:
        return f"has a search index of version {row[0]}, this flashpoint reads version {INDEX_VERSION}"
    return None


def rebuild(con: duckdb.DuckDBPyConnection, batch: int = REBUILD_BATCH) -> int:
    """Index every stored sentence again, sorted by word; returns the documents indexed.

    The store is marked searchable only at the end: an interrupted rebuild leaves it asking
    for another one."""
    con.execute("BEGIN TRANSACTION")
    con.execute(UNMARK, [META_KEY])
    for table in ("search_terms", "search_docs", "search_vocab"):
        con.execute(f"DELETE FROM {table}")
    con.execute("COMMIT")
    doc_ids = [r[0] for r in con.execute(DOC_IDS).fetchall()]
    for start in range(0, len(doc_ids), batch):
        chunk = doc_ids[start : start + batch]
        rows = con.execute(SENTENCE_TEXTS, [chunk[0], chunk[-1]]).fetchall()
        con.execute("BEGIN TRANSACTION")
        index_texts(con, [(doc_id, list(zip(idx, texts, strict=True))) for doc_id, idx, texts in rows])
        con.execute("COMMIT")
    _sort(con, mark=True)
    return len(doc_ids)


def tidy(con: duckdb.DuckDBPyConnection) -> bool:
    """Sort the postings by word again when enough were added since the last sort (a query
    then reads only the row groups that hold its words); True when it did."""
    total = con.execute(COUNT_POSTINGS).fetchone()[0]
    row = con.execute(READ_MARK, [SORTED_KEY]).fetchone()
    unsorted = total - (int(row[0]) if row else 0)
    if unsorted < max(MIN_UNSORTED, UNSORTED_SHARE * total):
        return False
    _sort(con)
    return True


def _sort(con: duckdb.DuckDBPyConnection, mark: bool = False) -> None:
    """Rewrite the postings sorted by word (and mark the index complete when ``mark``)."""
    con.execute("SET enable_progress_bar = false")  # DuckDB draws one on stdout for long queries
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(SORTED_COPY)
        for sql in SWAP_SORTED:
            con.execute(sql)
        con.execute(MARK, [SORTED_KEY, str(con.execute(COUNT_POSTINGS).fetchone()[0])])
        if mark:
            con.execute(MARK, [META_KEY, INDEX_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("RESET enable_progress_bar")
