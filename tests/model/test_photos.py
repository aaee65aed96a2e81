"""Captions and credits of photos: the house form of a credit, a caption story and frame made
for a photo that has none."""

from epaperdesk.model.photos import caption_parts, followers, house_credit, set_caption


def test_caption_and_credit_round_trip_and_house_form(sample_path):
    from epaperdesk.io.epd import load_edition

    edition = load_edition(sample_path)
    frame = edition.frame_by_id("lead-photo")
    caption, credit = caption_parts(edition, frame)
    assert credit == "(PHOTO: HALDEN RIDGE OBSERVATORY / KSS)" and caption.startswith("A small section")
    edit = set_caption(edition, "lead-photo", "New words.", house_credit("photo: Reuters"))
    edit.apply(edition)
    assert caption_parts(edition, frame) == ("New words.", "(PHOTO: REUTERS)")
    assert edition.caption_of(frame).paragraph_styles == ["caption", "credit"]
    edit.inverse().apply(edition)
    assert caption_parts(edition, frame) == (caption, credit)
    assert house_credit("(Photo provided by the lab)") == "(Photo provided by the lab)"


def test_a_photo_without_caption_gets_a_caption_story_and_frame(sample_path):
    from epaperdesk.io.epd import load_edition

    edition = load_edition(sample_path)
    frame = edition.frame_by_id("soil-photo")
    frame.caption_story_id = None
    edit = set_caption(edition, "soil-photo", "Roots.", "(PHOTO: LAB)")
    edit.apply(edition)
    caption_frame = edition.caption_frame(frame)
    assert caption_frame is not None and caption_frame.rect.top > frame.rect.bottom
    assert followers(edition, ["soil-photo"]) == [caption_frame.id]
    edit.inverse().apply(edition)
    assert frame.caption_story_id is None
