"""Analyses over a small constructed store (hand-set events and stances, no models)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flashpoint import analysis
from flashpoint.analysis.scales import QUADCLASSES, load_weights, quadclass
from flashpoint.cli import app
from test_analysis_data import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("analysis") / "store.duckdb")


def _cell(frame, holder, target):
    rows = frame[(frame["holder"] == holder) & (frame["target"] == target)]
    assert len(rows) == 1, (holder, target)
    return rows.iloc[0]


def test_weights_cover_every_plover_type_with_the_quadclass_sign():
    weights = load_weights()
    for event_type, weight in weights.events.items():
        cls = quadclass(event_type)
        assert cls in QUADCLASSES
        if "conflict" in cls:
            assert weight < 0, event_type
        elif event_type != "REQUEST":
            assert weight > 0, event_type


def test_alignment_counts_support_opposition_and_silence_apart(db):
    table = analysis.alignment(db)
    mys = _cell(table, "MYS", "KASHMIRIS")
    # two asserted supports; the stance restating the first event is not counted twice
    assert (mys.support, mys.oppose, mys.silent) == (2, 0, 1)
    assert mys.score == pytest.approx(2 * load_weights().event("SUPPORT"))
    sau = _cell(table, "SAU", "IND")  # a negated condemnation is a silence, not a zero row
    assert (sau.support, sau.oppose, sau.silent) == (0, 0, 1)
    ind = _cell(table, "IND", "PAK")  # the hypothetical strike is left out of alignment
    assert ind.oppose == 2
    assert ind.score == pytest.approx(
        load_weights().event("ACCUSE") + load_weights().event("THREATEN")
    )
    assert all(e["quote"] for e in mys.evidence)


def test_alignment_period_filter(db):
    table = analysis.alignment(db, since="2021", until="2021-12")
    assert set(zip(table["holder"], table["target"], strict=True)) == {
        ("MYS", "KASHMIRIS"), ("USA", "PAK"), ("USA", "IND"), ("PAK", "IND")}  # fmt: skip
    assert _cell(table, "MYS", "KASHMIRIS").silent == 1
    assert _cell(table, "MYS", "KASHMIRIS").support == 0


def test_bad_dates_are_refused_with_a_message(db):
    with pytest.raises(ValueError, match="not a date"):
        analysis.alignment(db, since="last spring")


def test_reciprocity_is_symmetric(db):
    ledger = analysis.reciprocity(db)
    pak_mys = ledger[(ledger["actor"] == "PAK") & (ledger["partner"] == "MYS")].iloc[0]
    mys_pak = ledger[(ledger["actor"] == "MYS") & (ledger["partner"] == "PAK")].iloc[0]
    assert (pak_mys.support_given, pak_mys.support_received) == (1, 0)
    assert (mys_pak.support_given, mys_pak.support_received) == (0, 1)
    assert pak_mys.balance == -mys_pak.balance == 1
    only_pak = analysis.reciprocity(db, actor="PAK")
    assert set(only_pak["actor"]) == {"PAK"}


def test_coalitions_track_a_change_of_side(db):
    table = analysis.coalitions(db, "KASHMIRIS")
    sides = {(r.year, r.holder): r.side for r in table.itertuples()}
    assert sides[("2019", "MYS")] == "with" and sides[("2019", "TUR")] == "with"
    assert sides[("2021", "MYS")] == "silent"
    summary = analysis.coalition_summary(table)
    last = summary[summary["year"] == "2021"].iloc[0]
    assert last["silent"] == ["MYS"] and last["changed"] == ["MYS: with → silent"]
    states = analysis.coalitions(db, "IND", states_only=True)
    assert set(states["holder"]) == {"SAU", "PAK", "USA"}


def test_timeline_by_quadclass_keeps_hypothetical_apart(db):
    line = analysis.timeline(db, freq="year")
    assert list(line["period"]) == ["2019", "2020", "2021"]
    y2020 = line[line["period"] == "2020"].iloc[0]
    assert y2020["verbal_cooperation"] == 2 and y2020["verbal_conflict"] == 1
    assert y2020["material_conflict"] == 0 and y2020["hypothetical"] == 1
    monthly = analysis.timeline(db, freq="month")
    assert monthly["period"].iloc[0] == "2019-08" and monthly["period"].iloc[-1] == "2021-06"
    assert len(monthly) == 23  # gaps are filled with zero rows
    dyad = analysis.timeline(db, dyad="IND-PAK", freq="year")
    assert int(dyad[["verbal_cooperation", "material_cooperation"]].sum().sum()) == 0


def test_dyad_index_and_risk(db):
    w = load_weights()
    index = analysis.dyad_index(db, "IND-PAK", freq="year").set_index("period")
    assert index.loc["2020", "IND_to_PAK"] == pytest.approx(w.event("THREATEN"))
    assert index.loc["2020", "hypothetical"] == 1
    assert index.loc["2020", "risk"] == pytest.approx(abs(w.event("ASSAULT")))
    assert index.loc["2021", "PAK_to_IND"] == pytest.approx(w.event("ACCUSE") + w.event("PROTEST"))
    assert index.loc["2019", "risk"] == 0
    with pytest.raises(ValueError, match="dyad"):
        analysis.dyad_index(db, "IND")


def test_recommendation_tracker_groups_similar_asks(db):
    groups = analysis.tracker(db)
    top = groups.iloc[0]
    assert top["documents"] == 2 and top["mentions"] == 2
    assert top["first_seen"] == "2019-08-10" and top["last_seen"] == "2020-02-05"
    assert [a["id"] for a in top["addressees"]] == ["PAK"]
    assert len(groups) == 2  # the lockdown ask stays on its own
    per = analysis.by_addressee(db).set_index("addressee")
    assert per.loc["PAK", "recommendations"] == 2


def test_clustering_falls_back_to_tfidf(monkeypatch):
    import flashpoint.analysis.recommendations as recs

    def broken(texts):
        raise RuntimeError("encoder unavailable")

    monkeypatch.setattr("flashpoint.nlp.embeddings.encode", broken, raising=False)
    labels, method = recs.cluster(
        ["restore the ceasefire line", "restore the ceasefire on the line", "fund the dam project"]
    )
    assert method == "tfidf"
    assert labels[0] == labels[1] != labels[2]


def test_archive_and_frames(db):
    totals = analysis.archive_totals(db).set_index("ref_id")
    assert totals.loc["SIMLA_AGREEMENT", "first"] == "2019-08-10"
    per = analysis.archive(db, per="decade")
    assert set(per["period"]) == {"2010s", "2020s"}
    frames = analysis.frames_by_outlet(db, top=1)
    ledger = frames[frames["outlet"] == "The Daily Ledger"]
    assert set(zip(ledger["year"], ledger["frame_id"], strict=True)) == {
        ("2019", "political"), ("2020", "security_defense")}  # fmt: skip


def test_empty_store_gives_empty_tables(tmp_path):
    from flashpoint.store import open_store

    open_store(tmp_path / "empty.duckdb").close()
    db = tmp_path / "empty.duckdb"
    for frame in (analysis.alignment(db), analysis.reciprocity(db), analysis.coalitions(db, "IND"),
                  analysis.timeline(db), analysis.dyad_index(db), analysis.tracker(db),
                  analysis.archive(db), analysis.frames_by_outlet(db)):  # fmt: skip
        assert frame.empty
    assert analysis.overview(db)["documents"] == 0


runner = CliRunner()


def test_cli_json_output(db):
    result = runner.invoke(app, ["alignment", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {"holder", "target", "support", "oppose", "silent", "score"} <= set(rows[0])
    result = runner.invoke(
        app, ["coalitions", "--db", str(db), "--target", "KASHMIRIS", "--summary", "--json"]
    )
    assert json.loads(result.stdout)[-1]["changed"] == ["MYS: with → silent"]
    result = runner.invoke(
        app,
        ["timeline", "--db", str(db), "--dyad", "IND-PAK", "--index", "--freq", "year", "--json"],
    )
    assert [r["period"] for r in json.loads(result.stdout)] == ["2019", "2020", "2021"]


def cli_json(*args: str):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def test_cli_tables_say_what_the_analyses_say(db):
    ledger = {(r["actor"], r["partner"]): r for r in cli_json("reciprocity", "--db", str(db))}
    assert ledger[("PAK", "MYS")]["balance"] == -ledger[("MYS", "PAK")]["balance"] == 1
    asks = cli_json("recommendations-tracker", "--db", str(db))
    assert len(asks) == 2 and asks[0]["documents"] == 2 and asks[0]["first_seen"] == "2019-08-10"
    totals = {r["ref_id"]: r for r in cli_json("archive", "--totals", "--db", str(db))}
    assert totals["SIMLA_AGREEMENT"]["first"] == "2019-08-10"
    trends = cli_json("frame-trends", "--db", str(db))
    ledger_frames = {(r["year"], r["frame_id"]) for r in trends if r["outlet"] == "The Daily Ledger"}
    assert {("2019", "political"), ("2020", "security_defense")} <= ledger_frames


def test_cli_errors_are_one_line(tmp_path, db):
    missing = tmp_path / "missing.duckdb"
    result = runner.invoke(app, ["alignment", "--db", str(missing)])
    assert result.exit_code == 1
    assert str(missing) in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    result = runner.invoke(app, ["timeline", "--db", str(bad)])
    assert result.exit_code == 1 and str(bad) in result.stderr
    result = runner.invoke(app, ["timeline", "--db", str(db), "--dyad", "IND"])
    assert result.exit_code == 1 and "dyad" in result.stderr
