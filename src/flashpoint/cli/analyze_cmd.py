"""``flashpoint analyze``: read files, folders, stdin or URLs, run the pipeline, store and export.

Exit codes: 0 the run completed (problems with single files are listed, one line each, and
counted); 1 nothing could be read or analysed, or the store/model could not be opened;
2 usage errors (no such path, bad option or config); 130 interrupted (what was stored stays).
URLs that did not change since the last run (HTTP 304) count as read.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.cli.options import DEFAULT_DB, Db, fail, open_db
from flashpoint.cli.root import app
from flashpoint.errors import first_line
from flashpoint.ingest import DEFAULT_MAX_BYTES, STDIN, IngestOptions, Problem
from flashpoint.ingest.dedupe import fold_stories
from flashpoint.ingest.fetch import FetchOptions, is_url, url_scheme
from flashpoint.runner import Runner, RunReport, doc_ids_for, summarise, without_side


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Files, folders (recursive), - for stdin, or http(s) URLs of pages and feeds.")],
    db: Db = DEFAULT_DB,
    export: Annotated[str | None, typer.Option("--export", metavar="FILE.jsonl", help="Write the document records of this run (- for stdout).")] = None,
    pack: Annotated[str | None, typer.Option("--pack", help="Domain pack (default: the pipeline config's pack).")] = None,
    outlet_country: Annotated[str | None, typer.Option("--outlet-country", metavar="ISO3", help="Writer's side for documents that do not say (resolves 'we', 'our').")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Pipeline config (YAML).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model name.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary; problems only.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Analyse again documents already stored.")] = False,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="Documents per batch (one transaction each).")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse larger files, web answers and stdin (for JSON Lines on stdin, larger lines).")] = DEFAULT_MAX_BYTES,
    name_pattern: Annotated[str | None, typer.Option("--name-pattern", metavar="REGEX", help="Named groups map file names to metadata.")] = None,
    input_format: Annotated[str | None, typer.Option("--format", help="Read every input as: txt, html, jsonl, json, csv, tsv, feed.")] = None,
    text_column: Annotated[str | None, typer.Option("--text-column", help="Tables: column with the text (name or number from 1).")] = None,
    title_column: Annotated[str | None, typer.Option("--title-column", help="Tables: title column.")] = None,
    date_column: Annotated[str | None, typer.Option("--date-column", help="Tables: publication date column.")] = None,
    id_column: Annotated[str | None, typer.Option("--id-column", help="Tables: document id column.")] = None,
    author_column: Annotated[str | None, typer.Option("--author-column", help="Tables: author column.")] = None,
    outlet_column: Annotated[str | None, typer.Option("--outlet-column", help="Tables: outlet column.")] = None,
    country_column: Annotated[str | None, typer.Option("--country-column", help="Tables: outlet country column.")] = None,
    url_column: Annotated[str | None, typer.Option("--url-column", help="Tables: URL column.")] = None,
    no_header: Annotated[bool, typer.Option("--no-header", help="Tables: the first row is data.")] = False,
    rate: Annotated[float, typer.Option("--rate", min=0.001, help="URLs: at most this many requests per host per second.")] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="URLs: seconds to connect and to get a whole answer.")] = 20.0,
    retries: Annotated[int, typer.Option("--retries", min=0, help="URLs: retries on HTTP 429 and 5xx.")] = 3,
    backoff: Annotated[float, typer.Option("--backoff", min=0.0, help="URLs: seconds before the first retry (doubled each time; Retry-After wins).")] = 1.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes (see docs/scale.md).")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="ADDRESS", help="Dask scheduler to run on (implies --engine dask).")] = None,
) -> None:
    """Analyse documents and store the results (and export their records)."""
    from flashpoint.ingest import READERS

    _check_paths(paths)
    if input_format and input_format not in READERS:
        raise fail(f"unknown --format '{input_format}' (choose from {', '.join(READERS)})", 2)
    settings = _settings(config, pack=pack, spacy_model=model, batch_size=batch_size,
                         outlet_country=outlet_country.upper() if outlet_country else None)  # fmt: skip
    try:
        pattern = IngestOptions.compile_pattern(name_pattern)
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    columns = {"text": text_column, "title": title_column, "published": date_column,
               "id": id_column, "author": author_column, "outlet": outlet_column,
               "outlet_country": country_column, "url": url_column}  # fmt: skip
    options = IngestOptions(
        max_bytes=max_bytes, max_chars=settings.max_chars, name_pattern=pattern,
        columns={k: v for k, v in columns.items() if v}, header=False if no_header else None,
        format=input_format,
    )  # fmt: skip
    err = Console(stderr=True)
    _stop_on_sigterm()
    store = open_db(db, read_only=False, create=True)
    fetch = FetchOptions(max_bytes=max_bytes, rate=rate, timeout=timeout, retries=retries,
                         backoff=backoff)  # fmt: skip
    options.web = web_reader(fetch, store, force=force)
    try:
        with _engine(settings, engine, workers, scheduler) as runs_on:
            runner = Runner(
                settings, store, options, engine=runs_on, force=force,
                on_problem=lambda p: _print_problem(err, p),
                progress_console=err if err.is_terminal and not quiet else None,
            )  # fmt: skip
            try:
                report = runner.run(paths)
            except Exception as exc:
                raise fail(f"run failed ({exc.__class__.__name__}: {first_line(exc)})") from exc
            finally:
                options.web.commit()
                fold_stories(store)
            if report.status == "interrupted":  # said before the workers are stopped
                typer.echo(f"interrupted: {report.stored} documents stored in {db}; "
                           "run the same command again to finish the rest", err=True)  # fmt: skip
        if report.status == "interrupted":
            raise typer.Exit(130)
        ids = doc_ids_for(store, report.hashes)
        if export:
            _export(store, ids, export)
        if not quiet:
            out = err if export == "-" else Console()
            counts = summarise(store, ids)
            if "actors" in settings.stages:  # only the actor stage reads the writer's side
                counts["without_side"] = without_side(store, ids, settings.pack)
            _print_summary(out, report, counts, db, export, options.web.counts)
    finally:
        options.web.close()
        store.close()
    if report.documents == 0 and not (options.web.counts["unchanged"] or options.web.counts["seen"]):
        what = "nothing could be read" if report.problems else "no documents found"
        raise fail(f"{what} in {', '.join(paths)}")


def _check_paths(paths: list[str]) -> None:
    """Exit 2 on a path that does not exist or a URL scheme other than http(s)."""
    for p in paths:
        if p == STDIN or is_url(p) or Path(p).exists():
            continue
        if url_scheme(p):
            raise fail(f"{p}: unsupported URL scheme '{url_scheme(p)}' (http and https only)", 2)
        raise fail(f"{p}: no such file or directory", 2)


def web_reader(fetch: FetchOptions, store, force: bool = False, given: dict | None = None):
    """The URL reader of a run: conditional GET against the store's fetch state unless ``force``."""
    from flashpoint.ingest.web import WebReader

    return WebReader(fetch, store=store, given=given, conditional=not force)


def _settings(config: Path | None, **overrides):
    from flashpoint.config import load_settings

    if config is not None and not config.is_file():
        raise fail(f"{config}: no such config file", 2)
    from flashpoint.pipeline import PipelineConfigError, check_settings

    try:
        settings = load_settings(config, **overrides)
    except Exception as exc:
        mark = getattr(exc, "problem_mark", None)  # YAML syntax errors know their line
        reason = f"line {mark.line + 1}: {exc.problem}" if mark else first_line(exc)
        raise fail(f"{config or 'pipeline.yaml'}: invalid config ({reason})", 2) from exc
    try:
        check_settings(settings)
    except PipelineConfigError as exc:
        raise fail(f"{config or 'pipeline.yaml'}: {exc}", 2) from exc
    return settings


@contextmanager
def _engine(settings, name: str, workers: int, scheduler: str | None) -> Iterator[Any]:
    """The engine with its models loaded, or one line saying why they cannot be."""
    from flashpoint.engine import make_engine
    from flashpoint.nlp import ModelNotFound

    try:
        engine = make_engine(settings, engine=name, workers=workers, scheduler=scheduler)
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    try:
        engine.start()
    except KeyboardInterrupt as exc:
        _close_quietly(engine)
        raise fail("interrupted while loading the models; nothing was stored", 130) from exc
    except ModelNotFound as exc:
        _close_quietly(engine)
        raise fail(str(exc)) from exc
    except Exception as exc:
        _close_quietly(engine)
        raise fail(f"cannot load the pipeline ({exc.__class__.__name__}: {first_line(exc)})") from exc
    try:
        yield engine
    finally:
        _close_quietly(engine)


def _stop_on_sigterm() -> None:
    """Treat SIGTERM (kill, timeouts) like Ctrl-C: stop after the batch being saved."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with suppress(ValueError):  # not in the main thread: leave the default
        signal.signal(signal.SIGTERM, interrupt)


def _close_quietly(engine) -> None:
    with suppress(Exception, KeyboardInterrupt):  # a pool broken by Ctrl-C must not hide the outcome
        engine.close()


def _export(store, doc_ids: list[str], target: str) -> None:
    fh = sys.stdout if target == "-" else None
    try:
        if fh is None:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            fh = open(target, "w", encoding="utf-8")  # noqa: SIM115
        for record in store.records(doc_ids) if doc_ids else []:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise fail(f"{target}: cannot write ({exc.strerror or exc})") from exc
    finally:
        if fh is not None and fh is not sys.stdout:
            fh.close()


def _print_problem(console: Console, problem: Problem) -> None:
    console.print(str(problem), markup=False, highlight=False, soft_wrap=True)


def _print_summary(
    console: Console, report: RunReport, counts: dict, db: Path, export, web: dict[str, int]
) -> None:
    table = Table(title="flashpoint analyze", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column(style="dim")
    new = f"{report.stored} new, {report.known} already stored"
    if report.repeated:
        new += f", {report.repeated} repeated"
    table.add_row("documents", str(counts["documents"]), new)
    for name in ("actors", "events", "recommendations", "references"):
        table.add_row(name, str(counts[name]), "")
    if sum(web.values()):
        seen = f", {web['seen']} feed entries already stored" if web.get("seen") else ""
        table.add_row("web answers", str(web["fetched"]),
                      f"{web['unchanged']} unchanged (304), {web['failed']} failed{seen}")  # fmt: skip
    if counts.get("without_side"):
        table.add_row("no writer's side", str(counts["without_side"]),
                      "say 'we' with no outlet country: see --outlet-country, --name-pattern")  # fmt: skip
    table.add_row("problems", str(len(report.problems)), "one line each above" if report.problems else "")
    console.print(table)
    where = f"stored in {db}" + (f", records in {export}" if export and export != "-" else "")
    console.print(where, markup=False, highlight=False)


