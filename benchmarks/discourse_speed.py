"""Cost of the discourse stage as a share of the bare spaCy parse of the same documents.

    python benchmarks/discourse_speed.py                  # seeds + 40 UN speeches + 60 editorials
    python benchmarks/discourse_speed.py --limit 10       # quick check
    python benchmarks/discourse_speed.py --json

The documents are parsed once (timed: the bare parse), the actor and event stages fill
mentions and events (not timed), then the discourse stage runs over them (timed), and
each of its components separately. Budget: discourse <= 20% of the parse time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BUDGET = 0.20


def corpus(limit: int) -> list[tuple[str, str | None, str | None]]:
    """(text, outlet_country, published) of seeds, UN speeches and editorials."""
    docs = []
    seeds = SHARED / "corpus" / "seeds"
    for meta_line in (seeds / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(meta_line)
        docs.append(
            (
                (seeds / meta["file"]).read_text(encoding="utf-8"),
                meta.get("outlet_country"),
                meta.get("published"),
            )
        )
    for path in sorted((SHARED / "corpus" / "un_general_debate").glob("*.txt"))[-limit:]:
        country, _, year = path.stem.split("_")
        docs.append((path.read_text(encoding="utf-8-sig"), country, year))
    csv.field_size_limit(10_000_000)
    with (SHARED / "corpus" / "editorials" / "webis_editorials16.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows[: int(limit * 1.5)]:
        docs.append(
            (row.get("Article Text") or "", None, (row.get("Last Update") or "")[:10] or None)
        )
    return [d for d in docs if d[0].strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="UN speeches (editorials: 1.5x)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED}: not found")

    from stage_cost import measure

    from flashpoint.document import Document

    raw = corpus(args.limit)
    cost = measure("discourse", [Document(t, outlet_country=c, published=p) for t, c, p in raw])
    stage, docs, parse, total = cost.stage, cost.docs, cost.parse_s, cost.stage_s
    parts = {"recommendations": 0.0, "references": 0.0, "frames": 0.0, "stances": 0.0}
    for doc in docs:
        t0 = time.perf_counter()
        stage.recommendations(doc)
        t1 = time.perf_counter()
        stage.references(doc)
        t2 = time.perf_counter()
        stage.frames(doc)
        t3 = time.perf_counter()
        stage.stances(doc)
        t4 = time.perf_counter()
        for key, dt in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            parts[key] += dt

    words = sum(len(d.text.split()) for d in docs)
    result = {
        "documents": len(docs),
        "words": words,
        "parse_s": round(parse, 3),
        "discourse_s": round(total, 3),
        "ratio": round(total / parse, 4),
        "budget": BUDGET,
        "within_budget": total / parse <= BUDGET,
        "components_ratio": {k: round(v / parse, 4) for k, v in parts.items()},
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{len(docs)} documents, {words} words")
        print(f"bare parse   {parse:8.2f} s")
        print(
            f"discourse    {total:8.2f} s  = {total / parse:.1%} of the parse (budget {BUDGET:.0%})"
        )
        for key, value in result["components_ratio"].items():
            print(f"  {key:<15} {value:.1%}")
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
