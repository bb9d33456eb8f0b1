"""Server-rendered pages. Every page takes the date window (``since``, ``until``), shows it
in the header's date-range control and carries it in its navigation links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from flashpoint.analysis import coalition_summary, records
from flashpoint.analysis.silences import ABSENCE, STANCE
from flashpoint.analysis.source import DEFAULT_MIN_CONFIDENCE
from flashpoint.analysis.timeline import THIN
from flashpoint.geo import basemap
from flashpoint.relevance import RELEVANT
from flashpoint.report import charts, tables
from flashpoint.report.documents import document_view
from flashpoint.web import lists
from flashpoint.web.api import event_query
from flashpoint.web.links import doc_url
from flashpoint.web.params import (
    ActorSort,
    By,
    ConfidenceField,
    Dates,
    DocSort,
    Dyad,
    EventSort,
    Everything,
    Freq,
    Km,
    OptionalDyad,
    Order,
    PageNo,
    Per,
    Period,
    PerPage,
    PlaceFields,
    Side,
    Target,
    Text,
    blank,
    check_confidence,
)
from flashpoint.web.state import StoreView

HTML = {"response_class": HTMLResponse, "include_in_schema": False}


def window_args(period: Dates) -> dict[str, str]:
    return {k: v for k, v in (("since", period.since), ("until", period.until)) if v}


def scope_args(everything: bool = False, floor: float | None = None) -> dict[str, str]:
    """The query parameters that carry ``all`` and the confidence threshold along."""
    return {**({"all": "1"} if everything else {}),
            **({"min_confidence": f"{floor:g}"} if floor is not None else {})}  # fmt: skip


def _with_all(request: Request, on: bool) -> str:
    """This page's URL with ``all=1`` set or dropped (the other parameters kept)."""
    args = [(k, v) for k, v in request.query_params.multi_items() if k not in ("all", "page")]
    return request.url.path + "?" + urlencode(args + ([("all", "1")] if on else []))


def bar_link(dyad: str, floor: float | None, place: dict[str, str] | None = None) -> Callable[[str], str]:
    """Where an index bar leads: the asserted events between the pair in its period, at the
    threshold the index counted (and at the place it counted, ``PlaceFilter.args``)."""
    def link(period: str) -> str:
        args = {"dyad": dyad, "status": "asserted", "since": period, "until": period,
                "min_confidence": f"{DEFAULT_MIN_CONFIDENCE if floor is None else floor:g}",
                **(place or {})}  # fmt: skip
        return "/events?" + urlencode(args)

    return link


def compare_table(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The compare view's coding pivoted for display: one row per ``key`` (``type`` or
    ``quadclass``) with asserted events per side and direction, and the other statuses."""
    table: dict[str, dict[str, Any]] = {}
    for r in data["coding"]:
        row = table.setdefault(r[key] or "unknown", {
            "key": r[key] or "unknown", "quadclass": r["quadclass"], "cells": {}, "other": {}})  # fmt: skip
        if r["status"] == "asserted":
            cell = (r["side"], r["direction"])
            row["cells"][cell] = row["cells"].get(cell, 0) + r["events"]
        else:
            other = row["other"].setdefault(r["side"], {})
            other[r["status"]] = other.get(r["status"], 0) + r["events"]
    return sorted(table.values(), key=lambda r: -sum(r["cells"].values()) - sum(
        n for o in r["other"].values() for n in o.values()))  # fmt: skip


def compare_refs(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Archive entries with each side's mentions and documents, most invoked first."""
    refs: dict[str, dict[str, Any]] = {}
    for r in data["references"]:
        refs.setdefault(r["ref_id"], {"ref_id": r["ref_id"], "sides": {}})["sides"][r["side"]] = r
    return sorted(refs.values(), key=lambda r: (-sum(s["mentions"] for s in r["sides"].values()),
                                                 r["ref_id"]))  # fmt: skip


def add_pages(app: FastAPI, templates: Jinja2Templates, view: StoreView) -> None:
    """The dashboard's pages on ``app``."""

    def page(request: Request, name: str, period: Dates | None = None, status_code: int = 200,
             here: str | None = None, **context: Any) -> HTMLResponse:  # fmt: skip
        period = period or Dates(None, None)
        keep = [(k, v) for k, v in request.query_params.multi_items()
                if k not in ("since", "until", "page")]  # fmt: skip
        return templates.TemplateResponse(request, name, {
            "nav": name.split(".")[0], "window": window_args(period), "days": period.days(),
            "keep": keep, "here": here or request.url.path, "options": view.options(),
            "default_floor": DEFAULT_MIN_CONFIDENCE, "relevant_cut": RELEVANT, "thin": THIN,
            "all_on": _with_all(request, True), "all_off": _with_all(request, False), **context,
        }, status_code=status_code)  # fmt: skip

    @app.get("/", **HTML)
    def overview(request: Request, period: Period, dyad: Dyad = None,
                 target: Target = None, everything: Everything = False,
                 min_confidence: ConfidenceField = None):  # fmt: skip
        dyad, target = view.dyad(dyad), view.target(target)
        min_confidence = check_confidence(min_confidence)
        front = view.front(dyad, target, period.since, period.until, everything, min_confidence)
        freq, line = front["freq"], front["line"]
        return page(request, "overview.html.j2", period, ov=view.overview(period.since, period.until),
                    glance=front["glance"], dyad=dyad, freq=freq, grouping=front["grouping"],
                    everything=everything, floor=min_confidence,
                    scope=scope_args(everything, min_confidence),
                    specs={"timeline": charts.timeline_chart(line, f"Events per {freq} by QuadClass"),
                           "dyad": charts.dyad_chart(front["dyad_rows"], dyad,
                                                     bar_link(dyad, min_confidence))})  # fmt: skip

    @app.get("/actors", **HTML)
    def actors_page(request: Request, period: Period, sort: ActorSort = "mentions",
                    order: Order = "desc", page_no: PageNo = 1, per_page: PerPage = 100):  # fmt: skip
        found = lists.sort_rows(view.actors(period.since, period.until), sort, order)
        result = {**lists.page_of(found, page_no, per_page), "sort": sort, "order": order}
        return page(request, "actors.html.j2", period, result=result, per_page=per_page)

    @app.get("/events", **HTML)
    def events(
        request: Request, period: Period, actor: Text = None, source: Text = None,
        target: Text = None, type: Text = None, quadclass: Text = None, status: Text = None,
        doc_id: Text = None, outlet: Text = None, country: Text = None, dyad: OptionalDyad = None,
        min_confidence: ConfidenceField = None, near: Text = None, km: Km = None, region: Text = None,
        page_no: PageNo = 1, per_page: PerPage = 50, sort: EventSort = "date", order: Order = "desc",
    ):  # fmt: skip
        query = event_query(period, actor, source, target, type, quadclass, status, doc_id,
                            outlet, country, dyad, check_confidence(min_confidence), near, km, region)  # fmt: skip
        with view.cursor() as cur:
            result = lists.events_page(cur, query, page_no, per_page, sort, order)
        names = view.names()
        for e in result["items"]:
            e["source_name"] = names.get(e["source"], e["source"]) if e["source"] else None
            e["target_name"] = names.get(e["target"], e["target"]) if e["target"] else None
        args = {k: getattr(query, k) for k in ("actor", "source", "target", "type", "quadclass",
                "status", "doc_id", "outlet", "country", "dyad", "near", "km", "region")
                if getattr(query, k)}  # fmt: skip
        if query.min_confidence is not None:
            args["min_confidence"] = f"{query.min_confidence:g}"
        return page(request, "events.html.j2", period, result=result, flt=query,
                    args={**args, **window_args(period)}, per_page=per_page)  # fmt: skip

    @app.get("/documents", **HTML)
    def documents(request: Request, period: Period, q: Text = None, country: Text = None,
                  page_no: PageNo = 1, per_page: PerPage = 50, sort: DocSort | None = None,
                  order: Order = "desc"):  # fmt: skip
        q, country = blank(q), blank(country)
        with view.cursor() as cur:
            result = lists.documents_page(cur, q, page_no, per_page, sort, order, period.days(),
                                            country)  # fmt: skip
        args = {k: v for k, v in (("q", q), ("country", country)) if v}
        return page(request, "documents.html.j2", period, result=result, q=q or "",
                    country=country or "", args={**args, **window_args(period)},
                    per_page=per_page)  # fmt: skip

    @app.get("/documents/{doc_id:path}", **HTML)
    def document(request: Request, doc_id: str, period: Period):
        with view.cursor() as cur:
            doc = document_view(cur, doc_id)
            copies = lists.story_copies(cur, doc_id) if doc else []
        if doc is None:
            return page(request, "error.html.j2", period, status_code=404, here=doc_url(doc_id),
                        message=f"no document with id {doc_id}")  # fmt: skip
        return page(request, "document.html.j2", period, here=doc_url(doc_id), doc=doc,
                    copies=copies)  # fmt: skip

    @app.get("/recommendations", **HTML)
    def recommendations(request: Request, period: Period, addressee: Text = None,
                        everything: Everything = False):  # fmt: skip
        addressee = blank(addressee)
        groups = view.tracker(addressee, period.since, period.until, everything)
        per = view.by_addressee(period.since, period.until, everything)
        return page(request, "recommendations.html.j2", period, groups=groups,
                    addressee=addressee or "", addressee_rows=per, everything=everything,
                    scope=scope_args(everything), addressees=tables.addressee_table(per))  # fmt: skip

    @app.get("/references", **HTML)
    def references(request: Request, period: Period, ref: Text = None, country: Text = None,
                   by: By = "outlet", per: Per = "year"):  # fmt: skip
        rows = view.archive(by, per, period.since, period.until)
        mentions, ref, country = [], blank(ref), blank(country)
        if ref:
            with view.cursor() as cur:
                mentions = lists.reference_mentions(cur, ref, period.days(), country)
        return page(request, "references.html.j2", period, ref=ref, country=country or "",
                    by=by, per=per, totals=view.archive_totals(period.since, period.until),
                    mentions=mentions, specs={"archive": charts.archive_chart(rows)})  # fmt: skip

    @app.get("/alignment", **HTML)
    def alignment(request: Request, period: Period, place: PlaceFields, target: Target = None,
                  states_only: bool = False, everything: Everything = False,
                  min_confidence: ConfidenceField = None):  # fmt: skip
        since, until, target = period.since, period.until, view.target(target)
        scope = (everything, check_confidence(min_confidence))
        align = view.alignment(since, until, *scope, place)
        coal = view.coalitions(target, states_only, since, until, *scope, place)
        summary = records(coalition_summary(pd.DataFrame(coal), names=True)) if coal else []
        quiet = view.silences(since, until, *scope)
        return page(
            request, "alignment.html.j2", period, target=target, states_only=states_only,
            everything=everything, floor=scope[1], scope=scope_args(*scope),
            place=place, placed={**scope_args(*scope), **place.args()},
            align_table=tables.alignment_table(align, doc_url, limit=200),
            recip_table=tables.reciprocity_table(view.reciprocity(None, since, until, *scope, place),
                                                 limit=100),
            silence_table=tables.silence_table(
                [{**r, "holder": r["holder_name"], "target": r["on_name"], "doc": r["doc_id"],
                  "anchor": None} for r in quiet if r["kind"] == STANCE], top=50),
            absence_table=tables.absence_table(
                [{**r, "holder": r["holder_name"], "anchor": None} for r in quiet
                 if r["kind"] == ABSENCE], top=50),
            coal_table=tables.coalition_table(summary),
            specs={"alignment": charts.alignment_chart(align, 40),
                   "coalitions": charts.coalition_chart(coal, target)},
        )  # fmt: skip

    @app.get("/timeline", **HTML)
    def timeline(request: Request, period: Period, place: PlaceFields, dyad: Dyad = None,
                 freq: Freq = "auto", min_confidence: ConfidenceField = None):  # fmt: skip
        since, until, dyad = period.since, period.until, view.dyad(dyad)
        min_confidence = check_confidence(min_confidence)
        line = view.timeline(None, freq, since, until, min_confidence, place)
        used = "year" if line and len(line[0]["period"]) == 4 else "month"
        dyad_rows = view.dyad_index(dyad, used, since, until, min_confidence, place)
        frames = view.frames(since, until)
        link = bar_link(dyad, min_confidence, place.args())
        return page(request, "timeline.html.j2", period, dyad=dyad, freq=freq, used=used,
                    floor=min_confidence, scope=scope_args(False, min_confidence),
                    place=place, place_args=place.args(),
                    dyad_rows=[{**r, "href": link(r["period"])} for r in dyad_rows
                               if r["events"] or r["hypothetical"]],
                    specs={"timeline": charts.timeline_chart(line, f"Events per {used} by QuadClass"),
                           "dyad": charts.dyad_chart(dyad_rows, dyad, link)},
                    frames=tables.frames_table(frames), frame_spec=charts.frames_chart(frames))  # fmt: skip

    @app.get("/map", **HTML)
    def map_page(request: Request, period: Period, place: PlaceFields):
        with view.cursor() as cur:
            found = lists.places(cur, period, place)
        window = window_args(period)
        links = {p["id"]: f"/events?{urlencode({'region': p['id'], **window})}" for p in found}
        return page(request, "map.html.j2", period, places=found, links=links,
                    place=place, place_args=place.args(),
                    off_map=sum(not charts.on_map(p) for p in found),
                    specs={"map": charts.map_chart(found, basemap(), links)})  # fmt: skip

    @app.get("/compare", **HTML)
    def compare(request: Request, period: Period, a: Side = None, b: Side = None,
                dyad: Dyad = None):  # fmt: skip
        sides, dyad = view.compare_pair(a, b, dyad)
        data = view.compare(sides, dyad, period.since, period.until)
        pair = [x["id"] for x in data["dyad"]["actors"]]
        return page(request, "compare.html.j2", period, data=data, a=sides[0], b=sides[1],
                    dyad=dyad, directions=[f"{pair[0]}→{pair[1]}", f"{pair[1]}→{pair[0]}"],
                    pair=pair, by_class=compare_table(data, "quadclass"),
                    by_type=compare_table(data, "type"), refs=compare_refs(data),
                    args={"a": sides[0], "b": sides[1], "dyad": dyad, **window_args(period)})  # fmt: skip
