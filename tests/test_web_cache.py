"""The dashboard's caches: recommendations grouped once per store and windowed cheaply,
pinned overview entries that a burst of date windows cannot evict, and an overview that
answers while the grouping still runs."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

import flashpoint.analysis.recommendations as recommendations
from flashpoint.document import Document, Recommendation
from flashpoint.store import open_store
from flashpoint.web import create_app
from flashpoint.web.state import ResultCache, StoreView
from test_analysis_data import build_store

ASKS = ["hold the promised plebiscite", "stop the firing on the line", "release the prisoners"]
ADDRESSEES = ["IND", "PAK", "UN"]


def _rec_doc(n: int) -> tuple[Document, list[dict]]:
    """Document ``n`` (published 2000+n) with two or three asks, and the asks as the test
    knows them."""
    asks = [(ASKS[(n + k) % 3], ADDRESSEES[(n * k) % 3]) for k in range(2 + n % 2)]
    sentences = [f"The world must {action} now ({n}.{k})." for k, (action, _) in enumerate(asks)]
    text = " ".join(sentences)
    doc = Document(text, doc_id=f"doc-{n:02d}", title=f"Speech {n}", outlet=f"Outlet {n % 4}",
                   outlet_country="PAK" if n % 2 else "IND", published=f"{2000 + n}-0{1 + n % 9}-15")  # fmt: skip
    known = []
    for (action, addressee), sentence in zip(asks, sentences, strict=True):
        start = text.index(sentence)
        doc.recommendations.append(
            Recommendation(addressee, action, sentence, start, start + len(sentence), 0.9)
        )
        known.append({"doc_id": doc.doc_id, "action": action, "addressee": addressee,
                      "date": doc.published})  # fmt: skip
    return doc, known


@pytest.fixture(scope="module")
def rec_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("recs") / "store.duckdb"
    docs, known = zip(*(_rec_doc(n) for n in range(16)), strict=True)
    with open_store(db) as store:
        store.save(list(docs), store.start_run({}))
    return db, [k for ks in known for k in ks]


def _by_action(texts: list[str], distance: float | None = None) -> tuple[list[int], str]:
    """A stand-in clusterer: same ask, same group (the real one is tested elsewhere)."""
    labels = {t: i for i, t in enumerate(dict.fromkeys(texts))}
    return [labels[t] for t in texts], "test"


@pytest.fixture
def counted(monkeypatch):
    calls = []

    def cluster(texts, distance=None):
        calls.append(len(texts))
        return _by_action(texts, distance)

    monkeypatch.setattr(recommendations, "cluster", cluster)
    return calls


def _expected(known: list[dict], since: str, until: str, addressee: str | None) -> dict:
    inside = [k for k in known if since <= k["date"] <= until
              and (addressee is None or k["addressee"] == addressee)]  # fmt: skip
    return {
        action: {"mentions": len(ks), "documents": len({k["doc_id"] for k in ks}),
                 "first_seen": min(k["date"] for k in ks), "last_seen": max(k["date"] for k in ks)}
        for action in ASKS if (ks := [k for k in inside if k["action"] == action])
    }  # fmt: skip


@pytest.fixture(scope="module")
def grouped(rec_store):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(recommendations, "cluster", _by_action)
        return recommendations.group_recommendations(rec_store[0])


YEARS = st.integers(1998, 2018)


@settings(max_examples=40, deadline=None)
@given(a=YEARS, b=YEARS, addressee=st.sampled_from([None, *ADDRESSEES]))
def test_any_window_sums_the_store_wide_groups(rec_store, grouped, a, b, addressee):
    known = rec_store[1]
    since, until = f"{min(a, b)}-01-01", f"{max(a, b)}-12-31"
    rows = grouped.window_rows(since, until, addressee)
    got = {r["action"]: {k: r[k] for k in ("mentions", "documents", "first_seen", "last_seen")}
           for r in rows}  # fmt: skip
    assert got == _expected(known, since, until, addressee)
    assert [r["group"] for r in rows] == list(range(1, len(rows) + 1))
    order = [(-r["documents"], -r["mentions"]) for r in rows]
    assert order == sorted(order)
    for r in rows:
        assert all(since <= i["date"] <= until for i in r["items"])


@settings(max_examples=25, deadline=None)
@given(a=YEARS, b=YEARS, addressee=st.sampled_from([None, *ADDRESSEES]))
def test_the_json_of_a_window_is_its_rows(grouped, a, b, addressee):
    since, until = str(min(a, b)), str(max(a, b))
    assert json.loads(grouped.window_json(since, until, addressee)) == grouped.window_rows(
        since, until, addressee
    )


def test_the_store_is_clustered_once_for_every_window(rec_store, counted):
    db, known = rec_store
    with TestClient(create_app(db, warm=False)) as client:
        for year in range(2000, 2016):
            window = {"since": str(year), "until": str(year + 3)}
            rows = client.get("/api/recommendations", params=window).json()
            assert sum(r["mentions"] for r in rows) == sum(
                str(year) <= k["date"][:4] <= str(year + 3) for k in known
            )
        assert client.get("/api/recommendations", params={"since": "2031"}).json() == []
    assert counted == [len(known)]  # one clustering, of every recommendation


def test_cli_tracker_windows_the_same_groups(rec_store, counted):
    db, known = rec_store
    whole = recommendations.tracker(db)
    part = recommendations.tracker(db, since="2004", until="2007", addressee="PAK")
    assert set(part["action"]) <= set(whole["action"])
    assert part["mentions"].sum() == sum(
        "2004" <= k["date"][:4] <= "2007" and k["addressee"] == "PAK" for k in known
    )
    with pytest.raises(ValueError, match="not a date"):
        recommendations.tracker(db, since="spring")


def test_a_burst_of_windows_keeps_the_overview_cached(rec_store, counted):
    db, _ = rec_store
    view = StoreView(db, cache_size=4)
    view.prime()
    view.warm()
    dyad, target = view.domain()  # the store's pack's main dyad and default target
    assert (dyad, target) == ("IND-PAK", "KASHMIRIS")
    front = ("front", dyad, target, None, None, False, None)
    assert front in view.cache and ("groups",) in view.cache
    for year in range(1990, 2030):
        view.tracker(None, str(year), None)
        view.alignment(str(year), None)
    assert front in view.cache and ("overview",) in view.cache and ("groups",) in view.cache
    assert len(view.cache._recent) <= 4  # windowed results stay bounded
    assert ("alignment", "2029", None, False, None) in view.cache
    assert ("alignment", "1990", None, False, None) not in view.cache  # least recently used went first
    assert counted == [counted[0]]
    view.con.close()


def test_result_cache_computes_once_under_concurrency():
    cache, calls, barrier = ResultCache(size=2), Counter(), threading.Barrier(6)

    def slow() -> int:
        calls["x"] += 1
        time.sleep(0.2)
        return 42

    results = []

    def ask() -> None:
        barrier.wait()
        results.append(cache.get(("x",), slow))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 6 and calls["x"] == 1


def test_result_cache_pins_and_evicts_least_recent():
    cache = ResultCache(size=2)
    cache.get(("pinned",), lambda: 0, pin=True)
    for n in range(3):
        cache.get(("w", n), lambda n=n: n)
    cache.get(("w", 1), lambda: -1)  # a hit: 2 is now the least recently used
    cache.get(("w", 3), lambda: 3)
    assert ("pinned",) in cache and ("w", 1) in cache and ("w", 3) in cache
    assert ("w", 0) not in cache and ("w", 2) not in cache


def test_a_failed_computation_is_not_cached():
    cache = ResultCache()

    def fail() -> int:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        cache.get(("k",), fail)
    assert ("k",) not in cache and cache.get(("k",), lambda: 5) == 5


def test_overview_answers_while_the_grouping_runs(tmp_path, monkeypatch):
    db = build_store(tmp_path / "store.duckdb")
    release, real = threading.Event(), recommendations.group_recommendations

    def held(src, distance=None):
        release.wait(30)
        return real(src, distance)

    monkeypatch.setattr("flashpoint.analysis.group_recommendations", held)
    app = create_app(db, warm=True)
    with TestClient(app) as client:
        start = time.perf_counter()
        first = client.get("/")
        assert first.status_code == 200 and time.perf_counter() - start < 10
        assert 'id="grouping"' in first.text and "Most repeated recommendation" not in first.text
        release.set()
        app.state.view.groups()
        done = client.get("/")
        assert 'id="grouping"' not in done.text and "Most repeated recommendation" in done.text


def test_the_app_computes_the_overview_before_it_serves(tmp_path, monkeypatch):
    db = build_store(tmp_path / "store.duckdb")
    release = threading.Event()
    monkeypatch.setattr(
        "flashpoint.analysis.group_recommendations", lambda src, d=None: release.wait(30)
    )
    view = create_app(db, warm=True).state.view
    for key in [("overview",), ("names",), ("alignment", None, None, False, None), ("archive_totals", None, None),
                ("coalitions", view.domain()[1], False, None, None, False, None),
                ("timeline", None, "auto", None, None, None)]:  # fmt: skip
        assert key in view.cache, key
    assert not view.groups_ready()  # the grouping runs in the background
    release.set()
