-- flashpoint store schema (DuckDB dialect, kept portable). One row per item; every
-- item keeps its document id and character offsets so each number links to evidence.
CREATE TABLE IF NOT EXISTS runs (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP,
    finished_at   TIMESTAMP,
    status        VARCHAR,          -- running | finished | interrupted | failed
    settings      JSON,
    n_documents   INTEGER DEFAULT 0,
    n_skipped     INTEGER DEFAULT 0,
    n_errors      INTEGER DEFAULT 0
);
CREATE TABLE IF NOT EXISTS documents (
    doc_id         VARCHAR PRIMARY KEY,
    hash           VARCHAR UNIQUE,
    title          VARCHAR,
    author         VARCHAR,
    outlet         VARCHAR,
    outlet_country VARCHAR,
    published      VARCHAR,          -- ISO date (YYYY-MM-DD)
    url            VARCHAR,
    language       VARCHAR,
    source_path    VARCHAR,
    text           VARCHAR,
    metadata       JSON,
    record         JSON,             -- the exported document record
    run_id         VARCHAR,
    stored_at      TIMESTAMP,
    relevance      DOUBLE            -- to the pack's topic, 0..1 (relevance.py); NULL: not scored
);
CREATE TABLE IF NOT EXISTS sentences (
    doc_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER, text VARCHAR,
    relevance DOUBLE                  -- to the pack's topic, 0..1; NULL: not scored
);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER, text VARCHAR,
    actor_id VARCHAR, sector VARCHAR, kind VARCHAR, is_place BOOLEAN, sentence INTEGER,
    confidence DOUBLE
);
CREATE TABLE IF NOT EXISTS actors (
    doc_id VARCHAR, actor_id VARCHAR, name VARCHAR, mentions INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR, idx INTEGER, type VARCHAR, mode VARCHAR,
    source VARCHAR, source_sector VARCHAR, source_text VARCHAR,
    target VARCHAR, target_sector VARCHAR, target_text VARCHAR,
    status VARCHAR, date VARCHAR, date_precision VARCHAR,
    quote VARCHAR, start_char INTEGER, end_char INTEGER, confidence DOUBLE,
    -- where it happened (geo/locate.py); all NULL when nothing places it, and only the name
    -- when the gazetteer does not know the place
    location_name VARCHAR, location_id VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
    location_admin1 VARCHAR, location_country VARCHAR, location_precision VARCHAR
);
CREATE TABLE IF NOT EXISTS stances (
    doc_id VARCHAR, idx INTEGER, holder VARCHAR, target VARCHAR, polarity VARCHAR,
    quote VARCHAR, start_char INTEGER, end_char INTEGER, basis VARCHAR
);
CREATE TABLE IF NOT EXISTS recommendations (
    doc_id VARCHAR, idx INTEGER, addressee VARCHAR, action VARCHAR, quote VARCHAR,
    start_char INTEGER, end_char INTEGER, confidence DOUBLE, speaker VARCHAR
);
CREATE TABLE IF NOT EXISTS doc_references (
    doc_id VARCHAR, idx INTEGER, ref_id VARCHAR, quote VARCHAR,
    start_char INTEGER, end_char INTEGER, method VARCHAR, score DOUBLE
);
CREATE TABLE IF NOT EXISTS frames (
    doc_id VARCHAR, sentence INTEGER, frame_id VARCHAR, score DOUBLE  -- sentence NULL: document level
);
CREATE TABLE IF NOT EXISTS ingest_errors (
    run_id VARCHAR, path VARCHAR, line INTEGER, reason VARCHAR, logged_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS store_meta (
    key VARCHAR PRIMARY KEY, value VARCHAR    -- schema_version
);
-- full-text search (store/search_index.py): postings of each sentence's indexed words
CREATE TABLE IF NOT EXISTS search_vocab (
    term VARCHAR PRIMARY KEY, term_id INTEGER
);
CREATE TABLE IF NOT EXISTS search_docs (
    doc_key INTEGER, doc_id VARCHAR, sentences INTEGER, terms INTEGER  -- indexed counts
);
CREATE TABLE IF NOT EXISTS search_terms (
    term_id INTEGER, doc_key INTEGER, sentence INTEGER, tf INTEGER,
    n_terms INTEGER,                  -- indexed words of the sentence
    positions INTEGER[]               -- word positions in the sentence, stop words counted
);
-- web inputs (ingest/web.py): validators of each URL's last stored answer (conditional GET)
CREATE TABLE IF NOT EXISTS fetch_state (
    url VARCHAR PRIMARY KEY,          -- canonical URL
    etag VARCHAR, last_modified VARCHAR, final_url VARCHAR, fetched_at TIMESTAMP
);
-- robots.txt answers (ingest/fetch.py), used for a day instead of asking again (RFC 9309)
CREATE TABLE IF NOT EXISTS robots_txt (
    origin VARCHAR PRIMARY KEY, status INTEGER, body VARCHAR, fetched_at TIMESTAMP
);
-- near-duplicate folding (ingest/dedupe.py): wire copies and reprints of one story share a
-- story_id (the doc id of its first document); minhash NULL: too short to fold
CREATE TABLE IF NOT EXISTS doc_stories (
    doc_id VARCHAR PRIMARY KEY, hash VARCHAR, story_id VARCHAR, minhash BLOB
);
-- one row per story: its documents, its distinct outlets (n_sources, as GDELT's NumSources)
CREATE VIEW IF NOT EXISTS stories AS
SELECT s.story_id, count(*) AS n_documents,
       count(DISTINCT COALESCE(d.outlet, d.doc_id)) AS n_sources,
       list_sort(list(DISTINCT d.outlet) FILTER (WHERE d.outlet IS NOT NULL)) AS outlets,
       list(d.doc_id ORDER BY d.published NULLS LAST, d.doc_id) AS doc_ids,
       min(d.published) AS first_published
FROM doc_stories s JOIN documents d ON d.doc_id = s.doc_id AND d.hash = s.hash
GROUP BY s.story_id;
