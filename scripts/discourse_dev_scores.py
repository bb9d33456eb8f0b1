"""Development scores of the discourse stage: recommendations, references, frames.

    python scripts/discourse_dev_scores.py            # table per gold set
    python scripts/discourse_dev_scores.py --json
    python scripts/discourse_dev_scores.py --only seeds,un_speeches

Runs ``scripts/dev_scores.py`` (``flashpoint analyze`` + ``flashpoint evaluate`` on
gold/seeds.jsonl, gold/sample.jsonl, gold/un_speeches.jsonl), keeps the discourse tasks,
lists the reference ids missed or added per document, and adds the frame classifier's
held-out accuracy on FrAC (``models/discourse/frames_metrics.json``, written by
``scripts/train_discourse.py``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TASKS = ("recommendations", "references", "frames")
METRICS = REPO / "src/flashpoint/models/discourse/frames_metrics.json"


def reference_diffs(gold_path: Path, system_path: Path) -> list[dict]:
    """Per document: required reference ids missed, and ids reported that gold lacks."""
    if not system_path.is_file():
        return []
    system = {}
    for line in system_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            system[record["doc_id"]] = {r["id"] for r in record.get("references") or []}
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        if "references" not in gold:
            continue
        required = {r["id"] for r in gold["references"] if not r.get("optional")}
        allowed = {r["id"] for r in gold["references"]}
        found = system.get(gold["doc_id"], set())
        missed, extra = sorted(required - found), sorted(found - allowed)
        if missed or extra:
            out.append({"doc_id": gold["doc_id"], "missed": missed, "extra": extra})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", help="comma-separated gold sets (seeds,sample,un_speeches)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, str(REPO / "scripts/dev_scores.py"), "--json", "--keep", tmp]
        if args.only:
            command += ["--only", args.only]
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
        if done.returncode != 0 or not done.stdout.strip():
            sys.exit(f"dev_scores failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
        scores = json.loads(done.stdout)
        result = {}
        for name, sets in scores.items():
            if not isinstance(sets, dict) or "references" not in sets:
                continue
            result[name] = {task: sets.get(task) for task in TASKS}
            result[name]["reference_diffs"] = reference_diffs(
                REPO / "gold" / f"{name}.jsonl", Path(tmp) / f"{name}.jsonl"
            )
    if METRICS.is_file():
        result["frac_heldout"] = json.loads(METRICS.read_text(encoding="utf-8"))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for name, tasks in result.items():
        if name == "frac_heldout":
            continue
        print(f"== {name}")
        for task in TASKS:
            s = tasks.get(task) or {}
            if not s.get("documents"):
                continue
            extra = f"  addressee acc {s['addressee_accuracy']:.3f} (n={s['addressee_pairs']})" if task == "recommendations" else ""
            print(f"  {task:<16} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
                  f"TP/FP/FN {s['tp']}/{s['fp']}/{s['fn']}  docs {s['documents']}{extra}")  # fmt: skip
        for diff in tasks["reference_diffs"]:
            print(f"    {diff['doc_id']}: missed {diff['missed'] or '-'}, extra {diff['extra'] or '-'}")
    if "frac_heldout" in result:
        m = result["frac_heldout"]
        print(f"== frames on FrAC held-out ({m['n_test']} sentences): accuracy {m['accuracy']:.3f}, "
              f"macro-F1 {m['macro_f1']:.3f} (majority baseline {m['majority_baseline']:.3f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
