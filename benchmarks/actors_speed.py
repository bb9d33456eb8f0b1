"""Cost of the actor stage against the bare spaCy parse of the same documents.

    python benchmarks/actors_speed.py [--limit N] [--shared ../shared]

Parses the 155 UN General Assembly speeches and the seed op-eds with spaCy (timed), then runs
only the actor stage on the parsed documents (timed) and prints the ratio. Budget: 15%.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from flashpoint.actors import ActorStage
from flashpoint.config import load_settings
from flashpoint.document import Document
from flashpoint.nlp import NlpStage

BUDGET = 0.15
REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus"
    files = sorted((corpus / "un_general_debate").glob("*.txt")) + sorted(
        (corpus / "seeds").glob("*.txt")
    )
    if not files:
        print(f"actors_speed: no texts under {corpus}", file=sys.stderr)
        return 1
    files = files[: args.limit] if args.limit else files
    docs = [
        Document(
            f.read_text(encoding="utf-8-sig"),
            outlet_country=f.name[:3] if f.name[:3].isupper() else "PAK",
        )
        for f in files
    ]
    settings = load_settings()
    nlp = NlpStage(settings)
    started = time.perf_counter()
    actors = ActorStage(settings)
    init = time.perf_counter() - started

    started = time.perf_counter()
    docs = list(nlp.pipe(docs))
    parse = time.perf_counter() - started

    started = time.perf_counter()
    for doc in docs:
        actors(doc)
    stage = time.perf_counter() - started

    chars = sum(len(d.text) for d in docs)
    mentions = sum(len(d.mentions) for d in docs)
    ratio = stage / parse
    print(f"{len(docs)} documents, {chars:,} characters, {mentions:,} mentions")
    print(f"spaCy parse   {parse:8.2f} s")
    print(f"actor stage   {stage:8.2f} s   (init {init:.2f} s, once per process)")
    print(
        f"ratio         {ratio:8.1%}   budget {BUDGET:.0%}: {'ok' if ratio <= BUDGET else 'OVER'}"
    )
    return 0 if ratio <= BUDGET else 2


if __name__ == "__main__":
    sys.exit(main())
