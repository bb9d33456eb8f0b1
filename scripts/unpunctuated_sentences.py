"""Sentence boundaries in text stripped of its punctuation, with and without the nlp stage's
`unpunctuated_breaks` component.

    python scripts/unpunctuated_sentences.py [--skip 150] [--docs 300] [--json]

About a fifth of the incident summaries in ../shared/corpus/satp come with every comma and
full stop removed, and the parser then reads each of them as one sentence of hundreds of
words. This script takes the summaries that do keep their punctuation (none of the gold
sets' lines), splits them into sentences with a plain full-stop splitter, strips the
punctuation the way the corpus does (hyphens and slashes become spaces, every other mark
goes) and scores the sentence starts that the pipeline's spaCy model finds in what is left.
The opener list was written from the first 150 such summaries; the default skips them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from satp_scores import REPO, SOURCE, texts  # scripts/satp_scores.py: the summaries, normalised

from flashpoint.config import load_settings
from flashpoint.nlp import load_model

GOLD_SETS = ("check_satp.jsonl", "check_satp_2.jsonl")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]*\s+(?=[A-Z0-9\"])")
COMPONENT = "unpunctuated_breaks"


def punctuated_summaries(skip: int, limit: int) -> list[str]:
    gold = {json.loads(line)["line"] for name in GOLD_SETS
            for line in (REPO / "gold" / name).read_text(encoding="utf-8").splitlines() if line.strip()}  # fmt: skip
    found = [text for number, text in enumerate(texts()) if number not in gold and text.count(". ") >= 2]
    return found[skip : skip + limit]


def stripped_words(sentence: str) -> list[str]:
    return re.sub(r"[^\w\s]", "", re.sub(r"[-–—/]", " ", sentence)).split()


def score(nlp, texts: list[str]) -> dict[str, float]:
    tp = fp = fn = 0
    for text in texts:
        words: list[str] = []
        truth: set[int] = set()
        for sentence in SENTENCE_END.split(text):
            if piece := stripped_words(sentence):
                truth.add(len(words))
                words += piece
        offsets, at = {}, 0
        for i, word in enumerate(words):
            offsets[at] = i
            at += len(word) + 1
        found = {offsets[s.start_char] for s in nlp(" ".join(words)).sents if s.start_char in offsets}
        truth.discard(0)
        found.discard(0)
        tp, fp, fn = tp + len(truth & found), fp + len(found - truth), fn + len(truth - found)
    return {"precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / max(1, tp + fn), 3),
            "sentence_starts": tp + fn}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip", type=int, default=150, help="leave out the first N summaries")
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not SOURCE.is_file():
        print(f"{SOURCE}: not found (the shared corpus is needed)", file=sys.stderr)
        return 1
    texts = punctuated_summaries(args.skip, args.docs)
    nlp = load_model(load_settings(None).spacy_model)
    with nlp.select_pipes(disable=[COMPONENT]):
        parser_only = score(nlp, texts)
    result = {"documents": len(texts), "parser_only": parser_only, "with_component": score(nlp, texts)}
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for name in ("parser_only", "with_component"):
            r = result[name]
            print(f"{name:15} precision {r['precision']:.2f}  recall {r['recall']:.2f}  "
                  f"({r['sentence_starts']} sentence starts, {len(texts)} summaries)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
