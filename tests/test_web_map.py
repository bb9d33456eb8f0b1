"""The event map: the report's and the dashboard's, with the places API and the place
filters of the events page (a store of hand-placed events; Chromium tests skip without it)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import stored
from flashpoint.geo import basemap
from flashpoint.report import charts
from test_browser import _need_browser, browser, page  # noqa: F401  (fixtures)
from test_geo_store import ITEMS, _document


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return stored(tmp_path_factory.mktemp("map") / "map.duckdb", [_document()])


@pytest.fixture(scope="module")
def client(store):
    from flashpoint.web import create_app

    return TestClient(create_app(store))


def test_places_api_counts_located_asserted_events(client):
    rows = client.get("/api/places").json()
    assert sorted(r["name"] for r in rows) == ["Kotli", "Poonch", "Quetta", "Srinagar", "Uri"]
    assert sum(r["events"] for r in rows) == sum(1 for i in ITEMS if i[4] and i[4][0] != "?")
    poonch = next(r for r in rows if r["id"] == "poonch")
    assert poonch["events"] == 1 and poonch["material_conflict"] == 1
    assert poonch["event_ids"] == ["geo-1#0"]
    assert all(r["lat"] is not None for r in rows)  # the unknown place is not on the map


def test_map_spec_sizes_colours_and_links(store):
    from flashpoint.analysis import connect
    from flashpoint.analysis.places import event_places

    places = event_places(connect(store))
    spec = charts.map_chart(places, basemap(), {p["id"]: f"#x-{p['id']}" for p in places})
    shapes, lines, points = spec["layer"]
    assert shapes["data"]["format"] == {"type": "topojson", "feature": "countries"}
    assert not any(str(v).startswith("http") for v in spec["layer"][0]["data"].values() if isinstance(v, str))
    # the admin-1 lines: a layer of their own, unfilled, embedding only their arcs
    assert lines["data"]["format"] == {"type": "topojson", "feature": "admin1"}
    assert lines["mark"]["filled"] is False and lines["mark"]["strokeWidth"] < shapes["mark"]["strokeWidth"]
    assert set(shapes["data"]["values"]["objects"]) == {"countries"}
    assert set(lines["data"]["values"]["objects"]) == {"admin1"}
    assert len(shapes["data"]["values"]["arcs"]) + len(lines["data"]["values"]["arcs"]) == len(basemap()["arcs"])
    drawn = {g["properties"]["name"] for g in lines["data"]["values"]["objects"]["admin1"]["geometries"]}
    assert {"India", "Pakistan", "Afghanistan", "Nepal"} <= drawn
    values = points["data"]["values"]
    assert {v["name"] for v in values} == {"Poonch", "Uri", "Srinagar", "Kotli", "Quetta"}
    assert {v["href"] for v in values} == {f"#x-{p['id']}" for p in places}
    assert next(v for v in values if v["name"] == "Srinagar")["class"] == "material conflict"
    assert points["encoding"]["size"]["field"] == "events"


def test_map_page_and_place_filters(client):
    html = client.get("/map")
    assert html.status_code == 200 and 'id="chart-map"' in html.text
    assert "/events?region=poonch" in html.text
    events = client.get("/events", params={"region": "poonch"})
    assert events.status_code == 200 and "Troops fired along the LoC near Poonch." in events.text
    assert client.get("/api/events", params={"region": "poonch"}).json()["total"] == 1
    assert client.get("/api/events", params={"near": "Poonch", "km": 50}).json()["total"] == 3
    assert client.get("/api/events", params={"near": "Zzyzxabad"}).status_code == 400
    assert client.get("/api/events", params={"near": "Poonch", "km": 0}).status_code == 422
    assert client.get("/api/events", params={"km": 10}).status_code == 400


def test_analysis_api_counts_only_events_of_the_place(client):
    def get(path: str, **params) -> list[dict]:
        response = client.get(path, params={"min_confidence": 0, **params})
        assert response.status_code == 200, response.text
        return response.json()

    kotli = {"region": "Azad Jammu and Kashmir"}
    assert {(r["holder"], r["target"]) for r in get("/api/alignment")} > {("IND", "PAK"), ("PAK", "IND")}
    assert {(r["holder"], r["target"]) for r in get("/api/alignment", **kotli)} == {("IND", "PAK")}
    ledger = {(r["actor"], r["partner"]): r["opposition_given"] for r in get("/api/reciprocity")}
    assert ledger[("PAK", "IND")] == 1  # the unplaced accusation
    ledger = {(r["actor"], r["partner"]): r["opposition_given"] for r in get("/api/reciprocity", **kotli)}
    assert ledger == {("IND", "PAK"): 1, ("PAK", "IND"): 0}
    assert [r["oppose"] for r in get("/api/coalitions", target="PAK")] == [2]
    assert [r["oppose"] for r in get("/api/coalitions", target="PAK", near="Poonch", km=20)] == [1]
    assert sum(r["events"] for r in get("/api/timeline", freq="year")) == len(ITEMS)
    assert sum(r["events"] for r in get("/api/timeline", freq="year", region="Jammu and Kashmir")) == 3
    assert sum(r["events"] for r in get("/api/dyad-index", dyad="IND-PAK", freq="year")) == 3
    assert sum(r["events"] for r in get("/api/dyad-index", dyad="IND-PAK", freq="year", **kotli)) == 1
    assert [r["name"] for r in get("/api/places", near="Quetta", km=10)] == ["Quetta"]
    listed = {e["path"]: {p["name"] for p in e["parameters"]} for e in client.get("/api").json()}
    assert all({"near", "km", "region"} <= listed[path] for path in PLACE_ROUTES)


PLACE_ROUTES = ["/api/alignment", "/api/reciprocity", "/api/coalitions", "/api/timeline",
                "/api/dyad-index", "/api/places"]  # fmt: skip


@pytest.mark.parametrize("path", PLACE_ROUTES)
@pytest.mark.parametrize(("params", "code"), [
    ({"near": "Zzyzxabad"}, 400), ({"km": 10}, 400), ({"region": "Sindh", "km": 5}, 400),
    ({"near": "Uri", "km": 0}, 422), ({"near": "Uri", "km": -3}, 422), ({"near": "Uri", "km": "far"}, 422),
    ({"near": "x" * 2000}, 422),
])  # fmt: skip
def test_bad_place_filters_of_the_api_answer_4xx(client, path, params, code):
    response = client.get(path, params=params)
    assert response.status_code == code, response.text
    if code == 400:
        assert response.json()["detail"].count("\n") == 0


@pytest.mark.parametrize("path", ["/alignment", "/timeline", "/map"])
def test_pages_take_the_place_filters(client, path):
    html = client.get(path, params={"region": "Balochistan"})
    assert html.status_code == 200 and 'id="place-note"' in html.text and "in Balochistan" in html.text
    assert 'name="region" value="Balochistan"' in html.text and "region=Balochistan" in html.text
    assert client.get(path, params={"near": "", "km": "", "region": ""}).status_code == 200  # a blank form
    assert 'id="place-note"' not in client.get(path).text
    for params in ({"near": "Zzyzxabad"}, {"near": "Uri", "km": "0"}, {"near": "Uri", "km": "far"},
                   {"km": "5"}):  # fmt: skip
        assert client.get(path, params=params).status_code == 400


def test_map_page_keeps_the_places_of_the_region(client):
    html = client.get("/map", params={"near": "Poonch", "km": 20}).text
    assert "/events?region=poonch" in html and "/events?region=quetta" not in html


@pytest.mark.browser
def test_report_map_draws_offline_and_a_click_lists_the_evidence(store, tmp_path, page):  # noqa: F811
    from flashpoint.report import build_report

    out = build_report(store, tmp_path / "report.html")
    page.goto(out.as_uri())
    page.wait_for_selector("#chart-map svg", timeout=15000)
    circles = page.locator("#chart-map svg .mark-symbol.role-mark path")
    assert circles.count() == 5
    assert page.locator("#chart-map svg .mark-shape.role-mark path, #chart-map svg .mark-geoshape path").count() > 10  # the basemap
    _admin1_drawn(page)
    circles.first.click(force=True)
    page.wait_for_function("location.hash.startsWith('#place-')")
    row = page.locator(f"[id='{page.evaluate('location.hash.slice(1)')}']")
    assert row.is_visible()
    quotes = {text for text, *_ in ITEMS}
    listed = row.locator("li").all_inner_texts()
    assert listed and all(any(q[:30] in item for q in quotes) for item in listed)
    assert page.remote == [] and page.errors == []


def _admin1_drawn(page) -> None:  # noqa: F811
    """The admin-1 layer is drawn: one unfilled path per South Asian country, India's and
    Pakistan's among them, each a long outline."""
    lines = page.locator("#chart-map svg .admin1_marks path")
    assert lines.count() == len(basemap()["objects"]["admin1"]["geometries"]) >= 7
    assert all(lines.nth(i).get_attribute("fill") in (None, "none", "transparent") for i in range(lines.count()))
    assert min(len(lines.nth(i).get_attribute("d") or "") for i in range(lines.count())) > 200


@pytest.fixture(scope="module")
def server(store):
    import threading
    import time

    import uvicorn

    from flashpoint.web import create_app
    from test_browser import _free_port

    _need_browser()
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.mark.browser
def test_dashboard_map_click_lists_the_places_events(server, page):  # noqa: F811
    page.goto(server + "/map")
    page.wait_for_selector("#chart-map svg .mark-symbol.role-mark path", timeout=15000)
    assert page.locator("#chart-map svg .mark-symbol.role-mark path").count() == 5
    _admin1_drawn(page)
    page.locator("#chart-map svg .mark-symbol.role-mark path").first.click(force=True)
    page.wait_for_url("**/events?region=*")
    rows = page.locator("table#events tr").count() - 1
    region = page.url.split("region=")[1].split("&")[0]
    assert rows == sum(1 for i in ITEMS if i[4] == region) >= 1
    assert page.errors == [] and page.remote == []
