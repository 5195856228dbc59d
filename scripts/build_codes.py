"""Build data/codes/ (Kemendagri region codes and the BPS-to-Kemendagri bridge) from two public sources.

Usage:
    python scripts/build_codes.py WILAYAH_SQL BPS_BRIDGE_CSV [--out data/codes]

WILAYAH_SQL     db/wilayah.sql of https://github.com/cahyadsn/wilayah (MIT): rows ('11','Aceh'),
                ('11.01','Kabupaten Aceh Selatan'), ... ; only the province (2-digit) and regency/city
                (NN.NN) levels are kept.
BPS_BRIDGE_CSV  csv/kabkota.csv of https://github.com/zakiego/Kode-Wilayah-Administrasi-Indonesia-Relasi-BPS-Kemendagri
                (kode_bps, nama_bps, kode_dagri, nama_dagri): BPS's own bridging table (sig.bps.go.id, 2020).

Outputs (codes are text; Kemendagri regency codes keep their dot, "11.01"):
    regions.csv     code, name, level (province|regency), kind (provinsi|kabupaten|kota), province_code, short_name
    bps_bridge.csv  bps_code, bps_name, kemendagri_code_2020, kemendagri_code
                    kemendagri_code is the code in force today (Kepmendagri 2025): for the regencies moved into
                    the new Papua provinces in 2022 the 2020 code no longer exists and is matched by name.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from rapidfuzz import fuzz

ROW = re.compile(r"\('(\d{2}(?:\.\d{2})?)','((?:[^'\\]|\\.|'')*)'\)")


def short_name(name: str) -> str:
    """'Kabupaten Aceh Selatan' -> 'Aceh Selatan'; 'Kota Administrasi Jakarta Selatan' -> 'Jakarta Selatan';
    'Kabupaten Kep. Siau Tagulandang Biaro' -> 'Kepulauan Siau Tagulandang Biaro' (provinces unchanged)."""
    text = re.sub(r"^(Kabupaten|Kota)\s+(Administrasi\s+)?", "", name)
    return re.sub(r"^Kep\.\s*", "Kepulauan ", text)


def read_wilayah(sql: str) -> list[dict[str, str]]:
    rows = []
    for code, name in ROW.findall(sql):
        name = name.replace("''", "'").replace("\\'", "'").strip()
        if "." in code:
            kind = "kota" if name.startswith("Kota ") else "kabupaten"
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "level": "regency",
                    "kind": kind,
                    "province_code": code[:2],
                    "short_name": short_name(name),
                }
            )
        else:
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "level": "province",
                    "kind": "provinsi",
                    "province_code": code,
                    "short_name": name,
                }
            )
    return rows


def _key(name: str) -> str:
    """Kind plus the name without prefixes, spaces or punctuation: 'KAB PEGUNUNGAN BINTANG' and
    'Kabupaten Pegunungan Bintang' agree, so do 'TANJUNG BALAI' and 'Tanjungbalai'."""
    text = name.upper()
    kind = "KOTA" if text.startswith("KOTA") else "KAB"
    text = re.sub(r"^(KABUPATEN|KAB\.?|KOTA)\s+(ADMINISTRASI\s+|ADM\.?\s+)?", "", text)
    text = re.sub(r"^KEP\.\s*", "KEPULAUAN ", text)
    return kind + ":" + re.sub(r"[^A-Z0-9]+", "", text)


def build_bridge(bridge_rows: list[dict[str, str]], regions: list[dict[str, str]]) -> list[dict[str, str]]:
    regencies = [r for r in regions if r["level"] == "regency"]
    by_code = {r["code"]: r for r in regencies}
    by_name: dict[str, list[dict[str, str]]] = {}
    for r in regencies:
        by_name.setdefault(_key(r["name"]), []).append(r)
    out = []
    for row in bridge_rows:
        dagri = row["kode_dagri"].strip()
        dotted = f"{dagri[:2]}.{dagri[2:]}"
        name_key = _key(row["nama_dagri"])
        current = by_code.get(dotted)
        same_code_ok = current is not None and (
            _key(current["name"]) == name_key
            or fuzz.partial_ratio(_key(current["name"]), name_key) >= 80  # renamed: Toba Samosir -> Toba
        )
        if not same_code_ok:
            matches = by_name.get(name_key, [])
            current = matches[0] if len(matches) == 1 else None
        out.append(
            {
                "bps_code": row["kode_bps"].strip(),
                "bps_name": row["nama_bps"].strip(),
                "kemendagri_code_2020": dotted,
                "kemendagri_code": current["code"] if current else "",
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wilayah_sql", type=Path)
    parser.add_argument("bridge_csv", type=Path)
    parser.add_argument("--out", type=Path, default=Path("data/codes"))
    args = parser.parse_args(argv)
    regions = read_wilayah(args.wilayah_sql.read_text(encoding="utf-8"))
    with args.bridge_csv.open(encoding="utf-8-sig", newline="") as f:
        bridge = build_bridge(list(csv.DictReader(f)), regions)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("regions.csv", regions), ("bps_bridge.csv", bridge)):
        with (args.out / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    n_prov = sum(r["level"] == "province" for r in regions)
    unmatched = [b for b in bridge if not b["kemendagri_code"]]
    print(
        f"{n_prov} provinces, {len(regions) - n_prov} regencies/cities, {len(bridge)} bridge rows, "
        f"{len(unmatched)} without a current Kemendagri code",
        file=sys.stderr,
    )
    for b in unmatched:
        print(f"  unmatched: {b}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
