"""Run the pipeline on this machine: in this process, or on a pool of N worker processes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from flashpoint.config import Settings
from flashpoint.document import Document
from flashpoint.engine.payload import Failed, to_payload
from flashpoint.engine.stats import EngineStats
from flashpoint.engine.window import batched, ordered_window
from flashpoint.engine.worker import (
    get_pipeline,
    init_worker,
    one_thread_per_worker,
    process_batch,
    ready,
    run_batch,
)

ErrorHandler = Callable[[Failed], None]


class EngineError(RuntimeError):
    pass


def deliver(
    items: Iterable[Document | Failed], on_error: ErrorHandler | None, stats: EngineStats
) -> Iterator[Document]:
    """Pass documents on; hand failures to ``on_error`` (or raise when there is none)."""
    for item in items:
        if isinstance(item, Failed):
            stats.failed += 1
            if on_error is None:
                raise EngineError(f"{item.source_path or item.doc_id}: {item.reason}")
            on_error(item)
        else:
            stats.add(item)
            yield item


# documents per task sent to a worker: small enough to spread work evenly over workers
# (and over long documents), large enough that shipping costs nothing next to the analysis
TASK_SIZE = 8


def task_size(settings: Settings) -> int:
    return max(1, min(settings.batch_size, TASK_SIZE))


def start_method() -> str:
    """A start method that never forks a process holding models and threads."""
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


class LocalEngine:
    """``workers=1`` runs in this process; ``workers=N`` fans batches out to N processes.

    Each worker builds the pipeline once (pool initializer); documents travel as plain
    dicts and come back without their spaCy ``Doc``. Output order equals input order.
    """

    name = "local"

    def __init__(self, settings: Settings, workers: int = 1, batch_size: int | None = None):
        self.settings = settings
        self.workers = max(int(workers), 1)
        self.batch_size = batch_size or (
            settings.batch_size if self.workers == 1 else task_size(settings)
        )
        self.stats = EngineStats()
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> LocalEngine:
        """Load the models now (in every worker) rather than on the first batch."""
        if self.workers == 1:
            get_pipeline(self.settings)  # not warmed here: stages see only the caller's documents
        else:
            pool = self._ensure_pool()
            for future in [pool.submit(ready) for _ in range(self.workers)]:
                future.result()
        return self

    def map(
        self, docs: Iterable[Document], on_error: ErrorHandler | None = None
    ) -> Iterator[Document]:
        batches = batched(docs, self.batch_size)
        if self.workers == 1:
            pipeline = get_pipeline(self.settings)
            with one_thread_per_worker():  # this process is the one worker
                for batch in batches:
                    yield from deliver(run_batch(pipeline, batch), on_error, self.stats)
            return
        pool = self._ensure_pool()

        def submit(batch: list[Document]) -> Future:
            return pool.submit(process_batch, self.settings, [to_payload(d) for d in batch])

        for items in ordered_window(batches, submit, Future.result, depth=2 * self.workers):
            yield from deliver(items, on_error, self.stats)

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context(start_method()),
                initializer=init_worker,
                initargs=(self.settings,),
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
