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
    head = "".join(f"<th{_cls(c.cls)}>{escape(c.header)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            value = c.value(row) if callable(c.value) else row.get(c.value)
            cls = c.cls(row) if callable(c.cls) else c.cls
            cells.append(f"<td{_cls(cls)}>{escape('' if value is None else value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Markup(f"<table><tr>{head}</tr>{''.join(body)}</table>")


def _cls(name: str | None) -> str:
    """A class attribute, left out when empty (long tables carry thousands of cells)."""
    return f' class="{escape(name)}"' if name else ""


TOP = 15  # rows shown before a "show all" fold


def folded(
    rows: list[dict], columns: list[Column], top: int = TOP, empty: str = "Nothing recorded.",
    what: str = "rows", rest_columns: list[Column] | None = None,
) -> Markup:  # fmt: skip
    """The first ``top`` rows as a table; the others behind a "show all" fold (each row once)."""
    first = table(rows[:top], columns, empty)
    if len(rows) <= top:
        return first
    rest = table(rows[top:], rest_columns or columns)
    summary = f"Show all {len(rows)} {what} ({len(rows) - top} more)"
    return Markup(f'{first}<details class="more"><summary>{escape(summary)}</summary>{rest}</details>')


def evidence_links(items: list[dict], href: Href, limit: int = 140) -> Markup:
    kinds = {"event": "ev", "stance": "st"}
    links = [
        f'<a class="quote" href="{escape(href(i["doc_id"], anchor(i["doc_id"], kinds.get(i["kind"], "ev"), i["idx"])))}">'
        f"{escape(_short(i.get('quote') or i.get('type') or 'evidence', limit))}</a>"
        for i in items
    ]  # fmt: skip
    return Markup("<br>".join(links))


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _signed(key: str):
    return lambda r: (
        "pos num" if (r.get(key) or 0) > 0 else "neg num" if (r.get(key) or 0) < 0 else "num"
    )


def _alignment_columns(href: Href, evidence: int, quote: int) -> list[Column]:
    return [
        Column("holder", "holder_name"), Column("target", "target_name"),
        Column("support", "support", "num"), Column("opposition", "oppose", "num"),
        Column("silences", lambda r: r["silent"] or "", lambda r: "num silent" if r["silent"] else "num"),
        Column("score", "score", _signed("score")), Column("docs", "documents", "num"),
        Column("first", "first"), Column("last", "last"),
        Column("evidence", lambda r: evidence_links(r["evidence"][:evidence], href, quote)),
    ]  # fmt: skip


def alignment_table(
    rows: list[dict], href: Href = local_href, limit: int = 60, top: int | None = None
) -> Markup:
    """Pairs by activity; with ``top``, that many rows and every other pair behind a fold
    (one short evidence quote each)."""
    empty = "No support, opposition or silence recorded."
    if top is None:
        return table(rows[:limit], _alignment_columns(href, 3, 140), empty)
    return folded(rows[:limit], _alignment_columns(href, 3, 140), top, empty, "pairs",
                  _alignment_columns(href, 1, 70))  # fmt: skip


def reciprocity_table(rows: list[dict], limit: int = 40, top: int | None = None) -> Markup:
    rows = [r for r in rows if r["support_given"] or r["support_received"]][:limit]
    columns = [
        Column("actor", "actor_name"), Column("partner", "partner_name"),
        Column("support given", "support_given", "num"),
        Column("support received", "support_received", "num"),
        Column("balance", "balance", _signed("balance")),
        Column("opposition given", "opposition_given", "num"),
        Column("opposition received", "opposition_received", "num"),
        Column("silences given", "silent_given", "num"),
    ]  # fmt: skip
    empty = "No support recorded in either direction."
    return table(rows, columns, empty) if top is None else folded(rows, columns, top, empty, "pairs")


def silence_table(rows: list[dict], href: Href = local_href, top: int = TOP) -> Markup:
    """Stance silences: who a sentence says stays silent, on what, with the words that say
    so and the sentence (linked to its highlighted item when one lies in it)."""
    return folded(rows, [
        Column("holder", "holder"), Column("on", "target"), Column("cue", "cue"),
        Column("sentence", lambda r: sentence_link(r, href)), Column("document", "doc"),
        Column("#", "sentence", "num"),
    ], top, "No sentence says that an expected speaker stays silent.", "silences")  # fmt: skip


def absence_table(rows: list[dict], href: Href = local_href, top: int = TOP) -> Markup:
    """Absence of events: expected speakers that never act, how often named and where first."""
    return folded(rows, [
        Column("expected speaker", "holder"), Column("mentions", "mentions", "num"),
        Column("documents", "documents", "num"),
        Column("first named in", lambda r: sentence_link(r, href) if r.get("quote") else ""),
    ], top, "Every expected speaker acts somewhere.", "speakers")  # fmt: skip


def sentence_link(row: dict, href: Href, limit: int = 140) -> Markup:
    """The row's quote, linked to ``row["anchor"]`` when it has one."""
    quote = escape(_short(row.get("quote") or "", limit))
    if not row.get("anchor"):
        return Markup(quote)
    return Markup(f'<a class="quote" href="{escape(href(row["doc_id"], row["anchor"]))}">{quote}</a>')


def actor_table(rows: list[dict], top: int = TOP) -> Markup:
    return folded(rows, [
        Column("actor", "name"), Column("id", "actor_id"), Column("mentions", "mentions", "num"),
        Column("documents", "documents", "num"),
    ], top, "No actors recorded.", "actors")  # fmt: skip


def _fold_or_table(
    rows: list[dict], columns: list[Column], empty: str, top: int | None, what: str
) -> Markup:
    return table(rows, columns, empty) if top is None else folded(rows, columns, top, empty, what)


def coalition_table(summary: list[dict], top: int | None = None) -> Markup:
    names = lambda key: lambda r: ", ".join(r[key]) or "—"  # noqa: E731
    return _fold_or_table(summary, [
        Column("year", "year"), Column("with", names("with")), Column("against", names("against")),
        Column("silent", names("silent"), "silent"), Column("mixed", names("mixed")),
        Column("changed side", lambda r: "; ".join(r["changed"])),
    ], "No holder took a side on this target.", top, "years")  # fmt: skip


def addressee_table(rows: list[dict], top: int | None = None) -> Markup:
    return _fold_or_table(rows, [
        Column("addressee", lambda r: r["addressee_name"] if r["addressee"] else "(unresolved)"),
        Column("recommendations", "recommendations", "num"), Column("documents", "documents", "num"),
        Column("first seen", "first_seen"), Column("last seen", "last_seen"),
    ], "No recommendations recorded.", top, "addressees")  # fmt: skip


def archive_table(rows: list[dict], limit: int = 60, top: int | None = None) -> Markup:
    return _fold_or_table(rows[:limit], [
        Column("entry", "ref_id"), Column("mentions", "mentions", "num"),
        Column("documents", "documents", "num"), Column("first", "first"), Column("last", "last"),
        Column("invoked by", lambda r: ", ".join(r["speakers"][:8]) + (" …" if len(r["speakers"]) > 8 else "")),
    ], "No archive entries invoked.", top, "entries")  # fmt: skip


def frames_table(rows: list[dict], limit: int = 80, top: int | None = None) -> Markup:
    return _fold_or_table(rows[:limit], [
        Column("outlet", "outlet"), Column("year", "year"), Column("frame", "frame_id"),
        Column("documents", "documents", "num"), Column("share", "share", "num"),
        Column("mean score", "mean_score", "num"),
    ], "No frames recorded.", top, "rows")  # fmt: skip
