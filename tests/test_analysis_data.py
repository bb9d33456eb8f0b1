"""A small constructed store for the analysis, report and dashboard tests (no models).

Every text here is written for these tests. Offsets are found in the text, so each
hand-set event, stance, recommendation and reference points at its own quote.
"""

from __future__ import annotations

from pathlib import Path

from flashpoint.document import Document, Event, Frame, Recommendation, Reference, Sentence, Stance
from flashpoint.store import open_store

DOCS = [
    {
        "meta": {
            "doc_id": "ledger-2019",
            "title": "A week of declarations",
            "outlet": "The Daily Ledger",
            "outlet_country": "PAK",
            "published": "2019-08-10",
        },
        "text": (
            "Malaysia stood firmly with the people of Kashmir this week. "
            "Turkey also backed the Kashmiri cause at the assembly. "
            "The Saudi government has not condemned the curfew. "
            "India accused Pakistan of sponsoring infiltration. "
            "Islamabad must take the dispute to the Security Council. "
            "Everyone remembers what was signed at Simla."
        ),
        "events": [
            (
                "MYS",
                "SUPPORT",
                "KASHMIRIS",
                "asserted",
                "Malaysia stood firmly with the people of Kashmir",
            ),
            ("TUR", "SUPPORT", "KASHMIRIS", "asserted", "Turkey also backed the Kashmiri cause"),
            (
                "SAU",
                "ACCUSE",
                "IND",
                "negated",
                "The Saudi government has not condemned the curfew",
            ),
            (
                "IND",
                "ACCUSE",
                "PAK",
                "asserted",
                "India accused Pakistan of sponsoring infiltration",
            ),
        ],
        "stances": [
            ("MYS", "KASHMIRIS", "support", "Malaysia stood firmly with the people of Kashmir")
        ],
        "recs": [
            (
                "PAK",
                "take the dispute to the Security Council",
                "Islamabad must take the dispute to the Security Council.",
            )
        ],
        "refs": [("SIMLA_AGREEMENT", "what was signed at Simla")],
        "frames": [("political", 0.6), ("security_defense", 0.3), ("morality", 0.1)],
    },
    {
        "meta": {
            "doc_id": "ledger-2020",
            "title": "Friends and threats",
            "outlet": "The Daily Ledger",
            "outlet_country": "PAK",
            "published": "2020-02-05",
        },
        "text": (
            "Pakistan thanked Malaysia for its principled support. "
            "Malaysia again spoke up for the Kashmiri people. "
            "India could launch another strike across the Line of Control. "
            "Delhi threatened Islamabad over the water treaty. "
            "The world must act to end the lockdown. "
            "Pakistan should take the case to the Security Council. "
            "The Indus Waters Treaty cannot be suspended at will."
        ),
        "events": [
            (
                "PAK",
                "SUPPORT",
                "MYS",
                "asserted",
                "Pakistan thanked Malaysia for its principled support",
            ),
            (
                "MYS",
                "SUPPORT",
                "KASHMIRIS",
                "asserted",
                "Malaysia again spoke up for the Kashmiri people",
            ),
            (
                "IND",
                "ASSAULT",
                "PAK",
                "hypothetical",
                "India could launch another strike across the Line of Control",
            ),
            (
                "IND",
                "THREATEN",
                "PAK",
                "asserted",
                "Delhi threatened Islamabad over the water treaty",
            ),
        ],
        "stances": [],
        "recs": [
            (
                "INTL_COMMUNITY",
                "act to end the lockdown",
                "The world must act to end the lockdown.",
            ),
            (
                "PAK",
                "take the case to the Security Council",
                "Pakistan should take the case to the Security Council.",
            ),
        ],
        "refs": [("INDUS_WATERS_TREATY", "Indus Waters Treaty")],
        "frames": [("security_defense", 0.5), ("legality", 0.3), ("political", 0.2)],
    },
    {
        "meta": {
            "doc_id": "review-2021",
            "title": "Quiet capitals",
            "outlet": "Capital Review",
            "outlet_country": "IND",
            "published": "2021-03-01",
        },
        "text": (
            "Malaysia said nothing about Kashmir at the summit. "
            "Washington sent flood relief to Pakistan. "
            "American and Indian officials met in Delhi. "
            "Pakistan accused India of ceasefire violations."
        ),
        "events": [
            ("USA", "AID", "PAK", "asserted", "Washington sent flood relief to Pakistan"),
            ("USA", "CONSULT", "IND", "asserted", "American and Indian officials met in Delhi"),
            ("PAK", "ACCUSE", "IND", "asserted", "Pakistan accused India of ceasefire violations"),
        ],
        "stances": [
            ("MYS", "KASHMIRIS", "silent", "Malaysia said nothing about Kashmir at the summit")
        ],
        "recs": [],
        "refs": [],
        "frames": [("political", 0.7), ("economic", 0.2)],
    },
    {
        "meta": {
            "doc_id": "letter-2021",
            "title": "Letter <b>with</b> markup",
            "outlet": "Reader Letters",
            "outlet_country": "PAK",
            "published": "2021-06-15",
        },
        "text": (
            "A reader pasted <script>alert('boom')</script> into a letter about Kashmir. "
            "Pakistan protested to India about the <b>raid</b> & the arrests."
        ),
        "events": [
            (
                "PAK",
                "PROTEST",
                "IND",
                "asserted",
                "Pakistan protested to India about the <b>raid</b>",
            ),
        ],
        "stances": [],
        "recs": [],
        "refs": [],
        "frames": [],
    },
]


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build_documents() -> list[Document]:
    docs = []
    for spec in DOCS:
        doc = Document(spec["text"], **spec["meta"])
        text = doc.text
        pos = 0
        for piece in text.split(". "):
            end = pos + len(piece) + (1 if pos + len(piece) < len(text) else 0)
            doc.sentences.append(Sentence(pos, end, text[pos:end]))
            pos = end + 1
        for source, etype, target, status, quote in spec["events"]:
            start, end = _span(text, quote)
            doc.events.append(
                Event(etype, source, target, status=status, quote=quote, start=start, end=end)
            )
        for holder, target, polarity, quote in spec["stances"]:
            start, end = _span(text, quote)
            doc.stances.append(Stance(holder, target, polarity, quote, start, end))
        for addressee, action, quote in spec["recs"]:
            start, end = _span(text, quote)
            doc.recommendations.append(Recommendation(addressee, action, quote, start, end, 0.9))
        for ref_id, quote in spec["refs"]:
            start, end = _span(text, quote)
            doc.references.append(Reference(ref_id, quote, start, end))
        doc.frames = [Frame(f, s) for f, s in spec["frames"]]
        docs.append(doc)
    return docs


def build_store(path: Path) -> Path:
    store = open_store(path)
    run = store.start_run({})
    store.save(build_documents(), run)
    store.finish_run(run, "finished", documents=len(DOCS))
    store.close()
    return path
