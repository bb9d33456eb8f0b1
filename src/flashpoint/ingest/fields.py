"""Input metadata to :class:`Document` fields: names, aliases, dates and countries."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from flashpoint.document import Document
from flashpoint.ingest.dates import normalise_date
from flashpoint.ingest.titles import derive_title

FIELDS = ("id", "text", "title", "author", "outlet", "outlet_country", "published", "url",
          "language")  # fmt: skip

# Header or key spellings (lower case, words separated by one space) -> field.
ALIASES: dict[str, str] = {
    "doc id": "id", "docid": "id", "article id": "id", "identifier": "id",
    "body": "text", "content": "text", "article text": "text", "full text": "text",
    "fulltext": "text", "article": "text", "article body": "text", "story": "text",
    "headline": "title", "article title": "title",
    "authors": "author", "author names": "author", "byline": "author",
    "portal name": "outlet", "portal": "outlet", "publication": "outlet", "publisher": "outlet",
    "newspaper": "outlet", "sitename": "outlet", "site name": "outlet", "source": "outlet",
    "outlet country": "outlet_country",
    "date": "published", "pubdate": "published", "publication date": "published",
    "published date": "published", "published at": "published", "last update": "published",
    "datetime": "published", "date published": "published",
    "link": "url", "source url": "url", "href": "url",
    "lang": "language",
}  # fmt: skip


def key_name(key: str) -> str:
    """Lower-case key with runs of non-alphanumerics as one space: ``Article_Text`` -> ``article text``."""
    return re.sub(r"[^0-9a-z]+", " ", str(key).lower()).strip()


def field_of(key: str) -> str | None:
    """The document field a key or column header stands for, if any."""
    name = key_name(key)
    if name.replace(" ", "_") in FIELDS:
        return name.replace(" ", "_")
    return ALIASES.get(name)


def split_fields(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a record into known fields and the rest; exact field names win over aliases."""
    chosen: dict[str, str] = {}  # field -> key that fills it
    for key in raw:
        target = field_of(key)
        if target and (target not in chosen or key_name(key).replace(" ", "_") == target):
            chosen[target] = key
    used = set(chosen.values())
    known = {target: raw[key] for target, key in chosen.items()}
    return known, {k: v for k, v in raw.items() if k not in used}


def country_code(value: object) -> str | None:
    """ISO3 code of a country code or name (``pk``, ``PAK``, ``Pakistan``); other ids kept as given."""
    if value is None or not str(value).strip():
        return None
    return _country_code(str(value).strip())


@lru_cache(maxsize=1024)
def _country_code(text: str) -> str:
    import pycountry

    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        return text.upper() if re.fullmatch(r"[A-Za-z_]{2,}", text) else text


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def make_document(
    text: str, fields: dict[str, Any], extra: dict[str, Any] | None = None,
    source_path: str | None = None,
) -> Document:
    """Build a document from text and known fields; ``extra`` lands in ``metadata``."""
    fields = {k: _clean(v) for k, v in fields.items()}
    metadata = {k: _clean(v) for k, v in (extra or {}).items()}
    metadata = {k: v for k, v in metadata.items() if v is not None}
    published = fields.get("published")
    iso = normalise_date(published)
    if published is not None and iso is None:
        metadata["published_raw"] = str(published)
    doc_id = fields.get("id")
    doc = Document(
        text=text,
        doc_id=str(doc_id) if doc_id is not None else None,
        title=_str(fields.get("title")),
        author=_str(fields.get("author")),
        outlet=_str(fields.get("outlet")),
        outlet_country=country_code(fields.get("outlet_country")),
        published=iso,
        url=_str(fields.get("url")),
        language=_str(fields.get("language")) or "en",
        source_path=source_path,
        metadata=metadata,
    )
    if doc.title is None:
        _add_title(doc)
    return doc


def _add_title(doc: Document) -> None:
    """A title from the metadata or the first sentence; ``metadata.title_source`` says which."""
    title, origin = derive_title(
        doc.text, country=doc.outlet_country, published=doc.published, outlet=doc.outlet,
        author=doc.author, source_path=doc.source_path, language=doc.language,
    )  # fmt: skip
    if title:
        doc.title = title
        doc.metadata["title_source"] = origin


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    return str(value).strip() or None


def build_document(
    text: str, found: dict[str, Any], given: dict[str, Any], source_path: str,
    line: int | None = None, extra: dict[str, Any] | None = None,
) -> Document:
    """A document from text, metadata found in the input and metadata given by the user.

    ``found`` and ``given`` may hold any keys; known fields (and their aliases) fill the
    document, the rest goes to ``metadata`` (as does ``extra``, untouched). Non-empty given
    values win over found ones.
    """
    found_known, found_rest = split_fields({k: v for k, v in found.items() if k != "file"})
    given_known, given_rest = split_fields({k: v for k, v in given.items() if k != "file"})
    known = {**found_known, **{k: v for k, v in given_known.items() if _clean(v) is not None}}
    known.pop("text", None)
    metadata = {**found_rest, **given_rest, **(extra or {})}
    if line is not None:
        metadata["source_line"] = line
    return make_document(text, known, metadata, source_path)
