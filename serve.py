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
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOM_FLAG = "--room"


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


def main() -> int:
    from model.runner import start_pool

    # The kernel runs in worker processes (model/runner.py): a run that hangs is stopped after its timeout,
    # a long analysis occupies the batch worker while lever moves keep the interactive one.
    start_pool(interactive=1, batch=1)
    import altair  # noqa: F401  (imports the first run needs, done while the helper starts)
    import pandas  # noqa: F401
    from streamlit.web import cli

    from ui.room import allowed_hosts

    _drop_metrics_route()
    app = Path(__file__).resolve().parent / "app.py"
    sys.argv = ["streamlit", "run", str(app), *streamlit_args(sys.argv[1:], allowed_hosts())]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
