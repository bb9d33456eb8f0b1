"""Analyses over the store: each reads a store (path, connection or open store) and returns
a DataFrame (or a dict) that the CLI prints, the report charts and the dashboard serves."""

from flashpoint.analysis.alignment import alignment, reciprocity
from flashpoint.analysis.archive import archive, archive_totals
from flashpoint.analysis.coalitions import coalition_summary, coalitions
from flashpoint.analysis.frames import frames_by_outlet
from flashpoint.analysis.overview import overview
from flashpoint.analysis.recommendations import (
    RecommendationGroups,
    by_addressee,
    group_recommendations,
    tracker,
)
from flashpoint.analysis.rows import records
from flashpoint.analysis.scales import QUADCLASS, load_weights, quadclass
from flashpoint.analysis.silences import silences
from flashpoint.analysis.source import Period, connect
from flashpoint.analysis.timeline import dyad_index, timeline

__all__ = [
    "QUADCLASS", "Period", "RecommendationGroups", "alignment", "archive", "archive_totals", "by_addressee",
    "coalition_summary", "coalitions", "connect", "dyad_index", "frames_by_outlet", "group_recommendations",
    "load_weights", "overview", "quadclass", "reciprocity", "records", "silences", "timeline", "tracker",
]  # fmt: skip
