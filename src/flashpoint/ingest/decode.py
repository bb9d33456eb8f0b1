"""Bytes to text: UTF-8 first, then legacy encodings detected by charset-normalizer.

Among the encodings that fit equally well, Windows-1252 is preferred: it is the usual legacy
encoding of English-language news, and short texts rarely tell it apart from its neighbours.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from flashpoint.ingest.problems import IngestError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` to text or raise :class:`IngestError` for binary or undecodable input."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data:
        raise IngestError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = next((m for m in matches if m.encoding == "cp1252"), None) or matches.best()
    if best is None:
        raise IngestError("binary file or unknown text encoding")
    text = str(best)
    if _control_share(text) > 0.05:
        raise IngestError("binary file, not text")
    return text


def _control_share(text: str) -> float:
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)
