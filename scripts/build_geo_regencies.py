"""Build static/regencies/<province>.geojson (one file per province) from cahyadsn/wilayah_boundaries db/kab/*.sql.

Usage:
    python scripts/build_geo_regencies.py wilayah_boundaries_kab_11.sql ... [--out static/regencies]
                                          [--tolerance 0.01] [--min-area 0.0005] [--digits 3]

Same steps as scripts/build_geo.py (whose functions this reuses): [lat, lng] -> [lon, lat], islets below
--min-area dropped (each regency keeps its largest polygon), Douglas-Peucker at --tolerance, rounding, rings
oriented for d3-geo. Regencies are smaller than provinces, so the defaults are finer (0.01 degree, about 1.1 km).
Properties: code (Kemendagri "NN.NN", text), name (official, from data/codes/regions.csv), province_code.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_geo import orient, parse_nested, signed_area, simplify_ring, to_multipolygon

ROOT = Path(__file__).resolve().parent.parent
RECORD = re.compile(
    r"\(\s*'(?P<code>\d{2}\.\d{2})'\s*,\s*'(?P<name>(?:[^'\\]|\\.|'')*)'\s*,\s*(?P<lat>[-+\d.eE]+)\s*,"
    r"\s*(?P<lng>[-+\d.eE]+)\s*,\s*'(?P<path>[^']*)'\s*\)",
    re.S,
)


def simplify_polygons(polys: list, tol: float, min_area: float, digits: int) -> list:
    areas = [abs(signed_area(p[0])) for p in polys]
    biggest = int(np.argmax(areas))
    out = []
    for idx, (poly, area) in enumerate(zip(polys, areas, strict=True)):
        if area < min_area and idx != biggest:
            continue
        ext, t = None, tol
        while ext is None:
            ext = simplify_ring(poly[0], t, digits)
            if idx != biggest or t < 1e-6:
                break
            t /= 2
        if ext is None:
            continue
        rings = [orient(ext, True)]
        for hole in poly[1:]:
            if abs(signed_area(hole)) >= min_area and (h := simplify_ring(hole, tol, digits)) is not None:
                rings.append(orient(h, False))
        out.append([[[float(x), float(y)] for x, y in r] for r in rings])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sql", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "static" / "regencies")
    ap.add_argument("--tolerance", type=float, default=0.01)
    ap.add_argument("--min-area", type=float, default=0.0005)
    ap.add_argument("--digits", type=int, default=3)
    args = ap.parse_args(argv)
    with (ROOT / "data" / "codes" / "regions.csv").open(encoding="utf-8") as f:
        names = {r["code"]: r["name"] for r in csv.DictReader(f) if r["level"] == "regency"}
    by_province: dict[str, list] = {}
    seen = set()
    for path in args.sql:
        for m in RECORD.finditer(path.read_text(encoding="utf-8")):
            code = m["code"]
            polys = simplify_polygons(to_multipolygon(parse_nested(m["path"])), args.tolerance, args.min_area,
                                      args.digits)  # fmt: skip
            if not polys:
                print(f"warning: {code} lost all its polygons", file=sys.stderr)
                continue
            seen.add(code)
            by_province.setdefault(code[:2], []).append(
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": names.get(code, m["name"]), "province_code": code[:2]},
                    "geometry": {"type": "MultiPolygon", "coordinates": polys},
                }
            )
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for province, features in sorted(by_province.items()):
        text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"),
                          ensure_ascii=False)  # fmt: skip
        (args.out / f"{province}.geojson").write_text(text + "\n", encoding="utf-8")
        total += len(text) + 1
    missing = sorted(set(names) - seen)
    print(f"provinces={len(by_province)} regencies={len(seen)} of {len(names)} bytes={total} missing={missing}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
