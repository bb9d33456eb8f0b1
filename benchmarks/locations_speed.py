"""Cost of the locations stage (place mentions and event locations) against the bare parse.

    python benchmarks/locations_speed.py                 # the Webis editorials (first 100)
    python benchmarks/locations_speed.py --limit 300     # all of them
    python benchmarks/locations_speed.py --speeches      # the UN speeches and the seeds

Budget: 5 % of the spaCy parse. The gazetteer is built once per process (reported as init).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from stage_cost import SHARED, measure, speeches_and_seeds

from flashpoint.document import Document

BUDGET = 0.05


def editorials(shared: Path = SHARED, limit: int | None = None) -> list[Document]:
    path = shared / "corpus" / "editorials" / "webis_editorials16.tsv"
    if not path.is_file():
        return []
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    docs = [Document(r["Article Text"]) for r in rows if (r.get("Article Text") or "").strip()]
    return docs[:limit] if limit else docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--limit", type=int, default=100, help="only the first N documents (0: all)")
    parser.add_argument("--speeches", action="store_true", help="UN speeches and seeds instead")
    args = parser.parse_args(argv)
    pick = speeches_and_seeds if args.speeches else editorials
    docs = pick(args.shared, args.limit or None)
    if not docs:
        print(f"locations_speed: no texts under {args.shared / 'corpus'}", file=sys.stderr)
        return 1
    cost = measure("locations", docs)
    places = sum(len(d.places) for d in cost.docs)
    located = sum(1 for d in cost.docs for e in d.events if e.location)
    events = sum(len(d.events) for d in cost.docs)
    print(f"{len(cost.docs)} documents, {sum(len(d.text) for d in cost.docs):,} characters, "
          f"{places:,} place mentions, {located:,} of {events:,} events located")  # fmt: skip
    print(f"spaCy parse   {cost.parse_s:8.2f} s")
    print(f"locations     {cost.stage_s:8.2f} s   (init {cost.init_s:.2f} s, once per process)")
    print(f"ratio         {cost.verdict(BUDGET)}")
    return 0 if cost.ratio <= BUDGET else 2


if __name__ == "__main__":
    sys.exit(main())
