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
    """[{template, headline, lead, label, mode, text}] from the NGEC synthetic stories."""
    out = []
    with open(shared / "data/plover/ngec_synthetic_events.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            headline = row["prompt"].split("\n")[0].strip()
            out.append({
                "template": row["title"], "headline": headline, "lead": first_sentence(row["text"]),
                "label": row["label"].strip().upper(), "mode": (row["mode"] or "").strip().lower() or None,
                "text": row["text"],
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


# CAMEO root code -> PLOVER type (None: no PLOVER counterpart, left out of scoring)
CAMEO_ROOT_PLOVER = {
    "01": None, "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
    "07": "AID", "08": "CONCEDE", "09": None, "10": "REQUEST", "11": "ACCUSE", "12": "REJECT",
    "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE",
    "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip


def petrarch_sentences(shared: Path) -> list[tuple[str, str]]:
    """(sentence, PLOVER type or NONE) from the PETRARCH unit-test records.

    The first event coding's CAMEO root gives the type; records marked `noevents` are NONE;
    records coded only with the suite's private codes (21+, 80, 90...) or roots without a
    PLOVER counterpart (01, 09) are left out.
    """
    import xml.etree.ElementTree as ET

    root = ET.parse(shared / "data/petrarch/PETR.UnitTest.records.xml").getroot()
    out = []
    for rec in root.iter("Sentence"):
        text = " ".join((rec.findtext("Text") or "").split())
        codings = rec.findall("EventCoding")
        if not text or not codings:
            continue
        if any(c.get("noevents", "").strip().lower() == "true" for c in codings):
            out.append((text, "NONE"))
            continue
        code = (codings[0].get("eventcode") or "").strip()
        label = CAMEO_ROOT_PLOVER.get(code[:2]) if len(code) >= 2 else None
        if label:
            out.append((text, label))
    return out


def story_sentences(text: str) -> list[str]:
    """The sentences of a story body (simple punctuation split; the body is clean prose)."""
    text = " ".join(text.split())
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", text) if 20 < len(s) < 400]
