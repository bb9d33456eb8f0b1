"""Cost of the actor stage against the bare spaCy parse of the same documents.

    python benchmarks/actors_speed.py [--limit N] [--shared ../shared]

Parses the 155 UN General Assembly speeches and the seed op-eds with spaCy (timed), then runs
only the actor stage on the parsed documents (timed) and prints the ratio. Budget: 15%.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stage_cost import SHARED, measure, speeches_and_seeds

BUDGET = 0.15


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--limit", type=int, help="only the first N documents")
    args = parser.parse_args(argv)
    docs = speeches_and_seeds(args.shared, args.limit)
    if not docs:
        print(f"actors_speed: no texts under {args.shared / 'corpus'}", file=sys.stderr)
        return 1
    cost = measure("actors", docs)
    chars = sum(len(d.text) for d in cost.docs)
    mentions = sum(len(d.mentions) for d in cost.docs)
    print(f"{len(cost.docs)} documents, {chars:,} characters, {mentions:,} mentions")
    print(f"spaCy parse   {cost.parse_s:8.2f} s")
    print(f"actor stage   {cost.stage_s:8.2f} s   (init {cost.init_s:.2f} s, once per process)")
    print(f"ratio         {cost.verdict(BUDGET)}")
    return 0 if cost.ratio <= BUDGET else 2


if __name__ == "__main__":
    sys.exit(main())
