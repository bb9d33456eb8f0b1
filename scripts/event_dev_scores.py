"""Dev scores of the event stage, per type and overall.

    .venv/bin/python scripts/event_dev_scores.py [--shared ../shared] [--only synthetic|cameo|petrarch|gold]

(a) synthetic: held-out split of the NGEC synthetic PLOVER stories (title templates never
    seen in training); each headline and lead sentence runs through nlp -> actors -> events,
    the type of the most confident event is compared with the story's label (no event = miss).
    Macro-F1 over the 16 types and P/R/F1 per type; the type model alone for comparison.
(b) cameo: CAMEO penta-class news sentences; QuadClass of the most confident event against the
    gold class (class 0 = no event expected). QuadClass macro-F1 and event detection P/R.
(p) petrarch: PETRARCH unit-test sentences, CAMEO root codes mapped to PLOVER
    (flashpoint.events.training.CAMEO_ROOT_PLOVER); never used in training. Macro-F1 over the
    types present, event stage and type model alone.
(c) gold: the hand-annotated records in gold/*.jsonl scored with flashpoint.evaluate (events).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from flashpoint.config import load_settings
from flashpoint.document import PLOVER_TYPES, Document
from flashpoint.evaluate.quadclass import QUADCLASS
from flashpoint.events.classifier import NONE, sentence_features
from flashpoint.events.pseudo_mentions import from_entities
from flashpoint.events.training import (
    cameo_sentences,
    is_dev,
    petrarch_sentences,
    synthetic_stories,
)
from flashpoint.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
CAMEO_QUAD = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def per_label(gold: list[str], pred: list[str], labels) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        out[label] = (*prf(tp, fp, fn), tp + fn)
    return out


def print_table(title: str, scores: dict, macro: float) -> None:
    print(f"\n{title}\n(macro-F1 over the types with gold examples)\n{'type':<22}{'P':>6}{'R':>6}{'F1':>6}{'n':>6}")
    for label, (p, r, f, n) in scores.items():
        print(f"{label:<22}{p:6.2f}{r:6.2f}{f:6.2f}{n:6d}")
    print(f"{'macro-F1':<22}{'':>12}{macro:6.3f}")


def analyse(pipeline: Pipeline, texts: list[str]) -> list[Document]:
    """nlp + actors + events over single sentences; NER stand-ins where the actor stage finds nobody."""
    nlp, actors, events = (pipeline.stages[i] for i in range(3))
    docs = list(nlp.pipe([Document(t) for t in texts]))
    out = []
    for doc in docs:
        actors(doc)
        if not doc.mentions:
            from_entities(doc)
        out.append(events(doc))
    return out


def top_type(doc: Document) -> str:
    return max(doc.events, key=lambda e: e.confidence).type if doc.events else NONE


def synthetic(shared: Path, pipeline: Pipeline) -> None:
    stories = [s for s in synthetic_stories(shared) if is_dev(s["template"])]
    coder = pipeline.stages[2].coder
    for field in ("headline", "lead"):
        docs = analyse(pipeline, [s[field] for s in stories])
        gold = [s["label"] for s in stories]
        pred = [top_type(d) for d in docs]
        scores = per_label(gold, pred, PLOVER_TYPES)
        present = [v[2] for v in scores.values() if v[3]]  # types with dev examples
        macro = sum(present) / len(present)
        print_table(f"(a) synthetic dev {field}s ({len(stories)} sentences): event stage", scores, macro)
        if coder.model is not None:
            alone = model_alone(pipeline, docs)
            m = [v[2] for v in per_label(gold, alone, PLOVER_TYPES).values() if v[3]]
            print(f"    type model alone (forced choice): macro-F1 {sum(m) / len(m):.3f}")


def model_alone(pipeline: Pipeline, docs: list[Document]) -> list[str]:
    """The type model's forced choice among the 16 types, per sentence."""
    model = pipeline.stages[2].coder.model
    out = []
    for d in docs:
        probs = model.proba(sentence_features(d.spacy_doc))
        out.append(max((t for t in probs if t != NONE), key=probs.get))
    return out


def petrarch(shared: Path, pipeline: Pipeline) -> None:
    rows = petrarch_sentences(shared)
    docs = analyse(pipeline, [t for t, _ in rows])
    gold = [label for _, label in rows]
    pred = [top_type(d) for d in docs]
    types = sorted({g for g in gold if g != NONE})
    scores = per_label(gold, pred, types)
    macro = sum(v[2] for v in scores.values()) / len(scores)
    print_table(f"(p) PETRARCH sentences ({len(rows)}, CAMEO roots mapped to PLOVER): event stage", scores, macro)
    if pipeline.stages[2].coder.model is not None:
        keep = [i for i, g in enumerate(gold) if g != NONE]
        alone = model_alone(pipeline, [docs[i] for i in keep])
        m = per_label([gold[i] for i in keep], alone, types)
        print(f"    type model alone (forced choice, event sentences): macro-F1 "
              f"{sum(v[2] for v in m.values()) / len(m):.3f}")  # fmt: skip


def cameo(shared: Path, pipeline: Pipeline) -> None:
    rows = cameo_sentences(shared)
    docs = analyse(pipeline, [t for t, _ in rows])
    gold = [CAMEO_QUAD.get(c, NONE) for _, c in rows]
    pred = [QUADCLASS.get(top_type(d), NONE) for d in docs]
    scores = per_label(gold, pred, list(CAMEO_QUAD.values()))
    macro = sum(v[2] for v in scores.values()) / len(scores)
    print_table(f"(b) CAMEO sentences ({len(rows)}): QuadClass of the top event", scores, macro)
    tp = sum(g != NONE and p != NONE for g, p in zip(gold, pred, strict=True))
    fp = sum(g == NONE and p != NONE for g, p in zip(gold, pred, strict=True))
    fn = sum(g != NONE and p == NONE for g, p in zip(gold, pred, strict=True))
    p, r, f = prf(tp, fp, fn)
    print(f"event detection: P {p:.2f} R {r:.2f} F1 {f:.2f}")
    print("note: PROTEST is verbal conflict in flashpoint's QuadClass, material conflict in CAMEO's")


def gold_files(pipeline: Pipeline, shared: Path) -> None:
    from flashpoint.evaluate import score
    from flashpoint.records import to_record

    sources = {
        "seeds.jsonl": (shared / "corpus/seeds", shared / "corpus/seeds/seeds.jsonl"),
        "sample.jsonl": (REPO / "samples/kashmir", REPO / "samples/kashmir/metadata.jsonl"),
        "un_speeches.jsonl": (shared / "corpus/un_general_debate", None),
    }
    for name, (folder, meta_path) in sources.items():
        gold_path = REPO / "gold" / name
        if not gold_path.is_file() or not folder.is_dir():
            continue
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        meta = {}
        if meta_path and meta_path.is_file():
            for line in meta_path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    meta[row["id"]] = row
        system = []
        for g in gold:
            row = meta.get(g["doc_id"], {})
            file = row.get("file") or g.get("file")
            if not file or not (folder / file).is_file():
                continue
            doc = Document((folder / file).read_text(encoding="utf-8-sig"), doc_id=g["doc_id"],
                           published=row.get("published") or g.get("published"),
                           outlet_country=row.get("outlet_country") or g.get("outlet_country"))  # fmt: skip
            system.append(to_record(pipeline(doc)))
        ev = score(gold, system)["events"]
        print(f"\n(c) gold/{name} ({len(system)} documents): events")
        print(f"  {'exact':<10} P {ev['precision']:.2f} R {ev['recall']:.2f} F1 {ev['f1']:.2f}")
        for key in ("dyad", "quadclass"):
            c = ev[key]
            print(f"  {key:<10} P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f}")
        print("  status (gold/system/matched): " + ", ".join(
            f"{k} {v['gold']}/{v['system']}/{v['matched']}" for k, v in ev["per_status"].items()))
        print("  per type F1: " + ", ".join(f"{t} {c['f1']:.2f}" for t, c in ev["per_type"].items()))


def main() -> None:
    ap = argparse.ArgumentParser(description="Dev scores of the event stage.")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--only", choices=["synthetic", "cameo", "petrarch", "gold"])
    args = ap.parse_args()
    if not args.shared.is_dir():
        sys.exit(f"error: {args.shared}: shared data folder not found")
    started = time.perf_counter()
    settings = load_settings()
    pipeline = Pipeline.from_settings(settings.with_overrides(stages=("nlp", "actors", "events")))
    if args.only in (None, "synthetic"):
        synthetic(args.shared, pipeline)
    if args.only in (None, "cameo"):
        cameo(args.shared, pipeline)
    if args.only in (None, "petrarch"):
        petrarch(args.shared, pipeline)
    if args.only in (None, "gold"):
        gold_files(pipeline, args.shared)
    print(f"\n({time.perf_counter() - started:.0f}s)")


if __name__ == "__main__":
    main()
