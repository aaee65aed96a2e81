"""EpaperDesk benchmarks: `make bench`. Timings are reported as ratios against a baseline
measured in the same run on the same machine, never asserted in tests.

Foundation figures:
- load: opening the sample edition (validation, image decoding) against the baseline of
  merely unzipping it and parsing its JSON;
- save: writing the sample edition (serialising, atomic replace with fsync and backup)
  against the baseline of writing the same bytes to a file with a plain write;
- typing: applying and undoing 1,000 one-character splices in the interview story, per
  keystroke, against the baseline of a Python string concatenation of the same story.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import median_time  # noqa: E402
from epaperdesk.io.epd import edition_to_bytes, load_edition, save_edition  # noqa: E402
from epaperdesk.model.edits import splice_text  # noqa: E402
from epaperdesk.model.history import History  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "meridian-weekly.epd"


def bench_load() -> dict:
    data = SAMPLE.read_bytes()

    def baseline():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                content = archive.read(info)
                if info.filename == "document.json":
                    json.loads(content)

    ours = median_time(lambda: load_edition(SAMPLE))
    base = median_time(baseline)
    return {"load sample (ms)": ours * 1000, "unzip + json baseline (ms)": base * 1000, "load / baseline": ours / base}


def bench_save() -> dict:
    edition = load_edition(SAMPLE)
    data = edition_to_bytes(edition)
    with tempfile.TemporaryDirectory() as folder:
        target, plain = Path(folder) / "bench.epd", Path(folder) / "plain.bin"
        ours = median_time(lambda: save_edition(edition, target))
        base = median_time(lambda: plain.write_bytes(data))
    return {"save sample (ms)": ours * 1000, "plain write baseline (ms)": base * 1000, "save / baseline": ours / base}


def bench_typing() -> dict:
    edition = load_edition(SAMPLE)
    history = History(edition)
    story = edition.stories["interview"]
    positions = [(i * 37) % len(story.text) for i in range(1000)]

    def type_and_undo():
        for position in positions:
            history.do(splice_text(edition, "interview", position, 0, "x"))
        for _ in positions:
            history.undo()

    text = story.text

    def baseline():
        for position in positions:
            _ = text[:position] + "x" + text[position:]

    ours = median_time(type_and_undo, 5) / 2000
    base = median_time(baseline, 5) / 1000
    return {
        "splice + undo per keystroke (µs)": ours * 1e6,
        "string splice baseline (µs)": base * 1e6,
        "keystroke / baseline": ours / base,
    }


def main() -> None:
    from benchmarks.canvas import bench_canvas
    from benchmarks.editor import bench_editor
    from benchmarks.export import bench_export
    from benchmarks.hostile import bench_hostile
    from benchmarks.proofing import bench_proofing
    from benchmarks.typesetting import bench_typesetting

    print(f"EpaperDesk benchmarks — Python {sys.version.split()[0]}")
    benches = [
        ("load", bench_load),
        ("save", bench_save),
        ("typing", bench_typing),
        ("typesetting", lambda: bench_typesetting(SAMPLE)),
        ("export", lambda: bench_export(SAMPLE)),
        ("canvas", lambda: bench_canvas(SAMPLE)),
        ("story editor", lambda: bench_editor(SAMPLE)),
        ("proofreading", lambda: bench_proofing(SAMPLE)),
        ("hostile input", lambda: bench_hostile(SAMPLE)),
    ]
    for name, bench in benches:
        print(f"\n[{name}]")
        for key, value in bench().items():
            print(f"  {key:36} {value:10.2f}")


if __name__ == "__main__":
    main()
