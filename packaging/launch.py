"""Entry script of the PyInstaller bundle: the same `epaperdesk` command."""

from epaperdesk.cli import main

raise SystemExit(main())
