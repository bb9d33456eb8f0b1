"""The Dask engine on local two-worker clusters gives the same records as one process,
from Python and from ``flashpoint analyze --scheduler``."""

from __future__ import annotations

import logging

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.document import Document
from flashpoint.engine import make_engine
from flashpoint.records import to_record

distributed = pytest.importorskip("distributed")

TEXTS = [
    "Pakistan's army said Indian troops fired across the Line of Control near Poonch.",
    "We urge Washington to press New Delhi to restore the statehood of Jammu and Kashmir.",
    "The Chinese foreign ministry called for dialogue between the two neighbours.",
    "Our prime minister will raise the dispute at the General Assembly next week.",
]


def snapshot(doc: Document) -> tuple:
    return to_record(doc), doc.sentences, doc.mentions


def reference(settings, texts):
    with make_engine(settings, workers=1) as engine:
        return [snapshot(d) for d in engine.map(Document(t, outlet_country="PAK") for t in texts)]


def test_dask_local_cluster_matches_single_process_with_default_pipeline(settings):
    expected = reference(settings, TEXTS)
    with make_engine(settings, engine="dask", workers=2, batch_size=1) as engine:
        got = [snapshot(d) for d in engine.map(Document(t, outlet_country="PAK") for t in TEXTS)]
        assert len(engine._client.nthreads()) == 2
    assert got == expected


class Exploding:
    """A stage that raises on documents that contain 'kaboom'."""

    name = "exploding"

    def __init__(self, settings, **options):
        pass

    def __call__(self, doc: Document) -> Document:
        if "kaboom" in doc.text:
            raise RuntimeError("stage gave up")
        return doc


def test_cli_runs_on_a_given_scheduler_and_reports_a_failing_document(tmp_path):
    config = tmp_path / "light.yaml"
    config.write_text(f"stages: [nlp, '{__name__}:Exploding']\nbatch_size: 2\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, text in enumerate([*TEXTS[:3], "Then kaboom went the story."]):
        (corpus / f"note_{i}.txt").write_text(text, encoding="utf-8")
    local, remote = tmp_path / "local.duckdb", tmp_path / "remote.duckdb"

    def analyze(db, *extra):
        args = ["analyze", str(corpus), "--db", str(db), "--quiet", "--config", str(config)]
        return CliRunner().invoke(app, [*args, *extra])

    assert analyze(local).exit_code == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:  # fmt: skip
        result = analyze(remote, "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 0, result.output
    assert "note_3.txt" in result.output and "stage gave up" in result.output
    assert stored(remote) == stored(local)
    assert len(stored(remote)) == 3


def stored(db) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [
            r[0] for r in con.execute("SELECT record FROM documents ORDER BY doc_id").fetchall()
        ]
    finally:
        con.close()


def test_an_unreachable_scheduler_is_one_line_of_error(tmp_path):
    import dask

    (tmp_path / "a.txt").write_text("India and Pakistan resumed talks.", encoding="utf-8")
    args = ["analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.duckdb"),
            "--scheduler", "tcp://127.0.0.1:9"]  # fmt: skip
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert len(result.output.strip().splitlines()) == 1
