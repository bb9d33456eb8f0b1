"""Relevance to the pack's topic: the score of sentences and documents, the views that keep
the relevant part by default (``--all`` widens them), and silences that need an occasion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.analysis import alignment, coalitions, silences, tracker
from flashpoint.analysis.silences import ABSENCE, STANCE
from flashpoint.cli import app
from flashpoint.document import Document, Event, Mention, Recommendation, Reference, Sentence
from flashpoint.relevance import RELEVANT, RelevanceStage, load_topic, score_document
from flashpoint.store import open_store

runner = CliRunner()


def _doc(paragraphs: list[list[str]], names: dict[str, str], **meta) -> Document:
    """A document of the given paragraphs (blank lines between them), its sentences set by
    hand and every occurrence of the ``names`` marked as a mention of their actor."""
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    doc = Document(text, **meta)
    at = 0
    for para in paragraphs:
        for sent in para:
            start = doc.text.index(sent, at)
            doc.sentences.append(Sentence(start, start + len(sent), sent))
            at = start + len(sent)
    for name, actor in names.items():
        start = doc.text.find(name)
        while start >= 0:
            i = doc.sentence_index(start)
            doc.mentions.append(Mention(start, start + len(name), name, actor, sentence=i))
            start = doc.text.find(name, start + 1)
    return doc


NAMES = {"India": "IND", "Pakistan": "PAK", "OIC": "OIC", "Kashmiris": "KASHMIRIS",
         "UN": "UN", "Japan": "JPN"}  # fmt: skip
SPEECH = [
    ["Climate change threatens every coastline.", "Debt relief must come faster for the poor."],
    ["Pakistan desires friendly relations with India.",
     "We believe that talks are the only way forward.",
     "The people there deserve a vote on their future."],
    ["Japan backed our proposal on ocean plastics.", "We thank all delegations."],
]  # fmt: skip


def test_a_sentence_on_the_topic_scores_high_and_carries_its_neighbours_in_the_paragraph():
    doc = _doc(SPEECH, NAMES, outlet_country="PAK")
    scores, document = score_document(doc, load_topic("kashmir"))
    climate, debt, friendly, talks, vote, japan, thanks = scores
    assert friendly >= RELEVANT  # both parties of the conflict in one sentence
    assert talks >= RELEVANT  # carried on from it, in its paragraph
    assert 0 < vote < talks  # farther from it, less (decay ** 2 falls under the cut)
    for other in (climate, debt, japan, thanks):  # other paragraphs, other subjects
        assert other < RELEVANT
    assert 0.5 < document <= 1.0


def test_places_and_archive_entries_are_on_the_topic_and_the_writers_own_country_is_not():
    topic = load_topic("kashmir")
    doc = _doc([["Curfew was imposed in Srinagar."], ["The Simla accord was cited."],
                ["Pakistan held elections."], ["India held elections."]],
               {"Pakistan": "PAK", "India": "IND"}, outlet_country="PAK")  # fmt: skip
    doc.references.append(Reference("SIMLA_AGREEMENT", "Simla accord", doc.text.index("Simla"),
                                    doc.text.index("Simla") + 12))  # fmt: skip
    place, ref, own, other = score_document(doc, topic)[0]
    assert place >= RELEVANT and ref >= RELEVANT
    assert own < RELEVANT  # the writer's own country alone
    assert other > own  # the other party counts more


def test_a_document_without_a_word_of_the_topic_scores_zero():
    doc = _doc([["We will plant a billion trees.", "Our schools are open to all."]], {})
    assert RelevanceStage(pack="kashmir")(doc).relevance == 0.0
    assert doc.sentence_relevance == [0.0, 0.0]


# -- a store whose sentences were scored: one on-topic and one off-topic item of each kind ---
ON = "India accused Pakistan of shelling villages across the Line of Control in Kashmir."
OFF = "India praised Japan for its support on climate finance at the summit."
OIC = "The OIC has yet to convene a meeting on the plight of Kashmiris."
NEGATED = "The UN did not condemn the killings in Kashmir."
QUIET = "India remained silent on Kashmir, as it always does."


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("relevance") / "store.duckdb"
    doc = _doc([[ON, OIC, NEGATED], [OFF], [QUIET]], NAMES, doc_id="d1", title="d1",
               outlet="Ledger", published="2020-05-01")  # fmt: skip
    RelevanceStage(pack="kashmir")(doc)
    on, off = doc.text.index(ON), doc.text.index(OFF)
    neg = doc.text.index(NEGATED)
    doc.events += [
        Event("ACCUSE", "IND", "PAK", quote=ON, start=on, end=on + len(ON), confidence=0.9),
        Event("SUPPORT", "IND", "JPN", quote=OFF, start=off, end=off + len(OFF), confidence=0.9),
        Event("ACCUSE", "UN", "IND", status="negated", quote=NEGATED, start=neg,
              end=neg + len(NEGATED), confidence=0.9),
    ]  # fmt: skip
    doc.recommendations += [
        Recommendation("PAK", "stop the shelling across the Line of Control", ON, on, on + len(ON)),
        Recommendation("JPN", "raise climate finance for small islands", OFF, off, off + len(OFF)),
    ]  # fmt: skip
    with open_store(path) as store:
        store.save([doc], "run")
    return path


def test_scores_are_stored_with_the_sentences_and_the_document(db):
    with open_store(db, read_only=True) as store:
        rows = store.query("SELECT text, relevance FROM sentences ORDER BY idx")
        document = store.query("SELECT relevance FROM documents")[0]["relevance"]
    scores = {r["text"]: r["relevance"] for r in rows}
    assert scores[ON] >= RELEVANT and scores[OFF] < RELEVANT
    assert document >= RELEVANT


def _pairs(rows) -> set[tuple[str, str]]:
    """Pairs with support or opposition (the negated event is a silence of the UN)."""
    return {(r["holder"], r["target"]) for r in rows if r["support"] or r["oppose"]}


def test_alignment_keeps_the_relevant_part_and_all_widens_it(db):
    assert _pairs(alignment(db).to_dict("records")) == {("IND", "PAK")}
    assert ("IND", "JPN") in _pairs(alignment(db, relevant_only=False).to_dict("records"))
    narrow = json.loads(runner.invoke(app, ["alignment", "--db", str(db), "--json"]).stdout)
    wide = json.loads(runner.invoke(app, ["alignment", "--db", str(db), "--json", "--all"]).stdout)
    assert _pairs(narrow) == {("IND", "PAK")}
    assert {("IND", "PAK"), ("IND", "JPN")} <= _pairs(wide)


def test_coalitions_and_recommendations_follow_the_same_switch(db):
    assert coalitions(db, "JPN").empty
    assert not coalitions(db, "JPN", relevant_only=False).empty
    assert [a["id"] for g in tracker(db)["addressees"] for a in g] == ["PAK"]
    result = runner.invoke(app, ["recommendations-tracker", "--db", str(db), "--json", "--all"])
    assert result.exit_code == 0, result.output
    assert {a["id"] for g in json.loads(result.stdout) for a in g["addressees"]} == {"PAK", "JPN"}
    result = runner.invoke(app, ["coalitions", "--db", str(db), "--target", "JPN", "--json"])
    assert json.loads(result.stdout) == []


def test_silences_need_an_expected_speaker_and_a_sentence_that_says_so(db):
    result = runner.invoke(app, ["silences", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    stance = {r["holder"]: r for r in rows if r["kind"] == STANCE}
    assert set(stance) == {"OIC", "UN"}  # India is silent too, but nobody expects it to speak
    oic = stance["OIC"]
    assert oic["quote"] == OIC and "has yet to" in oic["cue"] and oic["on"] == "KASHMIRIS"
    assert oic["sentence"] == 1 and oic["start"] < oic["end"] and oic["doc_id"] == "d1"
    assert "not ACCUSE" in stance["UN"]["cue"]  # a negated event of an expected speaker
    absent = {r["holder"]: r for r in rows if r["kind"] == ABSENCE}
    assert {"OIC", "UN"} <= set(absent)  # neither acts anywhere in the store
    assert absent["OIC"]["mentions"] == 1 and absent["OIC"]["quote"] == OIC
    only = runner.invoke(app, ["silences", "--db", str(db), "--json", "--kind", "absence"])
    assert {r["kind"] for r in json.loads(only.stdout)} == {ABSENCE}
    bad = runner.invoke(app, ["silences", "--db", str(db), "--kind", "loud"])
    assert bad.exit_code == 2


def test_silences_keep_their_kinds_apart_in_the_table_too(db):
    result = runner.invoke(app, ["silences", "--db", str(db)])
    assert result.exit_code == 0
    assert "Stance silences" in result.stdout and "Absence of events" in result.stdout
    assert {r["kind"] for r in silences(db).to_dict("records")} == {STANCE, ABSENCE}


@pytest.mark.slow
def test_the_seeds_name_the_oic_and_the_muslim_world_silent(shared_dir, tmp_path):
    store = tmp_path / "seeds.duckdb"
    result = runner.invoke(app, ["analyze", str(shared_dir / "corpus" / "seeds"), "--db",
                                 str(store), "--quiet"])  # fmt: skip
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["silences", "--db", str(store), "--json", "--kind", "stance"])
    holders = {r["holder"] for r in json.loads(result.stdout)}
    assert {"OIC", "MUSLIM_WORLD"} <= holders


# -- the dashboard: all=1, the threshold, index bars linked to their events -------------------
@pytest.fixture(scope="module")
def client(db):
    from fastapi.testclient import TestClient

    from flashpoint.web import create_app

    with TestClient(create_app(db)) as c:
        yield c


def test_the_dashboard_keeps_the_topic_unless_all_is_asked(client):
    narrow = client.get("/api/alignment").json()
    wide = client.get("/api/alignment?all=1").json()
    assert _pairs(narrow) == {("IND", "PAK")}
    assert ("IND", "JPN") in _pairs(wide)
    groups = client.get("/api/recommendations").json()
    assert {a["id"] for g in groups for a in g["addressees"]} == {"PAK"}
    page = client.get("/alignment").text
    assert 'id="scope-all"' in page and "all=1" in page
    assert 'id="scope-topic"' in client.get("/alignment?all=1").text
    stance = client.get("/api/silences?kind=stance").json()
    assert {r["holder"] for r in stance} == {"OIC", "UN"}
    assert {r["kind"] for r in stance} == {STANCE}


@pytest.mark.parametrize("query", [
    "all=2", "all=maybe", "min_confidence=1.5", "min_confidence=-0.1", "min_confidence=high",
    "min_confidence=nan",
])  # fmt: skip
@pytest.mark.parametrize("path", ["/", "/alignment", "/api/alignment", "/api/coalitions"])
def test_bad_all_or_threshold_values_answer_4xx(client, path, query):
    response = client.get(f"{path}?{query}")
    assert 400 <= response.status_code < 500, (path, query, response.status_code)


@pytest.mark.parametrize("path", ["/timeline", "/api/dyad-index", "/events", "/api/events",
                                  "/api/silences", "/api/timeline"])  # fmt: skip
def test_the_threshold_is_checked_everywhere_it_is_taken(client, path):
    assert client.get(f"{path}?min_confidence=2").status_code in (400, 422)
    assert client.get(f"{path}?min_confidence=0.5").status_code == 200
    if not path.startswith("/api"):  # a form's empty field means the default
        assert client.get(f"{path}?min_confidence=").status_code == 200


def test_each_index_bar_links_to_the_events_it_counts(client):
    import re

    html = client.get("/timeline?freq=month").text
    spec = json.loads(re.search(r'id="spec-dyad"[^>]*>(.*?)</script>', html, re.S).group(1))
    bars = [v for v in spec["data"]["values"] if v["events"]]
    assert bars
    for bar in bars:
        assert bar["label"].startswith(str(bar["events"]))
        assert bar["label"].endswith("*") == (bar["events"] <= 2)
        found = client.get("/api" + bar["href"]).json()
        assert found["total"] == bar["events"]
        assert {e["date"][:7] for e in found["items"]} == {bar["period"]}


def test_the_reports_glance_keeps_the_topic_unless_all_is_given(db, tmp_path):
    def glance(*extra: str) -> str:
        out = tmp_path / f"r{len(extra)}.html"
        result = runner.invoke(app, ["report", "--db", str(db), "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
        html = out.read_text(encoding="utf-8")
        box = html[html.index('<ul class="glance">') :]
        return box[: box.index("</ul>")]

    narrow, wide = glance(), glance("--all")
    assert "Japan" not in narrow and "Japan" in wide  # India's praise of Japan, off the topic
    assert "Silent, a text says (2)" in narrow  # the OIC and the UN


def test_the_documents_list_shows_and_sorts_by_the_topic_score(client):
    rows = client.get("/api/documents?sort=topic").json()["items"]
    assert rows and rows[0]["topic"] >= RELEVANT
    assert "on topic" in client.get("/documents").text
