"""The ``flashpoint`` command: one verb per job. Each verb lives in its own module."""

from __future__ import annotations

# Verb modules register themselves on ``app`` when imported.
from flashpoint.cli import (  # noqa: F401
    actors_cmd,
    analysis_cmd,
    analyze_cmd,
    discourse_cmd,
    evaluate_cmd,
    events_cmd,
    search_cmd,
    store_cmd,
    watch_cmd,
)
from flashpoint.cli.root import app

__all__ = ["app", "main"]


def main() -> None:
    """Run a verb; an unexpected error is one line (``FLASHPOINT_DEBUG=1`` shows the traceback)."""
    import os
    import sys

    from flashpoint.engine.worker import keep_torch_out

    keep_torch_out()
    try:
        app(standalone_mode=True)
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("FLASHPOINT_DEBUG"):
            raise
        from flashpoint.cli.options import fail
        from flashpoint.errors import first_line

        fail(f"{type(exc).__name__}: {first_line(exc)} (FLASHPOINT_DEBUG=1 shows where)")
        sys.exit(1)
