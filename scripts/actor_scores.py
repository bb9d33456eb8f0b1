"""Actor scores on the development gold: only the nlp and actor stages, per gold set and id.

    python scripts/actor_scores.py              # table per gold set, errors per document
    python scripts/actor_scores.py --json       # machine-readable
    python scripts/actor_scores.py --only seeds --details

Texts are read by the ingest (sidecars, file-name metadata for the UN speeches), as
``flashpoint analyze`` reads them; the scorer is the one of ``flashpoint evaluate``
(set of actor ids per document, ``optional_actors`` neither hit nor miss, micro-averaged).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from flashpoint.actors import ActorStage
from flashpoint.config import load_settings
from flashpoint.evaluate import load_records
from flashpoint.evaluate.sets import actor_sets, score_sets
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import Problem
from flashpoint.ingest.sources import iter_documents
from flashpoint.nlp import NlpStage

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
UN_NAMES = r"(?P<outlet_country>[A-Z]{3})_\d+_(?P<published>\d{4})\.txt$"
SETS = {
    "seeds": (REPO / "gold" / "seeds.jsonl", lambda gold: [SHARED / "corpus" / "seeds"], None),
    "sample": (REPO / "gold" / "sample.jsonl", lambda gold: [REPO / "samples" / "kashmir"], None),
    "un_speeches": (
        REPO / "gold" / "un_speeches.jsonl",
        lambda gold: [SHARED / "corpus" / "un_general_debate" / r["file"] for r in gold],
        UN_NAMES,
    ),
}


def score_set(name: str, nlp: NlpStage, actors: ActorStage) -> dict:
    gold_path, inputs_of, pattern = SETS[name]
    gold = {r["doc_id"]: r for r in load_records(gold_path)}
    inputs = inputs_of(list(gold.values()))
    if any(not p.exists() for p in inputs):
        return {"skipped": f"{name}: texts are absent"}
    options = IngestOptions(name_pattern=IngestOptions.compile_pattern(pattern))
    docs = [
        d for d in iter_documents([str(p) for p in inputs], options) if not isinstance(d, Problem)
    ]
    docs = [d for d in docs if d.doc_id in gold]
    total, per_id, details = Counter(), {}, []
    for doc in actors.pipe(nlp.pipe(docs)):
        ids, optional = actor_sets(gold[doc.doc_id])
        system = set(doc.actor_counts())
        counts = score_sets(ids, optional, system)
        total.update(tp=counts.tp, fp=counts.fp, fn=counts.fn)
        for aid in ids - optional:
            per_id.setdefault(aid, Counter())["tp" if aid in system else "fn"] += 1
        for aid in system - ids - optional:
            per_id.setdefault(aid, Counter())["fp"] += 1
        missed, extra = sorted(ids - optional - system), sorted(system - ids - optional)
        if missed or extra:
            details.append({"doc_id": doc.doc_id, "missed": missed, "spurious": extra})
    return {
        **prf(total),
        "documents": len(docs),
        "per_id": {k: prf(v) for k, v in sorted(per_id.items())},
        "errors": details,
    }


def prf(c: Counter) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", help="comma-separated gold sets (seeds,sample,un_speeches)")
    parser.add_argument("--details", action="store_true", help="print the per-id scores too")
    args = parser.parse_args(argv)
    settings = load_settings()
    nlp, actors = NlpStage(settings), ActorStage(settings)
    results = {}
    for name in args.only.split(",") if args.only else SETS:
        started = time.perf_counter()
        results[name] = score_set(name, nlp, actors)
        results[name]["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, res in results.items():
        if "skipped" in res:
            print(f"{name}: skipped ({res['skipped']})")
            continue
        print(
            f"{name}: P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}  "
            f"(tp {res['tp']}, fp {res['fp']}, fn {res['fn']}; {res['documents']} documents)"
        )
        for err in res["errors"]:
            print(f"  {err['doc_id']}: missed {err['missed']} spurious {err['spurious']}")
        if args.details:
            for aid, s in res["per_id"].items():
                print(
                    f"    {aid:16} P {s['precision']:.2f} R {s['recall']:.2f} (tp {s['tp']} fp {s['fp']} fn {s['fn']})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
