"""Shared harness of the per-stage benchmarks: one stage's time against the bare spaCy parse.

The documents are parsed once by the nlp stage (timed: the bare parse), the stages before the
measured one fill their part untimed, then only the measured stage runs (timed). Stage start-up
(loading packs and models, once per process) is reported apart.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from flashpoint.config import Settings, load_settings
from flashpoint.document import Document
from flashpoint.pipeline import load_stage

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@dataclass
class StageCost:
    stage: object
    docs: list[Document]
    parse_s: float
    stage_s: float
    init_s: float

    @property
    def ratio(self) -> float:
        return self.stage_s / self.parse_s

    def verdict(self, budget: float) -> str:
        return f"{self.ratio:8.1%}   budget {budget:.0%}: {'ok' if self.ratio <= budget else 'OVER'}"


def speeches_and_seeds(shared: Path = SHARED, limit: int | None = None) -> list[Document]:
    """The UN speeches (country and year from the file name) and the seed op-eds (sidecar)."""
    corpus = shared / "corpus"
    docs = []
    for path in sorted((corpus / "un_general_debate").glob("*.txt")):
        country, _, year = path.stem.split("_")
        docs.append(Document(path.read_text(encoding="utf-8-sig"), outlet_country=country, published=year))
    sidecar = corpus / "seeds" / "seeds.jsonl"
    for line in sidecar.read_text(encoding="utf-8").splitlines() if sidecar.is_file() else []:
        meta = json.loads(line)
        text = (corpus / "seeds" / meta["file"]).read_text(encoding="utf-8")
        docs.append(Document(text, outlet_country=meta.get("outlet_country"), published=meta.get("published")))
    return docs[:limit] if limit else docs


def news_sentences(shared: Path = SHARED, limit: int | None = None) -> list[Document]:
    """Single-sentence documents: the CAMEO-coded news sentences (short items, as in event data sets)."""
    path = shared / "data" / "cameo_sentences" / "cameo_class_train.tsv"
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        text = line.rpartition("\t")[0].strip()
        if text:
            docs.append(Document(text))
    return docs[:limit] if limit else docs


def _run(stage, docs: list[Document], batch_size: int) -> list[Document]:
    """The stage over the documents in the pipeline's batches (its ``pipe`` when it has one)."""
    pipe = getattr(stage, "pipe", None)
    if pipe is None:
        return [stage(d) for d in docs]
    out: list[Document] = []
    for begin in range(0, len(docs), batch_size):
        out.extend(pipe(docs[begin : begin + batch_size]))
    return out


def measure(name: str, docs: list[Document], settings: Settings | None = None) -> StageCost:
    """Time stage ``name`` (actors, events, discourse) against the parse of ``docs``."""
    settings = settings or load_settings()
    order = list(settings.stages)
    nlp = load_stage("nlp", settings)
    before = [load_stage(n, settings) for n in order[1 : order.index(name)]]
    started = time.perf_counter()
    stage = load_stage(name, settings)
    init = time.perf_counter() - started
    stage(nlp(Document("Warm-up: Pakistan must revisit the Simla Agreement with India.")))

    started = time.perf_counter()
    docs = list(nlp.pipe(docs))
    parse = time.perf_counter() - started
    for other in before:
        docs = [other(d) for d in docs]
    started = time.perf_counter()
    docs = _run(stage, docs, settings.batch_size)
    return StageCost(stage, docs, parse, time.perf_counter() - started, init)


def main(stage: str, budget: float, counted: str, doc: str, argv: list[str] | None = None) -> int:
    """Command line of a per-stage benchmark over the UN speeches and the seeds."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument(
        "--sentences", action="store_true",
        help="single-sentence news items (the CAMEO sentences) instead of speeches and op-eds",
    )  # fmt: skip
    args = parser.parse_args(argv)
    pick = news_sentences if args.sentences else speeches_and_seeds
    docs = pick(args.shared, args.limit)
    if not docs:
        print(f"{stage}_speed: no texts under {args.shared / 'corpus'}", file=sys.stderr)
        return 1
    cost = measure(stage, docs)
    chars = sum(len(d.text) for d in cost.docs)
    items = sum(len(getattr(d, counted)) for d in cost.docs)
    print(f"{len(cost.docs)} documents, {chars:,} characters, {items:,} {counted}")
    print(f"spaCy parse   {cost.parse_s:8.2f} s")
    print(f"{stage:<13} {cost.stage_s:8.2f} s   (init {cost.init_s:.2f} s, once per process)")
    print(f"ratio         {cost.verdict(budget)}")
    return 0 if cost.ratio <= budget else 2
