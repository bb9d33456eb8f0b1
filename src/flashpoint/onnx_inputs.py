"""Inputs of the BERT-style ONNX models (the sentence encoder and the event model)."""

from __future__ import annotations

import numpy as np


def padded_feeds(encodings: list, input_names: set[str]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Token ids and attention mask of a batch of ``tokenizers`` encodings, right-padded to the
    longest (plus zero token types when the graph takes them); returns (feeds, mask)."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, enc in enumerate(encodings):
        ids[row, : len(enc.ids)] = enc.ids
        mask[row, : len(enc.ids)] = 1
    feeds = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in input_names:
        feeds["token_type_ids"] = np.zeros_like(ids)
    return feeds, mask
