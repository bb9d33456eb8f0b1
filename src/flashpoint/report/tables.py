"""HTML tables of the analyses (escaped cells; evidence quotes link to document views)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from flashpoint.report.documents import anchor

Href = Callable[[str, str], str]  # (doc_id, element id) -> link


def local_href(doc_id: str, element: str) -> str:
    return f"#{element}"


@dataclass(frozen=True)
class Column:
    header: str
    value: str | Callable[[dict], Any]
    cls: str = ""


def table(rows: list[dict], columns: list[Column], empty: str = "Nothing recorded.") -> Markup:
    if not rows:
        return Markup(f'<p class="muted">{escape(empty)}</p>')
    head = "".join(f'<th class="{c.cls}">{escape(c.header)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            value = c.value(row) if callable(c.value) else row.get(c.value)
            cls = c.cls(row) if callable(c.cls) else c.cls
            cells.append(f'<td class="{cls}">{escape("" if value is None else value)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Markup(f"<table><tr>{head}</tr>{''.join(body)}</table>")


def evidence_links(items: list[dict], href: Href) -> Markup:
    kinds = {"event": "ev", "stance": "st"}
    links = [
        f'<a class="quote" href="{escape(href(i["doc_id"], anchor(i["doc_id"], kinds.get(i["kind"], "ev"), i["idx"])))}">'
        f"{escape(_short(i.get('quote') or i.get('type') or 'evidence'))}</a>"
        for i in items
    ]  # fmt: skip
    return Markup("<br>".join(links))


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _signed(key: str):
    return lambda r: (
        "pos num" if (r.get(key) or 0) > 0 else "neg num" if (r.get(key) or 0) < 0 else "num"
    )


def alignment_table(rows: list[dict], href: Href = local_href, limit: int = 60) -> Markup:
    return table(rows[:limit], [
        Column("holder", "holder_name"), Column("target", "target_name"),
        Column("support", "support", "num"), Column("opposition", "oppose", "num"),
        Column("silences", lambda r: r["silent"] or "", lambda r: "num silent" if r["silent"] else "num"),
        Column("score", "score", _signed("score")), Column("docs", "documents", "num"),
        Column("first", "first"), Column("last", "last"),
        Column("evidence", lambda r: evidence_links(r["evidence"], href)),
    ], "No support, opposition or silence recorded.")  # fmt: skip


def reciprocity_table(rows: list[dict], limit: int = 40) -> Markup:
    rows = [r for r in rows if r["support_given"] or r["support_received"]][:limit]
    return table(rows, [
        Column("actor", "actor_name"), Column("partner", "partner_name"),
        Column("support given", "support_given", "num"),
        Column("support received", "support_received", "num"),
        Column("balance", "balance", _signed("balance")),
        Column("opposition given", "opposition_given", "num"),
        Column("opposition received", "opposition_received", "num"),
        Column("silences given", "silent_given", "num"),
    ], "No support recorded in either direction.")  # fmt: skip


def coalition_table(summary: list[dict]) -> Markup:
    names = lambda key: lambda r: ", ".join(r[key]) or "—"  # noqa: E731
    return table(summary, [
        Column("year", "year"), Column("with", names("with")), Column("against", names("against")),
        Column("silent", names("silent"), "silent"), Column("mixed", names("mixed")),
        Column("changed side", lambda r: "; ".join(r["changed"])),
    ], "No holder took a side on this target.")  # fmt: skip


def addressee_table(rows: list[dict]) -> Markup:
    return table(rows, [
        Column("addressee", lambda r: r["addressee_name"] if r["addressee"] else "(unresolved)"),
        Column("recommendations", "recommendations", "num"), Column("documents", "documents", "num"),
        Column("first seen", "first_seen"), Column("last seen", "last_seen"),
    ], "No recommendations recorded.")  # fmt: skip


def archive_table(rows: list[dict], limit: int = 60) -> Markup:
    return table(rows[:limit], [
        Column("entry", "ref_id"), Column("mentions", "mentions", "num"),
        Column("documents", "documents", "num"), Column("first", "first"), Column("last", "last"),
        Column("invoked by", lambda r: ", ".join(r["speakers"][:8]) + (" …" if len(r["speakers"]) > 8 else "")),
    ], "No archive entries invoked.")  # fmt: skip


def frames_table(rows: list[dict], limit: int = 80) -> Markup:
    return table(rows[:limit], [
        Column("outlet", "outlet"), Column("year", "year"), Column("frame", "frame_id"),
        Column("documents", "documents", "num"), Column("share", "share", "num"),
        Column("mean score", "mean_score", "num"),
    ], "No frames recorded.")  # fmt: skip
