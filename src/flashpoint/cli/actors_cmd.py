"""CLI verbs (placeholder)."""

from __future__ import annotations

from flashpoint.cli import app  # noqa: F401
