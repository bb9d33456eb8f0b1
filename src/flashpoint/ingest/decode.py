"""Bytes to text: UTF-8 first, then Windows-1252, then encodings detected by charset-normalizer.

Windows-1252 is the usual legacy encoding of English-language news, and short texts rarely
tell it apart from its neighbours, so it is taken whenever it decodes the bytes plausibly:
every byte is defined and the letters it gives are mostly ASCII, with accented letters
inside words (``caf\xe9`` -> ``café``), not whole words of them as Cyrillic or Greek bytes
give (``\xc7\xe4\xf0\xe0`` -> ``Çäðà``). Other bytes go to charset-normalizer.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from flashpoint.ingest.problems import IngestError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


def decode_bytes(data: bytes, line_records: bool = False) -> str:
    """Decode ``data`` to text or raise :class:`IngestError` for binary or undecodable input.
    With ``line_records`` (one record a line, as JSONL), a NUL byte in valid UTF-8 is one bad
    line for the reader to report, not a binary file."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data:
        if line_records:
            try:
                return data.decode("utf-8-sig")
            except UnicodeDecodeError:
                pass
        raise IngestError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if (text := _as_cp1252(data)) is not None:
        return text
    matches = from_bytes(data)
    best = next((m for m in matches if m.encoding == "cp1252"), None) or matches.best()
    if best is None:
        raise IngestError("binary file or unknown text encoding")
    text = str(best)
    if _control_share(text) > 0.05:
        raise IngestError("binary file, not text")
    return text


def _as_cp1252(data: bytes) -> str | None:
    """``data`` as Windows-1252 when that reads as Latin-script text; else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined
        return None
    if _control_share(text) > 0.05 or _SYMBOL_IN_WORD.search(text):
        return None
    letters = [ch for ch in text[:20_000] if ch.isalpha()]
    accented = sum(1 for ch in letters if not ch.isascii())
    return text if accented <= _MAX_ACCENTED * len(letters) else None


_MAX_ACCENTED = 0.3  # Western European prose has under 10% non-ASCII letters
# a Latin-1 sign wedged between letters (Polish cp1250 "Za¿ó³æ") is not Windows-1252 text
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[\xa2-\xa9\xac-\xb4\xb6\xb8-\xbf\xd7\xf7](?=[^\W\d_])")


def _control_share(text: str) -> float:
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)
