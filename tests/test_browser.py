"""End to end in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Skipped only when Chromium is absent outside CI; in CI (``CI`` set) a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

from test_analysis_data import build_store

pytestmark = pytest.mark.browser

CHROMIUM = (
    os.environ.get("FLASHPOINT_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
    or "/usr/bin/chromium"
)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


def _need_browser():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed"
    else:
        if os.path.exists(CHROMIUM):
            return
        reason = f"chromium not found at {CHROMIUM}"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("browser") / "store.duckdb")


@pytest.fixture(scope="module")
def server(store):
    _need_browser()
    import uvicorn

    from flashpoint.web import create_app

    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "dashboard did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(10000)
    pg.dialogs, pg.errors, pg.remote = [], [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def guard(route):  # nothing may leave the machine
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "file://", "data:")):
            route.continue_()
        else:
            pg.remote.append(url)
            route.abort()

    pg.route("**/*", guard)
    yield pg
    context.close()


@pytest.mark.parametrize("path", ["/", "/timeline", "/map", "/alignment", "/actors", "/events", "/documents",
                                  "/recommendations", "/references", "/compare"])  # fmt: skip
def test_every_page_loads_without_errors(server, page, path):
    response = page.goto(server + path)
    assert response.status == 200
    assert page.locator("header.top a.brand").inner_text() == "flashpoint"
    assert page.errors == [] and page.remote == []


def test_charts_render_offline_under_the_csp(server, page):
    page.goto(server + "/")
    page.wait_for_selector("#chart-timeline svg", timeout=15000)
    page.wait_for_selector("#chart-dyad svg", timeout=15000)
    assert page.errors == [] and page.remote == []


def test_filter_events_then_open_a_document(server, page):
    page.goto(server + "/events")
    assert page.locator("table#events tr").count() == 13  # header + 12 events
    page.select_option("#event-filters select[name=actor]", "PAK")
    page.select_option("#event-filters select[name=type]", "ACCUSE")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**/events?*type=ACCUSE*")
    rows = page.locator("table#events tr")
    assert rows.count() == 3
    quotes = page.locator("table#events td.quote a").all_inner_texts()
    assert sorted(quotes) == ["India accused Pakistan of sponsoring infiltration",
                              "Pakistan accused India of ceasefire violations"]  # fmt: skip
    page.click("text=Pakistan accused India of ceasefire violations")
    page.wait_for_url("**/documents/review-2021#d-review-2021-ev2")
    assert page.locator("#doc-title").inner_text() == "Quiet capitals"
    marked = page.locator("#doctext mark.hl-event").all_inner_texts()
    assert "Pakistan accused India of ceasefire violations" in marked


def test_script_in_a_document_shows_as_text(server, page):
    page.goto(server + "/documents/letter-2021")
    text = page.locator("#doctext").inner_text()
    assert "<script>alert('boom')</script>" in text
    assert page.locator("#doctext script").count() == 0
    assert page.locator("#doctext b").count() == 0
    assert page.locator("#doc-title").inner_text() == "Letter <b>with</b> markup"
    page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []


def test_static_report_works_offline(store, tmp_path, page):
    from flashpoint.report import build_report

    out = build_report(store, tmp_path / "report.html")
    page.goto(out.as_uri())
    page.wait_for_selector("#chart-timeline svg", timeout=15000)
    page.wait_for_selector("#chart-alignment svg", timeout=15000)
    assert page.remote == [] and page.errors == [] and page.dialogs == []
    page.locator("#box-alignment a.quote, h2#alignment ~ table a.quote").first.click()
    assert "#d-" in page.url
    assert page.locator("#dyad-events").count() == 1  # the events behind the index bars
    assert (
        "<script>alert('boom')</script>" in page.locator("#doc-letter-2021 .doctext").inner_text()
    )


def _rows(page, table: str = "table#events") -> list[list[str]]:
    """Body rows of a table as lists of cell texts."""
    return [r.locator("td").all_inner_texts() for r in page.locator(f"{table} tr").all()
            if r.locator("td").count()]  # fmt: skip


def _api(server: str, path: str, **params) -> dict:
    import json
    from urllib.parse import urlencode
    from urllib.request import urlopen

    with urlopen(f"{server}{path}?{urlencode(params)}") as response:  # noqa: S310 (loopback)
        return json.load(response)


def test_select_filters_narrow_the_events(server, page):
    page.goto(server + "/events")
    page.select_option("#event-filters select[name=country]", "PAK")
    page.select_option("#event-filters select[name=quadclass]", "verbal_conflict")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**/events?*quadclass=verbal_conflict*")
    expected = _api(server, "/api/events", country="PAK", quadclass="verbal_conflict")
    rows = _rows(page)
    assert len(rows) == expected["total"] > 0
    assert {r[7] for r in rows} == {"PAK"}  # the country column
    assert page.locator("#event-filters select[name=country]").input_value() == "PAK"
    assert page.errors == [] and page.remote == []


def test_csv_download_holds_the_filtered_events(server, page, tmp_path):
    import csv

    page.goto(server + "/events?actor=PAK")
    with page.expect_download() as info:
        page.click("#dl-events a.dl-csv")
    download = info.value
    assert download.suggested_filename == "events.csv"
    path = tmp_path / "events.csv"
    download.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == _api(server, "/api/events", actor="PAK")["total"] > 0
    assert all("PAK" in (r["source"], r["target"]) for r in rows)
    assert {"event_id", "quote", "outlet_country", "quadclass"} <= set(rows[0])


def test_compare_page_sides_and_links(server, page):
    page.goto(server + "/compare")
    assert page.locator("#side-PAK h3").inner_text() == "Pakistan (PAK)"
    assert page.locator("#side-IND h3").inner_text() == "India (IND)"
    page.select_option("#compare-filters select[name=a]", "IND")
    page.select_option("#compare-filters select[name=b]", "PAK")
    page.click("#compare-filters button[type=submit]")
    page.wait_for_url("**/compare?*a=IND*")
    headers = page.locator("#compare-types tr").first.locator("th").all_inner_texts()
    assert headers[1:] == ["in India documents", "in Pakistan documents"]
    link = page.locator("#compare-types a.count").first
    count = int(link.inner_text())
    link.click()
    page.wait_for_url("**/events?*country=*")
    assert len(_rows(page)) == count
    assert page.errors == [] and page.remote == []


def test_date_range_narrows_pages_and_follows_navigation(server, page):
    page.goto(server + "/events")
    page.fill("#window input[name=since]", "2020-01-01")
    page.fill("#window input[name=until]", "2020-12-31")
    page.click("#window button[type=submit]")
    page.wait_for_url("**/events?*since=2020-01-01*")
    dates = [r[0] for r in _rows(page)]
    assert dates and all("2020-01-01" <= d <= "2020-12-31" for d in dates)
    page.click("#nav >> text=Documents")
    page.wait_for_url("**/documents?since=2020-01-01&until=2020-12-31")
    assert page.locator("#window input[name=since]").input_value() == "2020-01-01"
    published = [r[0] for r in _rows(page, "table#documents")]
    assert published and all(p.startswith("2020") for p in published)
    page.click("#nav >> text=Compare")
    page.wait_for_url("**/compare?since=2020-01-01&until=2020-12-31")
    assert page.locator("#window-note").inner_text() == "Dates 2020-01-01 to 2020-12-31"
    page.click("#window-clear")
    page.wait_for_url(lambda url: "since" not in url)
    assert page.errors == [] and page.remote == []


def test_small_tables_sort_in_the_page(server, page):
    page.goto(server + "/alignment")
    table = "#box-alignment table"
    header = page.locator(f"{table} th", has_text="support").first
    index = page.locator(f"{table} th").all_inner_texts().index("support")
    header.click()
    first = [int(r[index]) for r in _rows(page, table)]
    assert first == sorted(first, reverse=True) and len(set(first)) > 1
    header.click()
    assert [int(r[index]) for r in _rows(page, table)] == sorted(first)
    assert page.errors == []


def test_search_box_finds_documents_by_their_text(server, page):
    page.goto(server + "/documents")
    page.fill("#document-filters input[name=q]", "flood relief")  # in a text, not in a title
    page.click("#document-filters button[type=submit]")
    page.wait_for_url("**/documents?*q=flood*")
    titles = page.locator("table#documents td a").all_inner_texts()
    assert titles == ["Quiet capitals"]
    assert "«flood» «relief»" in page.locator("table#documents .snippet").first.inner_text()
    assert page.errors == [] and page.remote == []
