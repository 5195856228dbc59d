"""Build static/provinces.geojson from the cahyadsn/wilayah_boundaries SQL dumps.

Usage:
    python scripts/build_geo.py RAW.sql [RAW2.sql ...] [--out static/provinces.geojson]
                                [--tolerance 0.02] [--min-area 0.003] [--digits 3]

RAW.sql is one or more files holding the SQL of `db/prov/wilayah_boundaries_prov_1.sql` ... `_prov_8.sql`
(concatenated or separate), i.e. statements of the form

    INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES
        ('11','Aceh',4.22,96.91,'[[[[lat,lng],[lat,lng],...]],...]'), ...;

The `path` string is a MultiPolygon-like nesting in [lat, lng] order (a record may also be a single
Polygon, one nesting level less).  The parser is a tolerant bracket/number tokenizer, so whitespace,
line breaks and stray trailing commas inside `path` do not matter.

Steps (all plain Python + numpy, build time only; nothing here is needed at run time):
  1. [lat, lng] -> GeoJSON [lon, lat].
  2. Drop polygons whose (planar, degree^2) area is below --min-area, but always keep each province's
     largest polygon, so every province stays on the map; drop holes below --min-area as well.
  3. Douglas-Peucker simplification of every ring with --tolerance (degrees); rings that collapse to
     fewer than 4 points are dropped (the largest polygon of a province is retried with smaller
     tolerances instead).
  4. Round to --digits decimals, remove repeated points, re-close rings.
  5. Orient rings for d3-geo / Vega-Lite `geoshape`: exterior rings CLOCKWISE and holes counter-clockwise
     in (lon, lat) with north up (the opposite of the RFC 7946 right-hand rule).  With the RFC winding d3
     treats each exterior ring as "everything except this island" and the shape fills the whole globe.
  6. Names are the official Kemendagri names below (the source spells a few differently).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

NAMES = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

RECORD = re.compile(
    r"\(\s*'(?P<code>\d+)'\s*,\s*'(?P<name>[^']*)'\s*,\s*(?P<lat>[-+\d.eE]+)\s*,\s*(?P<lng>[-+\d.eE]+)\s*,"
    r"\s*'(?P<path>[^']*)'\s*\)",
    re.S,
)
TOKEN = re.compile(r"\[|\]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_nested(text: str) -> list:
    """Tolerant parser for the bracketed coordinate string: only '[', ']' and numbers are significant."""
    stack: list[list] = [[]]
    for tok in TOKEN.findall(text):
        if tok == "[":
            stack.append([])
        elif tok == "]":
            done = stack.pop()
            stack[-1].append(done)
        else:
            stack[-1].append(float(tok))
    if len(stack) != 1 or len(stack[0]) != 1:
        raise ValueError("unbalanced brackets in path")
    return stack[0][0]


def depth(x) -> int:
    d = 0
    while isinstance(x, list):
        if not x:
            break
        x = x[0]
        d += 1
    return d


def to_multipolygon(path: list) -> list[list[np.ndarray]]:
    """Return [polygon][ring] -> (n, 2) array in (lon, lat)."""
    d = depth(path)
    if d == 3:  # Polygon: [ring][point][lat,lng]
        path = [path]
    elif d != 4:
        raise ValueError(f"unexpected nesting depth {d}")
    out = []
    for poly in path:
        rings = []
        for ring in poly:
            a = np.asarray(ring, dtype=float)
            if a.ndim != 2 or a.shape[1] != 2 or len(a) < 3:
                continue
            rings.append(a[:, ::-1].copy())  # [lat, lng] -> [lon, lat]
        if rings:
            out.append(rings)
    return out


def signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def _dp(points: np.ndarray, tol: float) -> np.ndarray:
    """Douglas-Peucker on an open polyline; returns a boolean keep-mask."""
    n = len(points)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        seg = points[j] - points[i]
        rel = points[i + 1 : j] - points[i]
        norm = np.hypot(*seg)
        cross = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0])
        dist = np.hypot(rel[:, 0], rel[:, 1]) if norm == 0 else cross / norm
        k = int(np.argmax(dist))
        if dist[k] > tol:
            m = i + 1 + k
            keep[m] = True
            stack.append((i, m))
            stack.append((m, j))
    return keep


def simplify_ring(ring: np.ndarray, tol: float, digits: int) -> np.ndarray | None:
    """Simplify a closed ring; None if it collapses below a valid ring (4 points incl. closing point)."""
    pts = ring
    if np.allclose(pts[0], pts[-1]):
        pts = pts[:-1]
    if len(pts) < 3:
        return None
    # split the ring at its first point and the point farthest from it, simplify both halves
    far = int(np.argmax(np.hypot(*(pts - pts[0]).T)))
    if far == 0:
        return None
    closed = np.vstack([pts, pts[:1]])
    a = closed[: far + 1]
    b = closed[far:]
    ka, kb = _dp(a, tol), _dp(b, tol)
    simp = np.vstack([a[ka], b[kb][1:]])
    simp = np.round(simp, digits)
    # drop consecutive duplicates created by rounding
    keep = np.ones(len(simp), dtype=bool)
    keep[1:] = np.any(np.diff(simp, axis=0) != 0, axis=1)
    simp = simp[keep]
    if not np.array_equal(simp[0], simp[-1]):
        simp = np.vstack([simp, simp[:1]])
    if len(simp) < 4 or abs(signed_area(simp)) == 0:
        return None
    return simp


def orient(ring: np.ndarray, exterior: bool) -> np.ndarray:
    """d3/Vega winding: exterior clockwise (negative planar area), holes counter-clockwise."""
    a = signed_area(ring)
    if (exterior and a > 0) or (not exterior and a < 0):
        return ring[::-1]
    return ring


def build(records: dict[str, list], tol: float, min_area: float, digits: int) -> dict:
    features = []
    for code in sorted(records, key=int):
        polys = records[code]
        areas = [abs(signed_area(p[0])) for p in polys]
        biggest = int(np.argmax(areas))
        out_polys = []
        for idx, (poly, area) in enumerate(zip(polys, areas, strict=True)):
            if area < min_area and idx != biggest:
                continue
            ext = None
            t = tol
            while ext is None:
                ext = simplify_ring(poly[0], t, digits)
                if idx != biggest or t < 1e-6:
                    break
                t /= 2
            if ext is None:
                continue
            rings = [orient(ext, True)]
            for hole in poly[1:]:
                if abs(signed_area(hole)) < min_area:
                    continue
                h = simplify_ring(hole, tol, digits)
                if h is not None:
                    rings.append(orient(h, False))
            out_polys.append([[[float(x), float(y)] for x, y in r] for r in rings])
        if not out_polys:
            raise RuntimeError(f"province {code} lost all its polygons")
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": NAMES.get(code, code)},
                "geometry": {"type": "MultiPolygon", "coordinates": out_polys},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def read_records(paths: list[Path]) -> dict[str, list]:
    records: dict[str, list] = {}
    for p in paths:
        text = p.read_text(encoding="utf-8")
        for m in RECORD.finditer(text):
            code = m["code"]
            polys = to_multipolygon(parse_nested(m["path"]))
            records.setdefault(code, []).extend(polys)
    return records


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sql", nargs="+", type=Path, help="reassembled wilayah_boundaries_prov_*.sql file(s)")
    default_out = Path(__file__).resolve().parent.parent / "static" / "provinces.geojson"
    ap.add_argument("--out", type=Path, default=default_out)
    ap.add_argument("--tolerance", type=float, default=0.02, help="Douglas-Peucker tolerance in degrees")
    ap.add_argument("--min-area", type=float, default=0.003, help="drop islets/holes below this area (degree^2)")
    ap.add_argument("--digits", type=int, default=3, help="decimals kept in coordinates")
    args = ap.parse_args(argv)

    records = read_records(args.sql)
    missing = sorted(set(NAMES) - set(records), key=int)
    if missing:
        print(f"warning: no geometry for {missing}", file=sys.stderr)
    fc = build(records, args.tolerance, args.min_area, args.digits)
    text = json.dumps(fc, separators=(",", ":"), ensure_ascii=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")

    n_in = sum(len(r) for polys in records.values() for poly in polys for r in poly)
    n_poly = sum(len(f["geometry"]["coordinates"]) for f in fc["features"])
    n_vert = sum(len(r) for f in fc["features"] for poly in f["geometry"]["coordinates"] for r in poly)
    print(
        f"provinces={len(fc['features'])} polygons={n_poly} vertices={n_vert} (input {n_in}) "
        f"bytes={len(text) + 1} tolerance={args.tolerance} min_area={args.min_area} -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
