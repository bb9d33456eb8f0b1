"""Relevance against a hand-annotated gold: precision, recall and F1 of the sentences scored
on the topic, per document and overall.

    python scripts/relevance_scores.py                 # gold/relevance.jsonl
    python scripts/relevance_scores.py --db rel.duckdb # keep the store it builds
    python scripts/relevance_scores.py --threshold 0.4 # another cut (default RELEVANT)

The gold marks the character spans (of the stored, normalised text) of the sentences a
reader judged to be about the pack's topic; a system sentence counts as relevant in the
gold when its middle falls inside a marked span. The texts are analysed with ``flashpoint
analyze`` (UN speeches with their country and year from the file name, other texts with
their folder and its sidecar metadata), so the scores are those the analyses see. Documents whose text is absent (``../shared`` missing) are skipped
with a note.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
ROOTS = {"repo": REPO, "shared": REPO.parent / "shared" / "corpus"}
UN_NAMES = r"(?P<outlet_country>[A-Z]{3})_\d+_(?P<published>\d{4})\.txt$"


def analyze(files: list[Path], db: Path, options: list[str]) -> None:
    command = [sys.executable, "-c", "from flashpoint.cli import main; main()", "analyze",
               *map(str, files), "--db", str(db), "--quiet", *options]  # fmt: skip
    subprocess.run(command, check=True)


def counts(gold: list[tuple[int, int]], sentences: list[tuple[int, int, float]],
           threshold: float) -> tuple[int, int, int, int]:  # fmt: skip
    """True positives, false positives, false negatives, sentences."""
    tp = fp = fn = 0
    for start, end, score in sentences:
        middle = (start + end) / 2
        wanted = any(a <= middle < b for a, b in gold)
        found = score is not None and score >= threshold
        tp += wanted and found
        fp += found and not wanted
        fn += wanted and not found
    return tp, fp, fn, len(sentences)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    from flashpoint.relevance import RELEVANT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=REPO / "gold" / "relevance.jsonl")
    parser.add_argument("--db", type=Path, help="store to build (default: a temporary file)")
    parser.add_argument("--threshold", type=float, default=RELEVANT)
    args = parser.parse_args(argv)

    golds = [json.loads(line) for line in args.gold.read_text().splitlines() if line.strip()]
    present = []
    for g in golds:
        path = ROOTS[g["root"]] / g["file"]
        if path.is_file():
            present.append((g, path))
        else:
            print(f"skipped {g['file']}: {path} not found", file=sys.stderr)
    if not present:
        print("no gold document found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "relevance.duckdb"
        if db.exists():
            db.unlink()
        un = [p for g, p in present if g["root"] == "shared"]
        # other texts: their whole folder, so that its sidecar metadata (outlet country) is read
        other = sorted({p.parent for g, p in present if g["root"] != "shared"})
        if un:
            analyze(un, db, ["--name-pattern", UN_NAMES])
        if other:
            analyze(other, db, [])
        con = duckdb.connect(str(db), read_only=True)
        total = [0, 0, 0]
        print(f"{'document':58} {'sent':>5} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}")
        for g, path in present:
            rows = con.execute(
                "SELECT s.start_char, s.end_char, s.relevance FROM sentences s JOIN documents d "
                "USING (doc_id) WHERE d.source_path = ? ORDER BY s.idx", [str(path)],
            ).fetchall()  # fmt: skip
            if not rows:
                print(f"{g['file']}: not in the store", file=sys.stderr)
                continue
            tp, fp, fn, n = counts([tuple(s) for s in g["relevant"]], rows, args.threshold)
            total = [total[0] + tp, total[1] + fp, total[2] + fn]
            p, r, f = prf(tp, fp, fn)
            print(f"{g['file'][-58:]:58} {n:5d} {tp + fn:5d} {p:6.3f} {r:6.3f} {f:6.3f}")
        p, r, f = prf(*total)
        print(f"{'all (micro)':58} {'':5} {total[0] + total[2]:5d} {p:6.3f} {r:6.3f} {f:6.3f}")
        con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
