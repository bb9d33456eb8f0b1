"""Vega-Lite specifications of the analysis charts (plain dicts, shared by report and dashboard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flashpoint.analysis.scales import QUADCLASSES
from flashpoint.analysis.timeline import THIN
from flashpoint.geo import basemap_object

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
QUAD_COLOURS = ["#4c9be8", "#1f5fa8", "#f2a65a", "#c8412b"]
SIDE_COLOURS = {"with": "#2c7fb8", "against": "#d7301f", "silent": "#9e9e9e", "mixed": "#b39ddb"}


def _base(
    title: str, width: int | str | dict = "container", height: int | dict = 260
) -> dict[str, Any]:
    return {"$schema": SCHEMA, "title": title, "width": width, "height": height,
            "config": {"view": {"stroke": None}, "axis": {"labelLimit": 180}}}  # fmt: skip


def _periods(rows: list[dict]) -> dict[str, Any]:
    """The shared x encoding: every period in order, listed once per chart."""
    return {"field": "period", "type": "ordinal", "title": None,
            "scale": {"domain": [r["period"] for r in rows]},
            "axis": {"labelOverlap": "greedy", "labelSeparation": 6}}  # fmt: skip


def timeline_chart(rows: list[dict], title: str = "Events by QuadClass") -> dict[str, Any]:
    """Stacked bars of asserted events per period; hypothetical events as a line (risk)."""
    values = [
        {"period": r["period"], "class": c.replace("_", " "), "events": r[c]}
        for r in rows for c in QUADCLASSES if r.get(c)
    ]  # fmt: skip
    risk = [{"period": r["period"], "hypothetical": r["hypothetical"],
             "dated_by_document": r.get("document_dated", 0)} for r in rows]  # fmt: skip
    spec = _base(title)
    spec["encoding"] = {"x": _periods(rows)}
    spec["layer"] = [
        {"data": {"values": values}, "mark": {"type": "bar"},
         "encoding": {
             "y": {"field": "events", "type": "quantitative", "stack": True, "title": "asserted events"},
             "color": {"field": "class", "type": "nominal", "title": "QuadClass",
                       "scale": {"domain": [c.replace("_", " ") for c in QUADCLASSES], "range": QUAD_COLOURS}},
             "tooltip": [{"field": "period"}, {"field": "class"}, {"field": "events"}]}},
        {"data": {"values": risk}, "mark": {"type": "line", "point": True, "color": "#6a1b9a", "strokeDash": [4, 3]},
         "encoding": {
             "y": {"field": "hypothetical", "type": "quantitative"},
             "tooltip": [{"field": "period"}, {"field": "hypothetical", "title": "hypothetical events"},
                         {"field": "dated_by_document",
                          "title": "events placed by their document's date"}]}},
    ]  # fmt: skip
    return spec


def dyad_chart(rows: list[dict], dyad: str,
               link: Callable[[str], str] | None = None) -> dict[str, Any]:  # fmt: skip
    """The dyad's cooperation–conflict index per period (bars, each labelled with the number
    of events behind it; thin ones, resting on ``THIN`` events or fewer, pale and marked
    with *), and its risk signal (line). ``link(period)``: where a bar leads (its events)."""
    values = [{"period": r["period"], "index": round(r["index"], 2), "risk": -round(r["risk"], 2),
               "events": r["events"], "hypothetical": r["hypothetical"],
               "thin": bool(r.get("thin", r["events"] <= THIN)),
               "label": f"{r['events']}{'*' if r['events'] <= THIN else ''}" if r["events"] else "",
               "dated_by_document": r.get("document_dated", 0),
               **({"href": link(r["period"])} if link and r["events"] else {})} for r in rows]  # fmt: skip
    spec = _base(
        f"{dyad}: cooperation (+) / conflict (−) index, risk of hypothetical conflict (dashed); "
        f"numbers: events behind each bar (* thin: {THIN} or fewer)"
    )
    spec["data"] = {"values": values}
    spec["encoding"] = {"x": _periods(rows)}
    tooltip = [{"field": "period"}, {"field": "index"}, {"field": "events"}, {"field": "thin"},
               {"field": "dated_by_document", "title": "events dated by their document"}]  # fmt: skip
    bar = {"y": {"field": "index", "type": "quantitative", "title": "weighted index"},
           "color": {"condition": {"test": "datum.index < 0", "value": "#c8412b"}, "value": "#1f5fa8"},
           "opacity": {"condition": {"test": "datum.thin", "value": 0.4}, "value": 1},
           "tooltip": tooltip}  # fmt: skip
    if link:
        bar["href"] = {"field": "href"}
    spec["layer"] = [
        {"mark": {"type": "bar", "cursor": "pointer"} if link else "bar", "encoding": bar},
        {"mark": {"type": "text", "dy": -6, "fontSize": 9, "color": "#333"},
         "encoding": {"y": {"field": "index", "type": "quantitative"}, "text": {"field": "label"},
                      "tooltip": tooltip, **({"href": {"field": "href"}} if link else {})}},
        {"mark": {"type": "line", "point": True, "color": "#6a1b9a", "strokeDash": [4, 3]},
         "encoding": {"y": {"field": "risk", "type": "quantitative"},
                      "tooltip": [{"field": "period"}, {"field": "hypothetical"}, {"field": "risk"}]}},
    ]  # fmt: skip
    return spec


def top_actors(rows: list[dict], n: int) -> list[str]:
    """The ``n`` actors with the most support, opposition and silence items, given or received."""
    weight: dict[str, int] = {}
    for r in rows:
        items = r["support"] + r["oppose"] + r["silent"]
        for actor in (r["holder"], r["target"]):
            weight[actor] = weight.get(actor, 0) + items
    return sorted(weight, key=lambda a: (-weight[a], a))[:n]


def _cell_label(r: dict) -> str:
    """Support minus opposition ("S": silences only), then the items behind the cell and a *
    when they are ``THIN`` or fewer."""
    n = r.get("n", r["support"] + r["oppose"] + r["silent"])
    mark = "*" if n <= THIN else ""
    if not (r["support"] or r["oppose"]):
        return f"S/{n}{mark}"
    net = r["support"] - r["oppose"]
    return f"{net:+d}/{n}{mark}" if net else f"±0/{n}{mark}"


def alignment_chart(rows: list[dict], limit: int = 225, actors: int = 15) -> dict[str, Any]:
    """Holder × target heat map of the ``actors`` most active actors (at most ``limit``
    cells): colour = weighted score, text = support minus opposition items, "S" = silence
    only. Axis labels are cut to fit; cell tooltips carry the full names and counts."""
    keep = set(top_actors(rows, actors))
    rows = [r for r in rows if r["holder"] in keep and r["target"] in keep][:limit]
    values = [{"holder": r["holder_name"], "target": r["target_name"], "score": r["score"],
               "support": r["support"], "oppose": r["oppose"], "silent": r["silent"],
               "n": r.get("n"), "thin": bool(r.get("thin")),
               "label": _cell_label(r)} for r in rows]  # fmt: skip
    labels = max(len({v["holder"] for v in values}), len({v["target"] for v in values}), 1)
    step = 40 if labels <= 15 else 30
    spec = _base("Alignment of the most active actors: weighted support (blue) vs opposition "
                 "(red); cell: support minus opposition / items behind it (S = silence only, "
                 f"* thin: {THIN} or fewer)", width={"step": step}, height={"step": step})  # fmt: skip
    spec["config"]["axis"] = {"labelLimit": 120, "labelFontSize": 11 if labels <= 15 else 9}
    extent = max([abs(v["score"]) for v in values] + [1])
    spec["data"] = {"values": values}
    spec["encoding"] = {
        "x": {"field": "target", "type": "nominal", "title": "target", "sort": "ascending",
              "axis": {"labelAngle": -45, "orient": "top"}},
        "y": {"field": "holder", "type": "nominal", "title": "holder", "sort": "ascending"},
    }  # fmt: skip
    tooltip = [{"field": f} for f in ("holder", "target", "support", "oppose", "silent", "score",
                                      "n", "thin")]  # fmt: skip
    spec["layer"] = [
        {"mark": {"type": "rect"}, "encoding": {"tooltip": tooltip,
            "color": {"condition": {"test": "datum.support + datum.oppose == 0", "value": "#d9d9d9"},
                      "field": "score", "type": "quantitative", "title": "score",
                      "scale": {"scheme": "redblue", "domain": [-extent, extent]}}}},
        {"mark": {"type": "text", "fontSize": 9}, "encoding": {"text": {"field": "label"},
                                                               "tooltip": tooltip}},
    ]  # fmt: skip
    return spec


def coalition_chart(rows: list[dict], target: str) -> dict[str, Any]:
    values = [{"year": r["year"], "holder": r["holder_name"], "side": r["side"],
               "items": r["support"] + r["oppose"] + r["silent"]} for r in rows]  # fmt: skip
    spec = _base(
        f"Coalitions on {target}: side taken per year",
        height=max(120, 18 * len({v["holder"] for v in values})),
    )
    spec["data"] = {"values": values}
    spec["mark"] = {"type": "circle", "opacity": 0.9}
    spec["encoding"] = {
        "x": {"field": "year", "type": "ordinal", "title": None},
        "y": {"field": "holder", "type": "nominal", "title": None},
        "size": {"field": "items", "type": "quantitative", "title": "items"},
        "color": {"field": "side", "type": "nominal",
                  "scale": {"domain": list(SIDE_COLOURS), "range": list(SIDE_COLOURS.values())}},
        "tooltip": [{"field": "year"}, {"field": "holder"}, {"field": "side"}, {"field": "items"}],
    }  # fmt: skip
    return spec


def archive_chart(rows: list[dict], limit: int = 25) -> dict[str, Any]:
    """Archive entries invoked per period (circle size = mentions)."""
    top = {r["ref_id"] for r in sorted(rows, key=lambda r: -r["mentions"])[:200]}
    values = [{"ref": r["ref_id"], "period": r["period"], "speaker": r["speaker"], "mentions": r["mentions"]}
              for r in rows if r["ref_id"] in top]  # fmt: skip
    refs = sorted({v["ref"] for v in values})[:limit]
    values = [v for v in values if v["ref"] in refs]
    spec = _base("Archive entries invoked over time", height=max(120, 20 * len(refs)))
    spec["data"] = {"values": values}
    spec["mark"] = {"type": "circle", "opacity": 0.8}
    spec["encoding"] = {
        "x": {"field": "period", "type": "ordinal", "title": None},
        "y": {"field": "ref", "type": "nominal", "title": None},
        "size": {"aggregate": "sum", "field": "mentions", "type": "quantitative", "title": "mentions"},
        "color": {"field": "speaker", "type": "nominal", "title": "outlet / speaker"},
        "tooltip": [{"field": "ref"}, {"field": "period"}, {"field": "speaker"},
                    {"aggregate": "sum", "field": "mentions", "title": "mentions"}],
    }  # fmt: skip
    return spec


def frames_chart(rows: list[dict]) -> dict[str, Any]:
    """Share of leading frames per outlet, over all years (one row per outlet and frame)."""
    totals: dict[tuple[str, str], int] = {}
    for r in rows:
        key = (r["outlet"], r["frame_id"])
        totals[key] = totals.get(key, 0) + r["documents"]
    values = [{"outlet": o, "frame": f, "documents": n} for (o, f), n in totals.items()]
    spec = _base(
        "Leading frames (top three per document) by outlet",
        height=max(120, 22 * len({v["outlet"] for v in values})),
    )
    spec["data"] = {"values": values}
    spec["mark"] = "bar"
    spec["encoding"] = {
        "y": {"field": "outlet", "type": "nominal", "title": None},
        "x": {"aggregate": "sum", "field": "documents", "type": "quantitative", "stack": "normalize",
              "title": "share of leading frames"},
        "color": {"field": "frame", "type": "nominal", "scale": {"scheme": "tableau20"}},
        "tooltip": [{"field": "outlet"}, {"field": "frame"},
                    {"aggregate": "sum", "field": "documents", "title": "documents"}],
    }  # fmt: skip
    return spec


# the view of the event map: South Asia (Mercator), and the box of places it can show
MAP_VIEW = {"type": "mercator", "center": [78, 25], "scale": 800, "clipExtent": [[0, 0], [640, 520]]}
MAP_BOX = (58.0, 8.0, 98.0, 40.0)  # lon_min, lat_min, lon_max, lat_max


def on_map(place: dict) -> bool:
    lon0, lat0, lon1, lat1 = MAP_BOX
    return lon0 <= place["lon"] <= lon1 and lat0 <= place["lat"] <= lat1


def map_chart(places: list[dict], basemap: dict, links: dict[str, str],
              title: str = "Where events happened") -> dict[str, Any]:  # fmt: skip
    """Asserted events by place on an offline basemap: one circle per place, sized by its
    events and coloured by its most frequent QuadClass; a click follows ``links[place id]``
    (the place's evidence). Places outside South Asia are left off the view. The basemap's
    countries and admin-1 lines are two layers, each embedding only its own arcs."""
    points = []
    for p in places:
        if not on_map(p):
            continue
        top = max(QUADCLASSES, key=lambda c: p.get(c, 0))
        points.append({
            "name": p["name"], "lat": p["lat"], "lon": p["lon"], "admin1": p["admin1"] or "",
            "country": p["country"] or "", "events": p["events"], "class": top.replace("_", " "),
            **{c.replace("_", " "): p.get(c, 0) for c in QUADCLASSES}, "href": links.get(p["id"], ""),
        })  # fmt: skip
    spec = _base(title, width=640, height=520)
    spec["projection"] = MAP_VIEW
    spec["layer"] = [
        {"data": {"values": basemap_object(basemap, "countries"),
                  "format": {"type": "topojson", "feature": "countries"}},
         "mark": {"type": "geoshape", "fill": "#eef0f2", "stroke": "#9aa3ad", "strokeWidth": 0.6}},
        # the first-level regions (states, provinces) as thin lines, where the basemap has them
        *([{"name": "admin1",
            "data": {"values": basemap_object(basemap, "admin1"),
                     "format": {"type": "topojson", "feature": "admin1"}},
            "mark": {"type": "geoshape", "filled": False, "stroke": "#b3bbc4", "strokeWidth": 0.4,
                     "strokeDash": [3, 1.5]}}]
          if "admin1" in basemap["objects"] else []),
        {"data": {"values": points},
         "mark": {"type": "circle", "opacity": 0.8, "stroke": "#ffffff", "strokeWidth": 1, "cursor": "pointer"},
         "encoding": {
             "longitude": {"field": "lon", "type": "quantitative"},
             "latitude": {"field": "lat", "type": "quantitative"},
             "size": {"field": "events", "type": "quantitative", "title": "events",
                      "scale": {"range": [40, 1200]}},
             "color": {"field": "class", "type": "nominal", "title": "most events",
                       "scale": {"domain": [c.replace("_", " ") for c in QUADCLASSES], "range": QUAD_COLOURS}},
             "href": {"field": "href"},
             "tooltip": [{"field": "name", "title": "place"}, {"field": "admin1", "title": "region"},
                         {"field": "events", "title": "asserted events"},
                         *({"field": c.replace("_", " ")} for c in QUADCLASSES)]}},
    ]  # fmt: skip
    return spec
