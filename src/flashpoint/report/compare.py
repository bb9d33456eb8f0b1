"""Two sides compared: what the outlets of each country report about the same dyad (events
by type, QuadClass and direction) and which archive entries (agreements, laws, incidents)
each side invokes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from flashpoint.analysis import source
from flashpoint.analysis.scales import QUADCLASSES, quadclass
from flashpoint.ingest.titles import country_name
from flashpoint.report.documents import anchor
from flashpoint.report.tables import Href, local_href
from flashpoint.store.queries import report as report_queries

QUOTE_CHARS = 70

@dataclass
class Tally:
    """Counts per key and side, with the first piece of evidence of each."""

    counts: Counter = field(default_factory=Counter)
    documents: dict[tuple, set[str]] = field(default_factory=dict)
    first: dict[tuple, dict[str, Any]] = field(default_factory=dict)

    def add(self, key: tuple, row: dict[str, Any]) -> None:
        self.counts[key] += 1
        self.documents.setdefault(key, set()).add(row["doc_id"])
        self.first.setdefault(key, row)


def parse_sides(value: str) -> tuple[str, str]:
    """``PAK-IND`` -> ("PAK", "IND"); ValueError for anything else."""
    parts = [p.strip().upper() for p in value.replace(",", "-").split("-")]
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        raise ValueError(f"'{value}' is not two different sides (use A-B, e.g. PAK-IND)")
    return parts[0], parts[1]


def compare(con, sides: tuple[str, str] | None = None, dyad: str | None = None) -> dict[str, Any]:
    """Everything the compare view shows, as plain data: outlets of the two ``sides`` (the
    dyad's two countries by default) on the ``dyad`` (the store's pack's main dyad by default)."""
    a, b = parse_sides(source.default_dyad(con, dyad))
    sides = sides or (b, a)
    names = source.actor_names(con)
    directions = (f"{a}→{b}", f"{b}→{a}")
    events = report_queries.side_events(con, sides, (a, b))
    refs = report_queries.side_references(con, sides)
    by_type, by_class, statuses = Tally(), Tally(), Counter()
    for e in events:
        statuses[(e["side"], e["status"])] += 1
        if e["status"] != "asserted":
            continue
        direction = directions[0] if e["source"] == a else directions[1]
        by_type.add((e["type"], e["side"], direction), e)
        by_class.add((quadclass(e["type"]) or "unknown", e["side"], direction), e)
    by_ref = Tally()
    for r in refs:
        by_ref.add((r["ref_id"], r["side"]), r)
    documents = report_queries.side_documents(con, sides)
    return {
        "sides": [{"id": s, "name": country_name(s) or source.display(s, names),
                   "documents": documents.get(s, 0),
                   "statuses": {k: statuses[(s, k)] for k in ("asserted", "hypothetical", "negated")}}
                  for s in sides],
        "dyad": f"{source.display(a, names)} – {source.display(b, names)}",
        "directions": directions, "by_type": by_type, "by_class": by_class, "by_ref": by_ref,
        "types": sorted({k[0] for k in by_type.counts}, key=lambda t: -_total(by_type, t)),
        "classes": [c for c in (*QUADCLASSES, "unknown") if _total(by_class, c)],
        "refs": sorted({k[0] for k in by_ref.counts}, key=lambda r: (-_total(by_ref, r), r)),
    }  # fmt: skip


def _total(tally: Tally, key: str) -> int:
    return sum(n for k, n in tally.counts.items() if k[0] == key)


def _link(row: dict[str, Any] | None, kind: str, href: Href) -> str:
    if row is None:
        return ""
    quote = row["quote"] or "evidence"
    quote = quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"
    target = href(row["doc_id"], anchor(row["doc_id"], kind, row["idx"]))
    return f'<a class="quote" href="{escape(target)}">{escape(quote)}</a>'


def event_table(view: dict[str, Any], keys: list[str], tally: Tally, label: str,
                href: Href = local_href) -> Markup:  # fmt: skip
    """Rows = event types (or QuadClasses); per side, asserted events in each direction and
    one example."""
    if not keys:
        return Markup('<p class="muted">Neither side reports an asserted event of this dyad.</p>')
    sides, directions = view["sides"], view["directions"]
    head = "".join(
        f'<th class="num side-{i}">{escape(d)}</th>' for i, s in enumerate(sides) for d in directions
    ) + "".join(f'<th class="side-{i}">{escape(s["id"])}: e.g.</th>' for i, s in enumerate(sides))
    group = "".join(f'<th colspan="2" class="side-{i}">in {escape(s["name"])} documents</th>'
                    for i, s in enumerate(sides))  # fmt: skip
    body = []
    for key in keys:
        cells = [f"<td>{escape(key.replace('_', ' '))}</td>"]
        cells += [f'<td class="num side-{i}">{tally.counts[(key, s["id"], d)] or ""}</td>'
                  for i, s in enumerate(sides) for d in directions]  # fmt: skip
        for i, s in enumerate(sides):
            row = tally.first.get((key, s["id"], directions[0])) or tally.first.get(
                (key, s["id"], directions[1]))
            cells.append(f'<td class="side-{i}">{_link(row, "ev", href)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Markup(f'<table class="compare"><tr><th></th>{group}<th colspan="2"></th></tr>'
                  f"<tr><th>{escape(label)}</th>{head}</tr>{''.join(body)}</table>")  # fmt: skip


def reference_table(view: dict[str, Any], href: Href = local_href, top: int = 30) -> Markup:
    """Archive entries by side: documents (mentions), who alone invokes it, one example each."""
    sides, tally = view["sides"], view["by_ref"]
    if not view["refs"]:
        return Markup('<p class="muted">Neither side invokes an archive entry.</p>')
    head = "".join(f'<th class="num side-{i}">{escape(s["id"])} documents (mentions)</th>'
                   for i, s in enumerate(sides))  # fmt: skip
    head += "".join(f'<th class="side-{i}">{escape(s["id"])}: e.g.</th>' for i, s in enumerate(sides))
    body = []
    for ref in view["refs"][:top]:
        used = [s for s in sides if tally.counts[(ref, s["id"])]]
        who = "both" if len(used) == 2 else f"only {used[0]['id']}"
        cells = [f"<td>{escape(ref)}</td><td>{who}</td>"]
        for i, s in enumerate(sides):
            n, docs = tally.counts[(ref, s["id"])], len(tally.documents.get((ref, s["id"]), ()))
            cells.append(f'<td class="num side-{i}">{f"{docs} ({n})" if n else ""}</td>')
        cells += [f'<td class="side-{i}">{_link(tally.first.get((ref, s["id"])), "ref", href)}</td>'
                  for i, s in enumerate(sides)]  # fmt: skip
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = len(view["refs"]) - top
    note = f'<p class="muted">{more} more entries in the archive section.</p>' if more > 0 else ""
    return Markup(f'<table class="compare"><tr><th>entry</th><th>invoked by</th>{head}</tr>'
                  f"{''.join(body)}</table>{note}")  # fmt: skip
