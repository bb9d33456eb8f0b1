"""Language data: the cue words and patterns the stages read, one folder per language.

Each YAML file in ``lang/<code>/`` holds named entries; every entry says what it means, gives
an example sentence, and holds ``words`` (a list), ``weights`` (word -> confidence) or a
``pattern`` (a regular expression, matched case-insensitively). A name is defined in exactly
one file of a language, and every stage that needs the notion reads that entry, so the event
coder and the discourse stage cannot disagree on what a prescriptive modal is.

    >>> en = load_language("en")
    >>> "must" in en.words("prescriptive_modals")
    True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANG_DIR = Path(__file__).resolve().parent
KINDS = ("words", "weights", "pattern")


class LanguageDataError(ValueError):
    pass


@dataclass(frozen=True)
class Language:
    code: str
    entries: Mapping[str, Mapping[str, Any]]

    def _entry(self, name: str) -> Mapping[str, Any]:
        try:
            return self.entries[name]
        except KeyError:
            raise LanguageDataError(f"language {self.code!r} has no cue list {name!r}") from None

    def words(self, name: str) -> frozenset[str]:
        """The words of a list, or the keys of a weighted one."""
        entry = self._entry(name)
        return frozenset(entry["weights"] if "weights" in entry else entry["words"])

    def weights(self, name: str) -> dict[str, float]:
        return {k: float(v) for k, v in self._entry(name)["weights"].items()}

    def pattern(self, name: str) -> re.Pattern[str]:
        return _compile(self._entry(name)["pattern"])

    def phrase_pattern(self, *names: str) -> re.Pattern[str]:
        """A whole-word, case-insensitive pattern over the words of the named lists."""
        words = sorted({w for n in names for w in self.words(n)}, key=len, reverse=True)
        return _compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b")


@lru_cache(maxsize=32)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=4)
def load_language(code: str = "en") -> Language:
    folder = LANG_DIR / code
    if not folder.is_dir():
        known = sorted(p.name for p in LANG_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))
        raise LanguageDataError(f"no language data for {code!r} (known: {', '.join(known)})")
    entries: dict[str, Mapping[str, Any]] = {}
    where: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where_ = f" (line {mark.line + 1})" if mark else ""
            raise LanguageDataError(f"{path.name}: not valid YAML{where_}") from None
        for name, entry in data.items():
            if name in entries:
                raise LanguageDataError(f"{path.name}: {name!r} is already defined in {where[name]}")
            if not isinstance(entry, Mapping) or sum(k in entry for k in KINDS) != 1:
                raise LanguageDataError(f"{path.name}: {name!r} needs exactly one of {', '.join(KINDS)}")
            odd = [w for w in entry.get("words") or entry.get("weights") or () if not isinstance(w, str)]
            if odd:  # YAML reads a bare on/off/yes/no as a boolean: quote it
                raise LanguageDataError(f"{path.name}: {name!r} has a word that is not a string: {odd[0]!r}")
            entries[name], where[name] = entry, path.name
    return Language(code, entries)
