"""The proof view's marks, decided without a window: on the page where the text is set,
numbered notes for corrections, none for corrections already dealt with."""

from epaperdesk.model.correcting import mark_correction
from epaperdesk.proof.breaks import BadBreak
from epaperdesk.proof.marks import proof_marks
from epaperdesk.proof.spellcheck import Misspelling
from epaperdesk.typeset.layout import Typesetter


def test_marks_land_on_the_page_of_their_text(small_edition):
    story = small_edition.stories["s2"]  # set on page 2
    start = story.text.index("story")
    mark_correction(small_edition, "s2", start, start + 5, "delete", author="ed").apply(small_edition)
    layout = Typesetter().layout(small_edition)
    misspelt = [Misspelling("s1", 0, 8, "Headline")]
    breaks = [
        BadBreak("ladder", "warning", "s1", 9, 14, 1, "t1", "ladder"),
        BadBreak("loose", "note", "s1", 9, 14, 1, "t1", "loose"),
    ]
    marks = proof_marks(small_edition, layout, misspelt, breaks)
    kinds = sorted((m.page_index, m.kind) for m in marks)
    assert kinds == [(0, "break"), (0, "spelling"), (1, "delete")]
    delete = next(m for m in marks if m.kind == "delete")
    assert delete.note == "c1: Delete"
    assert delete.box.width > 0


def test_corrections_dealt_with_are_not_drawn(small_edition):
    edit = mark_correction(small_edition, "s2", 0, 7, "delete", author="ed")
    edit.apply(small_edition)
    small_edition.corrections["c1"] = small_edition.corrections["c1"].with_status("rejected")
    layout = Typesetter().layout(small_edition)
    assert proof_marks(small_edition, layout, [], []) == []
