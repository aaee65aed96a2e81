"""The layout of multi-page editions: jump lines that follow the pages, master items and
their overrides, deleting a page with part of a thread. (Text variables on every page:
test_variables.py.)"""

from epaperdesk.io.epd import edition_from_bytes, edition_to_bytes, load_edition
from epaperdesk.model.edits import MovePage, link_frames, remove_page, unlink_frames
from epaperdesk.model.pages import apply_master, detach_master_frame, new_page
from epaperdesk.model.validate import find_problems
from epaperdesk.typeset.layout import Typesetter


def jumps(layout):
    return [(d.page_id, j.kind, j.page, j.frame_id) for d in layout.pages for j in d.jumps]


def words_on(display, story_id):
    return " ".join(r.text for r in display.glyph_runs() if r.story_id == story_id)


def test_jump_lines_follow_page_reordering_and_rethreading(sample_path):
    edition = load_edition(sample_path)
    typesetter = Typesetter()
    assert jumps(typesetter.layout(edition)) == [
        ("p1", "see", 2, "interview-body"),
        ("p2", "continued", 1, "interview-cont"),
    ]
    MovePage(1, 0).apply(edition)  # the continuation page now comes first
    assert jumps(typesetter.layout(edition)) == [
        ("p2", "continued", 2, "interview-cont"),
        ("p1", "see", 1, "interview-body"),
    ]
    MovePage(0, 1).apply(edition)
    edit, page_id = new_page(edition, 1)  # a page between: the jump says page 3
    edit.apply(edition)
    layout = typesetter.layout(edition)
    assert ("p1", "see", 3, "interview-body") in jumps(layout) and ("p2", "continued", 1, "interview-cont") in jumps(
        layout
    )
    unlink_frames(edition, "interview-body").apply(edition)  # the story no longer jumps: no jump lines
    layout = typesetter.layout(edition)
    assert jumps(layout) == [] and layout.stories["interview"].overset_lines > 0
    link_frames(edition, "interview-body", "interview-cont").apply(edition)
    assert len(jumps(typesetter.layout(edition))) == 2


def test_a_story_that_ends_before_the_jump_has_no_jump_line(sample_path):
    from epaperdesk.model.edits import splice_text

    edition = load_edition(sample_path)
    story = edition.stories["interview"]
    cut = story.text.index("Your lab also runs")  # everything from the questions on page 2 goes
    splice_text(edition, "interview", cut, len(story.text) - cut, "That is all.").apply(edition)
    layout = Typesetter().layout(edition)
    assert jumps(layout) == [] and layout.stories["interview"].overset_lines == 0


def test_a_master_override_survives_save_and_load(sample_path):
    edition = load_edition(sample_path)
    edit, frame_id = detach_master_frame(edition, "p2", "inside-running-head")
    edit.apply(edition)
    page = edition.page_by_id("p2")
    assert page.hidden_master_frames == ("inside-running-head",)
    own = edition.frame_by_id(frame_id)
    from epaperdesk.model.edits import splice_text

    splice_text(edition, own.story_id, 0, 0, "SPECIAL: ").apply(edition)
    loaded = edition_from_bytes(edition_to_bytes(edition))
    assert loaded.page_by_id("p2").hidden_master_frames == ("inside-running-head",)
    layout = Typesetter().layout(loaded)
    assert words_on(layout.pages[1], own.story_id).startswith("SPECIAL: MERIDIAN")
    assert "p2~inside-running-head" not in {r.frame_id for r in layout.pages[1].glyph_runs()}
    assert words_on(layout.masters[1], "running-head").startswith("MERIDIAN")  # the master itself is unchanged
    apply_master(loaded, "p2", "front").apply(loaded)  # another master: the override is dropped
    assert loaded.page_by_id("p2").hidden_master_frames == () and not find_problems(loaded)


def test_deleting_a_page_with_part_of_a_thread_leaves_the_story_overset(sample_path):
    edition = load_edition(sample_path)
    text = edition.stories["interview"].text
    edit = remove_page(edition, "p2")
    edit.apply(edition)
    assert len(edition.pages) == 1 and edition.stories["interview"].text == text
    layout = Typesetter().layout(edition)
    assert layout.stories["interview"].overset_lines > 0 and jumps(layout) == []
    edit.inverse().apply(edition)
    assert len(jumps(Typesetter().layout(edition))) == 2
