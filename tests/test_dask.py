"""The Dask engine on a local two-worker cluster gives the same records as one process."""

from __future__ import annotations

import logging

import pytest

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


def test_dask_engine_uses_a_given_scheduler(settings):
    light = settings.with_overrides(stages=("nlp",))
    texts = [f"Round {i} of talks between India and Pakistan ended in Lahore." for i in range(6)]
    expected = reference(light, texts)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:  # fmt: skip
        with make_engine(light, scheduler=cluster.scheduler_address, batch_size=2) as engine:
            got = [
                snapshot(d) for d in engine.map(Document(t, outlet_country="PAK") for t in texts)
            ]
        assert cluster.scheduler_address.startswith("tcp://")
    assert got == expected
