"""How fast a hostile workbook is refused, beside reading an honest 514-row regency sheet in the same run.

python benchmarks/bench_reader.py
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook

from model import InputError, load_regions
from model.regions_codes import official_regions


def million_rows() -> bytes:
    rows = '<row><c t="inlineStr"><is><t>Jambi</t></is></c><c><v>1</v></c></row>' * 1_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{rows}</sheetData></worksheet>")
    return buffer.getvalue()


def regencies_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode", "Kabupaten/Kota", "Potensi Pekerja", "Peserta Aktif", "Periode"])
    regencies = official_regions().query("level == 'regency'")
    for code, name in zip(regencies["code"], regencies["name"], strict=True):
        ws.append([code, name, 100_000, 40_000, "31/12/2024"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main() -> None:
    bomb, honest = million_rows(), regencies_xlsx()

    def refuse():
        try:
            load_regions(bomb, filename="bom.xlsx")
        except InputError:
            return
        raise AssertionError("accepted")

    load_regions(honest, filename="kabkota.xlsx")  # warm caches
    t_bomb = timed(refuse)
    t_honest = timed(lambda: load_regions(honest, filename="kabkota.xlsx"))
    print(f"million-row XLSX ({len(bomb) / 1024:.0f} KB) refused in {t_bomb * 1000:.1f} ms (median of 5)")
    print(f"514-regency XLSX ({len(honest) / 1024:.0f} KB) read and validated in {t_honest * 1000:.1f} ms")
    print(f"ratio refuse / honest read: {t_bomb / t_honest:.2f}")


if __name__ == "__main__":
    main()
