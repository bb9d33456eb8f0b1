"""What runs where the work happens: one pipeline per process, built once, reused per batch."""

from __future__ import annotations

import contextlib
import importlib.abc
import os
import sys
from typing import Any

from flashpoint.config import Settings
from flashpoint.document import Document
from flashpoint.engine.payload import Failed, from_payload, strip, to_payload

_PIPELINES: dict[str, Any] = {}

# one worker = one core: keep numeric libraries from starting their own thread pools
SINGLE_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def keep_torch_out() -> None:
    """Run time needs no PyTorch; stop spaCy's thinc from importing it when it is installed.

    thinc imports torch whenever it can (the ``train`` extra installs it), which costs about
    200 MB in every process. A finder first on ``sys.meta_path`` makes ``import torch`` raise
    ImportError, which thinc expects. (A ``None`` entry in ``sys.modules`` would do the same
    but breaks libraries that look torch up there, such as SciPy under scikit-learn.) Called
    before spaCy is first imported.
    """
    if "torch" in sys.modules or "thinc" in sys.modules:
        return
    if not any(isinstance(f, _NoTorch) for f in sys.meta_path):
        sys.meta_path.insert(0, _NoTorch())


class _NoTorch(importlib.abc.MetaPathFinder):
    """Refuses ``torch`` and its submodules."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named '{name}' (kept out at run time)", name=name)
        return None


def one_thread_per_worker():
    """Cap the BLAS/OpenMP pools of the libraries already loaded at one thread.

    The environment variables only reach libraries loaded later, and numpy is loaded before
    any worker code runs. An idle OpenBLAS pool thread spins after every matrix product
    (the frame and event models make one per document), taking CPU from the parse.
    Returns the limiter: ``restore_original_limits()`` undoes it, or use it as a context.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def get_pipeline(settings: Settings):
    """The process-wide pipeline for these settings (models load on first use only)."""
    key = repr(settings)
    if key not in _PIPELINES:
        from flashpoint.pipeline import Pipeline

        _PIPELINES[key] = Pipeline.from_settings(settings)
    return _PIPELINES[key]


# run once through a fresh pipeline so that models stages load lazily are loaded at start-up
WARM_UP_TEXT = "Brazil and Peru agreed on Monday to resume talks in Geneva. We welcome this."


def warm_pipeline(settings: Settings):
    """The process-wide pipeline, with every lazily loaded model already loaded."""
    key = repr(settings)
    fresh = key not in _PIPELINES
    pipeline = get_pipeline(settings)
    if fresh:
        with contextlib.suppress(Exception):  # a broken stage shows on the first real document
            pipeline(Document(WARM_UP_TEXT))
    return pipeline


def init_worker(settings: Settings) -> None:
    """Pool initializer: one thread per worker, then load the models before the first batch."""
    for name in SINGLE_THREAD_ENV:
        os.environ.setdefault(name, "1")
    keep_torch_out()
    one_thread_per_worker()
    warm_pipeline(settings)


def ready() -> int:
    """A no-op task: returns once this worker has started (its initializer has run)."""
    return os.getpid()


def run_batch(pipeline, docs: list[Document]) -> list[Document | Failed]:
    """Process a batch; when a stage raises, redo it document by document to isolate the bad one."""
    payloads = [to_payload(d) for d in docs]
    try:
        return [strip(d) for d in pipeline.pipe(docs, batch_size=max(len(docs), 1))]
    except Exception:  # noqa: BLE001  (isolated below, reported per document)
        pass
    out: list[Document | Failed] = []
    for payload in payloads:  # fresh documents: the failed attempt may have half-filled them
        try:
            out.append(strip(pipeline(from_payload(payload))))
        except Exception as exc:  # noqa: BLE001
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            line = (payload.get("metadata") or {}).get("source_line")
            out.append(Failed(payload.get("doc_id"), payload.get("source_path"), reason, line))
    return out


def process_batch(settings: Settings, payloads: list[dict[str, Any]]) -> list[Document | Failed]:
    """Entry point of a worker task: ingest payloads in, picklable documents out."""
    return run_batch(get_pipeline(settings), [from_payload(p) for p in payloads])
