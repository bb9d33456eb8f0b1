"""Document views: metadata, extracted items with anchors, and the highlighted text."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup

from flashpoint.analysis import source
from flashpoint.ingest.titles import derive_title
from flashpoint.report.highlight import Span, highlight
from flashpoint.store.queries import report as report_queries

KINDS = {"ev": "event", "st": "stance", "rec": "recommendation", "ref": "reference"}


def anchor(doc_id: str, kind: str, idx: int) -> str:
    """Element id of an item in a document view (same in the report and the dashboard)."""
    return f"d-{doc_id}-{kind}{idx}"


def doc_anchor(doc_id: str) -> str:
    return f"doc-{doc_id}"


def _label(kind: str, item: dict[str, Any], names: dict[str, str]) -> str:
    name = lambda a: source.display(a, names)  # noqa: E731
    if kind == "ev":
        status = "" if item["status"] in (None, "asserted") else f" [{item['status']}]"
        return f"{name(item['source'])} {item['type']} {name(item['target'])}{status}"
    if kind == "st":
        return f"{name(item['holder'])} {item['polarity']} {name(item['target'])}"
    if kind == "rec":
        return f"→ {name(item['addressee'])}: {item['action']}"
    return str(item["ref_id"])


def display_title(row: dict[str, Any]) -> str:
    """The stored title; for stores written before titles were derived, the same derivation
    (metadata, else the first sentence that is not a salutation); else the id."""
    if row.get("title"):
        return row["title"]
    title, _ = derive_title(
        row.get("text") or "", country=row.get("outlet_country"), published=row.get("published"),
        outlet=row.get("outlet"), author=row.get("author"), source_path=row.get("source_path"),
        language=row.get("language"),
    )  # fmt: skip
    return title or row["doc_id"]


def document_views(
    con, doc_ids: list[str] | None = None, with_text: set[str] | None = None,
    excerpts: set[str] | None = None,
) -> list[dict]:  # fmt: skip
    """Views of the given documents (all when None), oldest first.

    ``with_text``: ids whose highlighted text is built (all when None). ``excerpts``: item
    anchors shown as highlighted passages in the documents left without their text.
    """
    docs = report_queries.documents(con, doc_ids)
    items = _items(con, doc_ids)
    views = []
    for doc in docs:
        found = items.get(doc["doc_id"], {})
        text = doc["text"] or ""
        view = {
            **{k: doc[k] for k in ("doc_id", "author", "outlet", "published", "url")},
            "anchor": doc_anchor(doc["doc_id"]), "title": display_title(doc),
            "outlet_country": doc["outlet_country"], "chars": len(text),
            **{KINDS[k] + "s": found.get(k, []) for k in KINDS},
            "html": None, "passages": [],
        }  # fmt: skip
        spans = _spans(found)
        if with_text is None or doc["doc_id"] in with_text:
            view["html"] = highlight(text, spans)
        elif excerpts:
            view["passages"] = passages(text, [s for s in spans if s.anchor in excerpts])
        views.append(view)
    return views


def _items(con, doc_ids: list[str] | None) -> dict[str, dict[str, list[dict]]]:
    names = source.actor_names(con)
    items: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for kind in KINDS:
        for item in report_queries.items(con, kind, doc_ids):
            item["anchor"] = anchor(item["doc_id"], kind, item["idx"])
            item["label"] = _label(kind, item, names)
            items[item["doc_id"]][kind].append(item)
    return items


def _spans(found: dict[str, list[dict]]) -> list[Span]:
    return [
        Span(i["start_char"], i["end_char"], KINDS[k], i["anchor"], i["label"])
        for k in KINDS for i in found.get(k, [])
        if i["start_char"] is not None and i["end_char"] is not None
    ]  # fmt: skip


def passages(text: str, spans: list[Span]) -> list[Markup]:
    """Highlighted passages of ``text``: each span's own stretch, overlapping ones merged."""
    spans = sorted((s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: s.start)
    groups: list[list[Span]] = []
    for span in spans:
        if groups and span.start < max(s.end for s in groups[-1]):
            groups[-1].append(span)
        else:
            groups.append([span])
    out = []
    for group in groups:
        start, end = group[0].start, max(s.end for s in group)
        shifted = [Span(s.start - start, s.end - start, s.kind, s.anchor, s.label) for s in group]
        out.append(highlight(text[start:end], shifted))
    return out


def document_view(con, doc_id: str) -> dict | None:
    views = document_views(con, [doc_id])
    return views[0] if views else None
