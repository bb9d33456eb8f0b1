"""The dashboard's view of one store: a read-only connection and cached analyses."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from flashpoint import analysis
from flashpoint.analysis import source
from flashpoint.analysis.places import PlaceFilter
from flashpoint.analysis.silences import ABSENCE, STANCE
from flashpoint.analysis.timeline import parse_dyad
from flashpoint.report import glance
from flashpoint.store.queries import dashboard
from flashpoint.web import lists
from flashpoint.web.params import check_dyad, check_required, check_sides

log = logging.getLogger(__name__)


def _key(place: PlaceFilter | None) -> tuple:
    """The cache key part of a place filter: nothing for none or an empty one, so the keys
    of unfiltered results stay as they were."""
    return (place.key,) if place is not None and place.active else ()


class ResultCache:
    """Values computed once per key, even when several requests ask at once. Pinned entries
    (store-wide results, the overview's) live as long as the app; the others share a bounded
    least-recently-used space, so a burst of date windows never evicts a pinned one."""

    def __init__(self, size: int = 256):
        self.size = size
        self._pinned: dict[tuple, Any] = {}
        self._recent: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[tuple, threading.Lock] = {}

    def _lookup(self, key: tuple) -> tuple[bool, Any]:
        if key in self._pinned:
            return True, self._pinned[key]
        if key in self._recent:
            self._recent.move_to_end(key)
            return True, self._recent[key]
        return False, None

    def peek(self, key: tuple) -> tuple[bool, Any]:
        """(found, value) without computing."""
        with self._lock:
            return self._lookup(key)

    def get(self, key: tuple, compute: Callable[[], Any], pin: bool = False) -> Any:
        with self._lock:
            found, value = self._lookup(key)
            if found:
                return value
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                found, value = self._lookup(key)
            if found:
                return value
            value = compute()
            with self._lock:
                self._store(key, value, pin)
                self._pending.pop(key, None)
        return value

    def _store(self, key: tuple, value: Any, pin: bool) -> None:
        if pin:
            self._pinned[key] = value
            return
        self._recent[key] = value
        while len(self._recent) > self.size:
            self._recent.popitem(last=False)

    def __contains__(self, key: tuple) -> bool:
        return self.peek(key)[0]


class StoreView:
    """Read-only access for request threads (one cursor each) plus the result cache.

    The store is opened read-only, so nothing can change it while the dashboard runs and
    cached analysis results stay valid.
    """

    def __init__(self, db: str | Path, cache_size: int = 256):
        self.path = Path(db)
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path}: no such database")
        # an in-memory database holds the page indexes; the store is attached read-only
        try:
            self.con = dashboard.connect(self.path)
        except duckdb.Error as exc:
            raise ValueError(
                f"{self.path}: not a flashpoint store ({str(exc).splitlines()[0]})"
            ) from exc
        self.cache = ResultCache(cache_size)
        self._group_lock = threading.Lock()
        self._grouping: threading.Thread | None = None

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self.con.cursor()
        dashboard.use_store(cur)
        try:
            yield cur
        finally:
            cur.close()

    def cached(
        self, name: str, compute: Callable[[duckdb.DuckDBPyConnection], Any], *key: Any,
        pin: bool = False,
    ) -> Any:  # fmt: skip
        """Result of ``compute(cursor)``, computed once per (name, key)."""

        def run() -> Any:
            with self.cursor() as cur:
                return compute(cur)

        return self.cache.get((name, *key), run, pin)

    def prime(self) -> None:
        """Compute the overview's quick parts (under a second on a store of thousands of
        events); the slow grouping of recommendations is left to ``warm``."""
        try:
            self.overview()
            self.options()
            self._front(self.dyad(None), self.target(None), with_groups=False)
        except Exception as exc:  # a failed warm-up only means a slower first page
            log.warning("warm-up stopped: %s", exc)

    def warm(self) -> None:
        """Group the recommendations, then finish the overview (run in the background)."""
        try:
            self.groups()
            self.front(self.dyad(None), self.target(None))
        except Exception as exc:
            log.warning("warm-up stopped: %s", exc)

    # -- the store's domain: the defaults of the views ----------------------------------
    def domain(self) -> tuple[str | None, str | None]:
        """The main dyad and default target of the store's pack."""
        return self.cached("domain", source.store_domain, pin=True)

    def dyad(self, value: str | None) -> str:
        """The checked dyad, the pack's main dyad when none is given (ValueError: a 400)."""
        return check_dyad(self.domain()[0] if value is None else value)

    def target(self, value: str | None) -> str:
        return check_required("target", self.domain()[1] if value is None else value)

    def compare_pair(self, a: str | None, b: str | None,
                     dyad: str | None) -> tuple[tuple[str, str], str]:  # fmt: skip
        """The checked sides and dyad of the compare view: the dyad defaults to the pack's,
        the sides (when neither is given) to the dyad's two, the second side first."""
        dyad = self.dyad(dyad)
        if a is None and b is None:
            first, second = parse_dyad(dyad)
            return (second, first), dyad
        return check_sides(a, b), dyad

    # -- cached analyses as plain rows ---------------------------------------------------
    def overview(self, since: str | None = None, until: str | None = None) -> dict:
        if since is None and until is None:
            return self.cached("overview", analysis.overview, pin=True)
        return self.cached("overview", lambda c: analysis.overview(c, since, until), since, until)

    def options(self) -> dict[str, Any]:
        """What the filters offer (actors, outlets, countries, dates)."""
        return self.cached("options", lists.filter_options, pin=True)

    def actors(self, since: str | None, until: str | None) -> list[dict]:
        period = source.Period.parse(since, until)
        return self.cached("actors", lambda c: lists.actors(c, period), since, until,
                           pin=since is None and until is None)  # fmt: skip

    def alignment(self, since: str | None, until: str | None, everything: bool = False,
                  floor: float | None = None, place: PlaceFilter | None = None) -> list[dict]:  # fmt: skip
        return self.cached("alignment", lambda c: analysis.records(analysis.alignment(
            c, since, until, min_confidence=floor, relevant_only=not everything, place=place)),
            since, until, everything, floor, *_key(place))  # fmt: skip

    def reciprocity(self, actor: str | None, since: str | None, until: str | None,
                    everything: bool = False, floor: float | None = None,
                    place: PlaceFilter | None = None) -> list[dict]:  # fmt: skip
        return self.cached("reciprocity", lambda c: analysis.records(analysis.reciprocity(
            c, since, until, actor=actor, min_confidence=floor, relevant_only=not everything,
            place=place)), actor, since, until, everything, floor, *_key(place))  # fmt: skip

    def coalitions(
        self, target: str, states_only: bool, since: str | None, until: str | None,
        everything: bool = False, floor: float | None = None, place: PlaceFilter | None = None,
    ) -> list[dict]:  # fmt: skip
        return self.cached("coalitions", lambda c: analysis.records(
            analysis.coalitions(c, target, since, until, states_only=states_only,
                                min_confidence=floor, relevant_only=not everything, place=place)),
            target, states_only, since, until, everything, floor, *_key(place))  # fmt: skip

    def silences(self, since: str | None, until: str | None, everything: bool = False,
                 floor: float | None = None) -> list[dict]:  # fmt: skip
        return self.cached("silences", lambda c: analysis.records(analysis.silences(
            c, since, until, min_confidence=floor, relevant_only=not everything)),
            since, until, everything, floor)  # fmt: skip

    def timeline(
        self, dyad: str | None, freq: str, since: str | None, until: str | None,
        floor: float | None = None, place: PlaceFilter | None = None,
    ) -> list[dict]:  # fmt: skip
        return self.cached("timeline", lambda c: analysis.records(
            analysis.timeline(c, dyad, freq, since, until, min_confidence=floor, place=place)),
            dyad, freq, since, until, floor, *_key(place))  # fmt: skip

    def dyad_index(self, dyad: str, freq: str, since: str | None, until: str | None,
                   floor: float | None = None, place: PlaceFilter | None = None) -> list[dict]:  # fmt: skip
        return self.cached("dyad", lambda c: analysis.records(
            analysis.dyad_index(c, dyad, freq, since, until, min_confidence=floor, place=place)),
            dyad, freq, since, until, floor, *_key(place))  # fmt: skip

    def groups(self) -> analysis.RecommendationGroups:
        """Every recommendation with its group, clustered once for the store."""
        return self.cached("groups", analysis.group_recommendations, pin=True)

    def tracker(self, addressee: str | None, since: str | None, until: str | None,
                everything: bool = False) -> list[dict]:  # fmt: skip
        """Recommendation groups in a window: a selection over ``groups()``, no clustering;
        cheap enough to compute per request, so windows never crowd the cache."""
        return self.groups().window_rows(since, until, addressee, not everything)

    def tracker_json(self, addressee: str | None, since: str | None, until: str | None,
                     everything: bool = False) -> str:  # fmt: skip
        """``tracker`` as JSON text."""
        return self.groups().window_json(since, until, addressee, not everything)

    def by_addressee(self, since: str | None = None, until: str | None = None,
                     everything: bool = False) -> list[dict]:  # fmt: skip
        return self.cached("by_addressee", lambda c: analysis.records(
            analysis.by_addressee(c, since, until, relevant_only=not everything)),
            since, until, everything, pin=since is None and until is None)  # fmt: skip

    def archive(self, by: str, per: str, since: str | None, until: str | None) -> list[dict]:
        return self.cached("archive", lambda c: analysis.records(
            analysis.archive(c, since, until, by, per)), by, per, since, until)  # fmt: skip

    def archive_totals(self, since: str | None = None, until: str | None = None) -> list[dict]:
        return self.cached("archive_totals", lambda c: analysis.records(
            analysis.archive_totals(c, since, until)), since, until,
            pin=since is None and until is None)  # fmt: skip

    def compare(self, sides: tuple[str, str], dyad: str, since: str | None,
                until: str | None) -> dict[str, Any]:  # fmt: skip
        """Two outlet countries side by side over one dyad (see ``lists.compare_*``)."""
        return self.cached("compare", lambda c: self._compare(c, sides, dyad, since, until),
                           sides, dyad, since, until)  # fmt: skip

    def _compare(self, con, sides: tuple[str, str], dyad: str, since: str | None,
                 until: str | None) -> dict[str, Any]:  # fmt: skip
        period, pair = source.Period.parse(since, until), parse_dyad(dyad)
        documents = lists.compare_documents(con, sides, period)
        return {
            "sides": [{"id": s, "name": lists.country_name(s), "documents": documents[s]}
                      for s in sides],
            "dyad": {"id": dyad, "actors": [{"id": a, "name": source.display(a, self.names())}
                                            for a in pair]},
            "coding": lists.compare_coding(con, sides, pair, period),
            "references": lists.compare_references(con, sides, period),
        }  # fmt: skip

    def frames(self, since: str | None, until: str | None) -> list[dict]:
        return self.cached("frames", lambda c: analysis.records(
            analysis.frames_by_outlet(c, since, until)), since, until)  # fmt: skip

    def names(self) -> dict[str, str]:
        return self.cached("names", source.actor_names, pin=True)

    # -- the overview page ---------------------------------------------------------------
    def groups_ready(self) -> bool:
        return ("groups",) in self.cache

    def warm_in_background(self) -> None:
        """Start ``warm`` in a background thread (once)."""
        with self._group_lock:
            if self._grouping is None:
                self._grouping = threading.Thread(
                    target=self.warm, name="flashpoint-warm", daemon=True
                )
                self._grouping.start()

    def front(self, dyad: str, target: str, since: str | None = None,
              until: str | None = None, everything: bool = False,
              floor: float | None = None) -> dict[str, Any]:  # fmt: skip
        """Everything the overview shows; pinned for the default dyad and target over the
        whole store. Until the recommendations are grouped (seconds to a minute on a large
        store, in the background), it leaves their line out and says so, rather than wait."""
        key = (dyad, target, since, until, everything, floor)
        found, value = self.cache.peek(("front", *key))
        if found:
            return value
        if not self.groups_ready():
            self.warm_in_background()
            return self._front(*key, with_groups=False)
        pin = key == (self.domain()[0], self.domain()[1], None, None, False, None)
        return self.cached("front", lambda c: self._front(*key), *key, pin=pin)

    def _front(self, dyad: str, target: str, since: str | None = None, until: str | None = None,
               everything: bool = False, floor: float | None = None,
               with_groups: bool = True) -> dict[str, Any]:  # fmt: skip
        line = self.timeline(None, "auto", since, until, floor)
        freq = "year" if line and len(line[0]["period"]) == 4 else "month"
        dyad_rows = self.dyad_index(dyad, freq, since, until, floor)
        align = self.alignment(since, until, everything, floor)
        quiet = self.silences(since, until, everything, floor)
        silences = [{"holder": r["holder_name"], "target": r["on_name"]}
                    for r in quiet if r["kind"] == STANCE]  # fmt: skip
        absences = [r for r in quiet if r["kind"] == ABSENCE]
        groups = self.tracker(None, since, until, everything) if with_groups else []
        lines = glance(align, self.coalitions(target, False, since, until, everything, floor),
                       groups, self.archive_totals(since, until), dyad_rows, dyad, silences,
                       self.names(), target, absences)  # fmt: skip
        return {"glance": lines, "freq": freq, "line": line, "dyad_rows": dyad_rows,
                "grouping": not with_groups}  # fmt: skip
