"""``flashpoint watch SOURCES.txt``: poll feeds and pages every ``--every`` (or ``--once``) and
analyse only what is new, into the same store and in the same transactions as ``analyze``.

Progress goes to a log (stderr, or ``--log FILE``): one line per problem and a summary line
per round. Exit codes: 0 stopped between rounds (Ctrl-C, SIGTERM) or a ``--once`` round done;
1 the store or the models could not be opened, or every source of a ``--once`` round failed;
2 usage errors (bad sources file, bad option); 130 stopped during a round (what was stored
stays stored; the next round fetches the rest again).
"""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from flashpoint.cli.analyze_cmd import _engine, _settings, _stop_on_sigterm
from flashpoint.cli.options import DEFAULT_DB, Db, fail, open_db
from flashpoint.cli.root import app
from flashpoint.ingest import DEFAULT_MAX_BYTES
from flashpoint.ingest.fetch import FetchOptions
from flashpoint.ingest.problems import one_line
from flashpoint.ingest.watch import RoundReport, Watcher, parse_every, read_sources


class Log:
    """Timestamped lines (UTC) to stderr or appended to a file."""

    def __init__(self, path: Path | None):
        self.fh: TextIO = sys.stderr
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.fh = path.open("a", encoding="utf-8")
            except OSError as exc:
                raise fail(f"{path}: cannot write the log ({exc.strerror or exc})", 2) from exc

    def __call__(self, line: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.fh.write(f"{stamp} {one_line(line)}\n")
        self.fh.flush()

    def close(self) -> None:
        if self.fh is not sys.stderr:
            self.fh.close()


def _wait(seconds: float) -> None:
    time.sleep(seconds)


@app.command()
def watch(
    sources: Annotated[Path, typer.Argument(metavar="SOURCES.txt", help="One URL a line (feed or page), optionally outlet=, country=, pack=; # comments.")],
    every: Annotated[str, typer.Option("--every", help="Time between round starts: 30s, 15m, 1h.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron and timers).")] = False,
    db: Db = DEFAULT_DB,
    log_file: Annotated[Path | None, typer.Option("--log", metavar="FILE", help="Append the log here instead of stderr.")] = None,
    pack: Annotated[str | None, typer.Option("--pack", help="Domain pack for sources without pack= (default: the pipeline config's pack).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Pipeline config (YAML).")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="Documents per batch (one transaction each).")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse larger web answers.")] = DEFAULT_MAX_BYTES,
    rate: Annotated[float, typer.Option("--rate", min=0.001, help="At most this many requests per host per second.")] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to connect and to get a whole answer.")] = 20.0,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Retries on HTTP 429 and 5xx.")] = 3,
    backoff: Annotated[float, typer.Option("--backoff", min=0.0, help="Seconds before the first retry (doubled each time; Retry-After wins).")] = 1.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes (see docs/scale.md).")] = 1,
) -> None:
    """Poll feeds and pages and analyse what is new (see docs/ingest.md)."""
    try:
        interval = parse_every(every)
        listed = read_sources(sources)
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    settings = _settings(config, pack=pack, batch_size=batch_size)
    fetch = FetchOptions(max_bytes=max_bytes, rate=rate, timeout=timeout, retries=retries,
                         backoff=backoff)  # fmt: skip
    log = Log(log_file)
    _stop_on_sigterm()
    store = open_db(db, read_only=False, create=True)
    try:
        with ExitStack() as stack:
            engines: dict[str, Any] = {}

            def engine_for(name: str) -> Any:
                if name not in engines:
                    chosen = settings.with_overrides(pack=name)
                    engines[name] = stack.enter_context(_engine(chosen, "local", workers, None))
                return engines[name]

            watcher = Watcher(settings, store, listed, fetch, engine_for, log)
            code = _loop(watcher, interval, once, log, len(listed))
    finally:
        store.close()
        log.close()
    raise typer.Exit(code)


def _loop(watcher: Watcher, interval: float, once: bool, log: Log, n_sources: int) -> int:
    """Rounds until ``--once`` is done or Ctrl-C; the exit code."""
    log(f"watching {n_sources} sources" + ("" if once else f" every {interval:g} s"))
    number = 0
    while True:
        number += 1
        started = time.monotonic()
        report = watcher.round(number)
        log(report.summary())
        if report.status == "interrupted":
            log(f"interrupted during round {number}; what was stored stays stored")
            return 130
        if once:
            return 1 if _all_failed(report) else 0
        try:
            _wait(max(0.0, started + interval - time.monotonic()))
        except KeyboardInterrupt:
            log("stopped between rounds")
            return 0


def _all_failed(report: RoundReport) -> bool:
    return report.failed > 0 and report.new == 0 and report.unchanged == 0
