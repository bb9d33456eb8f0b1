"""Size of the static report of a store, by section.

    python benchmarks/report_size.py un.duckdb                 # default options
    python benchmarks/report_size.py un.duckdb --max-texts 0   # every full text

Prints the file's size, the inlined chart libraries, each section (from its heading to the
next), the chart specs, and how many documents carry their full text or linked passages.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from flashpoint.report import SCRIPTS, build_report, static_text

SECTIONS = ("glance", "timeline", "compare", "alignment", "silences", "reciprocity",
            "coalitions", "recommendations", "archive", "frames", "documents")  # fmt: skip


def sizes(html: str) -> dict[str, int]:
    """Bytes per section of a report, in page order."""
    starts = [(name, html.find(f'<h2 id="{name}"')) for name in SECTIONS]
    starts = [s for s in starts if s[1] >= 0] + [("end", html.find("<footer>"))]
    return {a: len(html[i:j].encode()) for (a, i), (_, j) in zip(starts, starts[1:], strict=False)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--max-texts", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        out = build_report(args.db, Path(folder) / "report.html", max_texts=args.max_texts)
        seconds = time.perf_counter() - started
        html = out.read_text(encoding="utf-8")
    libraries = sum(len(static_text(s).encode()) for s in SCRIPTS)
    print(f"report: {len(html.encode()):,} bytes in {seconds:.1f} s; chart libraries {libraries:,}")
    for name, size in sizes(html).items():
        print(f"  {name:<16}{size:>10,}")
    for name, spec in re.findall(r'<script type="application/json" id="spec-(\w+)">(.*?)</script>', html, re.S):
        print(f"  spec {name:<11}{len(spec.encode()):>10,}")
    counts = {k: html.count(f'class="{k}"') for k in ("doctext", "excerpts", "passage")}
    print(f"full texts: {counts['doctext']}, documents with passages: {counts['excerpts']}, "
          f"passages: {counts['passage']}")


if __name__ == "__main__":
    main()
