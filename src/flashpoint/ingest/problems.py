"""What goes wrong while reading input: one line per problem, naming the file (and line)."""

from __future__ import annotations

from dataclasses import dataclass


def one_line(text: str) -> str:
    """``text`` with every character that does not print escaped as in ``repr`` (line
    breaks, control and format characters, unassigned code points: ``\\n``, ``\\x1b``,
    ``\\U00018d09``), and bytes of a file name that are not UTF-8 as ``\\xNN``."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # a byte of a file name that is not UTF-8
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


def printable(text: str) -> str:
    """``text`` (a file name) with bytes that are not UTF-8 as ``\\xNN``, so it can be stored."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that no file system gave
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class Problem:
    """A file, or one record in it, that could not be turned into a document.

    ``path`` and ``reason`` are kept printable on one line: control characters in file
    names or error messages are escaped.
    """

    path: str
    reason: str
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", one_line(str(self.path)))
        object.__setattr__(self, "reason", one_line(str(self.reason)))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


class IngestError(Exception):
    """Raised by a reader when a whole file (or one record, with ``line``) is unusable."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line
