"""Latency of the dashboard: the events page, recommendation date windows, and the overview.

Serves the dashboard (``python -m flashpoint serve``, a separate process) on a free
127.0.0.1 port and times requests. Three modes:

* ``events``: the events page (and its JSON twin) under filters and pagination, on a
  synthetic store built in bulk with DuckDB SQL (or ``--store``); budget p95 < 200 ms.
* ``windows``: ``/api/recommendations`` with random date windows, several clients at once,
  each window new to the server; then ``/`` after the burst. Budget p95 <= 500 ms.
* ``overview``: ``/`` cold (the first request after the server starts) and warm, on fresh
  servers; budget 1 s for both.

    python benchmarks/web_latency.py                      # events: 100k events, 30 rounds
    python benchmarks/web_latency.py --events 200000 --rounds 50 --db /tmp/big.duckdb
    python benchmarks/web_latency.py --mode windows --store un.duckdb --clients 4 --rounds 25
    python benchmarks/web_latency.py --mode overview --store un.duckdb --starts 3
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from flashpoint.analysis.source import Period
from flashpoint.document import PLOVER_TYPES
from flashpoint.store import open_store

ACTORS = ["IND", "PAK", "CHN", "USA", "MYS", "TUR", "IRN", "SAU", "ARE", "AFG", "GBR", "RUS",
          "UN", "UNSC", "OIC", "KASHMIRIS", "AJK", "HURRIYAT", "INTL_COMMUNITY", "LET"]  # fmt: skip
OUTLETS = ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet E", "Outlet F"]
BUDGET_MS = {"events": 200.0, "windows": 500.0, "overview": 1000.0}


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(db: Path, timeout: float = 120.0, pids: list[int] | None = None) -> Iterator[str]:
    """``flashpoint serve`` over ``db`` on a free loopback port, in its own process; yields
    the base URL once the port accepts connections (the process id goes into ``pids``),
    and stops the server on exit."""
    port = free_port()
    command = [sys.executable, "-m", "flashpoint", "serve", "--db", str(db), "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        try:
            _wait_for(proc, port, timeout)
            if pids is not None:
                pids.append(proc.pid)
            print(
                f"server ready in {time.perf_counter() - start:.1f} s (process start to port open)"
            )
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.seek(0)
            errors = log.read().decode(errors="replace").strip()
            if errors:
                print(f"server stderr (last lines):\n{errors[-3000:]}", file=sys.stderr)


def _wait_for(proc: subprocess.Popen, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    raise RuntimeError("server exited")


def timed_get(client: httpx.Client, url: str) -> float:
    """Milliseconds for one GET (raising on an error status)."""
    start = time.perf_counter()
    client.get(url).raise_for_status()
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[94]
        if len(values) > 1
        else values[0]
    )


def report(name: str, values: list[float]) -> None:
    print(f"{name:<28} {statistics.median(values):8.1f} {p95(values):8.1f} {max(values):8.1f}"
          f"   ({len(values)} requests)")  # fmt: skip


def verdict(mode: str, value: float) -> int:
    budget = BUDGET_MS[mode]
    print(f"budget {budget:.0f} ms: {'ok' if value <= budget else 'OVER'} ({value:.1f} ms)")
    return 0 if value <= budget else 1


# -- events ------------------------------------------------------------------------------
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


def measure_events(base: str, rounds: int) -> int:
    times: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    with httpx.Client(base_url=base, timeout=60) as client:
        for url in SCENARIOS.values():  # warm-up
            client.get(url).raise_for_status()
        for _ in range(rounds):
            for name, url in SCENARIOS.items():
                times[name].append(timed_get(client, url))
    print(f"{'scenario':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in times.items():
        report(name, values)
    every = [v for values in times.values() for v in values]
    report("all requests", every)
    return verdict("events", p95(every))


# -- random date windows -------------------------------------------------------------------
def random_window(rng: random.Random, first: int, last: int) -> dict[str, str]:
    """A date window inside [first, last] years, written YYYY, YYYY-MM or YYYY-MM-DD; one
    end is sometimes left open."""

    def day(year: int) -> str:
        month, dom = rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{dom:02d}"])

    while True:
        start = rng.randint(first, last)
        end = min(last, start + rng.randint(0, max(1, (last - first) // 2)))
        window = {"since": day(start), "until": day(end)}
        period = Period.parse(window["since"], window["until"])
        if period.since <= period.until:
            break
    shape = rng.random()
    if shape < 0.1:
        del window["since"]
    elif shape < 0.2:
        del window["until"]
    return window


def measure_windows(base: str, clients: int, rounds: int, seed: int) -> int:
    with httpx.Client(base_url=base, timeout=300) as client:
        ov = client.get("/api/overview").json()
        first = time.perf_counter()
        client.get("/api/recommendations").raise_for_status()  # waits for the grouping
        print(f"first /api/recommendations (groups the store's {ov['recommendations']:,} "
              f"recommendations once): {time.perf_counter() - first:.1f} s")  # fmt: skip
    years = (int(ov["first"][:4]), int(ov["last"][:4]))
    rng = random.Random(seed)
    seen: set[tuple] = set()
    windows: list[dict[str, str]] = []
    while len(windows) < clients * rounds:  # every window new to the server
        w = random_window(rng, *years)
        if tuple(sorted(w.items())) not in seen:
            seen.add(tuple(sorted(w.items())))
            windows.append(w)
    times: list[float] = []
    lock = threading.Lock()

    def run(batch: list[dict[str, str]]) -> None:
        with httpx.Client(base_url=base, timeout=300) as client:
            for w in batch:
                start = time.perf_counter()
                client.get("/api/recommendations", params=w).raise_for_status()
                with lock:
                    times.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=run, args=(windows[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with httpx.Client(base_url=base, timeout=300) as client:
        after = [timed_get(client, "/") for _ in range(5)]
    print(f"{'':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    report(f"{clients} clients, new windows", times)
    report("/ after the burst", after)
    return verdict("windows", p95(times)) | verdict("overview", max(after))


# -- overview, cold and warm ------------------------------------------------------------------
def measure_overview(db: Path, starts: int, rounds: int) -> int:
    cold, warm, complete = [], [], []
    for _ in range(starts):
        with serve(db) as base, httpx.Client(base_url=base, timeout=300) as client:
            start = time.perf_counter()
            page = client.get("/")
            page.raise_for_status()
            cold.append((time.perf_counter() - start) * 1000)
            grouping = 'id="grouping"' in page.text
            warm += [timed_get(client, "/") for _ in range(rounds)]
            client.get("/api/recommendations").raise_for_status()  # grouping done
            complete += [timed_get(client, "/") for _ in range(rounds)]
            print(f"cold / {cold[-1]:.0f} ms "
                  f"({'recommendations still grouping' if grouping else 'complete'})")  # fmt: skip
    print(f"{'':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    report("cold / (first request)", cold)
    report("warm /, while grouping", warm)
    report("warm /, groups ready", complete)
    return verdict("overview", max(cold)) | verdict("overview", p95(warm + complete))


def load_note() -> str:
    """The machine: cores and load average (other jobs change every figure)."""
    return f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("events", "windows", "overview"), default="events")
    parser.add_argument("--store", type=Path, help="an existing store (opened read-only)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=4, help="windows: concurrent clients")
    parser.add_argument("--starts", type=int, default=3, help="overview: fresh servers")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--db", type=Path, help="keep the synthetic store here (default: a temp dir)"
    )
    args = parser.parse_args()
    if args.mode != "events" and not args.store:
        parser.error(f"--mode {args.mode} needs --store")

    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {load_note()}")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.store
        if db is None:
            db = args.db or Path(tmp) / "latency.duckdb"
            db.unlink(missing_ok=True)
            start = time.perf_counter()
            build(db, args.events, args.docs)
            print(f"built {db.name}: {args.events:,} events in {args.docs:,} documents "
                  f"({time.perf_counter() - start:.1f} s)")  # fmt: skip
        if args.mode == "overview":
            return measure_overview(db, args.starts, args.rounds)
        with serve(db) as base:
            if args.mode == "windows":
                return measure_windows(base, args.clients, args.rounds, args.seed)
            return measure_events(base, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
