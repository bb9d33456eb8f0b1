"""Measure the near-duplicate threshold (flashpoint.ingest.dedupe) on pairs built here.

Positive pairs are one story and a lightly edited copy of it, as outlets reprint wire copy:
a changed headline, an added byline or dateline, appended boilerplate, one sentence dropped,
a few words changed, the last paragraph cut, and all of these at once. Negative pairs are two
different stories on the same conflict (every pair of the sample texts), and harder ones: a
follow-up story that reuses a background paragraph of another. Texts: samples/kashmir.

A pair is folded when LSH offers the first text as a candidate for the second and their
estimated Jaccard similarity is at least the threshold, exactly as ``fold_stories`` decides.

    python benchmarks/near_duplicates.py                 # the table for several thresholds
"""

from __future__ import annotations

import argparse
import random
import re
from itertools import combinations
from pathlib import Path

from flashpoint.ingest.dedupe import THRESHOLD, StoryIndex, exact_jaccard, signature

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "kashmir"
HEADLINES = ["Talks stall as both sides trade blame", "Officials meet amid renewed tension",
             "What the latest move means for the region", "Neighbours exchange sharp words"]
BYLINES = ["By Staff Reporter", "By our correspondent | Agencies", "Reuters", "AFP",
           "By News Desk"]  # fmt: skip
DATELINES = ["SRINAGAR (AFP) -", "ISLAMABAD (Reuters) -", "NEW DELHI, (PTI) -", "MUZAFFARABAD:"]
BOILERPLATE = [
    "Follow us on X and Facebook for the latest updates.",
    "Copyright 2025 The Daily Example. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "Read more: Full coverage of the region's politics and security.",
    "(Reporting by staff in the capital; Editing by the news desk)",
    "Subscribe to our newsletter to get the day's top stories in your inbox every morning.",
]
SWAPS = {"said": "stated", "on Thursday": "on Thursday evening", "officials": "authorities",
         "government": "administration", "talks": "negotiations", "told": "informed"}  # fmt: skip


def load_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("0*.txt"))}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def headline(text: str, rng: random.Random) -> str:
    return f"{rng.choice(HEADLINES)}\n\n{text}"


def byline(text: str, rng: random.Random) -> str:
    return f"{rng.choice(BYLINES)}\n\n{rng.choice(DATELINES)} {text}"


def boilerplate(text: str, rng: random.Random) -> str:
    return text + "\n\n" + "\n\n".join(rng.sample(BOILERPLATE, 3))


def drop_sentence(text: str, rng: random.Random) -> str:
    parts = sentences(text)
    if len(parts) > 2:
        del parts[rng.randrange(1, len(parts))]
    return " ".join(parts)


def swap_words(text: str, rng: random.Random) -> str:
    for old in rng.sample(sorted(SWAPS), 3):
        text = text.replace(old, SWAPS[old], 1)
    return text


def cut_last_paragraph(text: str, rng: random.Random) -> str:
    paragraphs = text.strip().split("\n\n")
    return "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else text


def everything(text: str, rng: random.Random) -> str:
    for edit in (drop_sentence, swap_words, boilerplate, byline, headline):
        text = edit(text, rng)
    return text


EDITS = {f.__name__: f for f in (headline, byline, boilerplate, drop_sentence, swap_words,
                                 cut_last_paragraph, everything)}  # fmt: skip


def pairs(texts: dict[str, str], seed: int) -> list[tuple[str, str, str, bool]]:
    """(kind, a, b, same story) for every positive and negative pair."""
    rng = random.Random(seed)
    out = [(name, t, EDITS[name](t, rng), True) for t in texts.values() for name in EDITS]
    out += [("different story", a, b, False) for a, b in combinations(texts.values(), 2)]
    keys = list(texts)
    for i, key in enumerate(keys):  # follow-ups reusing background paragraphs of a story
        other = texts[keys[(i + 1) % len(keys)]].strip().split("\n\n")
        mine = texts[key].strip().split("\n\n")
        for n in (1, 2):
            follow_up = "\n\n".join(other[:2] + mine[-n:])
            out.append((f"{n} paragraph(s) reused", texts[key], follow_up, False))
    return out


def decisions(built: list[tuple[str, str, str, bool]], threshold: float) -> list[bool]:
    """Whether each pair is folded: the first text indexed, the second looked up. One index
    holds every first text; a pair counts only its own first text as a match."""
    index = StoryIndex(threshold)
    for i, (_, a, _, _) in enumerate(built):
        index.add(str(i), str(i), signature(a))
    out = []
    for i, (_, _, b, _) in enumerate(built):
        sig = signature(b)
        found = sig is not None and str(i) in index.lsh.query(sig)
        out.append(found and sig.jaccard(index.signatures[str(i)]) >= threshold)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    built = pairs(load_texts(), args.seed)
    kinds = sorted({k for k, *_ in built}, key=lambda k: (k == "different story" or "reused" in k, k))
    print(f"{len(built)} pairs: {sum(p[3] for p in built)} positive, {sum(not p[3] for p in built)} negative")
    print("\nexact Jaccard of 5-word shingles per kind: min / median / max")
    for kind in kinds:
        values = sorted(exact_jaccard(a, b) for k, a, b, _ in built if k == kind)
        print(f"  {kind:22} {values[0]:.2f} / {values[len(values) // 2]:.2f} / {values[-1]:.2f}")
    print("\n| threshold | precision | recall | F1 | false positives | missed |")
    print("|---:|---:|---:|---:|---:|---:|")
    for threshold in (float(t) for t in args.thresholds.split(",")):
        tp = fp = fn = 0
        for (_, _, _, same), hit in zip(built, decisions(built, threshold), strict=True):
            tp += hit and same
            fp += hit and not same
            fn += same and not hit
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        mark = " (default)" if threshold == THRESHOLD else ""
        print(f"| {threshold:.2f}{mark} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {fp} | {fn} |")


if __name__ == "__main__":
    main()
