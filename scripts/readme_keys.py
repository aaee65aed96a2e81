"""Write the README's key table from the window's command registry (the test run checks that
the README and the registry agree): `python scripts/readme_keys.py`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- keys: generated from epaperdesk/ui/actions by scripts/readme_keys.py -->"
END = "<!-- keys: end -->"


def generated_table() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # key names need Qt
    from epaperdesk.ui.actions import readme_key_table
    from epaperdesk.ui.canvas import CANVAS_KEYS

    return readme_key_table(canvas_keys=CANVAS_KEYS)


def readme_table(text: str) -> str:
    """The table between the markers of the README's text."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].strip("\n") + "\n"


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    updated = text[:start] + "\n" + generated_table() + text[end:]
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
        print("README.md: key table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
