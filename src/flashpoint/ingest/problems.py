"""What goes wrong while reading input: one line per problem, naming the file (and line)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A file, or one record in it, that could not be turned into a document."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


class IngestError(Exception):
    """Raised by a reader when a whole file (or one record, with ``line``) is unusable."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line
