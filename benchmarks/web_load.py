"""Load on the dashboard: concurrent clients over /api/events (random filters) and /.

Starts ``flashpoint serve`` over a store on a free 127.0.0.1 port (loopback only), runs
``--clients`` clients for ``--seconds`` (each sends its next request when the last one is
answered), then stops the server. Prints requests per second, p50/p95/p99 latency and the
error count (any answer other than 200, or no answer within ``--timeout``), overall and per
route.

    python benchmarks/web_load.py --store un.duckdb                 # 20 clients, 30 s
    python benchmarks/web_load.py --store un.duckdb --clients 50 --seconds 10 --home-share 0.5
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from flashpoint.document import PLOVER_TYPES, STATUSES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_latency import load_note, serve  # noqa: E402

QUADCLASSES = ["1", "2", "3", "4"]


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: {"/api/events": [], "/": []})
    errors: dict[str, int] = field(default_factory=lambda: {"/api/events": 0, "/": 0})


def random_filters(rng: random.Random, actors: list[str], years: tuple[int, int]) -> dict:
    """Some of: actor, source, target, type, status, since/until, page, per_page."""
    params: dict[str, str | int] = {}
    if rng.random() < 0.5:
        params[rng.choice(["actor", "source", "target"])] = rng.choice(actors)
    if rng.random() < 0.3:
        params["type"] = rng.choice(PLOVER_TYPES)
    if rng.random() < 0.2:
        params["status"] = rng.choice(STATUSES)
    if rng.random() < 0.4:
        start = rng.randint(*years)
        params["since"], params["until"] = (
            str(start),
            str(min(years[1], start + rng.randint(0, 10))),
        )
    if rng.random() < 0.3:
        params["page"] = rng.randint(1, 5)
    params["per_page"] = rng.choice([20, 50, 100])
    return params


async def client_loop(client: httpx.AsyncClient, rng: random.Random, tally: Tally,
                      deadline: float, share: float, actors: list[str],
                      years: tuple[int, int]) -> None:  # fmt: skip
    while time.monotonic() < deadline:
        home = rng.random() < share
        route = "/" if home else "/api/events"
        params = {} if home else random_filters(rng, actors, years)
        start = time.perf_counter()
        try:
            response = await client.get(route, params=params)
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        tally.times[route].append((time.perf_counter() - start) * 1000)
        tally.errors[route] += not ok


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def line(name: str, values: list[float], errors: int, seconds: float) -> str:
    return (f"{name:<14} {len(values):>8} {len(values) / seconds:>8.1f} "
            f"{percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f} "
            f"{percentile(values, 99):>8.1f} {errors:>7}")  # fmt: skip


async def run(
    base: str, args: argparse.Namespace, server: psutil.Process
) -> tuple[Tally, float, float]:
    """The load phase's tally, its length and the server's CPU seconds in it (after the
    server is warm)."""
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    async with httpx.AsyncClient(base_url=base, timeout=args.timeout, limits=limits) as client:
        ov = (await client.get("/api/overview")).json()
        actors = [a["id"] for a in ov["top_actors"]] or ["PAK"]
        years = (int((ov["first"] or "2000")[:4]), int((ov["last"] or "2020")[:4]))
        start = time.perf_counter()  # warm: the overview and the recommendation groups ready
        await client.get("/api/recommendations", timeout=600)
        await client.get("/")
        print(f"server warm after {time.perf_counter() - start:.1f} s")
        tally, start, cpu = Tally(), time.perf_counter(), sum(server.cpu_times()[:2])
        deadline = time.monotonic() + args.seconds
        await asyncio.gather(*(
            client_loop(client, random.Random(args.seed + n), tally, deadline, args.home_share,
                        actors, years)
            for n in range(args.clients)
        ))  # fmt: skip
    return tally, time.perf_counter() - start, sum(server.cpu_times()[:2]) - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="the store to serve")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--home-share", type=float, default=0.2, help="share of requests to /")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not args.store.is_file():
        parser.error(f"{args.store}: no such store")

    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {load_note()}")
    pids: list[int] = []
    with serve(args.store, pids=pids) as base:
        server = psutil.Process(pids[0])
        tally, seconds, cpu = asyncio.run(run(base, args, server))
    print(f"{args.clients} clients for {args.seconds:.0f} s on {base} ({args.store.name})")
    print(f"{'route':<14} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'errors':>7}")  # fmt: skip
    every = [t for times in tally.times.values() for t in times]
    for route, times in tally.times.items():
        print(line(route, times, tally.errors[route], seconds))
    print(line("all", every, sum(tally.errors.values()), seconds))
    print(f"server CPU: {cpu:.1f} s in {seconds:.1f} s, {cpu / max(1, len(every)) * 1000:.2f} ms a request; "
          f"after the run: {load_note()}")  # fmt: skip
    return 1 if sum(tally.errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
