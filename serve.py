"""Serve the app: `python serve.py [streamlit options]` is `streamlit run app.py [options]` with a head start.

Why: the first visitor after the server starts would otherwise wait while Python imports pandas and Altair
and while the model's helper process (model/worker.py) starts and loads the compiled kernel. All of that
can happen before anyone connects. `make run` uses this; a plain `streamlit run app.py` works as well, only
its first page after a server start is slower.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    from model.projection import use_kernel_worker

    use_kernel_worker()  # the helper process starts and warms the kernel in the background
    import altair  # noqa: F401  (imports the first run needs, done while the helper starts)
    import pandas  # noqa: F401
    from streamlit.web import cli

    app = Path(__file__).resolve().parent / "app.py"
    sys.argv = ["streamlit", "run", str(app), *sys.argv[1:]]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
