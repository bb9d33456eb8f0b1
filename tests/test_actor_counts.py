"""``flashpoint actors --json`` and the dashboard's ``/api/actors`` count mentions and
documents alike on a small hand-made store (no models)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import stored
from flashpoint.cli import app
from flashpoint.document import Document, Event, Mention, Sentence
from flashpoint.web import create_app

TEXTS = {
    "a": ("2020-08-07", "Pakistan urged India to talk. Islamabad wrote to Kashmir's leaders."),
    "b": ("2021-01-10", "India fired across the line. Pakistan protested. Delhi said no."),
    "c": (None, "The OIC met in Jeddah and named Pakistan."),
}
# (doc, mention text, actor, a place that does not act)
MENTIONS = [("a", "Pakistan", "PAK", False), ("a", "India", "IND", False),
            ("a", "Islamabad", "PAK", False), ("a", "Kashmir", "KASHMIR", True),
            ("b", "India", "IND", False), ("b", "Pakistan", "PAK", False),
            ("b", "Delhi", "IND", False), ("c", "OIC", "OIC", False),
            ("c", "Jeddah", "SAU", True), ("c", "Pakistan", "PAK", False)]  # fmt: skip


def document(doc_id: str) -> Document:
    published, text = TEXTS[doc_id]
    doc = Document(text, doc_id=doc_id, published=published, outlet=f"Outlet {doc_id}")
    doc.sentences = [Sentence(0, len(text), text)]
    for d, name, actor, place in MENTIONS:
        if d == doc_id:
            start = text.index(name)
            doc.mentions.append(Mention(start, start + len(name), name, actor, is_place=place,
                                        sentence=0))  # fmt: skip
    if doc_id == "b":  # an actor that acts without being mentioned by name
        doc.events = [Event("ACCUSE", "UNSC", "IND", quote=text[:28], start=0, end=28,
                            confidence=0.9)]  # fmt: skip
    return doc


def test_actors_verb_and_dashboard_api_give_the_same_numbers(tmp_path):
    db = stored(tmp_path / "actors.duckdb", [document(d) for d in TEXTS])
    result = CliRunner().invoke(app, ["actors", "--db", str(db), "--json", "--limit", "0"])
    assert result.exit_code == 0, result.output
    cli = {r["id"]: (r["mentions"], r["documents"]) for r in json.loads(result.stdout)}
    with TestClient(create_app(db, warm=False)) as client:
        answer = client.get("/api/actors")
    assert answer.status_code == 200
    web = {r["actor_id"]: (r["mentions"], r["documents"]) for r in answer.json() if r["mentions"]}
    assert cli == web == {"PAK": (4, 3), "IND": (3, 2), "OIC": (1, 1)}
    assert [r["actor_id"] for r in answer.json() if not r["mentions"]] == ["UNSC"]
