"""PLOVER event types grouped into the four QuadClasses.

The grouping follows the PLOVER codebook definitions: verbal acts without
immediate material consequence versus material acts, cooperation versus
conflict. REQUEST is verbal *cooperation*: its codebook modes (requests for
assistance, meetings, negotiations, the release of prisoners, a ceasefire) are
CAMEO's APPEAL (02), which CAMEO's QuadClass counts as verbal cooperation, and
the codebook calls requests "less forceful than threats". PROTEST (collective
demonstrations and boycotts) is counted as verbal conflict here; CAMEO puts its
PROTEST (14) among material conflict, so QuadClass agreement on PROTEST events
is not comparable with CAMEO-based figures.
"""

from __future__ import annotations

VERBAL_COOPERATION = "verbal_cooperation"
MATERIAL_COOPERATION = "material_cooperation"
VERBAL_CONFLICT = "verbal_conflict"
MATERIAL_CONFLICT = "material_conflict"

QUADCLASS: dict[str, str] = {
    "AGREE": VERBAL_COOPERATION,
    "CONSULT": VERBAL_COOPERATION,
    "SUPPORT": VERBAL_COOPERATION,
    "CONCEDE": VERBAL_COOPERATION,
    "REQUEST": VERBAL_COOPERATION,
    "COOPERATE": MATERIAL_COOPERATION,
    "AID": MATERIAL_COOPERATION,
    "RETREAT": MATERIAL_COOPERATION,
    "ACCUSE": VERBAL_CONFLICT,
    "REJECT": VERBAL_CONFLICT,
    "THREATEN": VERBAL_CONFLICT,
    "PROTEST": VERBAL_CONFLICT,
    "SANCTION": MATERIAL_CONFLICT,
    "MOBILIZE": MATERIAL_CONFLICT,
    "COERCE": MATERIAL_CONFLICT,
    "ASSAULT": MATERIAL_CONFLICT,
}


def quadclass(event_type: str | None) -> str | None:
    """QuadClass of a PLOVER type (None for an unknown type)."""
    return QUADCLASS.get(event_type.upper()) if isinstance(event_type, str) else None
