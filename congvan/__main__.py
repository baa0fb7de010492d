"""``python -m congvan ...``: the ``congvan`` command (written by namespace.py)."""
from .pipeline.cli import main

raise SystemExit(main())
