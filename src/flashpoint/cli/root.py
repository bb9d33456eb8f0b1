"""The ``flashpoint`` Typer app, which every verb module registers its verbs on (kept apart
from ``flashpoint.cli``, which imports the verb modules, so that they need not import it)."""

from __future__ import annotations

from typing import Any

import typer

from flashpoint.cli.usage import OneLineErrors


class _Verbs(typer.Typer):
    """A Typer app whose verbs all report usage errors in one line (cli/usage.py)."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or OneLineErrors, **kwargs)


app = _Verbs(
    name="flashpoint",
    help="Structured, evidence-linked records from news, editorials and statements on a conflict.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from flashpoint import __version__

        typer.echo(f"flashpoint {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                 help="Print the version and exit."),  # fmt: skip
) -> None:
    pass
