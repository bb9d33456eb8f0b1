"""Cost of the event stage against the bare spaCy parse of the same documents.

    python benchmarks/events_speed.py [--limit N] [--shared ../shared]

Parses the 155 UN General Assembly speeches and the seed op-eds with spaCy (timed), runs the
actor stage (untimed), then times only the event stage and prints the ratio. Budget: 30%.
"""

from __future__ import annotations

import sys

from stage_cost import main

if __name__ == "__main__":
    sys.exit(main("events", 0.30, "events", __doc__))
