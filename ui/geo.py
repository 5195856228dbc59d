"""The offline map: province shapes served by the app itself (static/), or a tile grid; nothing from the web.

The GeoJSON is served by Streamlit's static file serving, so the browser fetches it once from this server
and caches it; each rerun sends only the 38 colours, not the geometry.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

from model import Projection

from . import charts, views

__all__ = ["GEOJSON_URL", "has_geometry", "tile_grid", "map_figure"]

ROOT = Path(__file__).resolve().parent.parent
GEOJSON_FILE = ROOT / "static" / "provinces.geojson"
GEOJSON_URL = "app/static/provinces.geojson"
TILE_GRID = ROOT / "data" / "geo" / "tile_grid.csv"


@lru_cache(maxsize=1)
def tile_grid() -> pd.DataFrame:
    return pd.read_csv(TILE_GRID, dtype={"code": str})


def has_geometry(codes: list[str]) -> bool:
    """Shapes exist only for the 38 provinces (Kemendagri codes); an uploaded regency table has none."""
    return GEOJSON_FILE.exists() and set(codes) <= set(tile_grid()["code"])


def map_figure(result: Projection, scenario: int, lang: str, style: str = "shapes") -> alt.TopLevelMixin | None:
    """The target-year map for the given scenario, or None when the regions have no geometry."""
    if not has_geometry(result.codes):
        return None
    values = views.map_values(result, scenario, lang)
    classes = views.year_classes(lang)
    labels = views.chart_labels(lang)
    if style == "tiles":
        return charts.tile_map_chart(tile_grid(), values, classes, labels, lang)
    return charts.map_chart(GEOJSON_URL, values, classes, labels, lang)
