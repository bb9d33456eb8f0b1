"""A small store of hand-coded events for the events verb and the event exports: three
documents (two dated, with outlets; one with neither) whose events differ in every filtered
field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flashpoint.document import Document, Event, Sentence
from flashpoint.store import open_store


@dataclass(frozen=True)
class Item:
    sentence: str
    type: str
    source: str | None
    target: str | None
    status: str = "asserted"
    date: str | None = None
    precision: str | None = None
    confidence: float = 0.5
    mode: str | None = None


DOCUMENTS = {
    "dawn-2019": dict(published="2019-08-06", outlet="Dawn", outlet_country="PAK",
                      url="https://example.org/dawn-2019"),
    "hindu-2020": dict(published="2020-02-05", outlet="The Hindu", outlet_country="IND",
                       url="https://example.org/hindu-2020"),
    "undated": dict(),
}  # fmt: skip

ITEMS = {
    "dawn-2019": [
        Item("Pakistan accused India of imposing a curfew on Monday.", "ACCUSE", "PAK", "IND",
             date="2019-08-05", precision="day", confidence=0.9),
        Item("Islamabad urged the United Nations to act.", "REQUEST", "PAK", "UN", confidence=0.6),
        Item("India could storm the valley in August.", "ASSAULT", "IND", "KASHMIRIS",
             status="hypothetical", date="2019-08", precision="month", confidence=0.4),
    ],
    "hindu-2020": [
        Item("India rejected Pakistan's statement on Tuesday.", "REJECT", "IND", "PAK",
             date="2020-02-04", precision="day", confidence=0.8),
        Item("Washington sent food aid to Pakistan.", "AID", "USA", "PAK", confidence=0.7,
             mode="humanitarian"),
        Item("China has not agreed to the plan.", "AGREE", "CHN", None, status="negated",
             confidence=0.55),
        Item("Delhi again rejected the statement on Tuesday.", "REJECT", "IND", "PAK",
             date="2020-02-04", precision="day", confidence=0.85),
    ],
    "undated": [
        Item("China and Pakistan built a road together.", "COOPERATE", "CHN", "PAK", confidence=0.65),
    ],
}  # fmt: skip


def document(doc_id: str) -> Document:
    """The document with its events at the offsets of their sentences."""
    items = ITEMS[doc_id]
    doc = Document(" ".join(i.sentence for i in items), doc_id=doc_id, **DOCUMENTS[doc_id])
    start = 0
    for item in items:
        end = start + len(item.sentence)
        doc.sentences.append(Sentence(start, end, item.sentence))
        doc.events.append(Event(
            item.type, item.source, item.target, status=item.status, mode=item.mode,
            source_sector="GOV" if item.source else None,
            target_sector="GOV" if item.target else None,
            source_text=item.sentence.split()[0] if item.source else None,
            target_text=item.target.title() if item.target else None,
            date=item.date, date_precision=item.precision, quote=item.sentence,
            start=start, end=end, confidence=item.confidence,
        ))  # fmt: skip
        start = end + 1
    return doc


def build(path: Path) -> Path:
    with open_store(path) as store:
        run = store.start_run({})
        store.save([document(doc_id) for doc_id in ITEMS], run)
        store.finish_run(run, "finished", documents=len(ITEMS))
    return path


def expected() -> list[dict]:
    """Every event as the test's own dicts: id, document fields and the effective date."""
    out = []
    for doc_id, items in ITEMS.items():
        meta = DOCUMENTS[doc_id]
        for idx, item in enumerate(items):
            day = _first_day(item.date or meta.get("published"))
            out.append({"event_id": f"{doc_id}#{idx}", "doc_id": doc_id, "idx": idx, "item": item,
                        "published": meta.get("published"), "outlet": meta.get("outlet"),
                        "outlet_country": meta.get("outlet_country"), "url": meta.get("url"),
                        "day": day})  # fmt: skip
    return out


def _first_day(value: str | None) -> str | None:
    if not value:
        return None
    return value + {4: "-01-01", 7: "-01"}.get(len(value), "")
