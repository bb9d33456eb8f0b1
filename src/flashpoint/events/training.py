"""Training and dev data for the event coder, read from ../shared (never copied into the repo).

The synthetic PLOVER stories are split by title template, so dev titles are phrasings the
model never saw. Each story yields its headline and its first sentence, labelled with the
story's event type: a sentence-level proxy.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from pathlib import Path

csv.field_size_limit(10_000_000)
DEV_SHARE = 0.2


def is_dev(key: str) -> bool:
    """Stable 80/20 split on a grouping key."""
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 100 < DEV_SHARE * 100


def first_sentence(text: str) -> str:
    text = text.strip().split("\n")[0]
    m = re.match(r"(.{20,}?[.!?])(?:\s+[A-Z\"'(]|\s*$)", text)
    return (m.group(1) if m else text[:300]).strip()


def synthetic_stories(shared: Path) -> list[dict]:
    """[{template, headline, lead, label, mode}] from the NGEC synthetic stories."""
    out = []
    with open(shared / "data/plover/ngec_synthetic_events.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            headline = row["prompt"].split("\n")[0].strip()
            out.append({
                "template": row["title"], "headline": headline, "lead": first_sentence(row["text"]),
                "label": row["label"].strip().upper(), "mode": (row["mode"] or "").strip().lower() or None,
            })  # fmt: skip
    return out


def cameo_sentences(shared: Path) -> list[tuple[str, int]]:
    """(sentence, CAMEO penta-class 0-4)."""
    out = []
    with open(shared / "data/cameo_sentences/cameo_class_train.tsv", encoding="utf-8") as fh:
        for line in fh:
            text, _, label = line.rstrip("\n").rpartition("\t")
            if text and label.strip().isdigit():
                out.append((text, int(label)))
    return out


def editorial_sentences(shared: Path, n: int, seed: int = 13) -> list[str]:
    """A sample of opinion sentences (Webis editorials): mostly argument, few events."""
    path = shared / "corpus/editorials/webis_editorials16.tsv"
    sentences: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text = re.sub(r"&#10;|\s+", " ", row.get("Article Text") or "")
            sentences.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if 40 < len(s) < 300)
    random.Random(seed).shuffle(sentences)
    return sentences[:n]
