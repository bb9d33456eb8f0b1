"""The dashboard under hostile input: document ids with any characters, bad parameters,
unsafe source URLs, and a non-loopback bind."""

from __future__ import annotations

import re
import threading
from urllib.parse import quote, unquote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from starlette.routing import Mount, Route

from flashpoint.document import Document, Event, Recommendation, Reference
from flashpoint.store import open_store
from flashpoint.web import create_app
from flashpoint.web.exposure import is_loopback
from flashpoint.web.links import web_url
from flashpoint.web.params import MAX_PAGE
from test_analysis_data import build_documents, build_store

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
    docs = build_documents() + [_doc(doc_id, n) for n, doc_id in enumerate(ODD_IDS)]
    docs += [_doc("js-link", 10, "javascript:alert(document.cookie)"),
             _doc("web-link", 11, "https://news.example.org/story?id=7")]  # fmt: skip
    store.save(docs, store.start_run({}))
    store.close()
    with TestClient(create_app(db, warm=False), raise_server_exceptions=False) as c:
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
    odd = {"/documents/" + quote(doc_id, safe="") for doc_id in ODD_IDS}
    assert odd & {link.split("#")[0] for link in links}
    assert not any(link.startswith("/documents/../") for link in links)


def test_quoted_links_lead_back_to_their_documents(client):
    links = _document_links(client.get("/events", params={"per_page": 100}).text)
    assert {link.split("#")[0] for link in links} >= {
        "/documents/" + quote(i, safe="") for i in [*ODD_IDS, "js-link", "web-link"]
    }
    for link in links:
        path, element = link.split("#")
        page = client.get(path)
        assert page.status_code == 200, link
        # the fragment, percent-decoded as browsers do, names an element of the page
        assert f'id="{escape(unquote(element))}"' in page.text


# -- parameters --------------------------------------------------------------------------
HUGE = str(2 * 10**17)  # past what DuckDB's BIGINT takes once multiplied by per_page


@pytest.mark.parametrize("path", ["/", "/timeline", "/api/dyad-index"])
@pytest.mark.parametrize("dyad", ["", "  ", "IND", "IND-IND", "-"])
def test_bad_dyads_answer_400(client, path, dyad):
    response = client.get(path, params={"dyad": dyad})
    assert response.status_code == 400
    assert "dyad" in response.text and "A-B" in response.text


def test_blank_dyad_on_api_timeline_means_all_events(client):
    everything = client.get("/api/timeline", params={"freq": "year"}).json()
    assert client.get("/api/timeline", params={"dyad": "", "freq": "year"}).json() == everything


@pytest.mark.parametrize("path", ["/documents", "/events", "/api/documents", "/api/events"])
@pytest.mark.parametrize("page", [HUGE, str(MAX_PAGE + 1), "0", "-3", "1.5", "x", ""])
def test_pages_out_of_range_answer_422(client, path, page):
    response = client.get(path, params={"page": page})
    assert response.status_code == 422
    assert "page" in response.text


def test_last_allowed_page_is_empty_not_an_error(client):
    response = client.get("/api/events", params={"page": MAX_PAGE, "per_page": 500})
    assert response.status_code == 200 and response.json()["items"] == []
    assert client.get("/documents", params={"page": MAX_PAGE}).status_code == 200


@pytest.mark.parametrize(("path", "params"), [
    ("/api/timeline", {"freq": "weekly"}), ("/timeline", {"freq": ""}),
    ("/api/references", {"by": "editor"}), ("/references", {"per": "century"}),
    ("/api/coalitions", {"states_only": "perhaps"}), ("/api/events", {"per_page": "0"}),
    ("/api/documents", {"q": "x" * 5000}),
])  # fmt: skip
def test_unknown_choices_and_oversized_values_answer_422(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422
    if path.startswith("/api"):
        detail = response.json()["detail"]
        assert detail[0]["loc"][-1] == next(iter(params)) and "input" not in detail[0]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert f"{next(iter(params))}: " in response.text


@pytest.mark.parametrize("path", ["/api/events", "/api/alignment", "/api/frames", "/alignment",
                                  "/recommendations", "/timeline", "/api/references"])  # fmt: skip
@pytest.mark.parametrize("date", ["2021-02-30", "2021-13", "0000", "20210", "٢٠٢١", "2021-1-1"])
def test_dates_that_name_no_day_answer_400(client, path, date):
    response = client.get(path, params={"since": date})
    assert response.status_code == 400 and "not a date" in response.text


@pytest.mark.parametrize("path", ["/api/coalitions", "/alignment", "/"])
def test_an_empty_target_answers_400(client, path):
    response = client.get(path, params={"target": " "})
    assert response.status_code == 400 and "target is empty" in response.text


def test_error_messages_stay_short(client):
    response = client.get("/api/events", params={"type": "X" * 900})
    assert response.status_code == 400 and len(response.json()["detail"]) <= 200


# -- every route, random parameters ---------------------------------------------------------
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(
    TEXT,
    st.integers().map(str),
    st.integers(min_value=2**62, max_value=2**80).map(lambda n: str(n * (-1) ** n)),
    st.sampled_from([
        "", " ", "0", "-1", "1e309", "NaN", "inf", "true", "\x00", "%00", "\u202e", "../../x",
        "2019", "2020-02", "2021-03-01", "2021-02-30", "IND-PAK", "PAK-USA", "IND-", "auto",
        "year", "month", "decade", "author", "country", "asserted", "negated", "ACCUSE",
        "KASHMIRIS", "PAK", "SIMLA_AGREEMENT", "500", "501",
    ]),
)  # fmt: skip


def _query_names(dependant) -> list[str]:
    """Query parameter names of a handler and of its dependencies."""
    names = [p.alias for p in dependant.query_params]
    return names + [n for d in dependant.dependencies for n in _query_names(d)]


def _routes(routes) -> list[tuple[str, list[str]]]:
    """(path template, query parameter names) of every route and mount, included routers too."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append((route.path, _query_names(route.dependant)))
        elif isinstance(route, Route) and "GET" in (route.methods or ()):
            found.append((route.path, []))
        elif isinstance(route, Mount):
            found.append((route.path + "/{file:path}", []))
        elif hasattr(route, "original_router"):  # FastAPI keeps included routers apart
            found += _routes(route.original_router.routes)
    return found


def _fill(template: str, value: str) -> str:
    return re.sub(r"\{\w+(:\w+)?\}", quote(value, safe=""), template)


def _assert_short_error(response) -> None:
    if response.headers.get("content-type", "").startswith("application/json"):
        detail = response.json().get("detail")
        assert not isinstance(detail, str) or len(detail) <= 200
    else:
        shown = re.search(r'<p class="error">(.*?)</p>', response.text, re.S)
        assert shown is None or len(shown[1]) <= 400


def _fuzz(client: TestClient, template: str, names: list[str]) -> None:
    keys = st.sampled_from(names) | TEXT if names else TEXT

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(params=st.lists(st.tuples(keys, VALUES), max_size=6), segment=VALUES)
    def check(params: list[tuple[str, str]], segment: str) -> None:
        response = client.get(_fill(template, segment), params=params)
        assert response.status_code < 500, (template, params, segment, response.text[:300])
        if response.status_code in (400, 422):
            _assert_short_error(response)

    check()


def test_no_route_answers_5xx_to_random_parameters(client):
    routes = _routes(client.app.routes)
    paths = {path for path, _ in routes}
    assert {"/", "/events", "/documents/{doc_id:path}", "/api/events", "/api/dyad-index",
            "/openapi.json", "/static/{file:path}"} <= paths  # fmt: skip
    assert {"/compare", "/api", "/api/options", "/api/compare", "/api/compare/coding",
            "/api/compare/references", "/api/addressees", "/api/references/totals",
            "/api/references/mentions"} <= paths  # fmt: skip
    assert set(dict(routes)["/api/events"]) >= {"since", "until", "page", "per_page", "sort",
                                                 "order", "format", "quadclass", "country"}  # fmt: skip
    assert set(dict(routes)["/compare"]) >= {"a", "b", "dyad", "since", "until"}
    for template, names in routes:
        _fuzz(client, template, names)


# -- source links and the bind address --------------------------------------------------------
def test_only_web_urls_become_links(client):
    page = client.get("/documents/js-link").text
    assert "javascript:" in page  # shown, as text
    assert 'href="javascript:' not in page.lower() and "source</a>" not in page
    linked = client.get("/documents/web-link").text
    assert '<a href="https://news.example.org/story?id=7" rel="noreferrer noopener">' in linked


@pytest.mark.parametrize(("url", "linked"), [
    ("https://example.com/a?b=1#c", True), ("HTTP://EXAMPLE.COM", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" javascript:x", False),
    ("java\tscript:x", False), ("data:text/html,<b>x</b>", False), ("vbscript:x", False),
    ("//evil.example", False), ("/documents/x", False), ("https://", False),
    (" https://example.com", False), ("https://example.com/\njavascript:x", False), (None, False),
])  # fmt: skip
def test_web_url(url, linked):
    assert web_url(url) == (url if linked else None)


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.4", False), ("example.org", False),
])  # fmt: skip
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(("host", "warned"), [("0.0.0.0", True), ("127.0.0.1", False)])
def test_serve_warns_when_bound_beyond_loopback(tmp_path, monkeypatch, host, warned):
    import uvicorn
    from typer.testing import CliRunner

    from flashpoint.cli import app

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda web_app, **kw: served.append(kw))
    db = build_store(tmp_path / "store.duckdb")
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", host])
    for thread in threading.enumerate():  # let the warm-up finish before the store goes away
        if thread.name == "flashpoint-warm":
            thread.join()
    assert result.exit_code == 0, result.output
    assert served == [{"host": host, "port": 8000, "log_level": "warning"}]
    warning = [line for line in result.stderr.splitlines() if "no authentication" in line]
    assert len(warning) == int(warned)
    if warned:
        assert host in warning[0] and "reverse proxy" in warning[0]
        assert "no authentication" not in result.stdout
