"""``flashpoint evaluate GOLD SYSTEM``: score system records against gold records."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from flashpoint.cli.options import fail
from flashpoint.cli.root import app


class Task(str, Enum):
    actors = "actors"
    events = "events"
    recommendations = "recommendations"
    references = "references"
    frames = "frames"
    location = "location"


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold document records (JSON Lines).")],
    system: Annotated[Path, typer.Argument(help="System document records (JSON Lines).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    task: Annotated[Task | None, typer.Option(help="Score only this task.")] = None,
) -> None:
    """Score SYSTEM records against GOLD records (P/R/F1 per task, micro-averaged)."""
    from flashpoint.evaluate import EvaluationInputError, score_files
    from flashpoint.evaluate.report import print_scores

    try:
        scores = score_files(str(gold), str(system))
    except EvaluationInputError as exc:
        raise fail(str(exc), 2) from None
    if task is not None:
        if task.value not in scores:
            raise fail(f"{gold}: no gold record annotates the {task.value} task", 2)
        scores = {"documents": scores["documents"], task.value: scores[task.value]}
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
    else:
        print_scores(scores)
