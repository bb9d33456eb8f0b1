"""Held-out scores of the event model: one set of metrics for training and for the shipped file.

``predict`` is any function from a list of sentences to :class:`flashpoint.events.model.Output`
rows; training passes the PyTorch model, ``scripts/event_model_scores.py`` the int8 ONNX file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from flashpoint.events.coder import CoderOptions
from flashpoint.events.model_data import ROLE_TAGS, TYPES, Example

ROLE_THRESHOLD = CoderOptions.role_threshold  # the coder's default


def macro_f1(gold: Sequence, pred: Sequence, labels: Sequence) -> tuple[float, dict]:
    """Macro-F1 over ``labels`` that occur in the gold, and per-label (P, R, F1, support)."""
    per = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        support = tp + fn
        if support == 0:
            continue
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / support
        per[label] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0, support)
    return (float(np.mean([v[2] for v in per.values()])) if per else 0.0), per


def genre_scores(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """The type head on sentences of our genres, NONE included: macro-F1 and accuracy over the
    types, event detection F1 (an event or NONE), and typed event F1 (an event found with
    its right type, against all events in gold and all predicted)."""
    type_f1, _ = macro_f1(gold, pred, TYPES)
    _, det = macro_f1([g != "NONE" for g in gold], [p != "NONE" for p in pred], [True])
    events, found = sum(g != "NONE" for g in gold), sum(p != "NONE" for p in pred)
    right = sum(g == p != "NONE" for g, p in zip(gold, pred, strict=True))
    return {"type_macro_f1": type_f1,
            "type_accuracy": float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])) if gold else 0.0,
            "event_detection_f1": det.get(True, (0, 0, 0, 0))[2],
            "typed_event_f1": 2 * right / (events + found) if events + found else 0.0,
            "n": len(gold)}  # fmt: skip


def best_span(text: str, offsets: list[tuple[int, int]], probs: np.ndarray, role: int,
              threshold: float = 0.5) -> tuple[int, int] | None:  # fmt: skip
    """The contiguous run of word pieces tagged ``role`` with the highest summed probability."""
    runs, current = [], None
    for i, (start, end) in enumerate(offsets):
        if end <= start:
            continue
        if probs[i, role] >= threshold and int(np.argmax(probs[i])) == role:
            if current and text[current[1] : start].strip() == "":
                current[1], current[2] = end, current[2] + probs[i, role]
            else:
                current = [start, end, probs[i, role]]
                runs.append(current)
        else:
            current = None
    if not runs:
        return None
    start, end, _ = max(runs, key=lambda r: r[2])
    return start, end


def span_right(pred: tuple[int, int] | None, gold: tuple[int, int] | None, text: str) -> bool:
    """A predicted actor span is right when it overlaps the gold span and ends inside it
    (its head word, the last word of an English noun phrase, is in the gold span)."""
    if gold is None:
        return pred is None
    if pred is None:
        return False
    overlap = min(pred[1], gold[1]) - max(pred[0], gold[0]) > 0
    return overlap and gold[0] < pred[1] <= gold[1] + 1


def reliability(confidences: Sequence[float], correct: Sequence[bool], bins: int = 5) -> list[dict]:
    """Accuracy per confidence bin (equal width), with counts: 0.8 should mean ~80 % right."""
    conf = np.asarray(confidences, dtype=float)
    ok = np.asarray(correct, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (conf >= lo) & ((conf < hi) if hi < 1 else (conf <= hi))
        if inside.any():
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(inside.sum()),
                         "mean_confidence": round(float(conf[inside].mean()), 3),
                         "accuracy": round(float(ok[inside].mean()), 3)})  # fmt: skip
    return rows


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    conf = np.asarray(confidences, dtype=float)
    ok = np.asarray(correct, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            total += inside.mean() * abs(conf[inside].mean() - ok[inside].mean())
    return float(total)


def held_out_scores(predict: Callable[[list[str]], list], held: list[Example],
                    suggestions: list[Example]) -> dict:  # fmt: skip
    """Every held-out number the issue names, from one prediction pass per set."""
    out: dict = {}
    news = [e for e in held if e.type is not None or e.quad is not None]
    outputs = predict([e.text for e in news])
    source, target = ROLE_TAGS.index("SOURCE"), ROLE_TAGS.index("TARGET")

    plover = [(e, o) for e, o in zip(news, outputs, strict=True) if e.corpus.startswith("plover")]
    gold_types = [e.type for e, _ in plover]
    pred_types = [o.type_label() for _, o in plover]
    out["plover_root_macro_f1"], per = macro_f1(gold_types, pred_types, [t for t in TYPES if t != "NONE"])
    out["plover_root_per_type"] = {k: round(v[2], 3) for k, v in per.items()}
    out["plover_root_accuracy"] = float(np.mean([g == p for g, p in zip(gold_types, pred_types, strict=True)]))
    full = []
    for e, o in plover:
        spans = {role: (s, t) for s, t, role in (e.roles or [])}
        src = best_span(e.text, o.offsets, o.roles, source)
        tgt = best_span(e.text, o.offsets, o.roles, target)
        full.append(o.type_label() == e.type and span_right(src, spans.get("SOURCE"), e.text)
                    and span_right(tgt, spans.get("TARGET"), e.text))  # fmt: skip
    out["plover_type_source_target"] = float(np.mean(full)) if full else 0.0
    out["plover_n"] = len(plover)

    genre = [(e, o) for e, o in zip(news, outputs, strict=True) if e.corpus.startswith("genre")]
    if genre:
        scores = genre_scores([e.type for e, _ in genre], [o.type_label() for _, o in genre])
        out.update({f"genre_{k}": v for k, v in scores.items()})

    quads = [(e, o) for e, o in zip(news, outputs, strict=True) if e.quad is not None and "cameo" in e.corpus]
    out["cameo_five_class_macro_f1"], per = macro_f1([e.quad for e, _ in quads],
                                                     [o.quad_label() for _, o in quads], range(5))  # fmt: skip
    out["cameo_per_class"] = {str(k): round(v[2], 3) for k, v in per.items()}
    out["cameo_n"] = len(quads)

    typed = [(e, o) for e, o in zip(news, outputs, strict=True) if e.type is not None]
    conf = [o.type_confidence() for _, o in typed]
    right = [o.type_label() == e.type for e, o in typed]
    out["type_reliability"] = reliability(conf, right)
    out["type_ece"] = round(expected_calibration_error(conf, right), 3)

    if suggestions:
        sugg_out = predict([e.text for e in suggestions])
        groups: dict[str, list[tuple[int, int]]] = {}
        for e, o in zip(suggestions, sugg_out, strict=True):
            pair = (int(e.prescriptive), int(o.prescriptive() >= 0.5))
            groups.setdefault("all", []).append(pair)
            groups.setdefault(e.corpus, []).append(pair)
        for name, pairs in groups.items():
            _, per = macro_f1([g for g, _ in pairs], [p for _, p in pairs], [1])
            key = "suggestion_f1" if name == "all" else f"prescription_f1_{name}"
            out[key] = per.get(1, (0, 0, 0, 0))[2]
            out[key.replace("_f1", "_n")] = len(pairs)
    return out


def source_reading(predict: Callable[[list[str]], list], examples: list[Example],
                   threshold: float = ROLE_THRESHOLD) -> float:  # fmt: skip
    """Share of sentences whose labelled source the role head reads as the source the way
    the coder does: mean SOURCE probability of its pieces at least ``threshold`` and at least
    the TARGET probability. Used on the held-out sentences that open with their source's
    name, and on their copies with a pronoun there (``model_data.pronoun_sources``)."""
    if not examples:
        return 0.0
    outputs = predict([e.text for e in examples])
    right = 0
    for e, o in zip(examples, outputs, strict=True):
        start, end, _ = next(r for r in e.roles or () if r[2] == "SOURCE")
        ps, pt = o.role_scores(start, end)
        right += int(ps >= threshold and ps >= pt)
    return right / len(examples)
