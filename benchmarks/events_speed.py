"""Cost of the event stage against the bare spaCy parse of the same documents.

    python benchmarks/events_speed.py [--limit N] [--shared ../shared]

Parses the 155 UN General Assembly speeches and the seed op-eds with spaCy (timed), runs the
actor stage (untimed), then times only the event stage and prints the ratio. Budget: 30%.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from flashpoint.actors import ActorStage
from flashpoint.config import load_settings
from flashpoint.document import Document
from flashpoint.events import EventStage
from flashpoint.nlp import NlpStage

BUDGET = 0.30
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
        print(f"events_speed: no texts under {corpus}", file=sys.stderr)
        return 1
    files = files[: args.limit] if args.limit else files
    docs = [
        Document(f.read_text(encoding="utf-8-sig"), published=_year(f.name),
                 outlet_country=f.name[:3] if f.name[:3].isupper() else "PAK")
        for f in files
    ]  # fmt: skip
    settings = load_settings()
    nlp, actors = NlpStage(settings), ActorStage(settings)
    started = time.perf_counter()
    events = EventStage(settings)
    init = time.perf_counter() - started

    started = time.perf_counter()
    docs = list(nlp.pipe(docs))
    parse = time.perf_counter() - started
    for doc in docs:
        actors(doc)

    started = time.perf_counter()
    for doc in docs:
        events(doc)
    stage = time.perf_counter() - started

    chars = sum(len(d.text) for d in docs)
    n_events = sum(len(d.events) for d in docs)
    ratio = stage / parse
    print(f"{len(docs)} documents, {chars:,} characters, {n_events:,} events")
    print(f"spaCy parse   {parse:8.2f} s")
    print(f"event stage   {stage:8.2f} s   (init {init:.2f} s, once per process)")
    print(
        f"ratio         {ratio:8.1%}   budget {BUDGET:.0%}: {'ok' if ratio <= BUDGET else 'OVER'}"
    )
    return 0 if ratio <= BUDGET else 2


def _year(name: str) -> str | None:
    """UN speech files end in the year: IND_71_2016.txt."""
    stem = Path(name).stem
    return stem[-4:] if stem[-4:].isdigit() else None


if __name__ == "__main__":
    sys.exit(main())
