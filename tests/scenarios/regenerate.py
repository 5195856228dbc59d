"""Write the expected values of the golden scenario cases from the model as it is now.

    .venv/bin/python tests/scenarios/regenerate.py

Run this only after a deliberate change of data or calibration (and say so in the commit): the cases exist
to catch changes nobody meant. Each case file keeps its inputs (levers, assumptions, settings, regions to
check, tolerances); this script rewrites only its `expected` block.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.scenarios.golden import CASES_DIR, expected_values, load_case  # noqa: E402


def main() -> int:
    for path in sorted(CASES_DIR.glob("*.yaml")):
        raw = path.read_text(encoding="utf-8")
        header = "".join(line + "\n" for line in raw.splitlines() if line.startswith("#"))
        case = load_case(path)
        case["expected"] = expected_values(case)
        text = yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=110)
        path.write_text(header + text, encoding="utf-8")
        print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
