"""Measure the near-duplicate threshold (flashpoint.ingest.dedupe) on pairs built here.

Positive pairs are one story and a lightly edited copy of it, as outlets reprint wire copy:
a changed headline, an added byline or dateline, appended boilerplate, one sentence dropped,
a few words changed, the last paragraph cut, and all of these at once. Negative pairs are two
different stories on the same conflict (every pair of the sample texts), and harder ones: a
follow-up story that reuses a background paragraph of another. Texts: samples/kashmir.

A pair is folded when LSH offers the first text as a candidate for the second and their
similarity reaches the threshold, exactly as ``fold_stories`` decides.

    python benchmarks/near_duplicates.py                 # the table for several thresholds

``--methods`` compares ways of measuring similarity (word or character shingles, Jaccard or
the larger of Jaccard and containment, exact or MinHash-estimated). Each gets its threshold
from the pair set alone: the midpoint between the most similar negative and the least
similar positive pair when they separate, else the best F1. The method with the widest such
margin is the default; margins within 0.01 count as a tie, won by the method with fewer
shingles per document (less memory and work in the exact check). Each is then run on the
story set below as well, which plays no part in the choice.

    python benchmarks/near_duplicates.py --methods

``--stories`` measures the folding itself on a story set: 100 distinct stories (the 41
samples/kashmir texts and 59 editorials of the Webis corpus in ../shared/corpus/editorials,
cut to their first paragraphs, about 250 words) and 40 planted near-duplicates of 40 of
them: the lead paragraph reworded, a new headline, byline and dateline, and in turn nothing
else, a sentence dropped, boilerplate added, or both. All 140 go into a fresh store and
``fold_stories`` folds them with the default method; precision and recall are over the
pairs of documents put in one story, against the 40 planted pairs.

    python benchmarks/near_duplicates.py --stories
"""

from __future__ import annotations

import argparse
import csv
import html as html_lib
import random
import re
import tempfile
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from flashpoint.ingest.dedupe import DEFAULT, Method, StoryIndex, exact_jaccard, hashed, signature

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "kashmir"
EDITORIALS = REPO.parent / "shared" / "corpus" / "editorials" / "webis_editorials16.tsv"
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


Pairs = list[tuple[str, str, str, bool]]
WORD5 = Method(size=5)  # picks the distinct stories of the story set, whatever the default


def decisions(built: Pairs, method: Method) -> list[bool]:
    """Whether each pair is folded: the first text indexed, the second looked up. One index
    holds every first text; a pair counts only its own first text as a match."""
    index = StoryIndex(method)
    for i, (_, a, _, _) in enumerate(built):
        index.add(str(i), str(i), signature(a, method), hashed(method.shingles(a)))
    out = []
    for i, (_, _, b, _) in enumerate(built):
        sig, found = signature(b, method), method.shingles(b)
        if sig is None or str(i) not in index.lsh.query(sig):
            out.append(False)
        elif method.exact:
            out.append(method.similarity(hashed(found), index.cached[str(i)]) >= method.threshold)
        else:
            out.append(sig.jaccard(index.signatures[str(i)]) >= method.threshold)
    return out


def scores(built: Pairs, hits: list[bool]) -> tuple[float, float, int, int]:
    """Precision, recall, false positives and misses of the decisions on the pairs."""
    tp = sum(h and same for (*_, same), h in zip(built, hits, strict=True))
    fp = sum(h and not same for (*_, same), h in zip(built, hits, strict=True))
    fn = sum(same for *_, same in built) - tp
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), fp, fn


def tuned(built: Pairs, method: Method) -> tuple[Method, float]:
    """``method`` with its threshold from the pairs, and the margin between positives and
    negatives there (negative when they overlap)."""
    sims = [(method.compare(a, b), same) for _, a, b, same in built]
    low_pos = min(s for s, same in sims if same)
    high_neg = max(s for s, same in sims if not same)
    if high_neg < low_pos:
        threshold = round((high_neg + low_pos) / 2, 2)
    else:
        threshold = max((t / 100 for t in range(5, 96)), key=lambda t: f1(sims, t))
    return replace(method, threshold=threshold), low_pos - high_neg


def f1(sims: list[tuple[float, bool]], threshold: float) -> float:
    tp = sum(s >= threshold and same for s, same in sims)
    fp = sum(s >= threshold and not same for s, same in sims)
    fn = sum(same for _, same in sims) - tp
    return 2 * tp / max(2 * tp + fp + fn, 1)


# -- the story set (--stories) ------------------------------------------------------------

N_STORIES, N_PLANTED, STORY_WORDS = 100, 40, 250
SYNONYMS = {"said": "told reporters", "on": "on", "announced": "declared", "after": "following",
            "government": "administration", "officials": "authorities", "killed": "left dead",
            "attack": "assault", "would": "will", "that": "", "the": "", "has": "had",
            "its": "their", "people": "civilians", "meeting": "talks", "week": "days",
            "decision": "move", "called": "urged", "against": "versus", "also": "further",
            "is": "remains", "was": "had been", "are": "were", "of": "from", "in": "inside",
            "and": "as well as", "with": "alongside", "to": "towards", "for": "on behalf of"}  # fmt: skip
LEADS = ["In a development that drew wide attention,", "Reports emerging late in the day said",
         "According to people familiar with the matter,", "In the latest turn of events,"]  # fmt: skip
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,[^—\n]{0,20})?\s+[—-]\s+")


def reword(sentence: str, rng: random.Random) -> str:
    """A reworded sentence: a new opening, words swapped, the clauses after the first comma
    moved to the front; nearly every 5-word shingle of it changes."""
    head, sep, tail = sentence.rstrip(".").partition(", ")
    if sep and len(tail.split()) > 3:
        sentence = f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}."
    words = [SYNONYMS.get(w.lower(), w) if rng.random() < 0.8 else w for w in sentence.split()]
    return f"{rng.choice(LEADS)} {' '.join(w for w in words if w)}"


def reword_lead(text: str, rng: random.Random) -> str:
    """The first paragraph reworded sentence by sentence (its dateline dropped)."""
    first, sep, rest = text.strip().partition("\n\n")
    first = _DATELINE.sub("", first)
    return " ".join(reword(s, rng) for s in sentences(first)) + sep + rest


def plant(text: str, n: int, rng: random.Random) -> str:
    """A near-duplicate as another outlet runs it: reworded lead, new headline, byline and
    dateline; n % 4 adds nothing, a dropped sentence, boilerplate, or both."""
    copy = reword_lead(text, rng)
    if n % 4 in (1, 3):
        lead, sep, rest = copy.partition("\n\n")
        copy = lead + sep + drop_sentence(rest, rng) if rest else drop_sentence(copy, rng)
    if n % 4 in (2, 3):
        copy = boilerplate(copy, rng)
    return f"{rng.choice(HEADLINES)}\n\n{rng.choice(BYLINES)}\n\n{rng.choice(DATELINES)} {copy}"


def editorial_texts(limit: int) -> list[str]:
    """Webis editorials cut to their first paragraphs (about STORY_WORDS words)."""
    csv.field_size_limit(1 << 30)
    with EDITORIALS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    out = []
    for row in rows:
        paragraphs = [p.strip() for p in html_lib.unescape(row["Article Text"]).split("\n")
                      if len(p.split()) >= 15]  # fmt: skip
        kept: list[str] = []
        while paragraphs and sum(len(p.split()) for p in kept) < STORY_WORDS:
            kept.append(paragraphs.pop(0))
        if len(kept) >= 3:
            out.append("\n\n".join(kept))
    return out[: limit * 2]


def distinct_stories(seed: int) -> list[str]:
    """N_STORIES texts, no two of them sharing 20% of their shingles (truly other stories)."""
    if not EDITORIALS.is_file():
        raise SystemExit(f"{EDITORIALS}: not found (the story set needs the editorials corpus)")
    candidates = list(load_texts().values()) + editorial_texts(N_STORIES)
    chosen: list[str] = []
    for text in candidates:
        if all(exact_jaccard(text, other, WORD5) < 0.2 for other in chosen):
            chosen.append(text)
        if len(chosen) == N_STORIES:
            return chosen
    raise SystemExit(f"only {len(chosen)} distinct stories")


PLANTED_KINDS = ("lead", "lead + sentence dropped", "lead + boilerplate", "lead + both")


def story_set(seed: int) -> tuple[list[tuple[str, str]], dict[frozenset[str], str]]:
    """(doc id, text) of the 140 documents and the planted pairs with their kind of copy."""
    rng = random.Random(seed)
    stories = distinct_stories(seed)
    docs = [(f"s{i:03d}", text) for i, text in enumerate(stories)]
    planted = {}
    for n, i in enumerate(sorted(rng.sample(range(N_STORIES), N_PLANTED))):
        docs.append((f"s{i:03d}-copy", plant(stories[i], n, rng)))
        planted[frozenset((f"s{i:03d}", f"s{i:03d}-copy"))] = PLANTED_KINDS[n % 4]
    return docs, planted


def folded_pairs(docs: list[tuple[str, str]], method: Method = DEFAULT) -> set[frozenset[str]]:
    """Pairs of documents that ``fold_stories`` puts in one story, in a fresh store."""
    from flashpoint.document import Document
    from flashpoint.ingest.dedupe import fold_stories
    from flashpoint.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.duckdb") as store:
        day = {doc_id: "2024-03-06" if doc_id.endswith("-copy") else "2024-03-05" for doc_id, _ in docs}
        store.save([Document(text, doc_id=doc_id, outlet=f"Outlet {doc_id}", published=day[doc_id])
                    for doc_id, text in docs], "benchmark")  # fmt: skip
        fold_stories(store, method)
        rows = store.query("SELECT doc_ids FROM stories")
    return {frozenset(p) for r in rows for p in combinations(r["doc_ids"], 2)}


def story_scores(docs: list[tuple[str, str]], planted: dict[frozenset[str], str],
                 method: Method = DEFAULT) -> tuple[set[frozenset[str]], float, float]:
    """Pairs folded by ``fold_stories`` on the story set, with precision and recall."""
    found = folded_pairs(docs, method)
    hits = len(found & planted.keys())
    return found, hits / max(len(found), 1), hits / len(planted)


def stories_main(seed: int) -> None:
    docs, planted = story_set(seed)
    texts = dict(docs)
    similar = sorted(exact_jaccard(texts[a], texts[b]) for a, b in map(sorted, planted))
    print(f"{len(docs)} documents: {N_STORIES} stories, {len(planted)} planted near-duplicates")
    print(f"exact Jaccard ({DEFAULT.unit} {DEFAULT.size}-shingles) of the planted pairs: min "
          f"{similar[0]:.2f}, median {similar[len(similar) // 2]:.2f}, max {similar[-1]:.2f}")  # fmt: skip
    found, precision, recall = story_scores(docs, planted)
    print(f"{DEFAULT.name}: {len(found)} pairs folded, {len(found & planted.keys())} planted; "
          f"precision {precision:.3f}, recall {recall:.3f}")  # fmt: skip
    for kind in PLANTED_KINDS:
        pairs_of = [p for p, k in planted.items() if k == kind]
        print(f"  {kind:24} {sum(p in found for p in pairs_of)} of {len(pairs_of)} folded")
    for pair in sorted(map(sorted, planted.keys() - found)):
        print(f"  missed {pair[0]} ~ {pair[1]}: Jaccard {exact_jaccard(texts[pair[0]], texts[pair[1]]):.2f}")
    for pair in sorted(map(sorted, found - planted.keys())):
        print(f"  wrongly folded {pair[0]} ~ {pair[1]}")


METHODS = [Method(size=5, threshold=0.5, exact=False)] + [
    Method(unit, size, containment=containment)
    for containment in (False, True)
    for unit, size in (("word", 5), ("word", 4), ("word", 3), ("char", 5), ("char", 7), ("char", 9))
]


def methods_main(seed: int) -> None:
    """Each method tuned on the pairs, then measured on the pairs and on the story set."""
    built = pairs(load_texts(), seed)
    docs, planted = story_set(seed)
    print("| method | margin on pairs | pair P | pair R | story P | story R |")
    print("|---|---:|---:|---:|---:|---:|")
    for method in METHODS:
        margin = None
        if method.exact:
            method, margin = tuned(built, method)
        precision, recall, _, _ = scores(built, decisions(built, method))
        _, story_p, story_r = story_scores(docs, planted, method)
        mark = " **(default)**" if method == DEFAULT else ""
        shown = "" if margin is None else f"{margin:.3f}"
        print(f"| {method.name}{mark} | {shown} | {precision:.3f} | {recall:.3f} | "
              f"{story_p:.3f} | {story_r:.3f} |", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stories", action="store_true", help="fold the 140-document story set")
    parser.add_argument("--methods", action="store_true", help="compare similarity methods")
    args = parser.parse_args()
    if args.stories:
        stories_main(args.seed)
        return
    if args.methods:
        methods_main(args.seed)
        return
    built = pairs(load_texts(), args.seed)
    kinds = sorted({k for k, *_ in built}, key=lambda k: (k == "different story" or "reused" in k, k))
    print(f"{len(built)} pairs: {sum(p[3] for p in built)} positive, {sum(not p[3] for p in built)} negative")
    print(f"\nexact Jaccard of {DEFAULT.unit} {DEFAULT.size}-shingles per kind: min / median / max")
    for kind in kinds:
        values = sorted(exact_jaccard(a, b) for k, a, b, _ in built if k == kind)
        print(f"  {kind:22} {values[0]:.2f} / {values[len(values) // 2]:.2f} / {values[-1]:.2f}")
    print("\n| threshold | precision | recall | F1 | false positives | missed |")
    print("|---:|---:|---:|---:|---:|---:|")
    for threshold in (float(t) for t in args.thresholds.split(",")):
        precision, recall, fp, fn = scores(built, decisions(built, replace(DEFAULT, threshold=threshold)))
        f1_score = 2 * precision * recall / max(precision + recall, 1e-9)
        mark = " (default)" if threshold == DEFAULT.threshold else ""
        print(f"| {threshold:.2f}{mark} | {precision:.3f} | {recall:.3f} | {f1_score:.3f} | {fp} | {fn} |")


if __name__ == "__main__":
    main()
