"""Where events happen: the gazetteer, place mentions and event locations (offline).

``gazetteer`` loads the pack's places in front of a world layer; ``places`` finds the
place mentions of a parsed document and resolves each to one gazetteer entry; ``locate``
picks the place of each event; :class:`LocationStage` runs both as a pipeline stage.
"""

from flashpoint.geo.gazetteer import Gazetteer, Place, km_between, load_gazetteer, name_key

__all__ = ["Gazetteer", "Place", "arc_ids", "basemap", "basemap_object", "km_between",
           "load_gazetteer", "name_key", "sub_topology"]  # fmt: skip


def basemap() -> dict:
    """The map's offline basemap: South Asia and its neighbours, TopoJSON with two objects:
    ``countries``, their outlines at 1:50m (Natural Earth via world-atlas), and ``admin1``,
    the internal boundaries of the first-level regions of South Asia's countries, one
    MultiLineString per country (Natural Earth 1:10m, simplified); scripts/build_basemap.py."""
    import json
    from importlib import resources

    return json.loads(resources.files("flashpoint.geo").joinpath("basemap.json").read_text())


def arc_ids(geometry: dict) -> list[int]:
    """The arc indices a TopoJSON geometry uses, as written (``~i``: arc ``i`` reversed)."""
    def walk(value):
        if isinstance(value, int):
            yield value
        else:
            for v in value:
                yield from walk(v)

    return list(walk(geometry.get("arcs", [])))


def sub_topology(topo: dict, name: str, geometries: list[dict]) -> dict:
    """A topology holding ``geometries`` (of ``topo``) as the object ``name``, with only the
    arcs they use, renumbered."""
    used = sorted({i if i >= 0 else ~i for g in geometries for i in arc_ids(g)})
    index = {old: new for new, old in enumerate(used)}

    def renumber(value):
        if isinstance(value, int):
            return index[value] if value >= 0 else ~index[~value]
        return [renumber(v) for v in value]

    kept = [{**g, "arcs": renumber(g["arcs"])} if "arcs" in g else g for g in geometries]
    return {"type": "Topology", "transform": topo["transform"],
            "objects": {name: {"type": "GeometryCollection", "geometries": kept}},
            "arcs": [topo["arcs"][i] for i in used]}  # fmt: skip


def basemap_object(topo: dict, name: str) -> dict:
    """A topology holding only the object ``name`` of ``topo`` and the arcs it uses, so that a
    chart layer drawing one object embeds no other's arcs."""
    return sub_topology(topo, name, topo["objects"][name]["geometries"])
