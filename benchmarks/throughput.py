"""Throughput, per-stage cost and peak memory of the pipeline against the bare spaCy parse.

On the same documents, in the same run:

* **bare parse**: ``nlp.pipe`` over the texts with the model and components the ``nlp`` stage
  uses: the ceiling of this design (every stage needs the parse);
* **full pipeline** with 1 and N workers, through the code path of ``flashpoint analyze``
  (ingest, skip of known documents, engine, store writes to a temporary DuckDB);
* each stage's time as a share of the bare parse time (the perf budgets), peak RSS
  (this process and its children), and whether N workers gave the same records as 1.

    python benchmarks/throughput.py                       # UN speeches + editorials, 1 and 2 workers
    python benchmarks/throughput.py --corpus un --limit 20 # quick check
    python benchmarks/throughput.py --corpus synthetic --docs 10000 --workers 2 --skip-bare
    python benchmarks/throughput.py --write-readme         # put the table into benchmarks/README.md
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
README = Path(__file__).with_name("README.md")
sys.path.insert(0, str(Path(__file__).parent))

from make_synthetic_corpus import write_corpus  # noqa: E402

csv.field_size_limit(sys.maxsize)


# -- corpora -------------------------------------------------------------------------------
def un_speeches(limit: int | None) -> Iterator[dict]:
    for path in sorted((SHARED / "corpus" / "un_general_debate").glob("*.txt"))[:limit]:
        country, _session, year = path.stem.split("_")
        yield {"id": path.stem, "title": f"{country} general debate {year}",
               "outlet": "UN General Assembly", "outlet_country": country,
               "published": f"{year}-09-01", "text": path.read_text(encoding="utf-8")}  # fmt: skip


def editorials(limit: int | None) -> Iterator[dict]:
    path = SHARED / "corpus" / "editorials" / "webis_editorials16.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh, delimiter="\t")):
            if limit is not None and i >= limit:
                break
            yield {"id": row["Article ID"], "title": row["Article Title"],
                   "outlet": row["Portal Name"], "published": row["Last Update"][:10],
                   "text": row["Article Text"].replace("&#10;", "\n")}  # fmt: skip


def prepare(corpus: str, limit: int | None, docs: int, folder: Path) -> Path:
    """Write the corpus as JSON Lines for ingest; returns the path to analyse."""
    path = folder / f"{corpus}.jsonl"
    if corpus == "synthetic":
        return write_corpus(folder / "synthetic", limit or docs)
    if corpus.startswith("path:"):
        return Path(corpus[5:])
    records = {"un": un_speeches, "editorials": editorials}[corpus](limit)
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# -- measuring -----------------------------------------------------------------------------
class PeakRSS:
    """Samples the resident memory of this process (or only its children) in a thread."""

    def __init__(self, every: float = 0.1, children_only: bool = False):
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self.children_only = children_only

    def _sample(self) -> int:
        me = psutil.Process()
        total = 0 if self.children_only else me.memory_info().rss
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRSS:
        self.peak = self._sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """User + system CPU time of this process and its live children."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += sum(child.cpu_times()[:2])
    return total


@dataclass
class Run:
    label: str
    docs: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # CPU seconds of all processes: steadier than wall time on a busy machine
    startup: float = 0.0
    peak_rss: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def rate(self, tokens: int) -> tuple[float, float]:
        s = max(self.seconds, 1e-9)
        return self.docs / s, tokens / s


def bare_parse(settings, texts: list[str]) -> tuple[Run, int]:
    """``nlp.pipe`` over the texts, batched exactly as the nlp stage does; returns tokens too."""
    from flashpoint.nlp import NlpStage

    stage = NlpStage(settings, **settings.stage_options.get("nlp", {}))
    run, tokens = Run("bare parse", docs=len(texts)), 0
    with PeakRSS() as rss:
        started, cpu = time.perf_counter(), cpu_seconds()
        for parsed in stage.parse(texts):  # the nlp stage's own batching, nothing else
            tokens += len(parsed)
        run.seconds, run.cpu = time.perf_counter() - started, cpu_seconds() - cpu
    run.peak_rss = rss.peak
    return run, tokens


def full_pipeline(settings, source: Path, store_path: Path, workers: int, engine: str) -> Run:
    """``flashpoint analyze SOURCE --store STORE --workers N`` in a fresh process, timed.

    A fresh process per run: its memory is that of the run alone (peak RSS of the process
    tree, sampled from here) and no run inherits models or caches from another.
    """
    cmd = [
        sys.executable,
        __file__,
        "--run-one",
        str(source),
        str(store_path),
        str(workers),
        engine,
    ]
    with PeakRSS(children_only=True) as rss:
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    run = Run(f"{workers} worker{'s' if workers > 1 else ''}", **json.loads(out.splitlines()[-1]))
    run.peak_rss = rss.peak
    return run


def run_one(source: str, store_path: str, workers: str, engine: str) -> None:
    """The body of one timed run (in its own process); prints its measures as JSON."""
    from flashpoint.engine.worker import keep_torch_out

    keep_torch_out()  # as the flashpoint command does, before spaCy is imported
    from flashpoint.config import load_settings
    from flashpoint.engine import make_engine
    from flashpoint.engine.worker import warm_pipeline

    settings, n = load_settings(), int(workers)
    with make_engine(settings, engine=engine, workers=n) as eng:
        started = time.perf_counter()
        if n == 1:
            warm_pipeline(settings)  # lazily loaded models count as start-up, as in workers
        eng.start()
        startup = time.perf_counter() - started
        started, cpu = time.perf_counter(), cpu_seconds()
        analyze(Path(source), Path(store_path), settings, eng)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        measures = {"docs": eng.stats.documents, "seconds": seconds, "cpu": cpu,
                    "startup": startup, "stage_seconds": eng.stats.stage_seconds}  # fmt: skip
    print(json.dumps(measures))


def analyze(source: Path, store_path: Path, settings, engine) -> None:
    from flashpoint.runner import run_analysis

    run_analysis([source], store_path, settings=settings, engine=engine)


def stored(store_path: Path, sql: str) -> list:
    from flashpoint.store import open_store

    with open_store(store_path, read_only=True) as store:
        return store.query(sql)


# -- report --------------------------------------------------------------------------------
def mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def cell(run: Run | None, tokens: int) -> str:
    if run is None:
        return "–"
    docs_s, tok_s = run.rate(tokens)
    return f"{docs_s:.2f} ({tok_s:,.0f})"


def report(results: list[dict], workers: int) -> str:
    lines = [
        f"| corpus | docs | tokens | bare parse docs/s (tok/s) | full, 1 worker docs/s (tok/s) "
        f"| full / bare (CPU) | full, {workers} workers docs/s | {workers}w / 1w | same records "
        f"| peak RSS 1w / {workers}w |",
        "|---|---:|---:|---:|---:|---:|---:|---:|:-:|---:|",
    ]
    for r in results:
        tok = r["tokens"]
        bare, one, many = r.get("bare"), r["runs"].get(1), r["runs"].get(workers)
        ratio = (f"{one.rate(tok)[0] / bare.rate(tok)[0]:.2f} ({bare.cpu / one.cpu:.2f})"
                 if bare and one else "–")  # fmt: skip
        speedup = (
            f"{many.rate(tok)[0] / one.rate(tok)[0]:.2f}"
            if one and many and many is not one
            else "–"
        )
        rss = " / ".join(mb(run.peak_rss) for run in (one, many) if run)
        lines.append(
            f"| {r['corpus']} | {r['docs']} | {tok:,} | {cell(bare, tok)} | {cell(one, tok)} | {ratio} "
            f"| {cell(many, tok)} | {speedup} | {r.get('same', '–')} | {rss} |"
        )
    lines += ["", "Stage time as a share of the bare parse time (1 worker; budgets: actors ≤ 15%, "
              "events ≤ 30%, discourse ≤ 20%); *rest* is ingest, hashing, store writes and plumbing:", ""]  # fmt: skip
    stages = sorted({s for r in results for run in r["runs"].values() for s in run.stage_seconds})
    lines += ["| corpus | " + " | ".join(stages) + " | rest | startup 1w / Nw |",
              "|---|" + "---:|" * (len(stages) + 2)]  # fmt: skip
    for r in results:
        one, bare = r["runs"].get(1), r.get("bare")
        if not one:
            continue
        base = bare.seconds if bare else one.stage_seconds.get("nlp", 1.0)
        shares = [f"{100 * one.stage_seconds.get(s, 0.0) / base:.1f}%" for s in stages]
        rest = one.seconds - sum(one.stage_seconds.values())
        startup = " / ".join(f"{run.startup:.1f}s" for run in r["runs"].values())
        lines.append(
            f"| {r['corpus']} | "
            + " | ".join(shares)
            + f" | {100 * rest / base:.1f}% | {startup} |"
        )
    return "\n".join(lines)


def environment() -> str:
    import spacy

    from flashpoint.config import load_settings

    return (f"{datetime.now():%Y-%m-%d %H:%M}, {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, spaCy {spacy.__version__}, "
            f"model {load_settings().spacy_model}, load average {os.getloadavg()[0]:.1f}")  # fmt: skip


def write_readme(key: str, table: str, command: str) -> None:
    """Put the table into README.md, in the block of this corpus set (replaced on re-runs)."""
    start, end = f"<!-- results:{key}:start -->", f"<!-- results:{key}:end -->"
    block = f"{start}\n### {key}\n\nMeasured {environment()}:\n\n    {command}\n\n{table}\n{end}"
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, _, rest = text.partition(start)
        text = head + block + rest.partition(end)[2]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


# -- main ----------------------------------------------------------------------------------
def ingested_texts(source: Path, settings) -> Iterator[str]:
    """The texts the run analyses: as ingest reads them, each text once."""
    from flashpoint.ingest import IngestOptions, Problem, iter_documents

    seen: set[str] = set()
    for doc in iter_documents([str(source)], IngestOptions(max_chars=settings.max_chars)):
        if not isinstance(doc, Problem) and doc.hash not in seen:
            seen.add(doc.hash)
            yield doc.text


def mean_run(runs: list[Run]) -> Run:
    n = len(runs)
    return Run(runs[0].label, docs=runs[0].docs, seconds=sum(r.seconds for r in runs) / n,
               cpu=sum(r.cpu for r in runs) / n, peak_rss=max(r.peak_rss for r in runs))  # fmt: skip


def bench_corpus(
    corpus: str, args: argparse.Namespace, settings, folder: Path, say: Callable[[str], None]
) -> dict:
    """Bare parse, full pipeline with 1 and N workers, bare parse again (noise shows as a gap)."""
    source = prepare(corpus, args.limit, args.docs, folder)
    result: dict = {"corpus": corpus.removeprefix("path:"), "runs": {}}
    bare: list[Run] = []
    if not args.skip_bare:
        texts = list(ingested_texts(source, settings))
        bare_parse(settings, texts[:8])  # warm-up: first-call costs are no one's throughput
        say(f"{corpus}: bare parse of {len(texts)} documents ...")
        run, result["tokens"] = bare_parse(settings, texts)
        bare.append(run)
        say(f"  {run.seconds:.1f}s")
    counts = sorted(set(args.workers) | ({1} if not args.skip_single else set()))
    stores = {
        n: folder / f"{corpus.replace('/', '_').replace(':', '_')}-{n}.duckdb" for n in counts
    }
    for n in counts:
        say(f"{corpus}: full pipeline, {n} worker(s) ...")
        run = full_pipeline(settings, source, stores[n], n, args.engine)
        result["runs"][n] = run
        say(f"  {run.docs} docs in {run.seconds:.1f}s (+{run.startup:.1f}s start), "
            f"peak {mb(run.peak_rss)}")  # fmt: skip
    if bare:
        say(f"{corpus}: bare parse again ...")
        run, _ = bare_parse(settings, texts)
        bare.append(run)
        say(f"  {run.seconds:.1f}s")
        result["bare"] = mean_run(bare)
    else:
        from flashpoint.nlp import load_model

        tokenizer = load_model(settings.spacy_model).tokenizer
        result["tokens"] = sum(len(d) for d in tokenizer.pipe(ingested_texts(source, settings)))
    result["docs"] = max(run.docs for run in result["runs"].values())
    if len(counts) > 1:
        sql = "SELECT doc_id, record FROM documents ORDER BY doc_id"
        records = [stored(stores[n], sql) for n in counts]
        result["same"] = "yes" if all(r == records[0] for r in records) else "**no**"
        for other in records[1:]:
            for a, b in zip(records[0], other, strict=False):
                if a != b:
                    say(f"  records differ first at {a['doc_id']} / {b['doc_id']}:")
                    say(f"    {a['record'][:300]}\n    {b['record'][:300]}")
                    break
    return result


def main() -> None:
    if sys.argv[1:2] == ["--run-one"]:
        return run_one(*sys.argv[2:6])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add(
        "--corpus",
        action="append",
        help="un | editorials | synthetic | path:FILE_OR_DIR (repeatable)",
    )
    add("--limit", type=int, help="first N documents of each corpus")
    add("--docs", type=int, default=10_000, help="size of the synthetic corpus")
    add("--workers", type=int, nargs="+", default=[2], help="worker counts to compare with 1")
    add("--engine", default="local", choices=["local", "dask"])
    add("--skip-bare", action="store_true", help="no bare parse (memory runs)")
    add("--skip-single", action="store_true", help="no 1-worker run unless asked")
    add("--write-readme", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args()
    corpora = args.corpus or ["un", "editorials"]
    if any(c in ("un", "editorials") for c in corpora) and not SHARED.is_dir():
        parser.error(f"{SHARED} is not available; use --corpus synthetic or --corpus path:FILE")

    from flashpoint.config import load_settings

    settings = load_settings()
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="flashpoint-bench-") as tmp:
        results = [bench_corpus(c, args, settings, Path(tmp), say) for c in corpora]
    table = report(results, max(args.workers))
    print(table)
    if args.write_readme:
        command = " ".join(["python", f"benchmarks/{Path(sys.argv[0]).name}", *sys.argv[1:]])
        write_readme("+".join(corpora), table, command)


if __name__ == "__main__":
    main()
