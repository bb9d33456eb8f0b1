"""Development scores: run ``flashpoint analyze`` on every gold set and score it.

    python scripts/dev_scores.py            # one table per gold set
    python scripts/dev_scores.py --json     # machine-readable, keyed by gold set
    python scripts/dev_scores.py --only seeds --keep out/   # keep the system records

Gold sets: the three seed op-eds (../shared/corpus/seeds, with their sidecar), the sample
corpus (samples/kashmir, gold/sample.jsonl) and the annotated UN General Assembly speeches
(../shared/corpus/un_general_debate, gold/un_speeches.jsonl; year and speaker's country
come from the file name), and a check set of five more speeches annotated for events only
(gold/un_check.jsonl). Sets whose texts are absent are skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from flashpoint.evaluate import EvaluationInputError, load_records, score
from flashpoint.evaluate.report import print_scores

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
UN_NAMES = r"(?P<outlet_country>[A-Z]{3})_\d+_(?P<published>\d{4})\.txt$"


@dataclass
class GoldSet:
    name: str
    gold: Path
    inputs: list[Path]  # folders (with sidecars) or files
    options: list[str] = field(default_factory=list)

    def resolve_inputs(self) -> list[Path]:
        if self.inputs:
            return self.inputs
        # UN speeches: only the annotated files, named in the gold records
        folder = SHARED / "corpus" / "un_general_debate"
        return [folder / r["file"] for r in load_records(self.gold)]


GOLD_SETS = [
    GoldSet("seeds", REPO / "gold" / "seeds.jsonl", [SHARED / "corpus" / "seeds"]),
    GoldSet("sample", REPO / "gold" / "sample.jsonl", [REPO / "samples" / "kashmir"]),
    GoldSet("un_speeches", REPO / "gold" / "un_speeches.jsonl", [], ["--name-pattern", UN_NAMES]),
    GoldSet("un_check", REPO / "gold" / "un_check.jsonl", [], ["--name-pattern", UN_NAMES]),
]


def analyze(inputs: list[Path], options: list[str], workdir: Path, name: str) -> Path:
    """System records of the inputs, written by the ``flashpoint analyze`` verb."""
    records = workdir / f"{name}.jsonl"
    command = [
        sys.executable, "-c", "from flashpoint.cli import main; main()", "analyze",
        *map(str, inputs), "--db", str(workdir / f"{name}.duckdb"), "--export", str(records),
        "--quiet", "--force", *options,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not records.is_file():
        problem = (done.stderr.strip() or done.stdout.strip() or "no records written").splitlines()
        raise RuntimeError(f"analyze failed for {name}: {problem[-1] if problem else '?'}")
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--only", help="comma-separated gold set names (seeds,sample,un_speeches,un_check)")
    parser.add_argument("--keep", type=Path, help="write the system records into this folder")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else None
    console, err = Console(), Console(stderr=True)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for gold_set in GOLD_SETS:
            if wanted and gold_set.name not in wanted:
                continue
            try:
                inputs = gold_set.resolve_inputs()
                missing = [p for p in inputs if not p.exists()]
                if missing or not gold_set.gold.is_file():
                    err.print(
                        f"skipped {gold_set.name}: {(missing or [gold_set.gold])[0]} is absent"
                    )
                    continue
                started = time.perf_counter()
                records = analyze(inputs, gold_set.options, workdir, gold_set.name)
                scores = score(load_records(gold_set.gold), load_records(records))
            except (EvaluationInputError, RuntimeError) as exc:
                err.print(f"error: {exc}")
                return 1
            scores["seconds"] = round(time.perf_counter() - started, 1)
            results[gold_set.name] = scores
            if not args.json:
                print_scores(scores, console, title=f"{gold_set.name} ({gold_set.gold.name})")
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
