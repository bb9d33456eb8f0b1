"""The local engine: ordered bounded fan-out, pickle-light payloads, N workers = 1 worker."""

from __future__ import annotations

import pytest

from flashpoint.document import Document
from flashpoint.engine import EngineError, Failed, make_engine
from flashpoint.engine.payload import from_payload, to_payload
from flashpoint.engine.window import batched, ordered_window
from flashpoint.records import to_record

TEXTS = [
    "The foreign minister of India spoke with his Pakistani counterpart on Monday.",
    "We call on the United Nations to send observers to the Line of Control.",
    "Islamabad accused New Delhi of shelling villages near Kotli, and denied any incursion.",
    "Our government will not accept mediation, the spokesman said in Srinagar.",
    "China and the United States urged both sides to show restraint after the attack.",
]


class Exploding:
    """A stage that raises on documents mentioning 'kaboom' (for failure isolation)."""

    name = "exploding"

    def __init__(self, settings, **options):
        pass

    def __call__(self, doc: Document) -> Document:
        if "kaboom" in doc.text:
            raise ValueError("cannot handle this one")
        doc.metadata["seen"] = True
        return doc


class BlasProbe:
    """A stage that notes how many threads the loaded BLAS libraries may use right now."""

    name = "blas_probe"

    def __init__(self, settings, **options):
        pass

    def __call__(self, doc: Document) -> Document:
        from threadpoolctl import threadpool_info

        doc.metadata["blas_threads"] = max(
            (lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"),
            default=1,
        )
        return doc


def snapshot(doc: Document) -> tuple:
    return to_record(doc), doc.sentences, doc.mentions, doc.hash


def test_batched_splits_without_losing_items():
    assert [len(b) for b in batched(range(10), 4)] == [4, 4, 2]
    assert list(batched([], 3)) == []


def test_ordered_window_keeps_order_and_bounds_work_in_flight():
    in_flight, peak = [], [0]

    def submit(x):
        in_flight.append(x)
        peak[0] = max(peak[0], len(in_flight))
        return x

    def result(x):
        in_flight.remove(x)
        return x * 10

    assert list(ordered_window(range(20), submit, result, depth=3)) == [x * 10 for x in range(20)]
    assert peak[0] == 3


def test_payload_round_trip_keeps_identity_and_metadata():
    doc = Document("  Some text\r\nwith lines  ", title="T", published="2020-01-02",
                   outlet_country="PAK", metadata={"k": [1, 2]})  # fmt: skip
    back = from_payload(to_payload(doc))
    assert (back.doc_id, back.hash, back.text) == (doc.doc_id, doc.hash, doc.text)
    assert (back.title, back.published, back.outlet_country) == ("T", "2020-01-02", "PAK")
    assert back.metadata == {"k": [1, 2]} and back.spacy_doc is None


def test_engine_reads_input_lazily(settings):
    """Memory stays flat: the engine pulls only a window of documents ahead of its output."""
    pulled = [0]

    def source():
        for i in range(200):
            pulled[0] += 1
            yield Document(f"Document number {i} about talks between India and Pakistan.")

    light = settings.with_overrides(stages=("nlp",))
    with make_engine(light, workers=1, batch_size=4) as engine:
        out = engine.map(source())
        first = next(out)
        assert pulled[0] <= 8
        assert first.spacy_doc is None and first.sentences
        assert len(list(out)) == 199


def test_workers_give_the_same_records_as_one_process(settings):
    docs = [Document(t, outlet_country="PAK") for t in TEXTS]
    with make_engine(settings, workers=1, batch_size=2) as engine:
        single = [snapshot(d) for d in engine.map(Document(t, outlet_country="PAK") for t in TEXTS)]
    with make_engine(settings, workers=2, batch_size=2) as engine:
        engine.start()
        multi = [snapshot(d) for d in engine.map(docs)]
        assert engine.stats.documents == len(TEXTS)
        assert set(engine.stats.stage_seconds) == set(settings.stages)
        assert abs(sum(engine.stats.shares().values()) - 1.0) < 1e-9
    assert multi == single
    assert [s[0]["doc_id"] for s in multi] == [Document(t).doc_id for t in TEXTS]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_document_is_reported_and_the_rest_go_on(settings, workers):
    stages = ("nlp", f"{__name__}:Exploding")
    light = settings.with_overrides(stages=stages)
    texts = ["A calm day in Muzaffarabad.", "Then kaboom, said nobody.", "Talks resumed in Delhi."]
    failures: list[Failed] = []
    with make_engine(light, workers=workers, batch_size=3) as engine:
        docs = [Document(t, source_path=f"f{i}.txt", metadata={"source_line": i + 1})
                for i, t in enumerate(texts)]  # fmt: skip
        out = list(engine.map(docs, on_error=failures.append))
    assert [d.text for d in out] == [texts[0], texts[2]]
    assert all(d.metadata["seen"] for d in out)
    assert (engine.stats.documents, engine.stats.failed) == (2, 1)
    assert [(f.source_path, f.reason) for f in failures] == [
        ("f1.txt", "ValueError: cannot handle this one")
    ]
    with make_engine(light, workers=1) as engine, pytest.raises(EngineError, match="f1.txt"):
        list(engine.map([Document(texts[1], source_path="f1.txt")]))


def test_unknown_engine_is_refused(settings):
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine(settings, engine="spark")
    assert make_engine(settings, scheduler="tcp://127.0.0.1:1").name == "dask"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_keeps_numeric_libraries_to_one_thread(settings, workers):
    """Idle BLAS pool threads spin after each matrix product: a worker runs them on its own core."""
    from threadpoolctl import threadpool_info, threadpool_limits

    light = settings.with_overrides(stages=(f"{__name__}:BlasProbe",))
    with threadpool_limits(limits=2, user_api="blas"):  # as on a 2-core machine
        before = [lib["num_threads"] for lib in threadpool_info()]
        with make_engine(light, workers=workers, batch_size=2) as engine:
            out = list(engine.map(Document(t) for t in TEXTS[:3]))
        assert [d.metadata["blas_threads"] for d in out] == [1, 1, 1]
        assert [lib["num_threads"] for lib in threadpool_info()] == before  # caller's limits back


def test_the_writer_of_a_multi_worker_run_does_not_load_spacy():
    """Looking up outlets in the pack (the runner does, in the writer process) needs no parser."""
    import subprocess
    import sys

    code = (
        "import sys; import flashpoint.runner; from flashpoint.actors.packs import load_pack; "
        "load_pack('kashmir').outlet_country('Dawn'); print('spacy' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_run_time_processes_keep_torch_out():
    """The run time never needs PyTorch: spaCy must load without importing it (200 MB)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from flashpoint.engine.worker import keep_torch_out\n"
        "keep_torch_out()\n"
        "import spacy\n"
        "assert sys.modules.get('torch') is None\n"
        "try:\n    import torch\nexcept ImportError:\n    print('refused')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "refused"
