"""`python -m model ...` — see model/cli.py."""

from .cli import main

raise SystemExit(main())
