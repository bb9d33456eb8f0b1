"""Where events happen: the gazetteer, place mentions and event locations (offline).

``gazetteer`` loads the pack's places in front of a world layer; ``places`` finds the
place mentions of a parsed document and resolves each to one gazetteer entry; ``locate``
picks the place of each event; :class:`LocationStage` runs both as a pipeline stage.
"""

from flashpoint.geo.gazetteer import Gazetteer, Place, km_between, load_gazetteer, name_key

__all__ = ["Gazetteer", "Place", "km_between", "load_gazetteer", "name_key"]


def basemap() -> dict:
    """The map's offline basemap: South Asia and its neighbours at 1:50m, TopoJSON with one
    object ``countries`` (Natural Earth via world-atlas; scripts/build_basemap.py)."""
    import json
    from importlib import resources

    return json.loads(resources.files("flashpoint.geo").joinpath("basemap.json").read_text())
