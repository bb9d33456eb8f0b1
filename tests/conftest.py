"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

# The Ctrl-C tests send SIGINT to themselves. A shell that starts the suite in the background
# ignores SIGINT, and so would this process and every command it runs: give them Python's own
# handler (a handled signal is reset to the default in the commands started from here).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples" / "kashmir"
GOLD = REPO / "gold"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not available")
    return SHARED


@pytest.fixture(scope="session")
def settings():
    from flashpoint.config import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def nlp(settings):
    from flashpoint.nlp import load_model

    return load_model(settings.spacy_model)


@pytest.fixture(scope="session")
def pipeline(settings):
    """The full default pipeline, loaded once per test session."""
    from flashpoint.pipeline import Pipeline

    return Pipeline.from_settings(settings)


@pytest.fixture
def analyse(pipeline):
    """Run the full pipeline on a text: analyse(text, published=..., outlet_country=...)."""
    from flashpoint.document import Document

    def run(text: str, **meta) -> Document:
        return pipeline(Document(text, **meta))

    return run


@pytest.fixture(scope="session")
def code_marked(settings):
    """The event stage alone, with mentions marked by hand (``pseudo_mentions.mark``):
    code_marked(text, names, published=...) gives the coded Document."""
    from flashpoint.document import Document
    from flashpoint.events import EventStage
    from flashpoint.events.pseudo_mentions import mark
    from flashpoint.nlp import NlpStage

    nlp, stage = NlpStage(settings), EventStage(settings)

    def run(text: str, names: dict, published: str | None) -> Document:
        doc = nlp(Document(text, published=published))
        mark(doc, names)
        return stage(doc)

    return run


def stored(path: Path, docs) -> Path:
    """A store at ``path`` holding ``docs``, saved in one finished run."""
    from flashpoint.store import open_store

    docs = list(docs)
    with open_store(path) as store:
        run = store.start_run({})
        store.save(docs, run)
        store.finish_run(run, "finished", documents=len(docs))
    return path
