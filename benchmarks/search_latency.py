"""Latency of `flashpoint search` on a large store, and what the index costs at save time.

Builds a store of synthetic news-length documents (shuffled sentences of samples/kashmir, as
make_synthetic_corpus.py writes them) through ``DuckDBStore.save`` in batches of 32 — the path
`analyze` takes, without the NLP pipeline — then times random queries (1-3 words: common, rare, mixed; quoted
phrases; some with date or country filters; some in the document view) through the function
the CLI calls. Prints p50/p95/p99 (budget: p95 < 200 ms), the index size and the save time
per document with and without the index.

    python benchmarks/search_latency.py                          # 100k documents, 200 queries
    python benchmarks/search_latency.py --docs 10000 --db /tmp/small.duckdb
    python benchmarks/search_latency.py --db /tmp/big.duckdb     # reuses a store built before
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from make_synthetic_corpus import sample_sentences, synthetic_documents

from flashpoint.analysis.search import Filters, search
from flashpoint.document import Document, Sentence
from flashpoint.store import DuckDBStore, open_store, search_index

BUDGET_MS = 200.0
BLOCK = 262_144  # DuckDB's block size
SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s|$)|$)", re.M)


def documents(n: int) -> Iterator[Document]:
    """Synthetic documents with sentences (split at . ! ? and line ends) and offsets."""
    for raw in synthetic_documents(n):
        doc = Document(raw["text"], doc_id=raw["id"], title=raw["title"], outlet=raw["outlet"],
                       outlet_country=raw["outlet_country"], published=raw["published"])  # fmt: skip
        doc.sentences = [Sentence(m.start(), m.end(), m.group()) for m in SENTENCE.finditer(doc.text)]
        yield doc


def save_all(store: DuckDBStore, docs: Iterator[Document], batch: int) -> tuple[float, float]:
    """Save ``docs`` in batches as a run; seconds spent in save() and in finish_run()."""
    run, spent, chunk = store.start_run({"benchmark": "search_latency"}), 0.0, []
    for doc in docs:
        chunk.append(doc)
        if len(chunk) == batch:
            spent += _timed(lambda c=chunk: store.save(c, run))
            chunk = []
    if chunk:
        spent += _timed(lambda: store.save(chunk, run))
    return spent, _timed(lambda: store.finish_run(run, "finished"))


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def build(path: Path, n: int, batch: int) -> None:
    """A store of ``n`` documents at ``path`` (kept when it already holds them)."""
    if path.exists():
        with open_store(path, read_only=True) as store:
            if store.query("SELECT count(*) AS n FROM documents")[0]["n"] == n:
                print(f"reusing {path} ({n:,} documents)")
                return
        path.unlink()
    print(f"building {path}: {n:,} documents in batches of {batch} ...", flush=True)
    with open_store(path) as store:
        spent, finish = save_all(store, documents(n), batch)
    print(f"  saved in {spent:.0f} s ({1000 * spent / n:.2f} ms per document, index included); "
          f"the end of the run (postings sorted by word) took {finish:.1f} s")


def save_overhead(n: int, batch: int) -> dict[bool, tuple[float, float]]:
    """Wall and CPU ms per document saved, with the index (True) and without (best of two
    rounds each; CPU time counts DuckDB's threads and varies less with the machine's load)."""
    real = (search_index.index_documents, search_index.forget)
    docs = list(documents(n))
    best = {True: (float("inf"),) * 2, False: (float("inf"),) * 2}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(4):
            indexed = round_ % 2 == 0
            if not indexed:
                search_index.index_documents = search_index.forget = lambda *a: None
            try:
                with open_store(Path(tmp) / f"{round_}.duckdb") as store:
                    cpu = time.process_time()
                    spent, _ = save_all(store, iter(docs), batch)
                    cpu = time.process_time() - cpu
            finally:
                search_index.index_documents, search_index.forget = real
            wall_ms, cpu_ms = 1000 * spent / n, 1000 * cpu / n
            best[indexed] = (min(best[indexed][0], wall_ms), min(best[indexed][1], cpu_ms))
    return best


def index_size(path: Path) -> tuple[int, int]:
    """Bytes of the search tables and of the whole file."""
    with open_store(path, read_only=True) as store:
        blocks = store.query(
            "SELECT count(DISTINCT block_id) AS n FROM (SELECT block_id FROM pragma_storage_info('search_terms') "
            "UNION ALL SELECT block_id FROM pragma_storage_info('search_docs') "
            "UNION ALL SELECT block_id FROM pragma_storage_info('search_vocab')) WHERE block_id >= 0"
        )[0]["n"]  # fmt: skip
    return blocks * BLOCK, path.stat().st_size


def queries(n: int, seed: int) -> list[tuple[str, str, bool, Filters]]:
    """(kind, query, document view?, filters): common, rare and mixed words, and phrases."""
    rng = random.Random(seed)
    pool = sample_sentences()
    counts = Counter(w.lower() for s in pool for w in search_index.WORD.findall(s)
                     if search_index.normalise(w) and not w.isdigit())  # fmt: skip
    ranked = [w for w, _ in counts.most_common()]
    common, rare = ranked[:40], [w for w in ranked if counts[w] == 1]
    kinds = ["common", "rare", "mixed", "phrase"]
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        k = rng.randint(1, 3)
        if kind == "common":
            text = " ".join(rng.sample(common, k))
        elif kind == "rare":
            text = " ".join(rng.sample(rare, min(k, 2)))
        elif kind == "mixed":
            text = " ".join(rng.sample(ranked, k))
        else:
            text = _phrase(rng, pool)
        filters = Filters()
        if rng.random() < 0.2:
            year = rng.randint(2019, 2022)
            filters = Filters.parse(str(year), f"{year}-06", rng.choice([None, "PAK", "IND"]))
        out.append((kind, text, rng.random() < 0.3, filters))
    return out


def _phrase(rng: random.Random, pool: list[str]) -> str:
    """2-3 consecutive words of a sample sentence, at least one of them indexed."""
    while True:
        words = search_index.WORD.findall(rng.choice(pool))
        at = rng.randrange(max(1, len(words) - 2))
        phrase = words[at : at + rng.randint(2, 3)]
        if any(map(search_index.normalise, phrase)):
            return '"' + " ".join(phrase) + '"'


def percentiles(ms: list[float]) -> str:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.1f}  p95 {cuts[94]:6.1f}  p99 {cuts[98]:6.1f} ms  (n={len(ms)})"


def time_queries(path: Path, n: int, seed: int) -> list[float]:
    with open_store(path, read_only=True) as store:
        qs = queries(n, seed)
        for _, text, docs, filters in qs[:5]:  # warm-up
            search(store, text, 20, docs, filters)
        by_kind: dict[str, list[float]] = {}
        for kind, text, docs, filters in qs:
            ms = 1000 * _timed(lambda t=text, d=docs, f=filters: search(store, t, 20, d, f))
            by_kind.setdefault(kind, []).append(ms)
    for kind, ms in by_kind.items():
        print(f"  {kind:<7} {percentiles(ms)}")
    return [m for ms in by_kind.values() for m in ms]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=32, help="documents per save() (32: analyze's default)")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "flashpoint-search-bench.duckdb")
    parser.add_argument("--overhead-docs", type=int, default=2000, help="0: skip the save-time comparison")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f}")  # fmt: skip
    build(args.db, args.docs, args.batch)
    index_bytes, file_bytes = index_size(args.db)
    print(f"index {index_bytes / 2**20:,.0f} MB of a {file_bytes / 2**20:,.0f} MB store")
    print(f"{args.queries} queries, 20 rows each:")
    ms = time_queries(args.db, args.queries, args.seed)
    print(f"  all     {percentiles(ms)}")
    if args.overhead_docs:
        best = save_overhead(args.overhead_docs, args.batch)
        for i, clock in enumerate(("wall", "CPU")):
            on, off = best[True][i], best[False][i]
            print(f"save(), {clock} time: {on:.2f} ms per document with the index, {off:.2f} "
                  f"without (+{on - off:.2f} ms, ×{on / off:.2f})")  # fmt: skip
    p95 = statistics.quantiles(ms, n=100, method="inclusive")[94]
    sys.exit(0 if p95 < BUDGET_MS else 1)


if __name__ == "__main__":
    main()
