"""Corrections through PDF comments: our proof PDF round trip, comments written the way
other viewers write them, reflow between export and import, bad input."""

import copy
import json
import zlib

import pikepdf
import pytest

from epaperdesk.export import export_pdf
from epaperdesk.export.options import PdfOptions
from epaperdesk.export.proof_pdf import CommentError, export_proof, import_comments
from epaperdesk.io.epd import load_edition
from epaperdesk.model.correcting import mark_correction, reply_to, set_status
from epaperdesk.model.edits import splice_text
from epaperdesk.proof import comment_limits as limits
from epaperdesk.typeset import hittest
from epaperdesk.typeset.fonts import installed_faces, read_metrics
from epaperdesk.typeset.hittest import range_boxes
from epaperdesk.typeset.layout import Typesetter

WHEN = "2026-11-30T10:00:00+00:00"


def marked_sample(sample_path):
    edition = load_edition(sample_path)
    text = edition.stories["lead"].text

    def mark(word, kind, new="", offset=0, point=False):
        i = text.index(word) + offset
        edit = mark_correction(edition, "lead", i, i if point else i + len(word) - offset, kind, new, "Ann Proof", WHEN)
        edit.apply(edition)
        return edit.correction.id

    ids = [
        mark("catalogue", "delete"),
        mark("faint", "replace", "dim"),
        mark("Twelve", "insert", " long", offset=6, point=True),
        mark("Sky Survey", "query", "Is this the survey's own name?"),
        mark("Earth", "italic"),
        mark("shutter", "capitals"),
    ]
    reply_to(edition, ids[3], "Ed Itor", "Yes, it is.", "2026-11-30T11:00:00+00:00").apply(edition)
    set_status(edition, ids[4], "accepted").apply(edition)
    set_status(edition, ids[5], "rejected").apply(edition)
    return edition


def without_corrections(edition):
    blank = copy.deepcopy(edition)
    blank.corrections.clear()
    for story in blank.stories.values():
        story.anchors.clear()
    return blank


def test_proof_pdf_round_trip_gives_the_same_corrections(tmp_path, sample_path):
    edition = marked_sample(sample_path)
    path = tmp_path / "proof.pdf"
    assert export_proof(edition, path) == 6
    with pikepdf.open(path) as pdf:
        subtypes = sorted(str(a.Subtype) for a in pdf.pages[0].Annots)
        assert subtypes.count("/StrikeOut") == 2 and subtypes.count("/Caret") == 2
        assert "/Highlight" in subtypes and "/Underline" in subtypes
        for annotation in pdf.pages[0].Annots:
            assert "/AP" in annotation and "/T" in annotation and "/M" in annotation
        group = [a for a in pdf.pages[0].Annots if a.get("/RT") == pikepdf.Name.Group]
        assert (
            len(group) == 1
            and group[0].Subtype == pikepdf.Name.StrikeOut
            and group[0].IRT.Subtype == pikepdf.Name.Caret
        )
    blank = without_corrections(edition)
    result = import_comments(blank, path)
    assert not result.unplaced
    result.edit.apply(blank)
    assert blank.corrections == edition.corrections
    assert blank.stories["lead"].anchors == edition.stories["lead"].anchors
    again = import_comments(blank, path)
    assert again.edit is None and len(again.skipped) == 6  # importing twice adds nothing


def test_comments_find_their_text_after_the_page_reflowed(tmp_path, sample_path):
    edition = marked_sample(sample_path)
    path = tmp_path / "proof.pdf"
    export_proof(edition, path)
    blank = without_corrections(edition)
    added = "A new opening sentence pushes every line of the story down. "
    start = blank.stories["lead"].text.index("Twelve")
    splice_text(blank, "lead", start, 0, added).apply(blank)
    result = import_comments(blank, path)
    assert not result.unplaced
    result.edit.apply(blank)
    for correction_id, (a, b) in edition.stories["lead"].anchors.items():
        shift = len(added) if a >= start else 0
        assert blank.stories["lead"].anchors[correction_id] == (a + shift, b + shift)
        assert blank.stories["lead"].text[a + shift : b + shift] == edition.stories["lead"].text[a:b]


def quad_points(boxes, height):
    points = []
    for b in boxes:
        points += [
            b.left,
            height - b.top,
            b.right,
            height - b.top,
            b.left,
            height - b.bottom,
            b.right,
            height - b.bottom,
        ]
    return points


def test_comments_written_by_another_viewer_are_imported(tmp_path, sample_path):
    """Raw annotation dictionaries the way Acrobat, Okular or Evince write them: no word map,
    no appearance, a Caret + StrikeOut replace group, a reply, a sticky note."""
    edition = load_edition(sample_path)
    path = tmp_path / "plain.pdf"
    export_pdf(edition, path, PdfOptions(colour="rgb", marks=False, bleed=0.0))
    display = Typesetter().layout(edition).pages[0]
    height = display.height
    text = edition.stories["lead"].text

    def boxes(word):
        i = text.index(word)
        return range_boxes(display, "lead", i, i + len(word))

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        annots = page.obj.Annots = pikepdf.Array()

        def annot(subtype, found, contents="", **extra):
            rect = [
                min(b.left for b in found),
                height - max(b.bottom for b in found),
                max(b.right for b in found),
                height - min(b.top for b in found),
            ]
            a = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name(subtype),
                    Rect=rect,
                    Contents=pikepdf.String(contents),
                    T=pikepdf.String("Viewer User"),
                    M=pikepdf.String("D:20261130093000Z"),
                    **extra,
                )
            )
            if subtype not in ("/Caret", "/Text", "/FreeText"):
                a.QuadPoints = quad_points(found, height)
            annots.append(a)
            return a

        annot("/StrikeOut", boxes("catalogue"))
        caret = annot("/Caret", [b.__class__(b.left - 2, b.top, 4, b.height) for b in boxes("faint")[:1]], "dim")
        annot("/StrikeOut", boxes("faint"), IRT=caret, RT=pikepdf.Name.Group)
        highlight = annot("/Highlight", boxes("Sky Survey"), "Is this the survey's own name?")
        annot("/Text", boxes("Sky Survey"), "Yes.", IRT=highlight, RT=pikepdf.Name.R)
        annot("/Underline", boxes("Earth"), "ital")
        annot("/Squiggly", boxes("shutter"), "caps")
        note = boxes("released")[0]
        annot("/Text", [note.__class__(note.left, note.top - 14, 12, 12)], "Check the date of release")
        annot("/FreeText", [note.__class__(5, 5, 10, 10)], "")  # empty: listed, nothing to correct
        annot("/StrikeOut", [note.__class__(300, 1200, 40, 8)])  # nothing under it
        pdf.save(path)
    result = import_comments(edition, path)
    kinds = sorted((c.kind, c.text, c.marked) for c in result.corrections)
    assert ("delete", "", "catalogue") in kinds
    assert ("replace", "dim", "faint") in kinds
    assert ("italic", "", "Earth") in kinds and ("capitals", "", "shutter") in kinds
    query = next(c for c in result.corrections if c.kind == "query" and c.marked == "Sky Survey")
    assert (
        query.replies[0].text == "Yes." and query.author == "Viewer User" and query.time.startswith("2026-11-30T09:30")
    )
    assert any(c.kind == "query" and c.text == "Check the date of release" for c in result.corrections)
    assert result.unplaced == [
        "page 1: FreeText “”: an empty note: nothing to correct",
        "page 1: StrikeOut “”: no text under it",
    ]
    result.edit.apply(edition)


def test_a_broken_pdf_is_named(tmp_path, sample_path):
    bad = tmp_path / "proof.pdf"
    bad.write_bytes(b"%PDF-1.7 this is not really a pdf")
    with pytest.raises(CommentError, match="proof.pdf is not a readable PDF"):
        import_comments(load_edition(sample_path), bad)


def map_runs(pdf):
    return json.loads(zlib.decompress(pdf.pages[0].PieceInfo["/EpaperDesk"].Private.read_raw_bytes()))


def rewrite_map(path, change):
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        data = map_runs(pdf)
        change(pdf, data)
        stream = pdf.pages[0].PieceInfo["/EpaperDesk"].Private
        stream.write(zlib.compress(json.dumps(data).encode()), filter=pikepdf.Name.FlateDecode)
        pdf.save(path)


def test_the_word_map_names_fonts_by_file_name_and_exports_repeat_byte_for_byte(tmp_path, sample_path):
    edition = marked_sample(sample_path)
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    export_proof(edition, first)
    export_proof(edition, second)
    assert first.read_bytes() == second.read_bytes()
    shipped = {face.path.name for face in installed_faces().values()}
    with pikepdf.open(first) as pdf:
        fonts = {run[8] for run in map_runs(pdf)["runs"]}
        modified = str(pdf.pages[0].PieceInfo["/EpaperDesk"].LastModified)
    assert fonts and fonts <= shipped  # no folders of the sender's machine
    assert modified == "D:20261130110000Z"  # the latest change to a correction (a reply), not the time of export


@pytest.mark.parametrize(
    "named",
    [
        "/home/sender/.venv/lib/python3.11/site-packages/font_source_serif_pro/files/{}",
        "C:\\Users\\sender\\AppData\\Fonts\\{}",
        "/etc/passwd",
        "../../../../dev/zero",
    ],
)
def test_a_font_named_in_the_word_map_is_only_looked_up_never_opened(named, tmp_path, sample_path, monkeypatch):
    """An old proof's full paths count by their base name; any other name is measured in
    the default face; only the fonts we know are ever read."""
    edition = marked_sample(sample_path)
    path = tmp_path / "proof.pdf"
    export_proof(edition, path)

    def rename(pdf, data):
        for run in data["runs"]:
            run[8] = named.format(run[8])

    rewrite_map(path, rename)
    measured = set()

    def recording(font_path):
        measured.add(font_path)
        return read_metrics(font_path)

    monkeypatch.setattr(hittest, "read_metrics", recording)
    result = import_comments(without_corrections(edition), path)
    assert measured and measured <= {face.path for face in installed_faces().values()}
    if "{}" in named:
        assert not result.unplaced and len(result.corrections) == 6


def test_a_comment_not_placed_on_a_map_with_unknown_fonts_says_positions_are_approximate(tmp_path, sample_path):
    edition = marked_sample(sample_path)
    path = tmp_path / "proof.pdf"
    export_proof(edition, path)

    def rename_and_mark_a_margin(pdf, data):
        for run in data["runs"]:
            run[8] = "Unknown-Regular.ttf"
        margin = [2, 2, 12, 12]
        pdf.pages[0].Annots.append(
            pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.StrikeOut, Rect=margin))
        )

    rewrite_map(path, rename_and_mark_a_margin)
    result = import_comments(without_corrections(edition), path)
    assert result.unplaced[-1] == (
        "page 1: StrikeOut “”: no text under it (the proof names fonts this copy of EpaperDesk does not have: "
        "positions are approximate)"
    )


def test_limits_are_checked_with_a_message_naming_the_file_the_place_the_limit_and_how_far_over(
    tmp_path, sample_path, monkeypatch
):
    edition = marked_sample(sample_path)
    path = tmp_path / "proof.pdf"
    export_proof(edition, path)
    monkeypatch.setattr(limits, "ANNOTATIONS_PER_PAGE", limits.Limit(4, "annotations on one page"))
    with pytest.raises(CommentError) as refused:
        import_comments(without_corrections(edition), path)
    assert str(refused.value) == "proof.pdf, page 1: 10 annotations on one page, over the limit of 4 by 6"


@pytest.mark.parametrize(
    "text, marked, kind, result",
    [
        ("look at the sky now", "the", "delete", "look at sky now"),
        ("the sky is clear", "the", "delete", "sky is clear"),
        ("where the mass sits.", "sits", "delete", "where the mass."),
        ("the sky is clear\nNext", "clear", "delete", "the sky is\nNext"),
        ("the catalogue lists", "cat", "delete", "the alogue lists"),  # part of a word: only that
        ("look at the sky now", "the ", "delete", "look at sky now"),  # the space marked already
        ("the form  of it", "form  of", "transpose", "the of form it"),
        ("a new par agraph", "par agraph", "close-up", "a new paragraph"),
        ("ends here. \n Next one", "\n", "run-on", "ends here. Next one"),
        ("ends here.\nNext one", "Next", "run-on", "ends here. Next one"),
    ],
)
def test_corrections_apply_without_leaving_double_spaces(text, marked, kind, result):
    from epaperdesk.model import Edition, ParagraphStyle, Story
    from epaperdesk.model.correcting import apply_correction

    edition = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    edition.stories["s"] = Story("s", text, ["body"] * (text.count("\n") + 1))
    start = text.index(marked)
    edit = mark_correction(edition, "s", start, start + len(marked), kind, "", "Ann", WHEN)
    edit.apply(edition)
    change = apply_correction(edition, edit.correction.id)
    change.apply(edition)
    assert edition.stories["s"].text == result
    change.inverse().apply(edition)
    assert edition.stories["s"].text == text
