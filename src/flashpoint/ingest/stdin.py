"""Standard input (``-``): read within ``--max-bytes``, JSON Lines one line at a time.

The format is ``--format`` or guessed from the first bytes. JSON Lines stream: each line is
read, parsed and handed on before the next, so ``--max-bytes`` caps every line, not the
stream. Any other format is read whole, at most ``max_bytes + 1`` bytes, and refused when
that last byte arrives.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from flashpoint.document import Document
from flashpoint.ingest.decode import decode_bytes
from flashpoint.ingest.jsonl import Line, jsonl_documents
from flashpoint.ingest.options import IngestOptions, byte_limit
from flashpoint.ingest.problems import IngestError, Problem
from flashpoint.ingest.registry import READERS, sniff

_SNIFF_BYTES = 2048


def read_stdin(
    stream: BinaryIO, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    """Documents (and problems) of the binary ``stream``; raises :class:`IngestError`."""
    head = _read_up_to(stream, min(_SNIFF_BYTES, options.max_bytes + 1))
    fmt = options.format or sniff(head)
    if fmt == "jsonl":
        lines = io.BufferedReader(_Prefixed(head, stream))
        yield from jsonl_documents(_lines(lines, label, options.max_bytes), label, given, options)
        return
    data = head + _read_up_to(stream, options.max_bytes + 1 - len(head))
    if len(data) > options.max_bytes:
        raise IngestError(f"stdin is over {byte_limit(options.max_bytes)}")
    yield from READERS[fmt](data, label, given, options)


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    """At most ``size`` bytes, fewer only at the end of the stream."""
    chunks: list[bytes] = []
    while size > 0 and (chunk := stream.read(size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _lines(stream: io.BufferedReader, label: str, max_bytes: int) -> Iterator[Line]:
    """Decoded lines with their numbers; a line over ``max_bytes`` is skipped and reported."""
    number = 0
    while raw := stream.readline(max_bytes + 1):
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_line(stream)
            yield Problem(label, f"line is over {byte_limit(max_bytes)}", number)
        elif raw.strip():
            yield _decoded(raw, label, number)


def _decoded(raw: bytes, label: str, number: int) -> Line:
    try:
        return number, decode_bytes(raw)
    except IngestError as exc:
        return Problem(label, exc.reason, number)


def _skip_line(stream: io.BufferedReader) -> None:
    """Read past the end of the current line without keeping it."""
    while (chunk := stream.readline(64 * 1024)) and not chunk.endswith(b"\n"):
        pass


class _Prefixed(io.RawIOBase):
    """``head`` followed by the rest of ``stream``, as a raw stream to buffer and read lines of."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        read = getattr(self._stream, "read1", self._stream.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
