"""Titles for documents the input gives none.

From the metadata when it names the speaker and the year and nothing else names the
document (a statement by a country: "Pakistan, 1999 (un general debate)", the collection
being the folder the file sits in); otherwise from the first sentence that is not a
salutation ("Mr. President,", "Excellencies,"), cut to about 80 characters at a word. The
salutation words are language data: ``packs/world/salutations.yaml``. The text itself is
never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePath

import yaml

TITLE_CHARS = 80
_LEAD_CHARS = 2000  # a title is looked for in the opening of the text only
_MAX_SALUTATION_WORDS = 10
_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*")
_PARAGRAPH_NUMBER = re.compile(r"^\W*\d+[.)]?\s+")
_BREAK = re.compile(r"[,;:!\n]")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
_UNNAMED_FOLDERS = {"", ".", "..", "-"}


@dataclass(frozen=True)
class Salutations:
    """One language's salutation data (see ``salutations.yaml``)."""

    phrases: tuple[tuple[str, ...], ...] = ()
    openers: tuple[tuple[str, ...], ...] = ()
    connectors: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()


@cache
def salutations(language: str | None) -> Salutations:
    """The salutation data of a language (empty when the file has none for it)."""
    path = resources.files("flashpoint").joinpath("packs", "world", "salutations.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entry = data.get((language or "en").lower().split("-")[0]) or {}
    words = lambda key: tuple(tuple(_words(p)) for p in entry.get(key, []))  # noqa: E731
    return Salutations(
        phrases=words("salutations"), openers=words("openers"),
        connectors=frozenset(entry.get("connectors", [])),
        abbreviations=frozenset(a.lower() for a in entry.get("abbreviations", [])),
    )  # fmt: skip


def _words(text: str) -> list[str]:
    return [w.lower().replace(".", "") for w in _WORD.findall(text.replace(".", ". "))]


# -- from the metadata ------------------------------------------------------------------


def country_name(code: str | None) -> str | None:
    """The common English name of an ISO 3166 country code (``PAK`` -> ``Pakistan``)."""
    if not code:
        return None
    import pycountry

    try:
        country = pycountry.countries.lookup(code)
    except LookupError:
        return None
    return getattr(country, "common_name", None) or country.name


def collection_name(source_path: str | None) -> str | None:
    """The folder a file sits in, as words (``corpus/un_general_debate/x.txt`` -> ``un general
    debate``); None for stdin or a file in the current folder."""
    if not source_path:
        return None
    name = PurePath(source_path).parent.name
    if name in _UNNAMED_FOLDERS:
        return None
    return re.sub(r"[_\s]+", " ", name).strip() or None


def metadata_title(
    country: str | None, published: str | None, collection: str | None = None
) -> str | None:
    """``Country, YEAR (collection)`` when the country is known and the year is given."""
    name = country_name(country)
    year = (published or "")[:4]
    if not name or not year.isdigit():
        return None
    return f"{name}, {year}" + (f" ({collection})" if collection else "")


# -- from the text ----------------------------------------------------------------------


def text_title(text: str, language: str | None = "en", limit: int = TITLE_CHARS) -> str | None:
    """The first sentence that is not a salutation, cut to ``limit`` characters at a word."""
    data = salutations(language)
    lead = _skip_salutations(text.lstrip("\ufeff \t\r\n")[:_LEAD_CHARS], data)
    sentence = _first_sentence(" ".join(lead.split()), data)
    if not re.search(r"[^\W\d_]", sentence):
        return None
    sentence = sentence[0].upper() + sentence[1:]
    return shorten(sentence, limit)


def _skip_salutations(text: str, data: Salutations) -> str:
    """The text after its leading salutations and paragraph number."""
    while True:
        text = _PARAGRAPH_NUMBER.sub("", text).lstrip(" \t\r\n,;:!—–-")
        cut = _salutation_end(text, data)
        if cut is None:
            return text
        text = text[cut:]


def _salutation_end(text: str, data: Salutations) -> int | None:
    """Where a leading salutation ends (the longest leading phrase that is one), if any."""
    ends = sorted({m.start() for m in _BREAK.finditer(text[:300])}, reverse=True)
    for end in ends:
        if _is_salutation(text[:end], data):
            return end + 1
    return None


def _is_salutation(phrase: str, data: Salutations) -> bool:
    words = _words(phrase)
    if not words or len(words) > _MAX_SALUTATION_WORDS:
        return False
    if any(_starts(words, opener) for opener in data.openers):
        return True
    raw = _WORD.findall(phrase.replace(".", ". "))
    for salutation in data.phrases:
        if _starts(words, salutation):
            rest, rest_raw = words[len(salutation) :], raw[len(salutation) :]
            if not rest or rest[0] in data.connectors or all(w[0].isupper() for w in rest_raw):
                return True
    return False


def _starts(words: list[str], phrase: tuple[str, ...]) -> bool:
    return bool(phrase) and tuple(words[: len(phrase)]) == phrase


def _first_sentence(text: str, data: Salutations) -> str:
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == "." and _abbreviation(text[: match.start()], data):
            continue
        return text[: match.end()].strip()
    return text.strip()


def _abbreviation(before: str, data: Salutations) -> bool:
    """Whether the word before a period is an abbreviation or an initial ("Mr.", "B.")."""
    word = re.search(r"([^\W\d_]+)$", before)
    if word is None:
        return False
    token = word.group(1)
    return (len(token) == 1 and token.isupper()) or token.lower() in data.abbreviations


def shorten(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…"; a final
    period is dropped."""
    text = text.strip()
    if len(text) <= limit:
        return text[:-1] if text.endswith(".") and not text.endswith("..") else text
    head = text[: limit - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:—–-(\"'“‘") + "…"


# -- both ---------------------------------------------------------------------------------


def derive_title(
    text: str, *, country: str | None = None, published: str | None = None,
    outlet: str | None = None, author: str | None = None, source_path: str | None = None,
    language: str | None = "en",
) -> tuple[str | None, str | None]:  # fmt: skip
    """A title and where it came from (``metadata`` or ``text``); (None, None) if neither
    gives one. The metadata wins when it names no outlet or author: the country speaks."""
    if not outlet and not author:
        title = metadata_title(country, published, collection_name(source_path))
        if title:
            return title, "metadata"
    title = text_title(text, language)
    return (title, "text") if title else (None, None)
