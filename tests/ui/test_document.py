"""The open document: a keystroke lays out only its story's pages, and the result equals a
full layout."""


def test_a_keystroke_relays_out_only_its_pages_and_equals_a_full_layout(qtbot, window):
    from epaperdesk.model.edits import splice_text
    from epaperdesk.typeset.displaylist import dump_display_list
    from epaperdesk.typeset.layout import Typesetter

    document = window.document
    page2_before = document.layout.pages[1]
    for story_id, position in (("lead", 40), ("interview", 5000), ("soil", 10)):
        document.push(splice_text(document.edition, story_id, position, 0, "extra words here "), typing=True)
        fresh = Typesetter().layout(document.edition)
        for ours, full in zip(document.layout.pages, fresh.pages):
            assert dump_display_list(ours) == dump_display_list(full)
        assert {k: v.copyfit for k, v in document.layout.stories.items()} == {
            k: v.copyfit for k, v in fresh.stories.items()
        }
        if story_id == "lead":
            assert document.layout.pages[1] is page2_before  # page 2 was not drawn again
