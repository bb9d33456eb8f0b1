"""The streaming run loop: read inputs -> engine (the pipeline, here or on workers) -> store.

Inputs are read lazily; documents already stored (same text hash) are skipped before any
model runs; analysed documents come back in input order and are saved batch by batch, one
transaction each. An interrupted run (Ctrl-C) thus leaves the store consistent: the run is
marked ``interrupted`` and the next run skips what is stored and finishes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from flashpoint.config import Settings, load_settings
from flashpoint.document import Document
from flashpoint.engine import Failed, make_engine
from flashpoint.ingest import IngestOptions, Problem, Source, collect_sources, read_source
from flashpoint.store import Store, open_store
from flashpoint.store.queries import runs as run_queries


@dataclass
class RunReport:
    run_id: str
    status: str = "running"  # finished | interrupted | failed
    stored: int = 0  # documents analysed and saved in this run
    known: int = 0  # already in the store, left as they were
    repeated: int = 0  # the same text again within this run
    sources: int = 0  # files (or stdin) read
    problems: list[Problem] = field(default_factory=list)
    hashes: set[str] = field(default_factory=set)  # every document this run saw

    @property
    def documents(self) -> int:
        return len(self.hashes)


class Runner:
    """Analyse inputs into a store; problems are reported through ``on_problem`` and logged.

    ``engine`` is any engine of :mod:`flashpoint.engine` (``map(docs, on_error)``); by
    default the pipeline runs in this process.
    """

    def __init__(
        self, settings: Settings, store: Store, options: IngestOptions | None = None,
        engine: Any = None, force: bool = False,
        on_problem: Callable[[Problem], None] | None = None,
        progress_console: Console | None = None,
    ):  # fmt: skip
        self.settings = settings
        self.store = store
        self.options = options or IngestOptions(max_chars=settings.max_chars)
        self.engine = engine
        self.force = force
        self.on_problem = on_problem or (lambda problem: None)
        self.console = progress_console  # None: no progress bar

    def run(self, paths: Iterable[str | Path]) -> RunReport:
        paths = [str(p) for p in paths]
        run_settings = {**asdict(self.settings), "paths": paths, "force": self.force}
        report = RunReport(self.store.start_run(run_settings))
        try:
            with self._progress() as progress:
                self._run(paths, report, progress)
            report.status = "finished"
        except KeyboardInterrupt:
            report.status = "interrupted"
        except BaseException:
            report.status = "failed"
            raise
        finally:
            self.store.finish_run(
                report.run_id, report.status, documents=report.stored,
                skipped=report.known + report.repeated, errors=len(report.problems),
            )  # fmt: skip
        return report

    # -- the loop ----------------------------------------------------------------------
    def _run(self, paths: list[str], report: RunReport, progress: Progress) -> None:
        sources: list[Source] = []
        for item in collect_sources(paths, self.options):
            if isinstance(item, Problem):
                self._problem(report, item)
            else:
                sources.append(item)
        files = progress.add_task("files", total=len(sources))
        stored = progress.add_task("documents stored", total=None)
        ids: dict[str, str] = {}  # doc_id -> hash, within this run

        def failed(item: Failed) -> None:
            report.hashes.discard(ids.get(item.doc_id or "", ""))
            where = item.source_path or item.doc_id or "-"
            self._problem(report, Problem(where, f"analysis failed ({item.reason})"))

        todo = self._to_analyse(sources, report, ids, lambda: progress.advance(files))
        engine = self.engine or make_engine(self.settings)
        batch: list[Document] = []
        for doc in engine.map(todo, on_error=failed):
            batch.append(doc)
            if len(batch) >= self.settings.batch_size:
                report.stored += self.store.save(batch, report.run_id)
                progress.update(stored, completed=report.stored)
                batch = []
        report.stored += self.store.save(batch, report.run_id)
        progress.update(stored, completed=report.stored)

    def _to_analyse(
        self, sources: list[Source], report: RunReport, ids: dict[str, str],
        file_done: Callable[[], None],
    ) -> Iterator[Document]:  # fmt: skip
        """Documents that need analysing; problems and skips are counted on the way."""
        known = set() if self.force else self.store.known_hashes()
        for source in sources:
            report.sources += 1
            for item in read_source(source, self.options):
                if isinstance(item, Problem):
                    self._problem(report, item)
                elif self._admit(item, report, known, ids):
                    yield item
            file_done()

    def _admit(
        self, doc: Document, report: RunReport, known: set[str], ids: dict[str, str]
    ) -> bool:
        if doc.hash in report.hashes:
            report.repeated += 1
            return False
        if ids.get(doc.doc_id, doc.hash) != doc.hash:
            reason = f"duplicate id '{doc.doc_id}' with a different text"
            self._problem(report, Problem(doc.source_path or "-", reason, doc.metadata.get("source_line")))
            return False
        ids[doc.doc_id] = doc.hash
        report.hashes.add(doc.hash)
        if doc.hash in known:
            report.known += 1
            return False
        if not doc.outlet_country:  # perspective: metadata, then the outlet table, then the default
            doc.outlet_country = self._outlets(doc.outlet) or self.settings.outlet_country
        return True

    def _outlets(self, outlet: str | None) -> str | None:
        from flashpoint.actors.packs import load_pack

        return load_pack(self.settings.pack).outlet_country(outlet) if outlet else None

    def _problem(self, report: RunReport, problem: Problem) -> None:
        report.problems.append(problem)
        self.store.log_error(report.run_id, problem.path, problem.line, problem.reason)
        self.on_problem(problem)

    def _progress(self) -> Progress:
        return Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
            MofNCompleteColumn(), TimeElapsedColumn(),
            console=self.console, disable=self.console is None, transient=True,
        )  # fmt: skip


def run_analysis(
    paths: Iterable[str | Path], store_path: str | Path, settings: Settings | None = None,
    engine: Any = None, options: IngestOptions | None = None, force: bool = False,
) -> RunReport:
    """Analyse ``paths`` into the store at ``store_path`` (the library form of ``analyze``)."""
    settings = settings or load_settings()
    with open_store(store_path) as store:
        return Runner(settings, store, options, engine=engine, force=force).run(paths)


def doc_ids_for(store: Store, hashes: Iterable[str]) -> list[str]:
    """Stored document ids of the given text hashes."""
    hashes = list(hashes)
    if not hashes:
        return []
    return run_queries.doc_ids_of_hashes(store.con, hashes)


def summarise(store: Store, doc_ids: list[str]) -> dict[str, int]:
    """Counts over the given documents: documents, actors, events, recommendations, references."""
    if not doc_ids:
        return dict.fromkeys(run_queries.SUMMARY, 0)
    return run_queries.summary(store.con, doc_ids)


# "we" this often outside quotes, with no outlet country: a text that speaks for a side nobody named
OWN_VOICE_LEAST = 3


def without_side(store: Store, doc_ids: list[str], pack: str) -> int:
    """Documents that speak for a side ("we", "our", outside quotes, at least ``OWN_VOICE_LEAST``
    times) but whose side is unknown (no outlet country in their metadata, the pack's outlet
    table or the run's default): their own acts have no source."""
    from flashpoint.actors.packs import load_pack
    from flashpoint.actors.perspective import own_voice

    side, found = load_pack(pack), 0
    for begin in range(0, len(doc_ids), 500):  # a few texts in memory at a time
        texts = run_queries.texts_without_side(store.con, doc_ids[begin : begin + 500])
        found += sum(own_voice(text, side) >= OWN_VOICE_LEAST for text in texts.values())
    return found
