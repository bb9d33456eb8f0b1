"""Latency of the dashboard's events page on a store with many events.

Builds a synthetic store in bulk with DuckDB SQL (not the pipeline), serves the dashboard
on a free localhost port, and times the events page (and its JSON twin) under filters and
pagination. Prints p50/p95 per scenario and overall; the budget is p95 < 200 ms.

    python benchmarks/web_latency.py                      # 100k events, 30 rounds
    python benchmarks/web_latency.py --events 200000 --rounds 50 --db /tmp/big.duckdb
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from flashpoint.document import PLOVER_TYPES
from flashpoint.store import open_store
from flashpoint.web import create_app

ACTORS = ["IND", "PAK", "CHN", "USA", "MYS", "TUR", "IRN", "SAU", "ARE", "AFG", "GBR", "RUS",
          "UN", "UNSC", "OIC", "KASHMIRIS", "AJK", "HURRIYAT", "INTL_COMMUNITY", "LET"]  # fmt: skip
OUTLETS = ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet E", "Outlet F"]
BUDGET_MS = 200.0


def _pick(values: list[str], seed: str) -> str:
    """SQL picking one of ``values`` deterministically from a hash of ``seed``."""
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"list_element([{quoted}], (hash({seed}) % {len(values)})::INTEGER + 1)"


def build(path: Path, n_events: int, n_docs: int) -> None:
    """A store with ``n_docs`` documents and ``n_events`` events, inserted with SQL."""
    store = open_store(path)
    con = store.con
    con.execute(
        f"""INSERT INTO documents (doc_id, hash, title, outlet, outlet_country, published, text, record)
            SELECT printf('doc%06d', i), printf('%016x', i), printf('Synthetic document %d', i),
                   {_pick(OUTLETS, "i")}, {_pick(["IND", "PAK"], "i * 7")},
                   strftime(DATE '1990-01-01' + CAST(hash(i * 3) % 12775 AS INTEGER), '%Y-%m-%d'),
                   repeat('Synthetic sentence about the dispute. ', 40), '{{}}'
            FROM range(?) t(i)""",
        [n_docs],
    )
    con.execute(
        f"""INSERT INTO events (doc_id, idx, type, source, target, status, date, quote,
                                start_char, end_char, confidence)
            SELECT printf('doc%06d', i % ?), i // ?, {_pick(list(PLOVER_TYPES), "i")},
                   {_pick(ACTORS, "i * 11")}, {_pick(ACTORS, "i * 13 + 5")},
                   {_pick(["asserted"] * 6 + ["negated", "hypothetical"], "i * 17")},
                   CASE WHEN hash(i * 19) % 3 = 0
                        THEN strftime(DATE '1990-01-01' + CAST(hash(i * 23) % 12775 AS INTEGER), '%Y-%m-%d') END,
                   'Synthetic sentence about the dispute.', 0, 37, 0.5
            FROM range(?) t(i)""",
        [n_docs, n_docs, n_events],
    )
    con.execute(
        """INSERT INTO actors SELECT e.doc_id, e.source, e.source, count(*) FROM events e
           WHERE e.source IS NOT NULL GROUP BY 1, 2"""
    )
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SCENARIOS = {
    "first page": "/events",
    "deep page": "/events?page=1500",
    "actor": "/events?actor=PAK",
    "actor + type": "/events?actor=IND&type=ASSAULT",
    "type + status": "/events?type=THREATEN&status=hypothetical",
    "date range": "/events?since=2001-01&until=2003-12",
    "all filters, page 3": "/events?actor=PAK&type=ACCUSE&status=asserted&since=1995&until=2020&page=3",
    "source + target": "/events?source=IND&target=PAK&per_page=100",
    "api, actor + date": "/api/events?actor=KASHMIRIS&since=2010",
}


def measure(base: str, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    with httpx.Client(base_url=base, timeout=30) as client:
        for url in SCENARIOS.values():  # warm-up
            client.get(url).raise_for_status()
        for _ in range(rounds):
            for name, url in SCENARIOS.items():
                start = time.perf_counter()
                client.get(url).raise_for_status()
                times[name].append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[94]
        if len(values) > 1
        else values[0]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--db", type=Path, help="keep the synthetic store here (default: a temp dir)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "latency.duckdb"
        if db.exists():
            db.unlink()
        start = time.perf_counter()
        build(db, args.events, args.docs)
        print(f"built {db.name}: {args.events:,} events in {args.docs:,} documents "
              f"({time.perf_counter() - start:.1f} s)")  # fmt: skip

        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.time() + 30
        while not server.started and time.time() < deadline:
            time.sleep(0.05)
        try:
            times = measure(f"http://127.0.0.1:{port}", args.rounds)
        finally:
            server.should_exit = True
            thread.join(timeout=10)

    print(f"{'scenario':<22} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in times.items():
        print(f"{name:<22} {statistics.median(values):8.1f} {p95(values):8.1f}")
    every = [v for values in times.values() for v in values]
    overall = p95(every)
    print(f"{'all requests':<22} {statistics.median(every):8.1f} {overall:8.1f}   "
          f"({len(every)} requests; budget p95 < {BUDGET_MS:.0f} ms: {'ok' if overall < BUDGET_MS else 'OVER'})")  # fmt: skip
    return 0 if overall < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
