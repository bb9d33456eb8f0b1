"""Development scores: run ``flashpoint analyze`` on every gold set and score it.

    python scripts/dev_scores.py            # one table per gold set
    python scripts/dev_scores.py --json     # machine-readable, keyed by gold set
    python scripts/dev_scores.py --only seeds --keep out/   # keep the system records

Gold sets: the three seed op-eds (../shared/corpus/seeds, with their sidecar), the sample
corpus (samples/kashmir, gold/sample.jsonl) and the annotated UN General Assembly speeches
(../shared/corpus/un_general_debate, gold/un_speeches.jsonl; year and speaker's country
come from the file name), and a set of five more speeches annotated for events only
(gold/un_check.jsonl), twenty and twelve more annotated for recommendations only
(gold/un_recs.jsonl, gold/un_recs_2.jsonl),
and the 15 texts of the Russia-Ukraine sample (samples/ukraine,
gold/ukraine_sample.jsonl, analysed with ``--pack ukraine``). These are development sets: the
coder's thresholds were chosen on them, so their scores are upper bounds.

Held-out check sets (``--only check_written,check_written_2,check_un,check_un_2,check_un_recs,ukraine_check``), annotated before any
system output on them was seen and never used to choose anything: 30 written news reports,
op-eds and statements (gold/check_texts, gold/check_news.jsonl + gold/check_opeds.jsonl), 20
more (gold/check_texts_2, gold/check_written_2.jsonl), ten
more UN speeches (gold/check_un.jsonl), ten more for events (gold/check_un_2.jsonl), six more for recommendations only
(gold/check_un_recs.jsonl) and 12 Russia-Ukraine texts (gold/ukraine_check_texts,
gold/ukraine_check.jsonl, ``--pack ukraine``). They are not run by default. Sets whose texts
are absent are skipped with a note.
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
    golds: list[Path]  # one or more gold files over the same inputs
    inputs: list[Path]  # folders (with sidecars) or files
    options: list[str] = field(default_factory=list)
    check: bool = False  # a held-out check set: run only when named

    @property
    def gold(self) -> Path:
        return self.golds[0]

    def gold_records(self) -> list[dict]:
        return [r for path in self.golds for r in load_records(path)]

    def resolve_inputs(self) -> list[Path]:
        if self.inputs:
            return self.inputs
        # UN speeches: only the annotated files, named in the gold records
        folder = SHARED / "corpus" / "un_general_debate"
        return [folder / r["file"] for r in self.gold_records()]


GOLD = REPO / "gold"
GOLD_SETS = [
    GoldSet("seeds", [GOLD / "seeds.jsonl"], [SHARED / "corpus" / "seeds"]),
    GoldSet("sample", [GOLD / "sample.jsonl"], [REPO / "samples" / "kashmir"]),
    GoldSet("un_speeches", [GOLD / "un_speeches.jsonl"], [], ["--name-pattern", UN_NAMES]),
    GoldSet("un_check", [GOLD / "un_check.jsonl"], [], ["--name-pattern", UN_NAMES]),
    GoldSet("un_recs", [GOLD / "un_recs.jsonl"], [], ["--name-pattern", UN_NAMES]),
    GoldSet("un_recs_2", [GOLD / "un_recs_2.jsonl"], [], ["--name-pattern", UN_NAMES]),
    GoldSet("ukraine_sample", [GOLD / "ukraine_sample.jsonl"], [REPO / "samples" / "ukraine"], ["--pack", "ukraine"]),
    GoldSet("check_written", [GOLD / "check_news.jsonl", GOLD / "check_opeds.jsonl"], [GOLD / "check_texts"], check=True),
    GoldSet("check_written_2", [GOLD / "check_written_2.jsonl"], [GOLD / "check_texts_2"], check=True),
    GoldSet("ukraine_check", [GOLD / "ukraine_check.jsonl"], [GOLD / "ukraine_check_texts"], ["--pack", "ukraine"],
            check=True),
    GoldSet("check_un", [GOLD / "check_un.jsonl"], [], ["--name-pattern", UN_NAMES], check=True),
    GoldSet("check_un_recs", [GOLD / "check_un_recs.jsonl"], [], ["--name-pattern", UN_NAMES], check=True),
    GoldSet("check_un_2", [GOLD / "check_un_2.jsonl"], [], ["--name-pattern", UN_NAMES], check=True),
]


def analyze(inputs: list[Path], options: list[str], workdir: Path, name: str, config: Path | None = None) -> Path:
    """System records of the inputs, written by the ``flashpoint analyze`` verb."""
    records = workdir / f"{name}.jsonl"
    command = [
        sys.executable, "-c", "from flashpoint.cli import main; main()", "analyze",
        *map(str, inputs), "--db", str(workdir / f"{name}.duckdb"), "--export", str(records),
        "--quiet", "--force", *options, *(["--config", str(config)] if config else []),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not records.is_file():
        problem = (done.stderr.strip() or done.stdout.strip() or "no records written").splitlines()
        raise RuntimeError(f"analyze failed for {name}: {problem[-1] if problem else '?'}")
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--only", help="comma-separated gold set names (seeds,sample,un_speeches,un_check,"
                        "un_recs,un_recs_2,ukraine_sample; the check sets check_written,check_written_2,check_un,"
                        "check_un_2,check_un_recs,ukraine_check run only when named)")
    parser.add_argument("--keep", type=Path, help="write the system records into this folder")
    parser.add_argument("--config", type=Path, help="pipeline configuration passed to analyze (stage options)")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else None
    console, err = Console(), Console(stderr=True)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for gold_set in GOLD_SETS:
            if (wanted and gold_set.name not in wanted) or (not wanted and gold_set.check):
                continue
            try:
                inputs = gold_set.resolve_inputs()
                missing = [p for p in [*inputs, *gold_set.golds] if not p.exists()]
                if missing:
                    err.print(f"skipped {gold_set.name}: {missing[0]} is absent")
                    continue
                started = time.perf_counter()
                records = analyze(inputs, gold_set.options, workdir, gold_set.name, args.config)
                scores = score(gold_set.gold_records(), load_records(records))
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
