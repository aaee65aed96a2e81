"""Page point ⇄ story position, as the canvas uses it for double-clicks and highlights."""

from epaperdesk.io.epd import load_edition
from epaperdesk.typeset.hittest import char_offsets, position_at, range_boxes
from epaperdesk.typeset.layout import Typesetter


def test_position_and_boxes_agree_with_the_runs(sample_path):
    edition = load_edition(sample_path)
    page = Typesetter().layout(edition).pages[0]
    run = next(r for r in page.glyph_runs() if r.story_id == "lead" and len(r.text) >= 8 and r.size < 12)
    offsets = char_offsets(run)
    assert offsets[0] == run.x and abs(offsets[-1] - (run.x + run.width)) < 0.01
    middle = (offsets[3] + offsets[4]) / 2 + 0.01
    assert position_at(page, middle, run.baseline - 2) == ("lead", run.start + 4)
    assert position_at(page, run.x + 1, run.baseline + 40, "nonexistent-frame") is None
    (box,) = range_boxes(page, "lead", run.start + 1, run.start + 3)
    assert abs(box.x - offsets[1]) < 1e-9 and abs(box.right - offsets[3]) < 1e-9 and box.top < run.baseline < box.bottom
    (caret,) = range_boxes(page, "lead", run.start + 2, run.start + 2)
    assert caret.width == 0 and abs(caret.x - offsets[2]) < 1e-9
    story = edition.stories["lead"]
    paragraph_end = story.text.index("\n", story.text.index("Twelve"))
    boxes = range_boxes(page, "lead", story.text.index("Twelve"), paragraph_end)
    baselines = {round(b.bottom, 2) for b in boxes}
    assert len(boxes) == len(baselines) > 5  # one box per line
