"""The offline map: province shapes served by the app itself (static/), or a tile grid; nothing from the web.

The GeoJSON is served by Streamlit's static file serving, so the browser fetches it once from this server
and caches it; each rerun sends only the 38 colours, not the geometry.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from model import Projection

from . import views

__all__ = [
    "GEOJSON_URL",
    "LABEL_WIDTHS",
    "has_geometry",
    "tile_grid",
    "label_points",
    "label_fits",
    "map_layers",
    "regency_province",
    "geo_url_for",
]

ROOT = Path(__file__).resolve().parent.parent
GEOJSON_FILE = ROOT / "static" / "provinces.geojson"
GEOJSON_URL = "app/static/provinces.geojson"
TILE_GRID = ROOT / "data" / "geo" / "tile_grid.csv"
REGENCY_DIR = ROOT / "static" / "regencies"  # one GeoJSON per province: its regencies and cities (data/geo/README.md)


def regency_province(codes: list[str]) -> str | None:
    """The one province whose regencies/cities these codes are (with shapes shipped for it), else None."""
    provinces = {c[:2] for c in codes}
    if len(provinces) != 1 or not all(len(c) == 5 and c[2] == "." for c in codes):
        return None
    province = provinces.pop()
    return province if (REGENCY_DIR / f"{province}.geojson").exists() else None


@lru_cache(maxsize=1)
def tile_grid() -> pd.DataFrame:
    return pd.read_csv(TILE_GRID, dtype={"code": str})


def geo_url_for(codes: list[str]) -> str:
    """Where the browser fetches the shapes of these regions: the province's regencies, or the 38 provinces."""
    province = regency_province(codes)
    return f"app/static/regencies/{province}.geojson" if province else GEOJSON_URL


@lru_cache(maxsize=1)
def label_points() -> pd.DataFrame:
    """code, lon, lat, abbr: where each province's short name is written on the shapes map (the centroid of
    its largest polygon, so Maluku's label sits on an island and not in the sea between them)."""
    features = json.loads(GEOJSON_FILE.read_text(encoding="utf-8"))["features"]
    rows = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        _area, lon, lat = max((_ring_centroid(polygon[0]) for polygon in polygons), key=lambda x: x[0])
        rows.append({"code": str(feature["properties"]["code"]), "lon": lon, "lat": lat})
    points = pd.DataFrame(rows)
    return points.merge(tile_grid()[["code", "abbr"]], on="code", how="left")


# Map widths (px) at which the set of names that fit is worked out; the chart shows the set of the largest of
# these no wider than the map it draws (ui/charts.py map_chart). 300 px: a phone; 560-720: a 1024-px projector.
LABEL_WIDTHS = (300, 360, 420, 480, 560, 640, 720, 820, 940, 1080, 1250)
LABEL_FONT_PX = 15.0  # the names' size on the projector (ui/charts.py MAP_LABEL_FONT x PROJECTOR_MARK_SCALE)
_CHAR_EM = 0.68  # width of an upper-case bold letter, in em (Source Sans bold, with a little to spare)
_PAD_PX = 3.0


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


@lru_cache(maxsize=1)
def map_extent() -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) of the provinces' shapes in Mercator units (radians): what the chart's projection fits."""
    features = json.loads(GEOJSON_FILE.read_text(encoding="utf-8"))["features"]
    points = np.concatenate([_flat(f["geometry"]["coordinates"]) for f in features])
    x, y = np.radians(points[:, 0]), _mercator_y(points[:, 1])
    return float(x.min()), float(x.max()), float(y.min()), float(y.max())


def map_aspect() -> float:
    """Width / height of the shapes' extent: the map's drawn width is min(width, height x this)."""
    x0, x1, y0, y1 = map_extent()
    return (x1 - x0) / (y1 - y0)


def _flat(coordinates) -> np.ndarray:
    """Every [lon, lat] of a (Multi)Polygon's nested rings as one (n, 2) array."""
    if isinstance(coordinates[0][0], (int, float)):  # a ring
        return np.asarray(coordinates, dtype=float)[:, :2]
    return np.concatenate([_flat(part) for part in coordinates])


@lru_cache(maxsize=1)
def label_fits() -> pd.DataFrame:
    """code + one boolean column `fit_<width>` per LABEL_WIDTHS: whether the province's short name is written
    on a map that wide. Names are placed greedily, the provinces with the most workers to cover first, and a
    name that would overlap one already placed is left out (its province keeps its tooltip, and the tile grid
    names every province): 38 names at projector size overlap on a 600-px map ("SULSEL" on "SULTRA")."""
    points = label_points().copy()
    from model import load_baseline

    potential = load_baseline().frame.set_index("code")["potential_workers"]
    points["priority"] = points["code"].map(potential).fillna(0)
    points = points.sort_values("priority", ascending=False, kind="stable").reset_index(drop=True)
    x0, x1, _, y1 = map_extent()
    mx, my = np.radians(points["lon"].to_numpy()), _mercator_y(points["lat"].to_numpy())
    half_w = (points["abbr"].fillna("").str.len().to_numpy() * _CHAR_EM * LABEL_FONT_PX + 2 * _PAD_PX) / 2
    half_h = (LABEL_FONT_PX + 2 * _PAD_PX) / 2
    for width in LABEL_WIDTHS:
        scale = width / (x1 - x0)  # px per Mercator unit when the map fills this width
        px, py = (mx - x0) * scale, (y1 - my) * scale
        placed: list[int] = []
        for i in range(len(points)):
            inside = half_w[i] <= px[i] <= width - half_w[i] or width >= LABEL_WIDTHS[-1]
            clear = all(abs(px[i] - px[j]) >= half_w[i] + half_w[j] or abs(py[i] - py[j]) >= 2 * half_h for j in placed)
            if clear and (inside or not placed):
                placed.append(i)
        points[f"fit_{width}"] = points.index.isin(placed)
    return points[["code", *(f"fit_{w}" for w in LABEL_WIDTHS)]]


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(|area|, lon, lat) of a closed ring by the shoelace formula (degrees are fine at this scale)."""
    xy = np.asarray(ring, dtype=float)[:, :2]
    x, y = xy[:, 0], xy[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return 0.0, float(x.mean()), float(y.mean())
    return abs(area), float(((x + x1) * cross).sum() / (6 * area)), float(((y + y1) * cross).sum() / (6 * area))


def has_geometry(codes: list[str], style: str = "shapes") -> bool:
    """Shapes and tiles exist for the 38 provinces (Kemendagri codes); a table of one province's regencies and
    cities has shapes (drawn whatever the style: there is no tile grid of regencies)."""
    if regency_province(codes):
        return True
    if not TILE_GRID.exists() or not set(codes) <= set(tile_grid()["code"]):
        return False
    return style == "tiles" or GEOJSON_FILE.exists()


def map_layers(
    result: Projection,
    scenario: int,
    lang: str,
    style: str = "shapes",
    names: bool = False,
    province: str | None = None,
    chances: Projection | None = None,
    chance_title: str | None = None,
):
    """(chart kind, datasets, options) for the target-year map, or None when the regions have no geometry.
    `names`: provinces' short names written on the shapes (presentation mode; tiles always carry them).
    `province`: for a regency table spanning several provinces, the one whose regencies are drawn.
    `chances` (the same scenario with Monte Carlo draws) and `chance_title`: coloured by the chance of reaching
    the target by the rank year instead of the target year's class."""
    codes = result.codes
    if province is not None:
        codes = [c for c in codes if c.startswith(province + ".")]
    if not has_geometry(codes, style):
        return None
    values = views.map_values(result, scenario, lang, chances if chance_title else None)
    classes = tuple(views.year_classes(lang))
    common: dict[str, object] = {"classes": classes}
    if chance_title and "chance" in values:
        common["chance_title"] = chance_title
        values["dark_tile"] = values["chance"] >= 0.6
    if regency_province(codes):
        values = values[values["code"].isin(codes)].reset_index(drop=True)
        return "map", {"regions": values}, {**common, "geo_url": geo_url_for(codes)}
    if style == "tiles":
        tiles = tile_grid()[["code", "abbr", "col", "row"]].merge(values, on="code", how="inner")
        return "tiles", {"tiles": tiles}, common
    if names:
        values = values.merge(label_points(), on="code", how="left").merge(label_fits(), on="code", how="left")
        values[[f"fit_{w}" for w in LABEL_WIDTHS]] = values[[f"fit_{w}" for w in LABEL_WIDTHS]].fillna(False)
        options = {"geo_url": GEOJSON_URL, "names": True, "aspect": round(map_aspect(), 4)}
        return "map", {"regions": values}, {**common, **options}
    return "map", {"regions": values}, {**common, "geo_url": GEOJSON_URL}
