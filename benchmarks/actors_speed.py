"""Cost of the actor stage against the bare spaCy parse of the same documents.

    python benchmarks/actors_speed.py [--limit N] [--shared ../shared]

Parses the 155 UN General Assembly speeches and the seed op-eds with spaCy (timed), then runs
only the actor stage on the parsed documents (timed) and prints the ratio. Budget: 15%.
"""

from __future__ import annotations

import sys

from stage_cost import main

if __name__ == "__main__":
    sys.exit(main("actors", 0.15, "mentions", __doc__))
