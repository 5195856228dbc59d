"""Time the one-page PDF briefing (target <= 2 s, the first call after start included).

Each measurement runs in a fresh Python process, so "first call" really is the first: it pays for starting the
chart renderer (vl-convert) and typst and loading the shipped fonts. Printed per process: the import time of the
model, the first projection + brief (what a user waits for after the server or the command line starts; the
projection alone is shown beside it), and the median of 5 further briefs. As a reference measured in the same
run, the same process also times one plain `project()` + `region_summary()` (the cost every page already pays).
Run from the repository root: `python benchmarks/bench_brief.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0

CHILD = r"""
import json, statistics, sys, time
t0 = time.perf_counter()
sys.path.insert(0, ROOT)
from model import Levers, Scenario, Settings, load_baseline, project
from model.brief import brief_pdf
imported = time.perf_counter() - t0
table = load_baseline()
scenario = Scenario.build(Levers(regulation_level=3, budget_bn=5, outreach_pct=40))
t = time.perf_counter(); result = project(table, scenario, settings=Settings(draws=0)); result.region_summary()
project_s = time.perf_counter() - t
t = time.perf_counter(); pdf = brief_pdf(result, "15", "id", "Bench")
first_brief_s = time.perf_counter() - t
later = []
for lang in ("id", "en", "id", "en", "id"):
    r = project(table, scenario, settings=Settings(draws=0))
    t = time.perf_counter(); brief_pdf(r, "15", lang, "Bench"); later.append(time.perf_counter() - t)
print(json.dumps({"import_s": imported, "first_project_s": project_s, "first_brief_s": first_brief_s,
                  "first_total_s": project_s + first_brief_s, "later_brief_median_s": statistics.median(later),
                  "pdf_bytes": len(pdf)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes to measure (default 3)")
    args = parser.parse_args()
    rows = []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, "-c", f"ROOT = {str(ROOT)!r}\n" + CHILD],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for key in ("import_s", "first_project_s", "first_brief_s", "first_total_s", "later_brief_median_s"):
        values = [r[key] for r in rows]
        print(f"{key:24s} median {statistics.median(values):6.3f} s   (runs: {', '.join(f'{v:.3f}' for v in values)})")
    first = statistics.median(r["first_brief_s"] for r in rows)
    total = statistics.median(r["first_total_s"] for r in rows)
    verdict = "met" if first <= TARGET_S else "NOT met"
    print(f"first brief in a fresh process: {first:.3f} s — target <= {TARGET_S} s: {verdict}")
    print(f"first brief + the process's first projection (numba loads its cached kernel): {total:.3f} s")
    print(f"load average now: {' '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"pdf size: {rows[0]['pdf_bytes']:,} bytes")


if __name__ == "__main__":
    main()
