"""DuckDB implementation of the store: one file, parameterised queries, one transaction per batch."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from flashpoint.document import Document
from flashpoint.errors import first_line
from flashpoint.records import LOCATION_KEYS, to_record
from flashpoint.store import search_index
from flashpoint.store.base import TABLES

CHILD_TABLES = ("sentences", "mentions", "actors", "events", "stances",
                "recommendations", "doc_references", "frames")  # fmt: skip
FORMATS = ("jsonl", "csv", "parquet")
# bumped when a table or column changes meaning; a store of another version is refused
SCHEMA_VERSION = 2  # 2: event locations, sentence and document relevance
REQUIRED_TABLES = ("documents", "runs")
RECOVERY = "the inputs are the source of truth: analyse them again into a new store"


class StoreError(RuntimeError):
    """A store that cannot be used: not DuckDB, not flashpoint's, another version, damaged."""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class DuckDBStore:
    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such database")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the database ({first_line(exc)})") from exc
        try:
            tables = self._tables()
            if not read_only:
                self._check_for_writing(tables)  # checks a store it did not just create
            elif not tables:
                raise StoreError("an empty database, not a flashpoint store")
            else:
                self._check_kind(tables)
        except BaseException:
            self.con.close()
            raise

    # -- opening checks --------------------------------------------------------------
    def _tables(self) -> set[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
        return {r[0] for r in rows}

    def _check_kind(self, tables: set[str]) -> None:
        """A flashpoint store of this schema version, or StoreError."""
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise StoreError(f"not a flashpoint store (no {missing[0]} table)")
        row = None
        if "store_meta" in tables:
            row = self.con.execute(
                "SELECT value FROM store_meta WHERE key = 'schema_version'"
            ).fetchone()
        version = row[0] if row is not None else "1"  # written before it was recorded: 1
        if version != str(SCHEMA_VERSION):
            raise StoreError(
                f"store schema version {version}, this flashpoint reads version "
                f"{SCHEMA_VERSION}; {RECOVERY}"
            )

    def _check_for_writing(self, tables: set[str]) -> None:
        """Refuse a foreign or damaged store; create the tables; close runs left running."""
        if tables:
            self._check_kind(tables)
            self.verify()
        schema = resources.files("flashpoint.store").joinpath("schema.sql").read_text()
        self.con.execute(schema)
        self.con.execute(
            "INSERT INTO store_meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
            [str(SCHEMA_VERSION)],
        )
        search_index.mark_if_empty(self.con)
        # the store is open for writing by one process at a time (DuckDB's file lock), so a
        # run still marked running was killed before it could say how it ended
        self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")

    def verify(self) -> None:
        """Read every value of every table once: DuckDB checks each block's checksum on reading."""
        for table in sorted(self._tables()):
            columns = self.con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ?", [table],
            ).fetchall()  # fmt: skip
            counts = ", ".join(f'max(hash("{c}"))' for (c,) in columns) or "count(*)"
            try:
                self.con.execute(f'SELECT {counts} FROM "{table}"').fetchone()
            except duckdb.Error as exc:
                raise StoreError(f"damaged ({table}: {first_line(exc)}); {RECOVERY}") from exc

    # -- runs and errors -------------------------------------------------------------
    def start_run(self, settings: dict[str, Any]) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, status, settings) VALUES (?, ?, 'running', ?)",
            [run_id, _now(), json.dumps(settings, default=str)],
        )
        return run_id

    def finish_run(self, run_id: str, status: str, **counts: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, n_documents = ?, n_skipped = ?, "
            "n_errors = ? WHERE run_id = ?",
            [_now(), status, counts.get("documents", 0), counts.get("skipped", 0),
             counts.get("errors", 0), run_id],
        )  # fmt: skip
        search_index.tidy(self.con)  # keeps the index sorted by word as runs add to it

    def log_error(self, run_id: str, path: str, line: int | None, reason: str) -> None:
        self.con.execute(
            "INSERT INTO ingest_errors VALUES (?, ?, ?, ?, ?)", [run_id, path, line, reason, _now()]
        )

    # -- documents -------------------------------------------------------------------
    def known_hashes(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT hash FROM documents").fetchall()}

    def has_document(self, doc_hash: str) -> bool:
        found = self.con.execute("SELECT 1 FROM documents WHERE hash = ?", [doc_hash]).fetchone()
        return found is not None

    def save(self, docs: Iterable[Document], run_id: str) -> int:
        """Store a batch atomically: either every document of the batch lands, or none does."""
        docs = list(docs)
        if not docs:
            return 0
        rows = _rows(docs, run_id)
        ids = [d.doc_id for d in docs]
        self.con.execute("BEGIN TRANSACTION")
        try:
            # documents stored before under these ids, or with the same text under another id
            # (hash is unique), are replaced; a document's rows in the other tables are only
            # ever written with it, so when none is stored there is nothing to delete
            hashes = [d.hash for d in docs]
            stored = [r[0] for r in self.con.execute(
                "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?)) "
                "OR hash IN (SELECT unnest(?))", [ids, hashes],
            ).fetchall()]  # fmt: skip
            if stored:
                search_index.forget(self.con, stored)
            for table in (*CHILD_TABLES, "documents") if stored else ():
                self.con.execute(
                    f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [stored]
                )
            for table, table_rows in rows.items():
                if table_rows:
                    # Arrow: about twice as fast to build and scan as a pandas frame
                    frame = pa.Table.from_pylist(table_rows)  # noqa: F841  (read by name)
                    cols = ", ".join(f'"{c}"' for c in table_rows[0])
                    self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM frame")
            search_index.index_documents(self.con, docs)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(docs)

    def records(self, doc_ids: list[str] | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT record FROM documents"
        params: list[Any] = []
        if doc_ids:
            sql += " WHERE doc_id IN (SELECT unnest(?))"
            params.append(doc_ids)
        cursor = self.con.execute(sql + " ORDER BY published NULLS LAST, doc_id", params)
        while chunk := cursor.fetchmany(500):
            for (record,) in chunk:
                yield json.loads(record)

    # -- web fetch state (conditional GET) -------------------------------------------
    def fetch_state(self, url: str) -> dict[str, Any] | None:
        """ETag, Last-Modified and final URL of the last stored answer for ``url``."""
        rows = self.query(
            "SELECT etag, last_modified, final_url, fetched_at FROM fetch_state WHERE url = ?",
            [url],
        )
        return rows[0] if rows else None

    def save_fetch_state(
        self, url: str, etag: str | None, last_modified: str | None, final_url: str
    ) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO fetch_state VALUES (?, ?, ?, ?, ?)",
            [url, etag, last_modified, final_url, _now()],
        )

    def robots_answers(self, max_age: float) -> dict[str, tuple[int, str]]:
        """Kept robots.txt answers (status, body) per origin, at most ``max_age`` s old."""
        since = _now() - timedelta(seconds=max_age)
        rows = self.con.execute(
            "SELECT origin, status, body FROM robots_txt WHERE fetched_at >= ?", [since]
        ).fetchall()
        return {origin: (status, body) for origin, status, body in rows}

    def save_robots(self, answers: dict[str, tuple[int, str]]) -> None:
        now = _now()
        for origin, (status, body) in answers.items():
            self.con.execute("INSERT OR REPLACE INTO robots_txt VALUES (?, ?, ?, ?)",
                             [origin, status, body, now])  # fmt: skip

    # -- stories (near-duplicate folding) ---------------------------------------------
    def story_signatures(self) -> list[tuple[str, str, bytes]]:
        """(doc_id, story_id, minhash) of every folded document whose text is still current."""
        return self.con.execute(
            "SELECT s.doc_id, s.story_id, s.minhash FROM doc_stories s JOIN documents d "
            "ON d.doc_id = s.doc_id AND d.hash = s.hash WHERE s.minhash IS NOT NULL "
            "ORDER BY s.doc_id"
        ).fetchall()

    def unfolded_documents(self) -> Iterator[dict[str, Any]]:
        """Documents without a story for their current text, in publication order."""
        cursor = self.con.cursor().execute(
            "SELECT d.doc_id, d.hash, d.text FROM documents d LEFT JOIN doc_stories s "
            "ON s.doc_id = d.doc_id AND s.hash = d.hash WHERE s.doc_id IS NULL "
            "ORDER BY d.published NULLS LAST, d.stored_at, d.doc_id"
        )
        while chunk := cursor.fetchmany(500):
            for doc_id, doc_hash, text in chunk:
                yield {"doc_id": doc_id, "hash": doc_hash, "text": text}

    def save_stories(self, rows: list[Any]) -> None:
        """Story rows (doc_id, hash, story_id, minhash), in one transaction."""
        if not rows:
            return
        frame = pa.Table.from_pylist(  # noqa: F841  (read by name)
            [{"doc_id": r.doc_id, "hash": r.hash, "story_id": r.story_id, "minhash": r.minhash}
             for r in rows],
            schema=pa.schema([("doc_id", pa.string()), ("hash", pa.string()),
                              ("story_id", pa.string()), ("minhash", pa.binary())]),
        )  # fmt: skip
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("INSERT OR REPLACE INTO doc_stories SELECT * FROM frame")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    # -- export and queries ----------------------------------------------------------
    def export(self, table: str, fmt: str, path: Path) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table '{table}' (choose from {', '.join(TABLES)})")
        if fmt not in FORMATS:
            raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if table == "documents" and fmt == "jsonl":
            n = 0
            with path.open("w", encoding="utf-8") as fh:
                for record in self.records():
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                    n += 1
            return n
        physical = TABLES[table]
        columns = "* EXCLUDE (record)" if table == "documents" else "*"
        options = {"jsonl": "FORMAT JSON", "csv": "FORMAT CSV, HEADER", "parquet": "FORMAT PARQUET"}
        target = str(path).replace("'", "''")
        self.con.execute(f"COPY (SELECT {columns} FROM {physical}) TO '{target}' ({options[fmt]})")
        return self.con.execute(f"SELECT count(*) FROM {physical}").fetchone()[0]

    def stats(self) -> dict[str, int]:
        out = {}
        for name, physical in TABLES.items():
            if name in ("runs", "errors", "sentences", "mentions", "stories"):
                continue
            if name == "actors":
                sql = "SELECT count(DISTINCT actor_id) FROM actors"
            elif name == "frames":
                sql = "SELECT count(*) FROM frames WHERE sentence IS NULL"
            else:
                sql = f"SELECT count(*) FROM {physical}"
            out[name] = self.con.execute(sql).fetchone()[0]
        return out

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def location_columns(location: dict[str, Any] | None) -> dict[str, Any]:
    """An event's ``location`` object as the events table's ``location_*`` columns."""
    return {f"location_{k}": (location or {}).get(k) for k in LOCATION_KEYS}


def _rows(docs: list[Document], run_id: str) -> dict[str, list[dict[str, Any]]]:
    """Flatten documents into rows per table."""
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in ("documents", *CHILD_TABLES)}
    stored_at = _now()
    for d in docs:
        record = to_record(d)
        rows["documents"].append({
            "doc_id": d.doc_id, "hash": d.hash, "title": d.title, "author": d.author,
            "outlet": d.outlet, "outlet_country": d.outlet_country, "published": d.published,
            "url": d.url, "language": d.language, "source_path": d.source_path, "text": d.text,
            "metadata": json.dumps(d.metadata, default=str, ensure_ascii=False),
            "record": json.dumps(record, ensure_ascii=False), "run_id": run_id,
            "stored_at": stored_at, "relevance": d.relevance,
        })  # fmt: skip
        scores = d.sentence_relevance if len(d.sentence_relevance) == len(d.sentences) else None
        for i, s in enumerate(d.sentences):
            rows["sentences"].append({
                "doc_id": d.doc_id, "idx": i, "start_char": s.start, "end_char": s.end,
                "text": s.text, "relevance": scores[i] if scores else None,
            })  # fmt: skip
        for i, m in enumerate(d.mentions):
            rows["mentions"].append({
                "doc_id": d.doc_id, "idx": i, "start_char": m.start, "end_char": m.end,
                "text": m.text, "actor_id": m.actor_id, "sector": m.sector, "kind": m.kind,
                "is_place": m.is_place, "sentence": m.sentence, "confidence": m.confidence,
            })  # fmt: skip
        for a in record["actors"]:
            rows["actors"].append(
                {"doc_id": d.doc_id, "actor_id": a["id"], "name": a["name"], "mentions": a["mentions"]}
            )
        for i, e in enumerate(record["events"]):
            row = {k: v for k, v in e.items() if k not in ("start", "end", "location")}
            row |= location_columns(e.get("location"))
            rows["events"].append(
                {"doc_id": d.doc_id, "idx": i, **row, "start_char": e["start"], "end_char": e["end"]}
            )
        for i, s in enumerate(d.stances):
            rows["stances"].append({
                "doc_id": d.doc_id, "idx": i, "holder": s.holder, "target": s.target,
                "polarity": s.polarity, "quote": s.quote, "start_char": s.start,
                "end_char": s.end, "basis": s.basis,
            })  # fmt: skip
        for i, r in enumerate(d.recommendations):
            rows["recommendations"].append({
                "doc_id": d.doc_id, "idx": i, "addressee": r.addressee, "action": r.action,
                "quote": r.quote, "start_char": r.start, "end_char": r.end,
                "confidence": r.confidence, "speaker": r.speaker,
            })  # fmt: skip
        for i, r in enumerate(d.references):
            rows["doc_references"].append({
                "doc_id": d.doc_id, "idx": i, "ref_id": r.id, "quote": r.quote,
                "start_char": r.start, "end_char": r.end, "method": r.method, "score": r.score,
            })  # fmt: skip
        for f in d.frames:
            rows["frames"].append({"doc_id": d.doc_id, "sentence": None, "frame_id": f.id, "score": f.score})
        for sent, frames in d.sentence_frames.items():
            for f in frames:
                rows["frames"].append(
                    {"doc_id": d.doc_id, "sentence": sent, "frame_id": f.id, "score": f.score}
                )
    return rows
