"""Dashboard features through TestClient: filter choices from the store, sorting, downloads,
the date window across pages, the compare view and the API's list of endpoints."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from flashpoint.analysis.events import EVENT_COLUMNS
from flashpoint.analysis.scales import quadclass
from flashpoint.web import create_app
from flashpoint.web.api import router
from test_analysis_data import DOCS, build_store


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("features") / "store.duckdb")
    with TestClient(create_app(db)) as c:
        yield c


def _events() -> list[dict]:
    """Every event of the test store as the test knows it (dated by its document)."""
    return [{"source": s, "type": t, "target": g, "status": st, "quote": q, "doc_id": d["meta"]["doc_id"],
             "date": d["meta"]["published"], "country": d["meta"]["outlet_country"],
             "outlet": d["meta"]["outlet"]}
            for d in DOCS for s, t, g, st, q in d["events"]]  # fmt: skip


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.text)))


# -- filters -------------------------------------------------------------------------------
def test_filters_are_selects_filled_from_the_store(client):
    html = client.get("/events").text
    for name in ("actor", "source", "target", "type", "quadclass", "status", "outlet", "country"):
        assert f'<select name="{name}">' in html, name
    actors = set(
        re.findall(r'<select name="actor">(.*?)</select>', html, re.S)[0].split('value="')[2:]
    )
    ids = {a.split('"')[0] for a in actors}
    assert ids >= {e["source"] for e in _events()} | {e["target"] for e in _events()}
    outlets = re.findall(r'<select name="outlet">(.*?)</select>', html, re.S)[0]
    shown = {unescape(o) for o in re.findall(r"<option[^>]*>([^<]+)</option>", outlets)}
    assert shown == {"any"} | {d["meta"]["outlet"] for d in DOCS}
    dates = sorted(d["meta"]["published"] for d in DOCS)
    assert f'type="date" name="since" value="" min="{dates[0]}" max="{dates[-1]}"' in html
    options = client.get("/api/options").json()
    assert {c["id"] for c in options["countries"]} == {d["meta"]["outlet_country"] for d in DOCS}


@pytest.mark.parametrize("params", [
    {"quadclass": "verbal_conflict"}, {"quadclass": "4"}, {"country": "IND"},
    {"outlet": "The Daily Ledger", "status": "asserted"}, {"country": "pak", "type": "accuse"},
])  # fmt: skip
def test_event_filters_match_the_store(client, params):
    found = client.get("/api/events", params={**params, "per_page": 500}).json()["items"]
    want = _events()
    if "quadclass" in params:
        names = [
            "verbal_cooperation",
            "material_cooperation",
            "verbal_conflict",
            "material_conflict",
        ]
        q = params["quadclass"]
        want = [
            e for e in want if quadclass(e["type"]) == (names[int(q) - 1] if q.isdigit() else q)
        ]
    for key in ("country", "outlet", "status", "type"):
        if key in params:
            value = params[key].upper() if key in ("country", "type") else params[key]
            want = [e for e in want if e[key] == value]
    assert sorted(e["quote"] for e in found) == sorted(e["quote"] for e in want)


def test_unknown_quadclass_answers_400(client):
    assert client.get("/api/events", params={"quadclass": "5"}).status_code == 400
    assert client.get("/events", params={"quadclass": "cosmic"}).status_code == 400


# -- sorting ---------------------------------------------------------------------------------
def _in_order(values: list, descending: bool) -> bool:
    present = [v for v in values if v is not None]
    assert values[: len(present)] == present, "empty values come last"
    folded = [v.lower() if isinstance(v, str) else v for v in present]
    return folded == sorted(folded, reverse=descending)


@pytest.mark.parametrize(
    "sort", ["date", "type", "source", "target", "status", "outlet", "country"]
)
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_events_sort_on_every_column(client, sort, order):
    items = client.get(
        "/api/events", params={"sort": sort, "order": order, "per_page": 500}
    ).json()["items"]
    column = {"date": "date", "country": "outlet_country"}.get(sort, sort)
    assert len(items) == len(_events())
    assert _in_order([i[column] for i in items], order == "desc")


def test_sorting_pages_through_every_row_once(client):
    pages = [client.get("/api/events", params={"sort": "type", "order": "asc", "per_page": 5,
                                               "page": n}).json()["items"] for n in (1, 2, 3)]  # fmt: skip
    keys = [(i["doc_id"], i["idx"]) for p in pages for i in p]
    assert len(keys) == len(set(keys)) == len(_events())
    assert _in_order([i["type"] for p in pages for i in p], False)


@pytest.mark.parametrize(("path", "sort", "key"), [
    ("/api/documents", "events", "events"), ("/api/documents", "title", "title"),
    ("/api/documents", "published", "published"), ("/api/actors", "mentions", "mentions"),
    ("/api/actors", "name", "name"), ("/api/actors", "as_target", "as_target"),
])  # fmt: skip
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_documents_and_actors_sort(client, path, sort, key, order):
    found = client.get(path, params={"sort": sort, "order": order}).json()
    items = found["items"] if isinstance(found, dict) else found
    assert len(items) > 1 and _in_order([i[key] for i in items], order == "desc")


@pytest.mark.parametrize("path", ["/api/events", "/events", "/api/documents", "/documents",
                                  "/api/actors", "/actors"])  # fmt: skip
def test_unknown_sort_keys_answer_422(client, path):
    assert client.get(path, params={"sort": "quote; DROP TABLE events"}).status_code == 422
    assert client.get(path, params={"order": "sideways"}).status_code == 422


def test_sort_headers_flip_the_order(client):
    html = client.get("/actors", params={"sort": "mentions", "order": "desc"}).text
    link = re.search(r'<a class="sort" data-key="mentions" href="([^"]+)"', html)[1]
    assert parse_qs(urlsplit(unescape(link)).query)["order"] == ["asc"]
    rows = re.findall(r"<tr><td><a href=\"/events\?actor=([A-Z_]+)\"", html)
    assert rows and len(rows) == len(set(rows))
    paged = client.get("/actors", params={"per_page": 2, "page": 2}).text
    assert (
        len(re.findall(r"<tr><td><a href=\"/events\?actor=", paged)) == 2 and 'id="prev"' in paged
    )


# -- downloads -------------------------------------------------------------------------------
def test_event_download_holds_every_match(client):
    params = {"actor": "PAK", "status": "asserted"}
    total = client.get("/api/events", params=params).json()["total"]
    response = client.get("/api/events", params={**params, "format": "csv"})
    assert response.headers["content-disposition"] == 'attachment; filename="events.csv"'
    assert response.headers["content-type"].startswith("text/csv")
    rows = _csv(response)
    assert len(rows) == total and list(rows[0]) == list(EVENT_COLUMNS)
    assert all("PAK" in (r["source"], r["target"]) and r["status"] == "asserted" for r in rows)
    as_json = client.get("/api/events", params={**params, "format": "json"})
    assert as_json.headers["content-disposition"].endswith('filename="events.json"')
    assert [r["event_id"] for r in as_json.json()] == [r["event_id"] for r in rows]


PAGES = [
    "/",
    "/timeline",
    "/alignment",
    "/compare",
    "/actors",
    "/events",
    "/documents",
    "/recommendations",
    "/references?ref=SIMLA_AGREEMENT",
    "/documents/ledger-2019",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_table_and_chart_has_working_downloads(client, path):
    html = client.get(path).text
    charts = len(re.findall(r'<div class="chart"', html))
    tables = len(re.findall(r"<table", html))
    spans = re.findall(r'<span class="downloads"[^>]*>(.*?)</span>', html, re.S)
    assert len(spans) >= max(charts, 1) and (tables == 0 or spans)
    for span in spans:
        links = dict(re.findall(r'class="dl-(csv|json)" href="([^"]+)"', span))
        assert set(links) == {"csv", "json"}
        for fmt, link in links.items():
            response = client.get(unescape(link))
            assert response.status_code == 200, link
            assert response.headers["content-disposition"].startswith("attachment; filename=")
            if fmt == "csv":
                assert response.text.splitlines()[0]  # a header row
            else:
                json.loads(response.text)


@pytest.mark.parametrize("path", ["/api/events?format=csv", "/api/alignment?format=json", "/api",
                                  "/api/recommendations"])  # fmt: skip
def test_api_answers_carry_the_security_headers(client, path):
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert (
        headers["x-content-type-options"] == "nosniff"
        and headers["referrer-policy"] == "no-referrer"
    )


def test_csv_cells_hold_nested_values_as_json(client):
    rows = _csv(client.get("/api/recommendations", params={"format": "csv"}))
    api = client.get("/api/recommendations").json()
    assert [json.loads(r["addressees"]) for r in rows] == [g["addressees"] for g in api]
    assert [int(r["mentions"]) for r in rows] == [g["mentions"] for g in api]


# -- the date window ----------------------------------------------------------------------------
def test_the_window_narrows_every_page_and_stays_in_the_links(client):
    window = {"since": "2020-01-01", "until": "2021-03-31"}
    inside = [d for d in DOCS if window["since"] <= d["meta"]["published"] <= window["until"]]
    for path in ("/", "/events", "/documents", "/actors", "/alignment", "/timeline", "/compare",
                 "/recommendations", "/references", "/documents/ledger-2019"):  # fmt: skip
        html = client.get(path, params=window).text
        nav = re.search(r'<nav id="nav">(.*?)</nav>', html, re.S)[1]
        for href in re.findall(r'href="([^"]+)"', nav):
            assert parse_qs(urlsplit(unescape(href)).query) == {k: [v] for k, v in window.items()}
        assert f'name="since" value="{window["since"]}"' in html
    docs = client.get("/api/documents", params=window).json()["items"]
    assert {d["doc_id"] for d in docs} == {d["meta"]["doc_id"] for d in inside}
    events = client.get("/api/events", params={**window, "per_page": 500}).json()["items"]
    assert len(events) == sum(len(d["events"]) for d in inside)
    assert client.get("/api/overview", params=window).json()["documents"] == len(inside)
    assert client.get("/api/overview").json()["documents"] == len(DOCS)


def test_the_window_keeps_the_page_filters(client):
    html = client.get("/events", params={"actor": "PAK", "type": "ACCUSE", "page": 1}).text
    form = re.search(r'<form class="window".*?</form>', html, re.S)[0]
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert hidden == {"actor": "PAK", "type": "ACCUSE"}


def test_a_window_that_ends_before_it_starts_answers_400(client):
    for path in ("/api/events", "/events", "/compare"):
        response = client.get(path, params={"since": "2021", "until": "2020-06"})
        assert response.status_code == 400 and "after" in response.text


# -- compare ------------------------------------------------------------------------------------
def _expected_coding(sides: tuple[str, str], pair: tuple[str, str]) -> Counter:
    return Counter(
        (e["country"], e["type"], f"{e['source']}→{e['target']}", e["status"])
        for e in _events() if {e["source"], e["target"]} == set(pair) and e["country"] in sides
    )  # fmt: skip


@pytest.mark.parametrize(("a", "b"), [("PAK", "IND"), ("IND", "PAK")])
def test_compare_counts_each_sides_coding_of_the_dyad(client, a, b):
    data = client.get("/api/compare", params={"a": a, "b": b}).json()
    assert [s["id"] for s in data["sides"]] == [a, b]
    assert {s["id"]: s["documents"] for s in data["sides"]} == Counter(
        d["meta"]["outlet_country"] for d in DOCS if d["meta"]["outlet_country"] in (a, b)
    )
    got = Counter({(r["side"], r["type"], r["direction"], r["status"]): r["events"]
                   for r in data["coding"]})  # fmt: skip
    assert got == _expected_coding((a, b), ("IND", "PAK"))
    refs = {(r["ref_id"], r["side"]): r["mentions"] for r in data["references"]}
    assert refs == Counter((ref, d["meta"]["outlet_country"]) for d in DOCS for ref, _ in d["refs"])


def test_compare_page_links_each_count_to_its_events(client):
    html = client.get("/compare").text
    assert 'id="side-PAK"' in html and 'id="side-IND"' in html
    links = re.findall(r'<a class="count" href="(/events\?[^"]+)">(\d+)</a>', html)
    assert links
    for href, count in links:
        params = parse_qs(urlsplit(unescape(href)).query)
        assert params["country"][0] in ("PAK", "IND")
        total = client.get("/api/events", params={k: v[0] for k, v in params.items()}).json()[
            "total"
        ]
        assert total == int(count), href
    refs = re.findall(r'<a class="count" href="(/references\?[^"]+)">(\d+)</a>', html)
    for href, count in refs:
        page = client.get(unescape(href).split("#")[0]).text
        mentions = re.search(r'<table id="ref-mentions">(.*?)</table>', page, re.S)[1]
        assert mentions.count('<td class="quote">') == int(count)


@pytest.mark.parametrize("params", [{"a": "PAK", "b": "pak"}, {"a": " "}, {"dyad": "IND"}])
def test_compare_rejects_bad_sides_and_dyads(client, params):
    assert client.get("/compare", params=params).status_code == 400
    assert client.get("/api/compare/coding", params=params).status_code == 400


def test_compare_downloads_are_rows(client):
    rows = _csv(client.get("/api/compare/coding", params={"format": "csv"}))
    assert sum(int(r["events"]) for r in rows) == sum(
        _expected_coding(("PAK", "IND"), ("IND", "PAK")).values()
    )


# -- /api ----------------------------------------------------------------------------------------
def test_api_lists_every_endpoint_with_its_parameters(client):
    listed = client.get("/api").json()
    paths = {r.path for r in router.routes if isinstance(r, APIRoute)}
    assert {e["path"] for e in listed} == paths and "/api/compare" in paths
    for entry in listed:
        assert entry["method"] == "GET" and entry["summary"]
    events = next(e for e in listed if e["path"] == "/api/events")
    params = {p["name"]: p for p in events["parameters"]}
    assert {"since", "until", "page", "per_page", "sort", "order", "format", "quadclass"} <= set(
        params
    )
    assert "confidence" in params["sort"]["choices"] and params["sort"]["default"] == "date"
    assert params["format"]["choices"] == ["json", "csv"]
    doc = next(e for e in listed if e["path"].startswith("/api/documents/"))
    assert doc["parameters"][0] == {**doc["parameters"][0], "name": "doc_id", "in": "path"}
    assert client.get("/api/").status_code == 200  # redirected to /api
