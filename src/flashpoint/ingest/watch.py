"""Watching feeds and pages: the sources file, the polling interval, and one round.

A round reads every source once through one :class:`~flashpoint.ingest.web.WebReader`
(conditional GET against the store's fetch state), analyses only what is new (stored text
hashes are skipped) with the same :class:`~flashpoint.runner.Runner` as ``analyze`` (one
transaction per batch), then keeps the validators of what was stored. Sources are grouped
by pack; each group is one run.
"""

from __future__ import annotations

import re
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.config import Settings
from flashpoint.ingest.dedupe import fold_stories
from flashpoint.ingest.fetch import FetchOptions, canonical_url, is_url
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import Problem
from flashpoint.ingest.web import WebReader

# keys a sources line may carry -> document field (None: not a document field)
LINE_KEYS = {"outlet": "outlet", "country": "outlet_country", "pack": None}
_EVERY = re.compile(r"(\d+(?:\.\d+)?)\s*([smh]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


@dataclass
class WatchSource:
    url: str
    given: dict[str, str] = field(default_factory=dict)  # outlet, outlet_country
    pack: str | None = None


def parse_every(text: str) -> float:
    """Seconds of ``30s``, ``15m``, ``1h`` (a bare number is seconds); ValueError otherwise."""
    match = _EVERY.fullmatch(text.strip().lower())
    seconds = float(match.group(1)) * _UNITS[match.group(2)] if match else 0.0
    if seconds <= 0:
        raise ValueError(f"--every '{text}': use a positive duration such as 30s, 15m or 1h")
    return seconds


def read_sources(path: Path) -> list[WatchSource]:
    """The sources of a watch file; ValueError (``path:LINE: reason``) on the first bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from exc
    sources: dict[str, WatchSource] = {}
    for number, line in enumerate(lines, start=1):
        try:
            source = parse_line(line)
        except ValueError as exc:
            raise ValueError(str(Problem(str(path), str(exc), number))) from exc
        if source is not None:
            sources.setdefault(canonical_url(source.url), source)
    if not sources:
        raise ValueError(f"{path}: no sources (one URL a line, # for comments)")
    return list(sources.values())


def parse_line(line: str) -> WatchSource | None:
    """``URL [outlet=NAME] [country=ISO3] [pack=NAME]``; None for blank and comment lines."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError as exc:
        raise ValueError(f"cannot read the line ({exc})") from exc
    if not words:
        return None
    url, *pairs = words
    if not is_url(url):
        raise ValueError(f"'{url}' is not an http(s) URL")
    source = WatchSource(url)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key.lower() not in LINE_KEYS or not value.strip():
            raise ValueError(f"'{pair}': use {', '.join(k + '=...' for k in LINE_KEYS)}")
        target = LINE_KEYS[key.lower()]
        if target is None:
            source.pack = value.strip()
        else:
            source.given[target] = value.strip()
    return source


@dataclass
class RoundReport:
    number: int
    status: str = "finished"  # or interrupted
    new: int = 0  # documents analysed and stored
    unchanged: int = 0  # 304 answers, feed entries and texts already stored
    failed: int = 0  # problems, one line each
    seconds: float = 0.0
    folded: int = 0  # new documents folded into an earlier story (near-duplicates)
    run_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        folded = f", {self.folded} folded into earlier stories" if self.folded else ""
        return (f"round {self.number}: {self.new} new, {self.unchanged} unchanged, "
                f"{self.failed} failed ({self.seconds:.1f} s){folded}")  # fmt: skip


class Watcher:
    """Runs rounds over the sources into ``store``; ``engine_for(pack)`` gives a started engine."""

    def __init__(
        self, settings: Settings, store: Any, sources: list[WatchSource], fetch: FetchOptions,
        engine_for: Callable[[str], Any], log: Callable[[str], None],
    ):  # fmt: skip
        self.settings = settings
        self.store = store
        self.sources = sources
        self.fetch = fetch
        self.engine_for = engine_for
        self.log = log

    def round(self, number: int) -> RoundReport:
        """One pass over every source; Ctrl-C ends it with the store consistent."""
        report = RoundReport(number)
        started = time.monotonic()
        given = {s.url: s.given for s in self.sources}
        web = WebReader(self.fetch, store=self.store, given=given)
        try:
            for pack, urls in self._groups().items():
                if not self._run(pack, urls, web, report):
                    break
        except KeyboardInterrupt:
            report.status = "interrupted"
        finally:
            web.commit()
            web.close()
            report.folded = fold_stories(self.store)
        report.unchanged += web.counts["unchanged"] + web.counts["seen"]
        report.seconds = time.monotonic() - started
        return report

    def _groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for source in self.sources:
            groups.setdefault(source.pack or self.settings.pack, []).append(source.url)
        return groups

    def _run(self, pack: str, urls: list[str], web: WebReader, report: RoundReport) -> bool:
        """Analyse one pack's sources; False when interrupted."""
        from flashpoint.runner import Runner

        settings = self.settings.with_overrides(pack=pack)
        options = IngestOptions(max_bytes=self.fetch.max_bytes, max_chars=settings.max_chars,
                                web=web)  # fmt: skip
        runner = Runner(settings, self.store, options, engine=self.engine_for(pack),
                        on_problem=lambda p: self.log(str(p)))  # fmt: skip
        run = runner.run(urls)
        report.run_ids.append(run.run_id)
        report.new += run.stored
        report.unchanged += run.known + run.repeated
        report.failed += len(run.problems)
        if run.status == "interrupted":
            report.status = "interrupted"
            return False
        return True
