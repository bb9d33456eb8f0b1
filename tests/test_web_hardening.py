"""The dashboard under hostile input: document ids with any characters, bad parameters,
unsafe source URLs, and a non-loopback bind."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from flashpoint.document import Document, Event, Recommendation, Reference
from flashpoint.store import open_store
from flashpoint.web import create_app

# ids live web sources and careless files produce
ODD_IDS = [
    "https://example.com/a/b?x=1&y=2#top",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "100% sure",
    "dir/",
]


def _doc(doc_id: str, n: int, url: str | None = None) -> Document:
    text = f"Pakistan accused India of raid number {n}. The world must act on raid {n}."
    quote, ask = f"Pakistan accused India of raid number {n}", "The world must act"
    event = Event("ACCUSE", "PAK", "IND", quote=quote, start=0, end=len(quote))
    rec_start = text.index(ask)
    return Document(
        text, doc_id=doc_id, title=f"Note {n}", outlet="Odd Ids Weekly",
        published=f"2022-01-{n + 1:02d}", url=url, events=[event],
        recommendations=[Recommendation("INTL_COMMUNITY", "act", ask, rec_start,
                                        rec_start + len(ask), 0.9)],
        references=[Reference("SIMLA_AGREEMENT", quote, 0, len(quote))],
    )  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("hostile") / "store.duckdb"
    store = open_store(db)
    docs = [_doc(doc_id, n) for n, doc_id in enumerate(ODD_IDS)]
    docs += [_doc("js-link", 10, "javascript:alert(document.cookie)"),
             _doc("web-link", 11, "https://news.example.org/story?id=7")]  # fmt: skip
    store.save(docs, store.start_run({}))
    store.close()
    with TestClient(create_app(db, warm=False)) as c:
        yield c


def _document_links(html: str) -> list[str]:
    return re.findall(r'href="(/documents/[^"]*)"', html)


@pytest.mark.parametrize("doc_id", ODD_IDS)
def test_documents_with_any_id_open(client, doc_id):
    path = "/documents/" + quote(doc_id, safe="")
    page = client.get(path)
    assert page.status_code == 200
    n = ODD_IDS.index(doc_id)
    assert f'<h1 id="doc-title">Note {n}</h1>' in page.text
    api = client.get("/api" + path)
    assert api.status_code == 200
    assert api.json()["doc_id"] == doc_id and api.json()["title"] == f"Note {n}"


def test_a_slash_inside_the_id_is_not_a_path_step(client):
    # unquoted, the URL id's slashes still reach the view (the route takes the rest of the path)
    assert client.get("/api/documents/https://example.com/a/b").status_code == 404
    assert client.get("/documents/no/such/doc").status_code == 404


@pytest.mark.parametrize("path", ["/documents", "/events", "/references?ref=SIMLA_AGREEMENT",
                                  "/recommendations", "/alignment"])  # fmt: skip
def test_list_pages_quote_document_links(client, path):
    links = _document_links(client.get(path).text)
    assert links
    for link in links:
        doc_part = link.split("#")[0][len("/documents/") :]
        # one segment: no slash, no raw dot step, nothing a browser would reinterpret
        assert "/" not in doc_part and "?" not in doc_part and "<" not in doc_part
    quoted = "/documents/" + quote("../../etc/passwd", safe="")
    assert any(link.split("#")[0] == quoted for link in links)
    assert not any(link.startswith("/documents/../") for link in links)


def test_quoted_links_lead_back_to_their_documents(client):
    links = _document_links(client.get("/events", params={"per_page": 100}).text)
    assert len(links) == len(ODD_IDS) + 2
    for link in links:
        path, element = link.split("#")
        page = client.get(path)
        assert page.status_code == 200, link
        # the fragment, percent-decoded as browsers do, names an element of the page
        assert f'id="{escape(unquote(element))}"' in page.text
