"""serve.py's garbage-collector tuning: the long-lived heap is frozen out of the post-run full collections.

Streamlit runs `gc.collect(2)` after every script run; over the whole heap (Streamlit, pandas, Altair, the app:
~200,000 objects) that was two thirds of the server's time under load (serve.py's docstring). The checks run in
a child interpreter, because freezing changes the garbage collector of the process that does it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import serve

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import gc, json, sys
sys.path.insert(0, sys.argv[1])
from streamlit.runtime.scriptrunner import script_runner
calls = []
script_runner.ScriptRunner._on_script_finished = lambda self, *a, **k: calls.append(a)
import serve
serve.freeze_long_lived(["json"])
frozen = gc.get_freeze_count()
unfrozen = len(gc.get_objects())
script_runner.ScriptRunner._on_script_finished(object(), "ctx")  # a run that imported nothing
same = gc.get_freeze_count()
import types
sys.modules["ucj_lazily_imported"] = types.ModuleType("ucj_lazily_imported")  # a run that imported a module
keep = [[i] for i in range(5000)]  # objects alive at that moment
script_runner.ScriptRunner._on_script_finished(object(), "ctx")
print(json.dumps({"frozen": frozen, "unfrozen": unfrozen, "same": same, "after": gc.get_freeze_count(),
                  "calls": len(calls)}))
"""


def test_the_app_modules_are_imported_before_the_server_starts_and_the_kernel_is_not() -> None:
    names = serve.app_imports([ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))])
    assert {"streamlit", "ui.state", "ui.sidebar", "ui.render", "model"} <= set(names)
    assert "__future__" not in names
    assert "model.kernel" not in names  # imported lazily, by the pool's worker processes only


def test_frozen_heap_is_not_scanned_and_a_run_that_imports_freezes_again() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["frozen"] > 20_000  # Streamlit's modules and their objects, moved to the permanent generation
    assert found["unfrozen"] < found["frozen"] / 10  # what a full collection still scans
    assert found["calls"] == 2  # Streamlit's own end-of-run work (and its collection) still runs
    assert found["same"] == found["frozen"]  # no import, no new freeze
    assert found["after"] >= found["frozen"] + 5000  # the new modules and what was alive got frozen
