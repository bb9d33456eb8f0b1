"""Usage errors in one line: ``error: <what is wrong>`` on stderr and exit 2, no usage box."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand

from flashpoint.ingest.problems import one_line

# a bad value, an unknown or missing option: UsageError and its subclasses (typer vendors
# click from 0.2x on, and re-exports only BadParameter)
UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


class OneLineErrors(TyperCommand):
    """A verb whose option parsing errors (a bad number, an unknown option) are one line."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:  # fmt: skip
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as exc:
            typer.echo(f"error: {one_line(exc.format_message())}", err=True)
            raise typer.Exit(2) from None
