"""The streaming run loop: read inputs -> run the pipeline batch by batch -> store each batch.

Each batch is saved in one transaction, so an interrupted run (Ctrl-C) leaves the store
consistent; the run is marked ``interrupted`` and the next run skips what is stored already
(documents are keyed by the hash of their text) and finishes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)  # fmt: skip

from flashpoint.config import Settings
from flashpoint.document import Document
from flashpoint.ingest import IngestOptions, Problem, Source, collect_sources, read_source
from flashpoint.pipeline import Pipeline
from flashpoint.store import Store


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
    """Analyse inputs into a store; problems are reported through ``on_problem`` and logged."""

    def __init__(
        self, settings: Settings, pipeline: Pipeline, store: Store, options: IngestOptions,
        force: bool = False, on_problem: Callable[[Problem], None] | None = None,
        progress_console: Console | None = None,
    ):  # fmt: skip
        self.settings = settings
        self.pipeline = pipeline
        self.store = store
        self.options = options
        self.force = force
        self.on_problem = on_problem or (lambda problem: None)
        self.console = progress_console  # None: no progress bar

    def run(self, paths: list[str]) -> RunReport:
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
        docs = progress.add_task("documents", total=None)
        known = set() if self.force else self.store.known_hashes()
        ids: dict[str, str] = {}  # doc_id -> hash, within this run
        batch: list[Document] = []
        for source in sources:
            report.sources += 1
            for item in read_source(source, self.options):
                if isinstance(item, Problem):
                    self._problem(report, item)
                elif self._admit(item, report, known, ids):
                    batch.append(item)
                    if len(batch) >= self.settings.batch_size:
                        self._flush(batch, report)
                        progress.update(docs, completed=report.stored)
                        batch = []
            progress.advance(files)
        self._flush(batch, report)
        progress.update(docs, completed=report.stored)

    def _admit(
        self, doc: Document, report: RunReport, known: set[str], ids: dict[str, str]
    ) -> bool:
        """Whether a document needs analysing (new text, unused id); counts the others."""
        if doc.hash in report.hashes:
            report.repeated += 1
            return False
        if ids.get(doc.doc_id, doc.hash) != doc.hash:
            line = doc.metadata.get("source_line")
            self._problem(report, Problem(doc.source_path or "-", f"duplicate id '{doc.doc_id}' "
                                          "with a different text", line))  # fmt: skip
            return False
        ids[doc.doc_id] = doc.hash
        report.hashes.add(doc.hash)
        if doc.hash in known:
            report.known += 1
            return False
        if not doc.outlet_country and self.settings.outlet_country:
            doc.outlet_country = self.settings.outlet_country
        return True

    def _flush(self, batch: list[Document], report: RunReport) -> None:
        if not batch:
            return
        done = self._analyse(batch, report)
        report.stored += self.store.save(done, report.run_id)
        for doc in done:
            doc.spacy_doc = None  # free the parse; it is never stored

    def _analyse(self, batch: list[Document], report: RunReport) -> list[Document]:
        """Run the pipeline on a batch; when it fails, document by document to isolate the cause."""
        try:
            return list(self.pipeline.pipe(batch, batch_size=len(batch)))
        except Exception as exc:
            if len(batch) == 1:
                self._failed(report, batch[0], exc)
                return []
        done = []
        for doc in batch:
            try:
                done.extend(self.pipeline.pipe([doc], batch_size=1))
            except Exception as exc:
                self._failed(report, doc, exc)
        return done

    def _failed(self, report: RunReport, doc: Document, exc: Exception) -> None:
        report.hashes.discard(doc.hash)
        reason = f"analysis failed ({exc.__class__.__name__}: {exc})"
        self._problem(report, Problem(doc.source_path or "-", reason, doc.metadata.get("source_line")))

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


def doc_ids_for(store: Store, hashes: Iterable[str]) -> list[str]:
    """Stored document ids of the given text hashes."""
    hashes = list(hashes)
    if not hashes:
        return []
    rows = store.query(
        "SELECT doc_id FROM documents WHERE hash IN (SELECT unnest(?))", [hashes]
    )
    return [row["doc_id"] for row in rows]


def summarise(store: Store, doc_ids: list[str]) -> dict[str, Any]:
    """Counts over the given documents: documents, actors, events, recommendations, references."""
    if not doc_ids:
        return dict.fromkeys(("documents", "actors", "events", "recommendations", "references"), 0)
    one = "SELECT {what} FROM {table} WHERE doc_id IN (SELECT unnest(?))"
    queries = {
        "documents": one.format(what="count(*)", table="documents"),
        "actors": one.format(what="count(DISTINCT actor_id)", table="actors"),
        "events": one.format(what="count(*)", table="events"),
        "recommendations": one.format(what="count(*)", table="recommendations"),
        "references": one.format(what="count(*)", table="doc_references"),
    }
    return {name: next(iter(store.query(sql, [doc_ids])[0].values())) for name, sql in queries.items()}
