"""The static report: one self-contained HTML file with charts, tables and linked evidence."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html import unescape
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from flashpoint import analysis
from flashpoint.analysis import source
from flashpoint.analysis.scales import load_weights
from flashpoint.analysis.silences import ABSENCE, STANCE
from flashpoint.analysis.source import DEFAULT_MIN_CONFIDENCE
from flashpoint.analysis.timeline import THIN
from flashpoint.geo import basemap
from flashpoint.relevance import RELEVANT
from flashpoint.report import charts, compare, tables
from flashpoint.report.documents import anchor, display_title, document_views
from flashpoint.report.tables import TOP
from flashpoint.store.queries import actors as actor_queries
from flashpoint.store.queries import report as report_queries

SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")


def static_text(name: str) -> str:
    return resources.files("flashpoint.report").joinpath("static", name).read_text(encoding="utf-8")


def environment() -> Environment:
    return Environment(loader=PackageLoader("flashpoint.report", "templates"),
                       autoescape=select_autoescape(["html", "j2"]))  # fmt: skip


TEXT_BUDGET = 200_000  # characters of full text a report carries unless told otherwise
OPEN_TEXTS = 50_000  # texts shown unfolded when all of them together are this short


def report_context(src: source.Source, dyad: str | None = None, target: str | None = None,
                   compare_sides: str | None = None, top: int = TOP,
                   relevant_only: bool = True) -> dict[str, Any]:  # fmt: skip
    """Everything the report shows except the documents, computed from the store; long
    tables show ``top`` rows and fold the rest. ``relevant_only``: the views that speak of
    the conflict count only items in sentences on the pack's topic. The dyad, the target
    and the compared sides default to the store's pack's main dyad and default target."""
    con = source.connect(src)
    dyad, target = source.default_dyad(con, dyad), source.default_target(con, target)
    compare_sides = compare_sides or "-".join(reversed(compare.parse_sides(dyad)))
    records = analysis.records
    on_topic = {"relevant_only": relevant_only}
    ov = analysis.overview(con)
    line = records(analysis.timeline(con))
    freq = "year" if line and len(line[0]["period"]) == 4 else "month"
    dyad_rows = records(analysis.dyad_index(con, dyad, freq))
    align = records(analysis.alignment(con, **on_topic))
    coal = analysis.coalitions(con, target, **on_topic)
    coal_rows = records(coal)
    summary = records(analysis.coalition_summary(coal, names=True)) if len(coal) else []
    groups = records(analysis.tracker(con, **on_topic))
    for g in groups:
        for item in g["items"]:
            item["anchor"] = anchor(item["doc_id"], "rec", item["idx"])
    arch_totals = records(analysis.archive_totals(con))
    frames = records(analysis.frames_by_outlet(con))
    silences = _silences(con, relevant_only)
    stance_silences = [s for s in silences if s["kind"] == STANCE]
    absences = [s for s in silences if s["kind"] == ABSENCE]
    names = source.actor_names(con)
    dyad_events = _dyad_events(con, dyad, freq, dyad_rows)
    view = compare.compare(con, compare.parse_sides(compare_sides), dyad)
    places = _places(con, names)
    return {
        "ov": ov, "freq": freq, "dyad": dyad, "target": source.display(target, names),
        "min_confidence": DEFAULT_MIN_CONFIDENCE, "relevant_only": relevant_only,
        "relevant_cut": RELEVANT, "thin": THIN, "dyad_events": dyad_events,
        "dyad_anchor": lambda period: _period_anchor(dyad, period),
        "dyad_rows": dyad_rows, "dyad_cols": [c for c in (dyad_rows[0] if dyad_rows else {}) if c != "period"],
        "specs": {
            "timeline": charts.timeline_chart(line, f"Events per {freq} by QuadClass"),
            "dyad": charts.dyad_chart(dyad_rows, dyad,
                                      lambda period: "#" + _period_anchor(dyad, period)),
            "alignment": charts.alignment_chart(align, actors=top),
            "coalitions": charts.coalition_chart(coal_rows, source.display(target, names)),
            "archive": charts.archive_chart(records(analysis.archive(con))),
            "frames": charts.frames_chart(frames),
            # the basemap is embedded only when there is something to put on it
            **({"map": charts.map_chart(places, basemap(), {p["id"]: "#" + p["anchor"] for p in places})}
               if any(charts.on_map(p) for p in places) else {}),
        },
        "tables": {
            "actors": tables.actor_table(_actors(con), top),
            "alignment": tables.alignment_table(align, limit=len(align), top=top),
            "silences": tables.silence_table(stance_silences, top=top),
            "absences": tables.absence_table(absences, top=top),
            "reciprocity": tables.reciprocity_table(records(analysis.reciprocity(con, **on_topic)),
                                                    10**6, top),
            "coalitions": tables.coalition_table(summary, top=top),
            "addressees": tables.addressee_table(records(analysis.by_addressee(con, **on_topic)),
                                                 top=top),
            "archive": tables.archive_table(arch_totals, top=top),
            "frames": tables.frames_table(frames, limit=len(frames), top=top),
            "compare_types": compare.event_table(view, view["types"], view["by_type"], "event type"),
            "compare_classes": compare.event_table(view, view["classes"], view["by_class"], "QuadClass"),
            "compare_refs": compare.reference_table(view),
        },
        "places": places, "places_off_map": sum(not charts.on_map(p) for p in places),
        "compare": view, "silences": stance_silences, "rec_groups": groups[:top], "top": top, "rec_count": len(groups),
        "rec_method": groups[0]["method"] if groups else "",
        "glance": glance(align, coal_rows, groups, arch_totals, dyad_rows, dyad, stance_silences, names,
                         target, absences),
    }  # fmt: skip


def _places(con, names: dict[str, str]) -> list[dict]:
    """Located asserted events by place, each event with its evidence anchor."""
    from flashpoint.analysis.places import event_places

    places = event_places(con)
    for p in places:
        p["anchor"] = f"place-{p['id']}"
        for item in p["items"]:
            item["anchor"] = anchor(item["doc_id"], "ev", item["idx"])
            item["dyad"] = f"{source.display(item['source'], names) if item['source'] else '—'} → " \
                           f"{source.display(item['target'], names) if item['target'] else '—'}"
    return places


def documents_context(
    con, linked: set[str], max_texts: int | None = None, top: int = TOP
) -> dict[str, Any]:
    """The documents part: full texts for the documents chosen by ``max_texts`` (None: as
    many as fit ``TEXT_BUDGET``, most events first; 0: all); the others show the passages
    the report links to."""
    chosen = _texts_to_show(con, max_texts)
    docs = document_views(con, with_text=chosen, excerpts=linked)
    shown = [d for d in docs if d["html"] is not None or d["passages"]]
    total = sum(d["chars"] for d in docs if d["html"] is not None)
    return {"docs": docs, "shown": shown, "texts": sum(d["html"] is not None for d in docs),
            "open_texts": total <= OPEN_TEXTS, "fold_docs": len(shown) > top}  # fmt: skip


def _texts_to_show(con, max_texts: int | None) -> set[str] | None:
    if max_texts == 0:
        return None
    ranked = report_queries.documents_by_events(con)
    if max_texts is not None:
        return {doc_id for doc_id, _ in ranked[:max_texts]}
    chosen, used = set(), 0
    for doc_id, chars in ranked:
        if used + (chars or 0) <= TEXT_BUDGET:
            chosen.add(doc_id)
            used += chars or 0
    return chosen


def _actors(con) -> list[dict]:
    """Actors by mentions over the store."""
    names = source.actor_names(con)
    rows = actor_queries.totals(con)
    return [{"actor_id": a, "name": source.display(a, names), "mentions": int(m), "documents": d}
            for a, m, d in rows]  # fmt: skip


def _silences(con, relevant_only: bool = True) -> list[dict]:
    """Stance silences and absences of events (``analysis.silences``), each with the
    document's title and, when an event or stance lies in its sentence, that item's anchor
    (its highlighted span in the document section)."""
    rows = analysis.records(analysis.silences(con, relevant_only=relevant_only))
    titles = _titles(con)
    items = report_queries.event_and_stance_spans(con)
    by_doc: dict[str, list[tuple]] = {}
    for doc_id, kind, idx, start, end in items:
        by_doc.setdefault(doc_id, []).append((kind, idx, start, end))
    out = []
    for r in rows:
        found = [(k, i) for k, i, a, b in by_doc.get(r["doc_id"], [])
                 if r["start"] is not None and a is not None and a < r["end"] and r["start"] < b]  # fmt: skip
        out.append({
            **r, "holder": r["holder_name"], "target": r["on_name"],
            "doc": titles.get(r["doc_id"], r["doc_id"]) if r["doc_id"] else "",
            "anchor": anchor(r["doc_id"], *found[0]) if found else None,
        })  # fmt: skip
    return out


def _period_anchor(dyad: str, period: str) -> str:
    return f"idx-{dyad}-{period}"


def _dyad_events(con, dyad: str, freq: str, dyad_rows: list[dict]) -> list[dict]:
    """The asserted events behind each bar of the dyad index (the same threshold), per
    period, each with its date and whether that date is its own or its document's."""
    from flashpoint.analysis.timeline import _between, parse_dyad

    ev = _between(source.events(con), parse_dyad(dyad))
    ev = ev[(ev["status"].fillna("asserted") == "asserted") & ev["edate"].notna()]
    names = source.actor_names(con)
    weights = load_weights()
    cut = 4 if freq == "year" else 7
    periods: dict[str, list[dict]] = {}
    for e in ev.sort_values(["edate", "doc_id", "idx"]).itertuples(index=False):
        periods.setdefault(e.edate[:cut], []).append({
            "date": e.edate, "own_date": bool(e.own_date), "type": e.type,
            "source": source.display(e.source, names), "target": source.display(e.target, names),
            "weight": weights.event(e.type), "quote": e.quote, "doc_id": e.doc_id,
            "anchor": anchor(e.doc_id, "ev", int(e.idx)), "confidence": e.confidence,
        })  # fmt: skip
    return [{"period": r["period"], "anchor": _period_anchor(dyad, r["period"]),
             "index": r["index"], "events": periods.get(r["period"], []), "thin": r["thin"]}
            for r in dyad_rows if r["events"]]  # fmt: skip


def _titles(con) -> dict[str, str]:
    return {r["doc_id"]: display_title(r) for r in report_queries.title_fields(con)}


def glance(
    align, coal_rows, groups, arch_totals, dyad_rows, dyad, silences, names, target,
    absences=None,
) -> list[str]:  # fmt: skip
    """A few plain sentences that summarise the store (``silences``: stance silences, with
    ``holder`` and ``target`` names; ``absences``: expected speakers with no act)."""
    lines = []
    sides: dict[str, dict[str, list[str]]] = {}
    for r in coal_rows:
        sides.setdefault(r["side"], {}).setdefault(r["holder_name"], []).append(r["year"])
    if sides:
        parts = [
            f"{side}: " + ", ".join(f"{who} ({_years(years)})" for who, years in sorted(members.items()))
            for side, members in sorted(sides.items(), key=lambda kv: ("with", "against", "silent", "mixed").index(kv[0]))
        ]  # fmt: skip
        lines.append(f"On {source.display(target, names)} — " + "; ".join(parts) + ".")
    pos = sorted((r for r in align if r["support"]), key=lambda r: -r["score"])[:4]
    if pos:
        lines.append("Strongest support: " + ", ".join(
            f"{r['holder_name']} → {r['target_name']} ({r['support']})" for r in pos) + ".")  # fmt: skip
    neg = sorted((r for r in align if r["oppose"]), key=lambda r: r["score"])[:4]
    if neg:
        lines.append("Strongest opposition: " + ", ".join(
            f"{r['holder_name']} → {r['target_name']} ({r['oppose']})" for r in neg) + ".")  # fmt: skip
    if silences:
        quiet = sorted({f"{s['holder']} on {s['target']}" for s in silences})
        lines.append(
            f"Silent, a text says ({len(silences)}): "
            + ", ".join(quiet[:8])
            + (" …" if len(quiet) > 8 else "")
            + "."
        )
    named = [a for a in absences or [] if a.get("mentions")]
    if named:
        lines.append("Expected to speak, named, no act recorded: "
                     + ", ".join(sorted(a.get("holder_name") or a["holder"] for a in named))
                     + ".")  # fmt: skip
    if groups:
        g = groups[0]
        to = ", ".join(a["name"] for a in g["addressees"][:3])
        lines.append(f"Most repeated recommendation: “{g['action']}” ({g['mentions']} mentions in "
                     f"{g['documents']} documents, to {to}).")  # fmt: skip
    if arch_totals:
        lines.append("Archive entries most invoked: " + ", ".join(
            f"{r['ref_id']} ({r['documents']} docs)" for r in arch_totals[:5]) + ".")  # fmt: skip
    active = [r for r in dyad_rows if r["events"] or r["hypothetical"]]
    if active:
        worst = min(active, key=lambda r: r["index"])
        total = round(sum(r["index"] for r in active), 1)
        risk = sum(r["hypothetical"] for r in active)
        events = sum(r["events"] for r in active)
        thin = sum(1 for r in active if r["events"] and r.get("thin"))
        lines.append(f"{dyad}: net index {total} over {len(active)} active periods ({events} events, "
                     f"{thin} periods thin); most conflictual {worst['period']} ({worst['index']} on "
                     f"{worst['events']} events); {risk} hypothetical conflict events.")  # fmt: skip
    return lines


def _years(years: list[str]) -> str:
    years = sorted(set(years))
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def build_report(src: source.Source, out: str | Path, title: str | None = None, dyad: str | None = None,
                 target: str | None = None, max_texts: int | None = None,
                 compare_sides: str | None = None, top: int = TOP,
                 relevant_only: bool = True, name: str | None = None) -> Path:  # fmt: skip
    """Render the report of a store into ``out`` (one HTML file that works offline);
    ``name``: the store's name on the page (default: the file name of a path, else "store").

    Rendered twice: first without the documents, to learn which passages the page links to,
    then with the documents carrying those passages (or their full text)."""
    con = source.connect(src)
    context = report_context(con, dyad, target, compare_sides, top, relevant_only)
    name = name or (Path(src).name if isinstance(src, str | Path) else "store")
    template = environment().get_template("report.html.j2")
    page = {
        **context, "title": title or f"flashpoint report: {name}", "db_name": name,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "css": static_text("flashpoint.css"), "scripts": [static_text(s) for s in SCRIPTS],
    }  # fmt: skip
    draft = template.render(**page, docs=[], shown=[], texts=0)
    linked = {unescape(m) for m in re.findall(r'href="#(d-[^"]+)"', draft)}
    html = template.render(**page, **documents_context(con, linked, max_texts, top))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
