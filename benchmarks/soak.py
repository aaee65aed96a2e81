"""Soak test (not in CI): open the sample in the window (offscreen) and perform thousands of
random operations — move, resize, type, style, link, delete, duplicate, undo, redo, save —
reporting memory over time (it must stay flat) and the edition's validity.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/soak.py [OPERATIONS] (default 5000)
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from epaperdesk.model.edits import EditError, format_text, splice_text  # noqa: E402
from epaperdesk.model.validate import find_problems  # noqa: E402
from epaperdesk.ui.document import Document  # noqa: E402
from epaperdesk.ui.main_window import MainWindow  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "meridian-weekly.epd"


def resident_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main(operations: int = 5000, seed: int = 1) -> int:
    app = QApplication.instance() or QApplication([])
    QMessageBox.warning = staticmethod(lambda *a, **k: None)
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp())
    path = folder / "soak.epd"
    shutil.copy(SAMPLE, path)
    window = MainWindow(Document.open(path))
    window.show()
    app.processEvents()
    view = window.view
    counts: dict[str, int] = {}
    refused = invalid = 0
    samples = []
    start = time.perf_counter()
    for n in range(1, operations + 1):
        document = window.document
        edition = document.edition
        frames = [f.id for _, f in edition.frames()]
        kind = rng.choice(
            ["move", "resize", "type", "style", "link", "delete", "duplicate", "undo", "undo", "redo", "save"]
        )
        counts[kind] = counts.get(kind, 0) + 1
        try:
            if kind == "move" and frames:
                view.set_selection([rng.choice(frames)])
                view.nudge(rng.uniform(-15, 15), rng.uniform(-15, 15))
            elif kind == "resize" and frames:
                view.set_selection([rng.choice(frames)])
                view.resize_selection(rng.uniform(-20, 20), rng.uniform(-20, 20))
            elif kind in ("type", "style"):
                story = edition.stories[rng.choice(sorted(edition.stories))]
                a = rng.randint(0, len(story.text))
                b = rng.randint(a, min(len(story.text), a + 6))
                if kind == "type":
                    document.push(splice_text(edition, story.id, a, b - a, rng.choice(["x", "new ", "\n", ""])))
                else:
                    document.push(format_text(edition, story.id, a, b, rng.choice(["bold", "italic"])))
            elif kind == "link" and len(frames) > 1:
                view.set_selection(rng.sample(frames, 2))
                view.link_selection()
            elif kind == "delete" and frames and rng.random() < 0.3:
                view.set_selection([rng.choice(frames)])
                view.delete_selection()
            elif kind == "duplicate" and frames and rng.random() < 0.3:
                view.set_selection([rng.choice(frames)])
                view.duplicate_selection()
            elif kind == "undo":
                window.commands.trigger("edit.undo")
            elif kind == "redo":
                window.commands.trigger("edit.redo")
            elif kind == "save" and n % 10 == 0:
                window.files.save()
        except EditError:
            refused += 1
        app.processEvents()
        if find_problems(window.document.edition):
            invalid += 1
        if n % 500 == 0 or n == operations:
            samples.append((n, resident_mb(), time.perf_counter() - start))
    print(
        f"{operations} operations in {time.perf_counter() - start:.1f} s; refused edits {refused}; "
        f"invalid states {invalid}"
    )
    print("operations by kind:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"{'after':>8} {'RSS MB':>8} {'seconds':>8}")
    for n, mb, seconds in samples:
        print(f"{n:>8} {mb:>8.1f} {seconds:>8.1f}")
    first, last = samples[min(1, len(samples) - 1)][1], samples[-1][1]
    print(
        f"resident memory from operation {samples[min(1, len(samples) - 1)][0]} to {samples[-1][0]}: "
        f"{first:.1f} → {last:.1f} MB ({last - first:+.1f} MB)"
    )
    window.document.undo_stack.setClean()
    window.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if invalid else 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
