"""The dashboard's view of one store: a read-only connection and cached analyses."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from flashpoint import analysis
from flashpoint.analysis import source
from flashpoint.web.queries import build_indexes

log = logging.getLogger(__name__)


class StoreView:
    """Read-only access for request threads (one cursor each) plus a small result cache.

    The store is opened read-only, so nothing can change it while the dashboard runs and
    cached analysis results stay valid.
    """

    def __init__(self, db: str | Path, cache_size: int = 256):
        self.path = Path(db)
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path}: no such database")
        # an in-memory database holds the page indexes; the store is attached read-only
        self.con = duckdb.connect()
        try:
            target = str(self.path.resolve()).replace("'", "''")
            self.con.execute(f"ATTACH '{target}' AS store (READ_ONLY)")
            self.con.execute("USE store")
            build_indexes(self.con)
        except duckdb.Error as exc:
            self.con.close()
            raise ValueError(
                f"{self.path}: not a flashpoint store ({str(exc).splitlines()[0]})"
            ) from exc
        self._cache: dict[tuple, Any] = {}
        self._lock = threading.Lock()
        self._pending: dict[tuple, threading.Lock] = {}
        self.cache_size = cache_size

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self.con.cursor()
        cur.execute("USE store")
        try:
            yield cur
        finally:
            cur.close()

    def cached(
        self, name: str, compute: Callable[[duckdb.DuckDBPyConnection], Any], *key: Any
    ) -> Any:
        """Result of ``compute(cursor)``, computed once per (name, key) even when asked
        for by several requests at once."""
        k = (name, *key)
        with self._lock:
            if k in self._cache:
                return self._cache[k]
            pending = self._pending.setdefault(k, threading.Lock())
        with pending:
            with self._lock:
                if k in self._cache:
                    return self._cache[k]
            with self.cursor() as cur:
                value = compute(cur)
            with self._lock:
                if len(self._cache) >= self.cache_size:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[k] = value
                self._pending.pop(k, None)
        return value

    def warm(self, target: str = "KASHMIRIS") -> None:
        """Compute what the overview shows (run in the background at start)."""
        try:
            self.overview()
            self.names()
            self.timeline(None, "auto", None, None)
            self.alignment(None, None)
            self.coalitions(target, False, None, None)
            self.archive_totals()
            self.tracker(None, None, None)
        except Exception as exc:  # a failed warm-up only means a slower first page
            log.warning("warm-up stopped: %s", exc)

    # -- cached analyses as plain rows ---------------------------------------------------
    def overview(self) -> dict:
        return self.cached("overview", analysis.overview)

    def alignment(self, since: str | None, until: str | None) -> list[dict]:
        return self.cached(
            "alignment",
            lambda c: analysis.records(analysis.alignment(c, since, until)),
            since,
            until,
        )

    def reciprocity(self, actor: str | None, since: str | None, until: str | None) -> list[dict]:
        return self.cached("reciprocity", lambda c: analysis.records(
            analysis.reciprocity(c, since, until, actor=actor)), actor, since, until)  # fmt: skip

    def coalitions(
        self, target: str, states_only: bool, since: str | None, until: str | None
    ) -> list[dict]:
        return self.cached("coalitions", lambda c: analysis.records(
            analysis.coalitions(c, target, since, until, states_only=states_only)),
            target, states_only, since, until)  # fmt: skip

    def timeline(
        self, dyad: str | None, freq: str, since: str | None, until: str | None
    ) -> list[dict]:
        return self.cached("timeline", lambda c: analysis.records(
            analysis.timeline(c, dyad, freq, since, until)), dyad, freq, since, until)  # fmt: skip

    def dyad_index(self, dyad: str, freq: str, since: str | None, until: str | None) -> list[dict]:
        return self.cached("dyad", lambda c: analysis.records(
            analysis.dyad_index(c, dyad, freq, since, until)), dyad, freq, since, until)  # fmt: skip

    def tracker(self, addressee: str | None, since: str | None, until: str | None) -> list[dict]:
        return self.cached("tracker", lambda c: analysis.records(
            analysis.tracker(c, since, until, addressee)), addressee, since, until)  # fmt: skip

    def by_addressee(self) -> list[dict]:
        return self.cached("by_addressee", lambda c: analysis.records(analysis.by_addressee(c)))

    def archive(self, by: str, per: str, since: str | None, until: str | None) -> list[dict]:
        return self.cached("archive", lambda c: analysis.records(
            analysis.archive(c, since, until, by, per)), by, per, since, until)  # fmt: skip

    def archive_totals(self) -> list[dict]:
        return self.cached("archive_totals", lambda c: analysis.records(analysis.archive_totals(c)))

    def frames(self, since: str | None, until: str | None) -> list[dict]:
        return self.cached("frames", lambda c: analysis.records(
            analysis.frames_by_outlet(c, since, until)), since, until)  # fmt: skip

    def names(self) -> dict[str, str]:
        return self.cached("names", source.actor_names)
