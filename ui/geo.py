"""The offline map: province shapes served by the app itself (static/), or a tile grid; nothing from the web.

The GeoJSON is served by Streamlit's static file serving, so the browser fetches it once from this server
and caches it; each rerun sends only the 38 colours, not the geometry.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from model import Projection

from . import views

__all__ = ["GEOJSON_URL", "has_geometry", "tile_grid", "map_layers", "regency_province", "geo_url_for"]

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


def has_geometry(codes: list[str], style: str = "shapes") -> bool:
    """Shapes and tiles exist for the 38 provinces (Kemendagri codes); a table of one province's regencies and
    cities has shapes (drawn whatever the style: there is no tile grid of regencies)."""
    if regency_province(codes):
        return True
    if not TILE_GRID.exists() or not set(codes) <= set(tile_grid()["code"]):
        return False
    return style == "tiles" or GEOJSON_FILE.exists()


def map_layers(result: Projection, scenario: int, lang: str, style: str = "shapes"):
    """(chart kind, datasets, options) for the target-year map, or None when the regions have no geometry."""
    if not has_geometry(result.codes, style):
        return None
    values = views.map_values(result, scenario, lang)
    classes = tuple(views.year_classes(lang))
    province = regency_province(result.codes)
    if province:
        return "map", {"regions": values}, {"classes": classes, "geo_url": geo_url_for(result.codes)}
    if style == "tiles":
        tiles = tile_grid()[["code", "abbr", "col", "row"]].merge(values, on="code", how="inner")
        return "tiles", {"tiles": tiles}, {"classes": classes}
    return "map", {"regions": values}, {"classes": classes, "geo_url": GEOJSON_URL}
