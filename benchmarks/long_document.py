"""Peak memory and time of the full pipeline on one very long document, at several lengths.

Each length runs ``flashpoint analyze FILE`` in a fresh process (models, parse, every stage
and the store write), so its peak resident memory is that of the run alone. The text is real
prose: the UN General Debate speeches of ../shared joined by blank lines, or the bundled
sample corpus when ../shared is absent, cut at a paragraph end near each length.

    python benchmarks/long_document.py                      # 100k, 300k and 900k characters
    python benchmarks/long_document.py --chars 50000 900000

A line of "1 short document" gives the memory of the loaded models, for reference. Time per
100,000 characters that stays flat across lengths means time linear in length.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throughput import PeakRSS

REPO = Path(__file__).resolve().parents[1]
SHARED_SPEECHES = REPO.parent / "shared" / "corpus" / "un_general_debate"
SAMPLES = REPO / "samples" / "kashmir"


def prose() -> str:
    folder = SHARED_SPEECHES if SHARED_SPEECHES.is_dir() else SAMPLES
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))]
    return "\n\n".join(t.strip() for t in texts if t.strip())


def long_text(chars: int) -> str:
    source = prose()
    text = source
    while len(text) < chars:
        text += "\n\n" + source
    cut = text.rfind("\n\n", 0, chars)
    return text[: cut if cut > chars // 2 else chars]


def run(path: Path) -> tuple[float, int]:
    """Seconds and peak RSS (bytes) of ``flashpoint analyze PATH`` in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "flashpoint", "analyze", str(path),
               "--store", str(Path(tmp) / "s.duckdb"), "--quiet"]  # fmt: skip
        started = time.perf_counter()
        with PeakRSS(children_only=True) as rss:
            subprocess.run(cmd, check=True)
        return time.perf_counter() - started, rss.peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, nargs="+", default=[100_000, 300_000, 900_000])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, chars in [("1 short document", 300), *((f"{c:,} chars", c) for c in args.chars)]:
            path = Path(tmp) / f"doc_{chars}.txt"
            text = long_text(chars)
            path.write_text(text, encoding="utf-8")
            seconds, peak = run(path)
            rows.append((label, len(text), seconds, peak))
            print(f"{label}: {seconds:.1f} s, peak {peak / 2**20:,.0f} MB", file=sys.stderr)
    base = rows[0][2]
    print("| document | characters | seconds | seconds per 100k chars (after start-up) | peak RSS |")
    print("| --- | --- | --- | --- | --- |")
    for label, n, seconds, peak in rows:
        per = f"{(seconds - base) / n * 100_000:.1f}" if n > 1000 else "–"
        print(f"| {label} | {n:,} | {seconds:.1f} | {per} | {peak / 2**20:,.0f} MB |")


if __name__ == "__main__":
    main()
