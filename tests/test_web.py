"""The dashboard through FastAPI's TestClient: pages, filters, pagination, escaping, API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from flashpoint.document import Document, Event
from flashpoint.store import open_store
from flashpoint.web import create_app
from test_analysis_data import build_store


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("web") / "store.duckdb")
    with TestClient(create_app(db)) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/timeline", "/alignment", "/actors", "/events", "/documents",
                                  "/recommendations", "/references", "/references?ref=SIMLA_AGREEMENT",
                                  "/documents/ledger-2020"])  # fmt: skip
def test_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert (
        "cdn" not in response.text.lower() and "https://" not in response.text.split("</head>")[0]
    )


def test_events_filters(client):
    api = client.get("/api/events", params={"actor": "PAK", "type": "ACCUSE"}).json()
    assert api["total"] == 2
    assert all("PAK" in (e["source"], e["target"]) and e["type"] == "ACCUSE" for e in api["items"])
    negated = client.get("/api/events", params={"status": "negated"}).json()
    assert [e["source"] for e in negated["items"]] == ["SAU"]
    dated = client.get("/api/events", params={"since": "2021-01", "until": "2021-03"}).json()
    assert dated["total"] == 3 and {e["date"] for e in dated["items"]} == {"2021-03-01"}
    page = client.get("/events", params={"actor": "PAK", "type": "ACCUSE"}).text
    assert page.count('<td class="quote">') == 2


def test_events_pagination(client):
    first = client.get("/api/events", params={"per_page": 5, "page": 1}).json()
    second = client.get("/api/events", params={"per_page": 5, "page": 3}).json()
    assert first["total"] == 12 and first["pages"] == 3
    assert len(first["items"]) == 5 and len(second["items"]) == 2
    assert first["items"][0]["date"] >= first["items"][-1]["date"]  # newest first
    html = client.get("/events", params={"per_page": 5}).text
    assert 'id="next"' in html and 'id="prev"' not in html


def test_bad_filters_answer_400(client):
    assert client.get("/api/events", params={"type": "DANCE"}).status_code == 400
    assert client.get("/api/events", params={"since": "yesterday"}).status_code == 400
    page = client.get("/events", params={"since": "yesterday"})
    assert page.status_code == 400 and "not a date" in page.text
    assert client.get("/api/events", params={"per_page": 10_000}).status_code == 422


def test_sql_stays_parameterised(client):
    sneaky = "PAK' OR '1'='1"
    assert client.get("/api/events", params={"actor": sneaky}).json()["total"] == 0
    assert client.get("/api/documents", params={"q": "x%' OR 1=1 --"}).json()["total"] == 0


def test_document_view_escapes_text_and_highlights_by_offsets(client):
    html = client.get("/documents/letter-2021").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;boom&#39;)&lt;/script&gt;" in html
    assert "Letter &lt;b&gt;with&lt;/b&gt; markup" in html
    assert '<mark class="hl-event"' in html and 'id="d-letter-2021-ev0"' in html
    assert client.get("/documents/no-such-doc").status_code == 404
    api = client.get("/api/documents/letter-2021").json()
    assert api["text"].startswith("A reader pasted <script>")  # the API returns raw JSON text
    assert api["events"][0]["type"] == "PROTEST"


def test_api_analyses(client):
    align = client.get("/api/alignment").json()
    assert any(r["holder"] == "SAU" and r["silent"] == 1 for r in align)
    sides = {(r["year"], r["holder"]): r for r in client.get("/api/coalitions", params={"target": "KASHMIRIS"}).json()}
    assert sides[("2019", "MYS")]["side"] == "with" and sides[("2019", "MYS")]["evidence"][0]["doc_id"] == "ledger-2019"
    assert client.get("/api/timeline", params={"freq": "year"}).json()[0]["period"] == "2019"
    index = client.get("/api/dyad-index", params={"dyad": "IND-PAK"}).json()
    assert index[0]["period"] == "2019-08" and index[0]["index"] < 0 and index[0]["thin"]
    assert client.get("/api/recommendations").json()[0]["documents"] == 2
    refs = {(r["ref_id"], r["period"]) for r in client.get("/api/references", params={"per": "decade"}).json()}
    assert {("SIMLA_AGREEMENT", "2010s"), ("INDUS_WATERS_TREATY", "2020s")} <= refs
    ledger = client.get("/api/reciprocity", params={"actor": "PAK"}).json()
    assert {r["actor"] for r in ledger} == {"PAK"}
    assert next(r for r in ledger if r["partner"] == "MYS")["balance"] == 1
    frames = {(r["outlet"], r["year"], r["frame_id"]) for r in client.get("/api/frames").json()}
    assert ("Capital Review", "2021", "political") in frames
    assert client.get("/api/overview").json()["documents"] == 4
    assert client.get("/api/dyad-index", params={"dyad": "IND"}).status_code == 400


def test_openapi_schema_lists_the_api(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/alignment", "/api/documents/{doc_id}"} <= set(schema["paths"])
    assert not any(p.startswith("/events") for p in schema["paths"])  # pages stay out of the schema


def test_static_assets_are_local(client):
    for path in ("/static/vega.min.js", "/static/vega-lite.min.js", "/static/vega-embed.min.js",
                 "/static/flashpoint.css", "/assets/charts.js"):  # fmt: skip
        assert client.get(path).status_code == 200


def test_store_is_opened_read_only(tmp_path):
    db = build_store(tmp_path / "ro.duckdb")
    view = create_app(db, warm=False).state.view
    with pytest.raises(Exception, match="(?i)read.only"):
        view.con.execute("DELETE FROM events")
    view.con.close()
    # another process could still write after the dashboard closes its connection
    store = open_store(db)
    store.save(
        [Document("A later note.", doc_id="later", events=[Event("AID", "USA", "PAK")])], "r"
    )
    store.close()


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.duckdb"):
        create_app(tmp_path / "missing.duckdb")
