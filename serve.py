"""Serve the app: `python serve.py [--room] [streamlit options]` is `streamlit run app.py` with a head start
and the defaults a workshop laptop should have.

Why a head start: the first visitor after the server starts would otherwise wait while Python imports pandas
and Altair and while the kernel's worker processes (model/runner.py) start and load the compiled kernel. All of
that can happen before anyone connects. `make run` uses this; a plain `streamlit run app.py` works as well,
only its first page after a server start is slower (and it keeps the public metrics endpoint).

Defaults (see also .streamlit/config.toml):
- the server listens on this laptop only (127.0.0.1); `--room` (`make room`) opens it to the room's network
  by listening on every interface;
- it answers only to this machine's own names and addresses and the configured public host
  (`server.allowedHosts`), so a web page elsewhere cannot reach it through DNS rebinding;
- Streamlit's usage metrics endpoint (/_stcore/metrics: sessions, cache sizes) is not served;
- no file watcher, no telemetry, a small upload limit (config.toml).

Garbage collection (the largest cost of a rerun under load): after every script run Streamlit collects
garbage over the whole heap (`gc.collect(2)`, option `runner.postScriptGC`). The heap is mostly what never
goes away: the modules of Streamlit, pandas, Altair, pyarrow and the app (~200,000 objects). Profiled with
ten participants moving levers (py-spy, `--gil`), that full collection took two thirds of the server's time,
five times the cost of the Simulasi script itself. So the server imports the app's modules first and then
freezes everything alive (`gc.freeze()`: the permanent generation, never scanned again); a run that imports
more (a page's lazy import) freezes again. The app's config also turns that post-run collection off
(`.streamlit/config.toml`); Python's own generational collections then scan only what runs create.
"""

from __future__ import annotations

import ast
import gc
import importlib
import sys
from pathlib import Path

ROOM_FLAG = "--room"
SCRIPT_OPTION = "--script"


def _has_option(args: list[str], name: str) -> bool:
    return any(a == name or a.startswith(name + "=") for a in args)


def streamlit_args(args: list[str], hosts: list[str]) -> list[str]:
    """The options passed on to `streamlit run`: the caller's, plus the room's address and host list unless
    the caller gave their own."""
    room = ROOM_FLAG in args
    args = [a for a in args if a != ROOM_FLAG]
    extra: list[str] = []
    if room and not _has_option(args, "--server.address"):
        extra += ["--server.address", "0.0.0.0"]
    if not _has_option(args, "--server.allowedHosts"):
        for host in hosts:
            extra += ["--server.allowedHosts", host]
    return [*extra, *args]


def _drop_metrics_route() -> None:
    """Serve no /_stcore/metrics: it tells anyone in the room how many sessions and cache bytes there are,
    and Streamlit 1.67 has no option to turn it off. A browser test checks that the path serves no metrics."""
    from streamlit.web.server.starlette import starlette_app

    starlette_app.create_metrics_routes = lambda *args, **kwargs: []


def app_imports(scripts: list[Path]) -> list[str]:
    """The modules these scripts import at their top level (not those imported lazily inside functions, e.g.
    the kernel, which the server process never loads when the pool runs it)."""
    names: set[str] = set()
    for path in scripts:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return sorted(names - {"__future__"})


def freeze_long_lived(imports: list[str]) -> None:
    """Import `imports`, then move every object alive to the permanent generation, and do it again after any
    script run that imported a module: the post-run full collection then scans only what runs create.

    Safe because what is frozen lives as long as the process (modules, their tables, caches); an object
    frozen by chance (another session's value at that moment) is still freed when its last reference goes,
    only a reference cycle among such objects stays: a bounded cost, since modules stop being imported."""
    for name in imports:
        importlib.import_module(name)
    gc.collect(2)
    gc.freeze()

    from streamlit.runtime.scriptrunner import script_runner

    finished = script_runner.ScriptRunner._on_script_finished
    known = [len(sys.modules)]

    def on_script_finished(self, *args, **kwargs) -> None:
        finished(self, *args, **kwargs)  # Streamlit's cleanup (and its gc.collect(2) if postScriptGC is on)
        if len(sys.modules) != known[0]:
            known[0] = len(sys.modules)
            gc.freeze()

    script_runner.ScriptRunner._on_script_finished = on_script_finished


def main(argv: list[str] | None = None) -> int:
    """`serve.py [--room] [--script PATH] [streamlit options]`: the app (or, for the load benchmark's like-for-like
    reference, another script such as benchmarks/floor_app.py, served the same way without the model)."""
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(__file__).resolve().parent
    app = root / "app.py"
    if SCRIPT_OPTION in args:
        at = args.index(SCRIPT_OPTION)
        app = Path(args[at + 1]).resolve()
        del args[at : at + 2]
    if app == root / "app.py":
        from model.runner import start_pool

        # The kernel runs in worker processes (model/runner.py): a run that hangs is stopped after its timeout,
        # a long analysis occupies the batch worker while lever moves keep the interactive one.
        start_pool(interactive=1, batch=1)
        scripts = [app, *sorted((root / "app_pages").glob("*.py"))]
    else:
        scripts = [app]
    from streamlit.web import cli

    from ui.room import allowed_hosts

    _drop_metrics_route()
    # The imports the first run needs, done while the server starts, then frozen (see the module's docstring).
    freeze_long_lived(app_imports(scripts))
    sys.argv = ["streamlit", "run", str(app), *streamlit_args(args, allowed_hosts())]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
