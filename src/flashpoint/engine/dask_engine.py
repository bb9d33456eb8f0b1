"""Run the pipeline on a Dask distributed cluster; results stream back to the caller in order.

Without a scheduler address a ``LocalCluster`` of worker processes is started (one thread
each). Every worker loads the models once, when it joins, through a worker plugin.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from flashpoint.config import Settings
from flashpoint.document import Document
from flashpoint.engine.local import EngineError, ErrorHandler, deliver, task_size
from flashpoint.engine.payload import to_payload
from flashpoint.engine.stats import EngineStats
from flashpoint.engine.window import batched, ordered_window
from flashpoint.engine.worker import init_worker, process_batch

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # dask is optional at import time; DaskEngine says so when used
    WorkerPlugin = object  # type: ignore[assignment,misc]


class PipelineLoader(WorkerPlugin):
    """Builds the pipeline on each worker at start-up (and on workers that join later)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = f"flashpoint-pipeline-{abs(hash(repr(settings))):x}"

    def setup(self, worker: Any) -> None:
        init_worker(self.settings)


class DaskEngine:
    name = "dask"

    def __init__(
        self,
        settings: Settings,
        scheduler: str | None = None,
        workers: int | None = None,
        batch_size: int | None = None,
    ):
        self.settings = settings
        self.scheduler = scheduler
        self.workers = workers
        self.batch_size = batch_size or task_size(settings)
        self.stats = EngineStats()
        self._client: Any = None
        self._cluster: Any = None

    def start(self) -> DaskEngine:
        """Connect (or start the local cluster); every worker loads the models now."""
        self._ensure_client()
        return self

    def map(
        self, docs: Iterable[Document], on_error: ErrorHandler | None = None
    ) -> Iterator[Document]:
        client = self._ensure_client()
        threads = sum(client.nthreads().values()) or 1

        def submit(batch: list[Document]):
            payloads = [to_payload(d) for d in batch]
            return client.submit(process_batch, self.settings, payloads, pure=False)

        for items in ordered_window(
            batched(docs, self.batch_size), submit, lambda f: f.result(), depth=2 * threads
        ):
            yield from deliver(items, on_error, self.stats)

    def _ensure_client(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError("the dask engine needs `pip install 'dask[distributed]'`") from exc
        if self.scheduler:
            try:
                self._client = Client(self.scheduler)
            except OSError as exc:
                raise EngineError(
                    f"cannot reach the Dask scheduler at {self.scheduler} ({exc})"
                ) from exc
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        self._client.register_plugin(PipelineLoader(self.settings))
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
