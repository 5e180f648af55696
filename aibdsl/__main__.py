"""``python -m aibdsl``: the command line."""

from aibdsl.cli import main

raise SystemExit(main())
