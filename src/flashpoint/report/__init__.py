"""The static report: one self-contained HTML file with charts, tables and linked evidence."""

from __future__ import annotations

from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from flashpoint import analysis
from flashpoint.analysis import source
from flashpoint.analysis.ties import ties
from flashpoint.report import charts, tables
from flashpoint.report.documents import anchor, document_views

SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")


def static_text(name: str) -> str:
    return resources.files("flashpoint.report").joinpath("static", name).read_text(encoding="utf-8")


def environment() -> Environment:
    return Environment(loader=PackageLoader("flashpoint.report", "templates"),
                       autoescape=select_autoescape(["html", "j2"]))  # fmt: skip


def report_context(src: source.Source, dyad: str = "IND-PAK", target: str = "KASHMIRIS",
                   max_texts: int = 0) -> dict[str, Any]:  # fmt: skip
    """Everything the report shows, computed from the store."""
    con = source.connect(src)
    records = analysis.records
    ov = analysis.overview(con)
    line = records(analysis.timeline(con))
    freq = "year" if line and len(line[0]["period"]) == 4 else "month"
    dyad_rows = records(analysis.dyad_index(con, dyad, freq))
    align = records(analysis.alignment(con))
    recip = records(analysis.reciprocity(con))
    coal = analysis.coalitions(con, target)
    coal_rows = records(coal)
    summary = records(analysis.coalition_summary(coal, names=True)) if len(coal) else []
    groups = records(analysis.tracker(con))
    for g in groups:
        for item in g["items"]:
            item["anchor"] = anchor(item["doc_id"], "rec", item["idx"])
    addressees = records(analysis.by_addressee(con))
    arch = records(analysis.archive(con))
    arch_totals = records(analysis.archive_totals(con))
    frames = records(analysis.frames_by_outlet(con))
    docs_with_text = None
    if max_texts:
        ranked = con.execute(
            "SELECT d.doc_id FROM documents d LEFT JOIN events e USING (doc_id) GROUP BY 1 "
            "ORDER BY count(e.idx) DESC, 1 LIMIT ?", [max_texts]).fetchall()  # fmt: skip
        docs_with_text = {r[0] for r in ranked}
    docs = document_views(con, with_text=docs_with_text)
    silences = _silences(con)
    names = source.actor_names(con)
    return {
        "ov": ov, "freq": freq, "dyad": dyad, "target": source.display(target, names),
        "dyad_rows": dyad_rows, "dyad_cols": [c for c in (dyad_rows[0] if dyad_rows else {}) if c != "period"],
        "specs": {
            "timeline": charts.timeline_chart(line, f"Events per {freq} by QuadClass"),
            "dyad": charts.dyad_chart(dyad_rows, dyad),
            "alignment": charts.alignment_chart(align),
            "coalitions": charts.coalition_chart(coal_rows, source.display(target, names)),
            "archive": charts.archive_chart(arch),
            "frames": charts.frames_chart(frames),
        },
        "tables": {
            "alignment": tables.alignment_table(align),
            "reciprocity": tables.reciprocity_table(recip),
            "coalitions": tables.coalition_table(summary),
            "addressees": tables.addressee_table(addressees),
            "archive": tables.archive_table(arch_totals),
            "frames": tables.frames_table(frames),
        },
        "silences": silences, "rec_groups": groups[:40],
        "rec_method": groups[0]["method"] if groups else "",
        "docs": docs,
        "glance": glance(align, coal_rows, groups, arch_totals, dyad_rows, dyad, silences, names, target),
    }  # fmt: skip


def _silences(con) -> list[dict]:
    t = ties(con)
    t = t[t["sign"] == "silent"]
    names = source.actor_names(con)
    return [
        {"holder": source.display(r.holder, names), "target": source.display(r.target, names),
         "quote": r.quote, "doc": _doc_name(r), "anchor": anchor(r.doc_id, "ev" if r.kind == "event" else "st", r.idx)}
        for r in t.itertuples(index=False)
    ]  # fmt: skip


def _doc_name(row) -> str:
    for value in (row.title, row.outlet):
        if isinstance(value, str) and value:
            return value + (f" ({row.edate})" if row.edate and value == row.outlet else "")
    return row.doc_id


def glance(
    align, coal_rows, groups, arch_totals, dyad_rows, dyad, silences, names, target
) -> list[str]:
    """A few plain sentences that summarise the store."""
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
            f"Silences ({len(silences)}): "
            + ", ".join(quiet[:8])
            + (" …" if len(quiet) > 8 else "")
            + "."
        )
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
        lines.append(f"{dyad}: net index {total} over {len(active)} active periods; most conflictual "
                     f"{worst['period']} ({worst['index']}); {risk} hypothetical conflict events.")  # fmt: skip
    return lines


def _years(years: list[str]) -> str:
    years = sorted(set(years))
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def build_report(src: source.Source, out: str | Path, title: str | None = None, dyad: str = "IND-PAK",
                 target: str = "KASHMIRIS", max_texts: int = 0) -> Path:  # fmt: skip
    """Render the report of a store into ``out`` (one HTML file that works offline)."""
    context = report_context(src, dyad, target, max_texts)
    name = Path(src).name if isinstance(src, str | Path) else "store"
    html = environment().get_template("report.html.j2").render(
        **context, title=title or f"flashpoint report: {name}", db_name=name,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        css=static_text("flashpoint.css"), scripts=[static_text(s) for s in SCRIPTS],
    )  # fmt: skip
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
