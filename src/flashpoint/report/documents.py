"""Document views: metadata, extracted items with anchors, and the highlighted text."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flashpoint.analysis import source
from flashpoint.report.highlight import Span, highlight

KINDS = {"ev": "event", "st": "stance", "rec": "recommendation", "ref": "reference"}


def anchor(doc_id: str, kind: str, idx: int) -> str:
    """Element id of an item in a document view (same in the report and the dashboard)."""
    return f"d-{doc_id}-{kind}{idx}"


def doc_anchor(doc_id: str) -> str:
    return f"doc-{doc_id}"


_ITEM_SQL = {
    "ev": "SELECT doc_id, idx, start_char, end_char, type, source, target, status, date, quote "
          "FROM events",
    "st": "SELECT doc_id, idx, start_char, end_char, holder, target, polarity, basis, quote FROM stances",
    "rec": "SELECT doc_id, idx, start_char, end_char, addressee, action, speaker, quote "
           "FROM recommendations",
    "ref": "SELECT doc_id, idx, start_char, end_char, ref_id, method, quote FROM doc_references",
}  # fmt: skip


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


def headline(text: str | None, limit: int = 90) -> str:
    """A stand-in title: the first line of the text, shortened."""
    first = (text or "").strip().split("\n", 1)[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def document_views(
    con, doc_ids: list[str] | None = None, with_text: set[str] | None = None
) -> list[dict]:
    """Views of the given documents (all when None), oldest first.

    ``with_text``: ids whose highlighted text is built (all when None).
    """
    where, params = (
        ("WHERE doc_id IN (SELECT unnest(?))", [doc_ids]) if doc_ids is not None else ("", [])
    )
    docs = con.execute(
        f"SELECT doc_id, title, author, outlet, outlet_country, published, url, text "
        f"FROM documents {where} ORDER BY published NULLS LAST, doc_id",
        params,
    ).fetchall()
    names = source.actor_names(con)
    items: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for kind, sql in _ITEM_SQL.items():
        cursor = con.execute(f"{sql} {where} ORDER BY doc_id, idx", params)
        columns = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            item = dict(zip(columns, row, strict=True))
            item["anchor"] = anchor(item["doc_id"], kind, item["idx"])
            item["label"] = _label(kind, item, names)
            items[item["doc_id"]][kind].append(item)
    views = []
    for doc_id, title, author, outlet, country, published, url, text in docs:
        found = items.get(doc_id, {})
        view = {
            "doc_id": doc_id, "anchor": doc_anchor(doc_id), "title": title or headline(text) or doc_id,
            "author": author, "outlet": outlet, "outlet_country": country, "published": published,
            "url": url, "chars": len(text or ""),
            **{KINDS[k] + "s": found.get(k, []) for k in KINDS},
            "html": None,
        }  # fmt: skip
        if with_text is None or doc_id in with_text:
            spans = [
                Span(i["start_char"], i["end_char"], KINDS[k], i["anchor"], i["label"])
                for k in KINDS for i in found.get(k, [])
                if i["start_char"] is not None and i["end_char"] is not None
            ]  # fmt: skip
            view["html"] = highlight(text or "", spans)
        views.append(view)
    return views


def document_view(con, doc_id: str) -> dict | None:
    views = document_views(con, [doc_id])
    return views[0] if views else None
