"""The dashboard shows a story's other outlets: a document folded with copies in other outlets
lists them ("Also published by", linked by quoted id), a different story on the same topic
lists none, and the events list gives each event its number of sources."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from flashpoint.document import Document, Event
from flashpoint.ingest.dedupe import fold_stories
from flashpoint.store import open_store
from flashpoint.web import create_app
from flashpoint.web.links import doc_url

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "kashmir"
COPY_ID = "https://dawn.example/copy?id=7#top"  # quoted in links


def sample(name: str) -> str:
    return next(SAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def reprint(text: str) -> str:
    """The wire text as another outlet runs it: a byline, one sentence gone, boilerplate."""
    sentences = text.split(". ")
    del sentences[3]
    return "By Staff Reporter\n\n" + ". ".join(sentences) + "\n\nAll rights reserved."


def doc(doc_id: str, text: str, outlet: str, country: str, published: str) -> Document:
    quote = text[:60]
    event = Event("ACCUSE", "PAK", "IND", quote=quote, start=0, end=len(quote))
    return Document(text, doc_id=doc_id, outlet=outlet, outlet_country=country,
                    published=published, events=[event])  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("stories") / "store.duckdb"
    original = sample("021")
    with open_store(db) as store:
        store.save([doc("wire", original, "Wire Service", "IND", "2019-08-05"),
                    doc(COPY_ID, reprint(original), "Dawn", "PAK", "2019-08-06"),
                    doc("other", sample("022"), "Dawn", "PAK", "2019-08-07")], "run")  # fmt: skip
        assert fold_stories(store) == 1
    with TestClient(create_app(db, warm=False)) as c:
        yield c


def also_published(html: str) -> str:
    found = re.search(r'<div id="also-published">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def test_a_folded_document_lists_its_other_outlets(client):
    page = client.get(doc_url("wire"))
    assert page.status_code == 200
    listed = also_published(page.text)
    assert f'href="{doc_url(COPY_ID)}"' in listed
    assert "Dawn" in listed and "(PAK)" in listed and "2019-08-06" in listed
    assert doc_url("other") not in listed and "Wire Service" not in listed


def test_the_copy_links_back_and_follows_to_its_page(client):
    listed = also_published(client.get(doc_url(COPY_ID)).text)
    assert 'href="/documents/wire"' in listed and "Wire Service" in listed and "(IND)" in listed
    href = unescape(re.search(r'href="([^"]+)"', listed).group(1))
    assert client.get(href).status_code == 200


def test_a_different_story_lists_no_other_outlets(client):
    page = client.get(doc_url("other"))
    assert page.status_code == 200 and "Also published by" not in page.text


def test_events_show_their_number_of_sources(client):
    page = client.get("/events").text
    sources = {doc_id: n for doc_id, n in re.findall(
        r'href="/documents/([^"#]+)#[^"]*">.*?<td class="num">(\d+)</td>', page, re.S)}  # fmt: skip
    assert sources == {"wire": "2", doc_url(COPY_ID).removeprefix("/documents/"): "2", "other": "1"}
    api = client.get("/api/events").json()["items"]
    assert sorted(e["n_sources"] for e in api) == [1, 2, 2]
