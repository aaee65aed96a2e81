"""`python -m epaperdesk` runs the command line entry point."""

from epaperdesk.cli import main

raise SystemExit(main())
