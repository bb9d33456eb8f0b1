"""The IND-PAK index per year on the UN General Debate speeches, next to the years whose
direction is public record (gold/un_history.yaml): how many the index gets right, and on how
many events each year rests.

    flashpoint analyze ../shared/corpus/un_general_debate --db un.duckdb \\
        --name-pattern '(?P<outlet_country>[A-Z]{3})_\\d+_(?P<published>\\d{4})'
    python scripts/un_history.py un.duckdb

A year is right when its index has the listed sign (conflict below 0, cooperation above 0,
"not positive" at most 0) and rests on at least MIN_EVENTS asserted IND-PAK events.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from flashpoint.analysis.timeline import dyad_index

HISTORY = Path(__file__).resolve().parents[1] / "gold" / "un_history.yaml"
MIN_EVENTS = 3
EXPECTED = {"conflict": "< 0", "cooperation": "> 0", "not_positive": "<= 0"}


def right(kind: str, index: float) -> bool:
    return {"conflict": index < 0, "cooperation": index > 0, "not_positive": index <= 0}[kind]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--history", type=Path, default=HISTORY)
    args = parser.parse_args()
    history = yaml.safe_load(args.history.read_text(encoding="utf-8"))
    table = dyad_index(args.store, "IND-PAK", freq="year")
    by_year = {str(p)[:4]: row for p, row in zip(table["period"], table.to_dict("records"), strict=True)}
    print(f"{'year':<6}{'expected':<10}{'index':>8}{'events':>8}  verdict  what")
    got = total = 0
    for kind, years in history.items():
        for year, what in sorted(years.items()):
            row = by_year.get(str(year), {"index": 0.0, "events": 0})
            index, n = float(row["index"]), int(row["events"])
            ok = right(kind, index) and n >= MIN_EVENTS
            verdict = "right" if ok else ("thin" if right(kind, index) else "wrong")
            got, total = got + ok, total + 1
            print(f"{year:<6}{EXPECTED[kind]:<10}{index:>8.1f}{n:>8}  {verdict:<7}  {what}")
    print(f"\n{got} of {total} years right (sign as listed, on at least {MIN_EVENTS} events)")


if __name__ == "__main__":
    main()
