"""The event model: one fine-tuned MiniLM pass per sentence, several heads, int8 ONNX.

Heads (all read from one encoder pass):

- ``type``: PLOVER root (YIELD stands for CONCEDE-or-RETREAT) or NONE;
- ``yield``: CONCEDE vs RETREAT, read only when the type is YIELD;
- ``quad``: five-class CAMEO label (0 statement / no event, 1-4 QuadClass);
- ``prescriptive``: whether the sentence recommends an act;
- ``roles``: per word piece, O / SOURCE / TARGET.

The file ``models/events/event_model.onnx`` and its manifest ``event_model.json`` (classes,
temperatures, maximum length, held-out scores) are written by ``scripts/train_event_model.py``.
Run time needs only onnxruntime and tokenizers; one intra-op thread, as every stage is already
parallel across documents.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from flashpoint.events.lexicon import MODEL_DIR
from flashpoint.onnx_inputs import padded_feeds

MODEL_FILE = "event_model.onnx"
TOKENIZER = MODEL_DIR.parent / "discourse" / "minilm-tokenizer.json"  # MiniLM's WordPiece vocabulary
MANIFEST_FILE = "event_model.json"


class EventModelUnavailable(RuntimeError):
    pass


def _softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = z / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass
class Output:
    """The model's reading of one sentence; probabilities are calibrated (temperature-scaled)."""

    types: np.ndarray  # (n_types,)
    yields: np.ndarray  # (2,)
    quads: np.ndarray  # (5,)
    prescription: np.ndarray  # (2,)
    roles: np.ndarray  # (n_pieces, 3)
    offsets: list[tuple[int, int]]  # character span of each word piece in the sentence (0, 0 for specials)
    type_classes: tuple[str, ...]
    yield_classes: tuple[str, ...]

    def type_label(self) -> str:
        return self.type_classes[int(np.argmax(self.types))]

    def type_confidence(self) -> float:
        return float(self.types.max())

    def quad_label(self) -> int:
        return int(np.argmax(self.quads))

    def prescriptive(self) -> float:
        return float(self.prescription[1])

    def plover_type(self) -> str:
        """The PLOVER type, YIELD split into CONCEDE or RETREAT by its own head."""
        label = self.type_label()
        if label == "YIELD":
            return self.yield_classes[int(np.argmax(self.yields))]
        return label

    def role_scores(self, start: int, end: int) -> tuple[float, float]:
        """Mean SOURCE and TARGET probability of the word pieces inside [start, end)."""
        rows = [i for i, (s, e) in enumerate(self.offsets) if e > s and s < end and e > start]
        if not rows:
            return 0.0, 0.0
        part = self.roles[rows]
        return float(part[:, 1].mean()), float(part[:, 2].mean())


class EventModel:
    def __init__(self, directory: Path = MODEL_DIR, threads: int = 1):
        manifest_path = directory / MANIFEST_FILE
        model_path = directory / MODEL_FILE
        if not (manifest_path.is_file() and model_path.is_file()):
            raise EventModelUnavailable(f"{model_path}: event model not found (run scripts/train_event_model.py)")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        self.type_classes = tuple(self.manifest["types"])
        self.yield_classes = tuple(self.manifest["yield_kinds"])
        self.temperature = self.manifest.get("temperature", {})
        self.max_tokens = int(self.manifest.get("max_tokens", 128))
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
        self.tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(model_path), sess_options=options,
                                            providers=["CPUExecutionProvider"])  # fmt: skip
        self.inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()

    def predict(self, texts: list[str], batch_size: int = 1) -> list[Output]:
        """One output per text. Sentences run one at a time by default: the int8 model scales
        its activations per call, so padding in a batch would shift a sentence's scores with
        the company it keeps (and on one CPU thread batching gains nothing)."""
        out: list[Output | None] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            for i, result in zip(chunk, self._batch([texts[i] or " " for i in chunk]), strict=True):
                out[i] = result
        return out  # type: ignore[return-value]

    def _batch(self, texts: list[str]) -> list[Output]:
        encodings = self.tokenizer.encode_batch(texts)
        feeds, _ = padded_feeds(encodings, self.inputs)
        with self._lock:
            types, yields, quads, prescription, roles = self.session.run(
                ["type", "yield", "quad", "prescriptive", "roles"], feeds
            )
        t = self.temperature
        types = _softmax(types, t.get("type", 1.0))
        yields = _softmax(yields, t.get("yield", 1.0))
        quads = _softmax(quads, t.get("quad", 1.0))
        prescription = _softmax(prescription, t.get("prescriptive", 1.0))
        roles = _softmax(roles, t.get("roles", 1.0))
        outputs = []
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            offsets = [(s, e) if enc.special_tokens_mask[k] == 0 else (0, 0) for k, (s, e) in enumerate(enc.offsets)]
            outputs.append(Output(types[row], yields[row], quads[row], prescription[row], roles[row, :n],
                                  offsets, self.type_classes, self.yield_classes))  # fmt: skip
        return outputs


@lru_cache(maxsize=2)
def load_event_model(directory: str | None = None) -> EventModel:
    return EventModel(Path(directory) if directory else MODEL_DIR)
