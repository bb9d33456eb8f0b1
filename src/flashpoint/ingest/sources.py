"""From paths (files, folders, ``-`` for stdin) and URLs to documents and problems.

Folders are walked recursively in name order; hidden files and files that describe the
folder (README, LICENSE, ...) are left out; files named explicitly are always read. A ``*.jsonl``
sidecar whose records name files (``file``) gives those files their metadata and is not
read as documents itself. ``--name-pattern`` named groups add metadata from file names.
Metadata given this way wins over what is found in the file. http(s) URLs are fetched
(pages and feeds, :mod:`flashpoint.ingest.web`).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.document import Document
from flashpoint.ingest.fetch import FetchOptions, is_url, url_scheme
from flashpoint.ingest.jsonl import read_named_files_with, sidecar_entries
from flashpoint.ingest.options import IngestOptions, byte_limit, byte_size
from flashpoint.ingest.problems import IngestError, Problem, printable
from flashpoint.ingest.registry import READERS, format_of, sniff
from flashpoint.ingest.stdin import read_stdin

STDIN = "-"


@dataclass
class Source:
    """One input to read: a file (or stdin) with the metadata given for it."""

    label: str  # as shown in messages
    path: Path | None  # None for stdin and URLs
    given: dict[str, Any] = field(default_factory=dict)
    size: int = 0
    url: str | None = None  # a web page or feed


def collect_sources(paths: list[str], options: IngestOptions) -> Iterator[Source | Problem]:
    """Every input file under ``paths``, with sidecar metadata; problems for unusable paths."""
    sidecars = _Sidecars()
    for raw in paths:
        if raw == STDIN:
            yield Source(STDIN, None)
            continue
        if is_url(raw):
            yield Source(printable(raw), None, url=raw)
            continue
        if url_scheme(raw) and not Path(raw).exists():
            yield Problem(raw, f"unsupported URL scheme '{url_scheme(raw)}' (http and https only)")
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, options, sidecars)
        elif path.is_file():
            yield _source(path, options, sidecars)
        elif path.exists():
            yield Problem(raw, "not a regular file")
        else:
            yield Problem(raw, "no such file or directory")


def read_source(source: Source, options: IngestOptions) -> Iterator[Document | Problem]:
    """Documents of one source; every problem becomes a :class:`Problem`, never an exception."""
    try:
        for item in _items(source, options):
            yield _checked(item, source.label, options)
    except IngestError as exc:
        yield Problem(source.label, exc.reason, exc.line)
    except Exception as exc:  # a reader library failing on odd input must not stop the run
        yield Problem(source.label, f"could not read ({exc.__class__.__name__}: {exc})")


def _items(source: Source, options: IngestOptions) -> Iterator[Document | Problem]:
    if source.url is not None:
        return web_reader(options).read(source.url, source.given, options)
    if source.path is None:
        return read_stdin(sys.stdin.buffer, source.label, source.given, options)
    data = _read_bytes(source.path, options)
    fmt = options.format or format_of(source.path) or sniff(data)
    return READERS[fmt](data, source.label, source.given, options)


def read_path(path: Path, options: IngestOptions, given: dict[str, Any] | None = None):
    """Documents of one file (used for files named in a sidecar given explicitly)."""
    if not path.is_file():
        yield Problem(str(path), "no such file")
        return
    source = _source(path, options, _Sidecars())
    source.given = {**source.given, **(given or {})}
    yield from read_source(source, options)


read_named_files_with(read_path)  # a JSON Lines record may name a file to read


def iter_documents(paths: list[str], options: IngestOptions) -> Iterator[Document | Problem]:
    """All documents (and problems) under ``paths``."""
    for item in collect_sources(paths, options):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_source(item, options)


def web_reader(options: IngestOptions):
    """The reader for URLs of this run: ``options.web``, made on first use if not given."""
    if options.web is None:
        from flashpoint.ingest.web import WebReader

        options.web = WebReader(FetchOptions(max_bytes=options.max_bytes))
    return options.web


# -- helpers ---------------------------------------------------------------------------


class _Sidecars:
    """Sidecar metadata, loaded once per folder; an entry may name a file in a subfolder."""

    def __init__(self) -> None:
        self.loaded: set[Path] = set()
        self.entries: dict[Path, dict[str, Any]] = {}
        self.files: set[Path] = set()

    def load(self, folder: Path) -> None:
        folder = folder.resolve()
        if folder in self.loaded:
            return
        self.loaded.add(folder)
        for candidate in sorted(folder.glob("*.jsonl")):
            found = sidecar_entries(candidate)
            if found is not None:
                self.files.add(candidate.resolve())
                for name, record in found.items():
                    self.entries.setdefault((folder / name).resolve(), record)

    def given_for(self, path: Path) -> dict[str, Any]:
        self.load(path.parent)
        return self.entries.get(path.resolve(), {})

    def is_sidecar(self, path: Path) -> bool:
        self.load(path.parent)
        return path.resolve() in self.files


def _walk(folder: Path, options: IngestOptions, sidecars: _Sidecars) -> Iterator[Source | Problem]:
    folders, found = _tree(folder)
    for path in folders:  # sidecars first, so entries for subfolders apply
        sidecars.load(path)
    for path in found:
        if isinstance(path, Problem):
            yield path
        elif _is_project_file(path) or sidecars.is_sidecar(path):
            continue
        elif options.format is None and format_of(path) is None:
            yield Problem(str(path), f"unsupported file type '{path.suffix}'")
        else:
            yield _source(path, options, sidecars)


def _tree(root: Path) -> tuple[list[Path], list[Path | Problem]]:
    """Folders and files under ``root`` (depth first, in name order, hidden ones left out);
    what cannot be read (a folder, a symlink loop, a broken link) is a problem in its place."""
    folders: list[Path] = [root]
    found: list[Path | Problem] = []
    stack = [(iter(_listing(root, found)), (_identity(root.stat()),))]
    while stack:
        entries, above = stack[-1]
        path = next(entries, None)
        if path is None:
            stack.pop()
            continue
        kind = _kind(path, above)
        if isinstance(kind, Problem) or kind == "file":
            found.append(kind if isinstance(kind, Problem) else path)
        else:
            folders.append(path)
            stack.append((iter(_listing(path, found)), (*above, kind)))
    return folders, found


def _listing(folder: Path, found: list[Path | Problem]) -> list[Path]:
    """Entries of ``folder`` in name order, hidden ones left out; a problem if it cannot be read."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if not entry.name.startswith("."))
    except OSError as exc:
        found.append(Problem(str(folder), f"cannot read the folder ({exc.strerror or exc})"))
        return []
    return [folder / name for name in names]


def _kind(path: Path, above: tuple[tuple[int, int], ...]) -> str | tuple[int, int] | Problem:
    """``"file"``, a folder's identity (to follow it), or why the entry is skipped."""
    try:
        info = path.stat()  # follows symbolic links
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(str(path), "symbolic link loop")
        if path.is_symlink():
            return Problem(str(path), "broken symbolic link")
        return Problem(str(path), f"cannot read ({exc.strerror or exc})")
    if stat.S_ISREG(info.st_mode):
        return "file"
    if not stat.S_ISDIR(info.st_mode):
        return Problem(str(path), "not a regular file")
    if _identity(info) in above:
        return Problem(str(path), "symbolic link loop (leads back to a folder above it)")
    return _identity(info)


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _is_project_file(path: Path) -> bool:
    """README, LICENSE and the like describe a folder; they are not part of its corpus."""
    return path.stem.upper() in _PROJECT_FILES


_PROJECT_FILES = {"README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "CONTRIBUTING",
                  "NOTICE", "COPYING", "AUTHORS"}  # fmt: skip


def _source(path: Path, options: IngestOptions, sidecars: _Sidecars) -> Source:
    given: dict[str, Any] = {}
    if options.name_pattern and (match := options.name_pattern.search(path.name)):
        given.update({k: v for k, v in match.groupdict().items() if v is not None})
    given.update(sidecars.given_for(path))
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return Source(printable(str(path)), path, given, size)


def _read_bytes(path: Path, options: IngestOptions) -> bytes:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise IngestError(_too_big(size, options))
        if size == 0:
            raise IngestError("empty file")
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read ({exc.strerror or exc})") from exc


def _too_big(size: int, options: IngestOptions) -> str:
    return f"file is {byte_size(size)}, over {byte_limit(options.max_bytes)}"


def _checked(item: Document | Problem, label: str, options: IngestOptions) -> Document | Problem:
    if isinstance(item, Document) and len(item.text) > options.max_chars:
        return Problem(
            label, f"document has {len(item.text):,} characters, over the {options.max_chars:,} "
            "limit (max_chars)", item.metadata.get("source_line"),
        )  # fmt: skip
    if isinstance(item, Document) and not item.text:
        return Problem(label, "empty text", item.metadata.get("source_line"))
    return item
