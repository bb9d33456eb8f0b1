"""Held-out scores of the shipped event model (int8 ONNX), without PyTorch.

    python scripts/event_model_scores.py          # tables
    python scripts/event_model_scores.py --json   # machine-readable

Reads the fixed held-out split (20 %, by text hash) of the PLOVER and CAMEO news sentences,
of our labelled speech, editorial and incident sentences, and of the suggestion and
prescription sentences (all in ../shared, or offsets into it), and scores the model the
package ships: PLOVER root macro-F1, type + source + target, five-class CAMEO macro-F1,
suggestion F1, event detection in our genres and the type head's reliability table. Two more
yardsticks for the type head in our genres: the genre files the model was never trained on, and
the held-out fifth of every genre file (the same sentences for models trained on other files).
"""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.table import Table

from flashpoint.events import model_data as md
from flashpoint.events.model import EventModelUnavailable, load_event_model
from flashpoint.events.model_eval import genre_scores, held_out_scores, source_reading


def by_genre(tag: str, examples, labels) -> dict:
    """Type-head scores over all the examples and per genre, keyed ``{tag}[_genre]_{measure}``."""
    out = {}
    for corpus in (None, "genre-un", "genre-webis", "genre-satp"):
        rows = [(e.type, p) for e, p in zip(examples, labels, strict=True) if corpus in (None, e.corpus)]
        if rows:
            key = tag + (f"_{corpus.split('-')[1]}" if corpus else "")
            scores = genre_scores([g for g, _ in rows], [p for _, p in rows])
            out.update({f"{key}_{k}": v for k, v in scores.items()})
    return out


def unseen_genre_scores(model) -> dict:
    """The type head on every labelled genre file the model was not trained on (its manifest
    lists those it was; a model without the list was trained on ``GENRE_FILES``): whole files,
    so more sentences than the held-out fifth of the others."""
    trained = list(model.manifest.get("genre_files", md.GENRE_FILES))
    examples = md.unseen_genre_examples(trained)
    if not examples:
        return {}
    labels = [o.type_label() for o in model.predict([e.text for e in examples])]
    return {"unseen_genre_files": md.unseen_genre_files(trained), **by_genre("unseen_genre", examples, labels)}


def every_genre_held_scores(model) -> dict:
    """The type head on the held-out fifth of every labelled genre file, trained on or not: the
    same sentences for any model, whichever files it was trained on (none of them trains on these)."""
    _, held = md.split(md.annotated_events(files=md.labelled_genre_files()))
    held = [e for e in held if e.corpus.startswith("genre")]
    labels = [o.type_label() for o in model.predict([e.text for e in held])]
    return by_genre("every_genre_held", held, labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--model-dir", help="a folder with another event model to score")
    args = parser.parse_args(argv)
    if not md.DATA.is_dir():
        print(f"{md.DATA}: held-out data not found (../shared is needed)", file=sys.stderr)
        return 1
    _, held = md.split(md.real_sentences() + md.annotated_events())
    prescriptions = md.suggestions() + md.annotated_prescriptions()
    p_held = [e for e in prescriptions if md.is_held_out(e.text)]
    try:
        model = load_event_model(args.model_dir)
    except EventModelUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    predict = model.predict
    scores = held_out_scores(predict, held, p_held)
    pairs = [(e, c) for e, c in md.pronoun_pairs(held, share=1.0) if e.corpus.startswith("plover")]
    scores["source_read_named_opening"] = source_reading(predict, [e for e, _ in pairs])
    scores["source_read_pronoun_opening"] = source_reading(predict, [c for _, c in pairs])
    scores["source_read_n"] = len(pairs)
    scores.update(unseen_genre_scores(model))
    scores.update(every_genre_held_scores(model))
    if args.json:
        print(json.dumps(scores, indent=2))
        return 0
    console = Console()
    table = Table(title="event model, held-out split")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("sentences", justify="right")
    rows = [("PLOVER root macro-F1 (plv_train)", "plover_root_macro_f1", "plover_n"),
            ("type + source + target right (plv_train)", "plover_type_source_target", "plover_n"),
            ("CAMEO five-class macro-F1", "cameo_five_class_macro_f1", "cameo_n"),
            ("suggestion / prescription F1 (all)", "suggestion_f1", "suggestion_n"),
            ("  SemEval suggestions", "prescription_f1_suggestions", "prescription_n_suggestions"),
            ("  our speech sentences", "prescription_f1_prescriptions-un", "prescription_n_prescriptions-un"),
            ("  our editorial sentences", "prescription_f1_prescriptions-webis", "prescription_n_prescriptions-webis"),
            ("type macro-F1, our genres (with NONE)", "genre_type_macro_f1", "genre_n"),
            ("event detection F1, our genres", "genre_event_detection_f1", "genre_n"),
            ("typed event F1, our genres", "genre_typed_event_f1", "genre_n"),
            ("type macro-F1, genre files never trained on", "unseen_genre_type_macro_f1", "unseen_genre_n"),
            ("  type accuracy", "unseen_genre_type_accuracy", "unseen_genre_n"),
            ("  event detection F1", "unseen_genre_event_detection_f1", "unseen_genre_n"),
            ("  typed event F1", "unseen_genre_typed_event_f1", "unseen_genre_n"),
            ("    speeches", "unseen_genre_un_typed_event_f1", "unseen_genre_un_n"),
            ("    editorials", "unseen_genre_webis_typed_event_f1", "unseen_genre_webis_n"),
            ("    incident reports", "unseen_genre_satp_typed_event_f1", "unseen_genre_satp_n"),
            ("typed event F1, held-out fifth of every genre file", "every_genre_held_typed_event_f1", "every_genre_held_n"),
            ("    speeches", "every_genre_held_un_typed_event_f1", "every_genre_held_un_n"),
            ("    editorials", "every_genre_held_webis_typed_event_f1", "every_genre_held_webis_n"),
            ("    incident reports", "every_genre_held_satp_typed_event_f1", "every_genre_held_satp_n"),
            ("type ECE (10 bins)", "type_ece", None),
            ("source read, news sentences opening with its name", "source_read_named_opening", "source_read_n"),
            ("  the same with a pronoun there", "source_read_pronoun_opening", "source_read_n")]  # fmt: skip
    for label, key, n in rows:
        if key in scores:
            table.add_row(label, f"{scores[key]:.3f}", str(scores.get(n, "")) if n else "")
    console.print(table)
    per = Table(title="PLOVER root F1 per type (plv_train held-out)")
    per.add_column("type")
    per.add_column("F1", justify="right")
    for k, v in scores["plover_root_per_type"].items():
        per.add_row(k, f"{v:.2f}")
    console.print(per)
    rel = Table(title="reliability of the type confidence (held-out)")
    for col in ("bin", "n", "mean confidence", "accuracy"):
        rel.add_column(col, justify="right")
    for row in scores["type_reliability"]:
        rel.add_row(row["bin"], str(row["n"]), f"{row['mean_confidence']:.2f}", f"{row['accuracy']:.2f}")
    console.print(rel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
