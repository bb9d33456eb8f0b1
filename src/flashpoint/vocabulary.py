"""Ids a pack's record format fixes (``packs/<pack>/vocabulary.yaml``): the actor and
reference ids every record, gold file and checker of that domain can rely on. States use
ISO 3166-1 alpha-3 codes and are not listed; a pack may know more ids than it fixes."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from flashpoint.config import DEFAULT_PACK


@lru_cache(maxsize=8)
def fixed_ids(pack: str = DEFAULT_PACK) -> tuple[frozenset[str], frozenset[str]]:
    """(actor ids, reference ids) the pack fixes; empty when it fixes none."""
    path = resources.files("flashpoint").joinpath("packs", pack, "vocabulary.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data = data or {}
    return frozenset(data.get("actors") or ()), frozenset(data.get("references") or ())
