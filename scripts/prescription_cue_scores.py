"""Sentence-level scores of the recommendation cues on our labelled sentences.

Reads ``training/prescriptions.tsv`` (speech and editorial sentences labelled as prescriptive
or not, offsets into ../shared texts), runs the full pipeline on each sentence as a document of
its own (a UN speech sentence with its speaker's country as the outlet), and counts a sentence
as flagged when it gives at least one recommendation. Sentences of the speeches in the check
set (``gold/check_un.jsonl``) are left out, so that choices made here never see the check set.

    python scripts/prescription_cue_scores.py [--json OUT] [--misses]

These sentences are a development set for the cues: read their misses, then confirm a change
on the check set. Needs ../shared; exits 0 with a note when it is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def _check_files() -> set[str]:
    path = REPO / "gold" / "check_un.jsonl"
    return {json.loads(line)["file"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def _f1(rows: list[dict]) -> dict:
    from flashpoint.evaluate.counts import Counts

    counts = Counts(tp=sum(r["flagged"] and r["label"] for r in rows),
                    fp=sum(r["flagged"] and not r["label"] for r in rows),
                    fn=sum(r["label"] and not r["flagged"] for r in rows))  # fmt: skip
    return {"sentences": len(rows), **counts.as_dict()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write every sentence with its label and flag here")
    parser.add_argument("--misses", action="store_true", help="print the sentences the cues get wrong")
    args = parser.parse_args()

    from flashpoint.events.model_data import SHARED, CorpusTexts

    if not (SHARED / "corpus").is_dir():
        print(f"no corpus at {SHARED}: nothing to score")
        return 0
    from flashpoint.config import load_settings
    from flashpoint.document import Document
    from flashpoint.pipeline import Pipeline

    texts, skip = CorpusTexts(SHARED), _check_files()
    pipeline = Pipeline.from_settings(load_settings(None))
    rows = []
    with (REPO / "training" / "prescriptions.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            corpus, name = row["corpus"].strip(), row["file"].strip()
            doc = texts.get(corpus, name)
            text = doc[int(row["start"]) : int(row["end"])].strip() if doc and name not in skip else ""
            if not text:
                continue
            outlet = name[:3] if corpus == "un" else None
            done = pipeline(Document(doc_id="sentence", text=text, outlet_country=outlet))
            rows.append({"corpus": corpus, "file": name, "label": int(row["label"]),
                         "flagged": int(bool(done.recommendations)), "text": text})  # fmt: skip
    scores = {"all": _f1(rows), **{c: _f1([r for r in rows if r["corpus"] == c]) for c in ("un", "webis")}}
    print(json.dumps(scores, indent=2))
    if args.misses:
        for r in rows:
            if r["label"] != r["flagged"]:
                print("FN" if r["label"] else "FP", r["corpus"], "|", " ".join(r["text"].split())[:200])
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
