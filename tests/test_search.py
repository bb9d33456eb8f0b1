"""``flashpoint search``: ranking, phrases, snippets and offsets, filters, the index kept in step
with re-saved documents, JSON output, usage errors and stores written without the index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.analysis.search import Filters, Query, SearchIndexMissing, search
from flashpoint.cli import app
from flashpoint.document import Document, Sentence
from flashpoint.store import open_store, search_index

# (doc_id, published, outlet country, text); sentences end at ". "
CORPUS = [
    ("lc", "2019-02-26", "PAK", "Shelling continued across the Line of Control overnight. "
     "Villagers near the border spent the night in bunkers."),
    ("talks", "2019-08-05", "IND", "India and Pakistan agreed to resume talks in Geneva. "
     "The talks on the line were held under the control of the UN."),
    ("cease", "2020-03-01", "PAK", "The ceasefire held for a week in Kashmir. "
     "India said the ceasefire was violated. Ceasefire ceasefire ceasefire."),
    ("india", "2021-01-10", "IND", "India welcomed the statement. India thanked the envoys. "
     "India and its allies met in Delhi."),
    ("mixed", "2021-06-30", None, "The envoys left Delhi. A violation of the accord was reported."),
]


def document(doc_id: str, text: str, published: str | None = None,
             country: str | None = None) -> Document:  # fmt: skip
    doc = Document(text, doc_id=doc_id, title=f"Title {doc_id}", outlet="Outlet",
                   outlet_country=country, published=published)  # fmt: skip
    doc.sentences = [Sentence(m.start(), m.end(), m.group()) for m in re.finditer(r"\S[^.]*\.", text)]
    return doc


def build(path: Path, corpus=CORPUS) -> Path:
    with open_store(path) as store:
        run = store.start_run({})
        store.save([document(i, text, day, country) for i, day, country, text in corpus], run)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("search") / "s.duckdb")


@pytest.fixture
def store(db):
    with open_store(db, read_only=True) as opened:
        yield opened


def run(*args: str):
    return CliRunner().invoke(app, ["search", *args], env={"COLUMNS": "250"})


def texts(db: Path) -> dict[str, str]:
    with open_store(db, read_only=True) as store:
        return {r["doc_id"]: r["text"] for r in store.query("SELECT doc_id, text FROM documents")}


# -- words and queries ---------------------------------------------------------------------------
def test_words_are_lower_case_singular_without_accents_or_stop_words():
    found = [t for _, _, t in search_index.tokens("The Talks of PARTIES, forces' Café—crisis news")]
    assert found == [None, "talk", None, "party", "force", "cafe", "crisis", "news"]
    # words YAML would read as booleans are stop words all the same
    assert [t for _, _, t in search_index.tokens("no talks on or off")] == [None, "talk", None, None, None]


def test_a_query_holds_words_and_phrases_with_their_gaps():
    query = Query.parse('ceasefire "Line of Control" cross-border talks "unclosed phrase')
    assert [u.terms for u in query.units] == [
        (("ceasefire", 0),), (("line", 0), ("control", 2)), (("cross", 0), ("border", 1)),
        (("talk", 0),), (("unclosed", 0), ("phrase", 1)),
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["", "   ", '""', "the of and", '"to be"'])
def test_a_query_without_searchable_words_is_refused(text):
    with pytest.raises(ValueError):
        Query.parse(text)


# -- ranking -------------------------------------------------------------------------------------
def test_a_sentence_with_every_word_ranks_above_one_with_one_word_many_times(store):
    found = search(store, "ceasefire india", limit=10)
    assert (found[0]["doc_id"], found[0]["sentence"]) == ("cease", 1)
    assert found[0]["matched"] == found[0]["of"] == 2
    # "Ceasefire ceasefire ceasefire." holds the rarer word three times, but only one word
    assert all(r["matched"] == 1 for r in found[1:])
    assert ("cease", 2) in [(r["doc_id"], r["sentence"]) for r in found[1:]]


def test_all_words_rank_above_some_words_however_rare(tmp_path):
    filler = " ".join(f"word{i}" for i in range(30))
    corpus = [(f"common{i}", None, None, f"India and talks {i}.") for i in range(10)]
    corpus += [("rare", None, None, "Kashmir, Kashmir."),
               ("long", None, None, f"India held {filler} talks.")]  # fmt: skip
    db = build(tmp_path / "coord.duckdb", corpus)
    with open_store(db, read_only=True) as store:
        found = search(store, "kashmir india talks", limit=20)
    # one rare word twice in a short sentence outscores two common words, but ranks below them
    assert found[-1]["doc_id"] == "rare" and found[-1]["matched"] == 1
    assert all(r["matched"] == 2 for r in found[:-1]) and len(found) == 12
    assert found[-1]["score"] > max(r["score"] for r in found[:-1])
    assert found[-2]["doc_id"] == "long"  # the same words in a longer sentence weigh less


def test_rarer_words_weigh_more(store):
    # one sentence names Kashmir, five name India; both sentences below are short
    found = search(store, "india kashmir", limit=10)
    order = [(r["doc_id"], r["sentence"]) for r in found]
    assert order.index(("cease", 0)) < order.index(("india", 0))


def test_scores_fall_down_the_list(store):
    found = search(store, "india talks border", limit=20)
    keys = [(-r["matched"], -r["score"]) for r in found]
    assert keys == sorted(keys) and len(found) >= 5
    # enough sentences with every word: only those are ranked, and they are the same
    assert search(store, "india talks", limit=1) == search(store, "india talks", limit=20)[:1]


def test_a_phrase_matches_its_words_in_order_only(store):
    found = search(store, '"line of control"')
    assert [(r["doc_id"], r["sentence"]) for r in found] == [("lc", 0)]
    assert "«Line of Control»" in found[0]["snippet"]
    # the words apart ("the line were held under the control") do not make the phrase
    words = {(r["doc_id"], r["sentence"]) for r in search(store, "line control")}
    assert words == {("lc", 0), ("talks", 1)}


def test_a_word_no_sentence_holds_finds_nothing(store):
    assert search(store, "zebra") == []
    assert search(store, '"zebra border"') == []


# -- snippets and offsets ------------------------------------------------------------------------
def test_offsets_point_at_the_sentence_and_the_matched_words_in_the_document(store, db):
    text = texts(db)
    found = search(store, 'talks "line of control" envoys', limit=20)
    assert found
    for row in found:
        doc = text[row["doc_id"]]
        sentence = doc[row["start"] : row["end"]]
        assert sentence.endswith(".") and row["snippet"].replace("«", "").replace("»", "") == sentence
        assert row["matches"]
        for a, b in row["matches"]:
            assert row["start"] <= a < b <= row["end"]
            assert doc[a:b].lower() in ("talks", "line of control", "envoys")
            assert f"«{doc[a:b]}»" in row["snippet"]


def test_a_long_sentence_is_clipped_around_its_first_match(tmp_path):
    text = " ".join(["word"] * 100) + " ceasefire " + " ".join(["word"] * 100) + "."
    db = build(tmp_path / "long.duckdb", [("long", None, None, text)])
    with open_store(db, read_only=True) as store:
        (row,) = search(store, "ceasefire")
    assert row["snippet"].startswith("…") and row["snippet"].endswith("…")
    assert "«ceasefire»" in row["snippet"] and len(row["snippet"]) < 260
    assert text[row["matches"][0][0] : row["matches"][0][1]] == "ceasefire"


# -- documents, filters --------------------------------------------------------------------------
def test_the_document_view_rolls_sentences_up(store):
    found = search(store, "envoys violation", docs=True)
    # "mixed" holds both words, in two sentences; "india" only one of them
    assert [r["doc_id"] for r in found] == ["mixed", "india"]
    assert found[0]["matched"] == 2 and {s["sentence"] for s in found[0]["sentences"]} == {0, 1}
    india = search(store, "india", docs=True)
    assert india[0]["doc_id"] == "india" and len(india[0]["sentences"]) == 3


@pytest.mark.parametrize(("filters", "want"), [
    (Filters.parse(since="2020"), {"cease", "india"}),
    (Filters.parse(until="2019-08"), {"talks"}),
    (Filters.parse(since="2019-08-05", until="2020-03-01"), {"talks", "cease"}),
    (Filters.parse(outlet_country="ind"), {"talks", "india"}),
    (Filters.parse(since="2021", outlet_country="PAK"), set()),
])  # fmt: skip
def test_filters_on_publication_date_and_outlet_country(store, filters, want):
    found = search(store, "india talks ceasefire", limit=50, filters=filters)
    assert {r["doc_id"] for r in found} == want


def test_a_bad_date_is_refused():
    with pytest.raises(ValueError):
        Filters.parse(since="2020-13")


# -- the index stays in step with the documents --------------------------------------------------
def test_saving_a_document_again_replaces_its_postings(tmp_path):
    db = build(tmp_path / "s.duckdb", CORPUS[:2])
    with open_store(db) as store:
        run = store.start_run({})
        store.save([document("lc", "Artillery fire near the Line of Control.")], run)
        store.save([document("renamed", CORPUS[1][3])], run)  # same text under a new id
        assert [r["doc_id"] for r in search(store, "shelling villagers")] == []
        assert [(r["doc_id"], r["sentence"]) for r in search(store, "artillery")] == [("lc", 0)]
        assert {r["doc_id"] for r in search(store, "geneva")} == {"renamed"}
        keys = store.query("SELECT doc_id FROM search_docs ORDER BY doc_id")
        assert [r["doc_id"] for r in keys] == ["lc", "renamed"]
        orphans = store.query("SELECT count(*) AS n FROM search_terms "
                              "WHERE doc_key NOT IN (SELECT doc_key FROM search_docs)")  # fmt: skip
        assert orphans[0]["n"] == 0


def test_a_failed_batch_keeps_the_postings_it_would_have_replaced(tmp_path):
    db = build(tmp_path / "s.duckdb", CORPUS[:1])
    with open_store(db) as store:
        run = store.start_run({})
        bad = document("bad", "Ceasefire talks.")
        bad.sentences[0].text = None  # fails while its postings are built, after the documents
        with pytest.raises(TypeError):
            store.save([document("lc", "Artillery fire."), bad], run)
        assert [r["doc_id"] for r in search(store, "shelling")] == ["lc"]
        assert search(store, "artillery") == []
        assert store.query("SELECT count(*) AS n FROM search_docs")[0]["n"] == 1


def test_the_end_of_a_run_sorts_the_postings_by_word_once_enough_came_unsorted(tmp_path, monkeypatch):
    def term_ids(store) -> list[int]:
        return [r["term_id"] for r in store.query("SELECT term_id FROM search_terms")]

    with open_store(tmp_path / "s.duckdb") as store:
        run = store.start_run({})
        for doc_id, day, country, text in CORPUS:  # one batch each: sorted batch by batch
            store.save([document(doc_id, text, day, country)], run)
        before = search(store, "india talks border", limit=50)
        store.finish_run(run, "finished")  # far below the minimum: left as it is
        assert term_ids(store) != sorted(term_ids(store))
        monkeypatch.setattr(search_index, "MIN_UNSORTED", 10)
        store.finish_run(run, "finished")
        assert term_ids(store) == sorted(term_ids(store))
        assert search(store, "india talks border", limit=50) == before
        assert search_index.tidy(store.con) is False  # nothing new since


# -- the command ---------------------------------------------------------------------------------
def test_json_rows_carry_document_fields_snippets_and_offsets(db):
    result = run('"line of control"', "shelling", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["doc_id"] == "lc" and row["title"] == "Title lc" and row["published"] == "2019-02-26"
    assert row["outlet"] == "Outlet" and row["outlet_country"] == "PAK"
    assert (row["sentence"], row["start"], row["matched"], row["of"]) == (0, 0, 2, 2)
    assert row["matches"] == [[0, 8], [30, 45]]
    assert row["snippet"] == "«Shelling» continued across the «Line of Control» overnight."


def test_an_argument_with_spaces_is_a_phrase(db):
    result = run("line of control", "--db", str(db), "--json", "--docs")
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in json.loads(result.stdout)] == ["lc"]


def test_the_table_shows_documents_offsets_and_snippets(db):
    result = run("ceasefire", "--db", str(db), "--limit", "2", "--since", "2020", "--outlet-country", "PAK")
    assert result.exit_code == 0, result.output
    assert "cease" in result.stdout and "#0 0-41" in result.stdout and "2 sentences" in result.stdout


@pytest.mark.parametrize("args", [
    [], [""], ["the"], ["india", "--since", "2020-13"], ["india", "--until", "soon"],
    ["india", "--limit", "0"], ["india", "--limit", "many"], ["india", "--bogus"],
])  # fmt: skip
def test_bad_parameters_are_one_line_and_exit_2(db, args):
    result = run(*args, "--db", str(db))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")


def test_a_missing_store_is_one_line(tmp_path):
    result = run("india", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def old_store(path: Path) -> Path:
    """A store as written before the index existed: no search tables, no mark."""
    build(path)
    with open_store(path) as store:
        for table in ("search_terms", "search_docs", "search_vocab"):
            store.con.execute(f"DROP TABLE {table}")
        store.con.execute("DELETE FROM store_meta WHERE key = 'search_index'")
    return path


def test_a_store_without_the_index_says_how_to_build_it_and_reindex_builds_it(tmp_path):
    db = old_store(tmp_path / "old.duckdb")
    result = run("ceasefire", "--db", str(db))
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "has no search index" in line and f"flashpoint search --reindex --db {db}" in line
    result = run("ceasefire", "--db", str(db), "--reindex", "--json")
    assert result.exit_code == 0, result.output
    assert "search index built for 5 documents" in result.stderr
    assert [r["doc_id"] for r in json.loads(result.stdout)][:1] == ["cease"]


def test_an_old_store_written_again_asks_for_a_rebuild_until_it_gets_one(tmp_path):
    db = old_store(tmp_path / "old.duckdb")
    with open_store(db) as store:  # a new flashpoint adds the tables, and indexes new documents
        store.save([document("new", "Ceasefire agreed.")], store.start_run({}))
        with pytest.raises(SearchIndexMissing, match="incomplete"):
            search(store, "ceasefire")
        assert search_index.rebuild(store.con) == 6
        assert {r["doc_id"] for r in search(store, "ceasefire")} == {"cease", "new"}
        # a rebuilt index is sorted by word, and answers as the one written at save time
        ids = [r["term_id"] for r in store.query("SELECT term_id FROM search_terms")]
        assert ids == sorted(ids)
    fresh = build(tmp_path / "new.duckdb", [*CORPUS, ("new", None, None, "Ceasefire agreed.")])
    assert same_results(db, fresh, "talks line") and same_results(db, fresh, '"line of control"')


def same_results(a: Path, b: Path, query: str) -> bool:
    found = []
    for path in (a, b):
        with open_store(path, read_only=True) as store:
            rows = search(store, query, limit=50, docs=True)
        found.append(sorted((r["doc_id"], r["score"], r["matched"]) for r in rows))
    return found[0] == found[1] and bool(found[0])


def test_an_index_of_another_version_asks_for_a_rebuild(db, tmp_path):
    copy = build(tmp_path / "v.duckdb")
    with open_store(copy) as store:
        store.con.execute("UPDATE store_meta SET value = '0' WHERE key = 'search_index'")
    result = run("india", "--db", str(copy))
    assert result.exit_code == 1 and "version 0" in result.stderr and "--reindex" in result.stderr
    assert run("--reindex", "--db", str(copy)).exit_code == 0
    assert run("india", "--db", str(copy)).exit_code == 0


# -- the dashboard's search box ------------------------------------------------------------


def test_dashboard_document_search_uses_the_full_text_ranking(db):
    from fastapi.testclient import TestClient

    from flashpoint.web import create_app

    with TestClient(create_app(db)) as client:
        found = client.get("/api/documents", params={"q": "ceasefire india"}).json()["items"]
        assert found[0]["doc_id"] == "cease"  # both words, and the rarer one often
        assert "«ceasefire»" in found[0]["match"]["snippet"]
        ids = [d["doc_id"] for d in found]
        assert ids == [h["doc_id"] for h in search(db, "ceasefire india", limit=50, docs=True)]
        by_title = client.get("/api/documents", params={"q": "Title mixed"}).json()["items"]
        assert [d["doc_id"] for d in by_title] == ["mixed"]  # titles still match
        page = client.get("/documents", params={"q": "bunkers"})
        assert page.status_code == 200 and "Title lc" in page.text and "Title talks" not in page.text
        newest = client.get("/api/documents", params={"q": "india", "sort": "published"}).json()
        assert [d["published"] for d in newest["items"]] == sorted(
            (d["published"] for d in newest["items"]), reverse=True)
