"""How many stored events carry a date whose year is written neither in their sentence nor
in their document's publication date (a date the coder made up or resolved wrongly).
Sentences that place the year relative to the publication ("last year", "two years ago")
are counted apart.

    python scripts/date_audit.py un.duckdb [--show 10]
"""

from __future__ import annotations

import argparse
import re

import duckdb

# a year the sentence gives relative to the speech ("last year", "three years ago")
RELATIVE_YEAR = re.compile(r"\b(?:last|next|previous|past|this)\s+year\b|\byears?\s+(?:ago|earlier|before|later)\b", re.I)

SQL = """
SELECT e.doc_id, e.date, e.date_precision, d.published, e.quote,
       substr(e.date, 1, 4) AS year,
       contains(e.quote, substr(e.date, 1, 4)) OR substr(e.date, 1, 4) = substr(d.published, 1, 4)
         AS year_found
FROM events e JOIN documents d USING (doc_id)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--show", type=int, default=10, help="examples of unfounded dates shown")
    args = parser.parse_args()
    con = duckdb.connect(args.store, read_only=True)
    rows = con.execute(SQL).fetchall()
    dated = [r for r in rows if r[1]]
    unfounded = [r for r in dated if not r[6] and not RELATIVE_YEAR.search(r[4])]
    relative = [r for r in dated if not r[6] and RELATIVE_YEAR.search(r[4])]
    by_precision: dict[str | None, int] = {}
    for r in rows:
        by_precision[r[2]] = by_precision.get(r[2], 0) + 1
    print(f"events: {len(rows)}; dated: {len(dated)}; by precision: {by_precision}")
    share = len(unfounded) / len(rows) if rows else 0.0
    print(f"dated with a year found neither in the sentence nor in the publication date: "
          f"{len(unfounded)} ({share:.1%} of all events)")  # fmt: skip
    print(f"dated from a year the sentence gives relative to the publication: {len(relative)}")
    for doc_id, date, _, published, quote, *_ in unfounded[: args.show]:
        print(f"  {doc_id} published {published}: {date} <- {' '.join(quote.split())[:160]}")


if __name__ == "__main__":
    main()
