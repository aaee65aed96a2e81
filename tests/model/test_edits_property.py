"""Property: any sequence of edits, undone completely, gives back the original edition;
redone completely, gives the edited one. Every state in between is a valid edition."""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epaperdesk.geometry import Rect
from epaperdesk.model import BoxFrame, Page, ParagraphStyle, TextFrame
from epaperdesk.model.correcting import mark_correction
from epaperdesk.model.edits import (
    AddFrame,
    AddPage,
    EditError,
    MovePage,
    SetEditionField,
    SetFrameProperty,
    SetParagraphStyle,
    SetStyle,
    format_text,
    link_frames,
    move_frame,
    remove_correction,
    remove_frame,
    remove_page,
    resize_frame,
    splice_text,
    unlink_frames,
)
from epaperdesk.model.history import History
from epaperdesk.model.validate import find_problems
from tests.conftest import make_small_edition

TEXT = st.text(alphabet="ab \n—é", max_size=6)
KINDS = [
    "splice",
    "format",
    "paragraph_style",
    "move",
    "resize",
    "columns",
    "link",
    "unlink",
    "remove_frame",
    "add_frame",
    "add_page",
    "remove_page",
    "move_page",
    "style",
    "field",
    "mark",
    "unmark",
    "splice",
    "splice",
]


def draw_edit(data, edition):
    """One edit that fits the current state (it may still be refused: that is fine)."""
    kind = data.draw(st.sampled_from(KINDS))
    stories = sorted(edition.stories)
    frames = [f for _, f in edition.frames()]
    text_frames = [f.id for f in frames if isinstance(f, TextFrame)]
    if kind in ("splice", "format", "paragraph_style"):
        story = edition.stories[data.draw(st.sampled_from(stories))]
        n = len(story.text)
        start = data.draw(st.integers(0, n))
        end = data.draw(st.integers(start, n))
        if kind == "splice":
            return splice_text(
                edition,
                story.id,
                start,
                end - start,
                data.draw(TEXT),
                paragraph_style=data.draw(st.sampled_from(["body", "headline", None])),
            )
        if kind == "format":
            return format_text(
                edition,
                story.id,
                start,
                end,
                data.draw(st.sampled_from(["bold", "italic"])),
                on=data.draw(st.booleans()),
            )
        index = data.draw(st.integers(0, len(story.paragraph_styles) - 1))
        old = story.paragraph_styles[index]
        return SetParagraphStyle(story.id, index, old, "headline" if old == "body" else "body")
    if kind == "mark":
        story = edition.stories[data.draw(st.sampled_from(stories))]
        start = data.draw(st.integers(0, len(story.text)))
        end = data.draw(st.integers(start, len(story.text)))
        return mark_correction(
            edition,
            story.id,
            start,
            end,
            data.draw(st.sampled_from(["query", "delete", "insert"])),
            "x",
            "tester",
            "2026-01-01T00:00:00+00:00",
        )
    if kind == "unmark":
        if not edition.corrections:
            return None
        return remove_correction(edition, data.draw(st.sampled_from(sorted(edition.corrections))))
    if kind in ("move", "resize", "columns", "remove_frame") and not frames:
        return None
    if kind == "move":
        return move_frame(
            edition, data.draw(st.sampled_from(frames)).id, data.draw(st.floats(-50, 50)), data.draw(st.floats(-50, 50))
        )
    if kind == "resize":
        return resize_frame(
            edition, data.draw(st.sampled_from(frames)).id, data.draw(st.floats(1, 500)), data.draw(st.floats(1, 500))
        )
    if kind == "columns":
        if not text_frames:
            return None
        frame = edition.frame_by_id(data.draw(st.sampled_from(text_frames)))
        return SetFrameProperty(frame.id, "columns", frame.columns, data.draw(st.integers(1, 5)))
    if kind in ("link", "unlink"):
        if len(text_frames) < 2:
            return None
        a = data.draw(st.sampled_from(text_frames))
        if kind == "unlink":
            return unlink_frames(edition, a)
        return link_frames(edition, a, data.draw(st.sampled_from(text_frames)))
    if kind == "remove_frame":
        return remove_frame(edition, data.draw(st.sampled_from(frames)).id)
    if kind == "add_frame":
        if not edition.pages:
            return None
        page = data.draw(st.sampled_from(edition.pages))
        new = data.draw(
            st.sampled_from(
                [
                    TextFrame(edition.new_id("f"), Rect(10, 10, 100, 80), columns=2),
                    BoxFrame(edition.new_id("f"), Rect(0, 0, 40, 40), tint=30),
                ]
            )
        )
        return AddFrame(page.id, data.draw(st.integers(0, len(page.frames))), new)
    if kind == "add_page":
        return AddPage(data.draw(st.integers(0, len(edition.pages))), Page.from_preset(edition.new_id("p"), "tabloid"))
    if kind == "remove_page":
        if not edition.pages:
            return None
        return remove_page(edition, data.draw(st.sampled_from(edition.pages)).id)
    if kind == "move_page":
        if not edition.pages:
            return None
        count = len(edition.pages)
        return MovePage(data.draw(st.integers(0, count - 1)), data.draw(st.integers(0, count - 1)))
    if kind == "style":
        old = edition.paragraph_styles["headline"]
        new = ParagraphStyle("headline", weight=700, size=data.draw(st.floats(6, 60)), leading=30, alignment="left")
        return SetStyle("paragraph", "headline", old, new)
    return SetEditionField("number", edition.number, data.draw(st.integers(1, 500)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_undo_all_restores_and_redo_all_replays(data):
    edition = make_small_edition()
    original = copy.deepcopy(edition)
    history = History(edition)
    steps = data.draw(st.integers(1, 25))
    for _ in range(steps):
        try:
            edit = draw_edit(data, edition)
        except EditError:
            continue
        if edit is None:
            continue
        before = copy.deepcopy(edition)
        try:
            history.do(edit)
        except EditError:
            assert edition == before, "a refused edit must leave the edition unchanged"
            continue
        assert find_problems(edition) == []
    edited = copy.deepcopy(edition)
    while history.undo() is not None:
        pass
    assert edition == original
    while history.redo() is not None:
        pass
    assert edition == edited
