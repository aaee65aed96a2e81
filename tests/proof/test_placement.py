"""Proof marks land where the proofreader put them, or say why not.

A real proof of the sample (with three corrections of our own) is annotated with PyMuPDF,
which writes comments the way Acrobat, Okular, Evince and Preview do: strikes across a
hyphenated line end and on a repeated word, carets at word starts, Acrobat's "insert
paragraph" caret, a strike whose note is the new word, sticky notes, and replies and review
states on our own comments. The comments are imported into the unchanged edition and into
one where each long story gained a first paragraph (every later line moves): each lands on
its text or is listed as not placed — never on other text.

`python -m tests.proof.test_placement` prints the figures: comments made, placed right,
listed as not placed, placed wrong."""

from __future__ import annotations

import copy
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pymupdf
import pytest

from epaperdesk.export.proof_pdf import export_proof, import_comments
from epaperdesk.geometry import Rect
from epaperdesk.io.epd import load_edition
from epaperdesk.model.correcting import mark_correction
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import AddCorrection, SetCorrection, splice_text
from epaperdesk.proof.annotations import ImportResult, new_text
from epaperdesk.typeset.displaylist import PageDisplayList
from epaperdesk.typeset.hittest import char_offsets, range_boxes
from epaperdesk.typeset.layout import Typesetter

WHEN = "2026-11-30T10:00:00+00:00"
VIEWER = "Rita Reader"
FIRST_PARAGRAPH = (
    "The desk added this paragraph late, after the proof went out: the story now opens here, "
    "and its first lines and all the others move down the column."
)
LONG_STORY = 1000  # characters: a story this long gains a first paragraph in the reflowing edit


@dataclass(frozen=True)
class Aim:
    """What a viewer's comment was made on, in the edition the proof came from."""

    name: str  # the annotation's /NM: the id of the correction it becomes
    story: str
    start: int
    end: int
    kind: str
    text: str = ""
    within: bool = False  # a sticky note: any place inside [start, end] is its word
    status: str = ""  # an update of our own correction: the status it gets
    reply: str = ""  # … and the reply it gains


@dataclass
class Figures:
    made: int = 0
    right: int = 0
    unplaced: int = 0
    wrong: list[str] = field(default_factory=list)


# -- the edition and its proof ---------------------------------------------------------------------


def reviewed_edition(sample_path) -> Edition:
    """The sample with three corrections of our own (replies and states come back for them)."""
    edition = load_edition(sample_path)

    def mark(story_id, word, kind, text=""):
        i = edition.stories[story_id].text.index(word)
        mark_correction(edition, story_id, i, i + len(word), kind, text, "Ann Proof", WHEN).apply(edition)

    mark("lead", "Sky Survey", "query", "Is this the survey's own name?")
    mark("lead", "catalogue", "delete")
    mark("harbour", "harbour", "italic")
    return edition


def with_first_paragraphs(edition: Edition, text: str = FIRST_PARAGRAPH) -> tuple[Edition, dict[str, tuple[int, int]]]:
    """A copy where each long story has a new paragraph before its first paragraph of body text;
    with, for each, where it went in and how long it is."""
    changed = copy.deepcopy(edition)
    inserted = {}
    for story_id, story in edition.stories.items():
        if len(story.text) < LONG_STORY:
            continue
        position = _body_start(story.text)
        splice_text(changed, story_id, position, 0, text + "\n").apply(changed)
        inserted[story_id] = (position, len(text) + 1)
    return changed, inserted


def _body_start(text: str) -> int:
    """Where the first paragraph of 200 characters or more begins."""
    start = 0
    for paragraph in text.split("\n"):
        if len(paragraph) >= 200:
            return start
        start += len(paragraph) + 1
    return 0


class Pages:
    """The layout of the edition the proof was made from: where a story range was drawn."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.pages: list[PageDisplayList] = [p for p in Typesetter().layout(edition).pages if p is not None]

    def boxes(self, story_id: str, start: int, end: int) -> tuple[int, list[Rect]]:
        """The page and the boxes of a range, with a line-end hyphen inside it drawn over too
        (a viewer's selection takes the hyphen with the word)."""
        for index, page in enumerate(self.pages):
            found = range_boxes(page, story_id, start, end)
            if found:
                return index, [self._with_hyphen(page, story_id, box, start, end) for box in found]
        raise AssertionError(f"{story_id} {start}–{end} is on no page")

    def _with_hyphen(self, page: PageDisplayList, story_id: str, box: Rect, start: int, end: int) -> Rect:
        for run in page.glyph_runs():
            hyphen = run.story_id == story_id and run.start == run.end and start < run.start < end
            if hyphen and abs(run.x - box.right) < 1.0 and box.top <= run.baseline <= box.bottom + 1:
                width = char_offsets(run)[-1] - char_offsets(run)[0]
                return Rect(box.left, box.top, run.x + width - box.left, box.height)
        return box

    def hyphenated_words(self, count: int) -> list[tuple[str, int, int]]:
        """Words the typesetter broke at a line end: (story, start, end), over both pages."""
        found = []
        for page in self.pages:
            for run in page.glyph_runs():
                if run.start == run.end and run.text == "-" and run.story_id in self.edition.stories:
                    found.append(_word_around(self.edition.stories[run.story_id].text, run.story_id, run.start))
        return found[: count // 2] + found[-(count - count // 2) :]


def _word_around(text: str, story_id: str, i: int) -> tuple[str, int, int]:
    start = i
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = i
    while end < len(text) and not text[end].isspace():
        end += 1
    start += len(text[start:end]) - len(text[start:end].lstrip("“‘(\"'"))
    end -= len(text[start:end]) - len(text[start:end].rstrip(",.;:!?”’)\"'"))
    return story_id, start, end


def whole_words(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


# -- annotating the proof the way viewers do ------------------------------------------------------


class Viewer:
    """A proof opened in a viewer (PyMuPDF), page space as our layout's (y down)."""

    def __init__(self, path: Path, pages: Pages) -> None:
        self.doc = pymupdf.open(path)
        self.sheets = list(self.doc)  # kept: an annotation is bound to its page object
        self.pages = pages
        self.aims: list[Aim] = []
        self.count = 0

    def _named(self, annot, aim_kind: str, story: str, start: int, end: int, **aim) -> None:
        self.count += 1
        name = f"viewer-{self.count}"
        self.doc.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(name))
        self.aims.append(Aim(name, story, start, end, aim_kind, **aim))

    def _info(self, annot, note: str = "") -> None:
        annot.set_info(content=note, title=VIEWER)
        annot.update()

    def strike(self, story: str, start: int, end: int, note: str = "", kind="delete", text="") -> None:
        index, boxes = self.pages.boxes(story, start, end)
        quads = [pymupdf.Rect(b.left, b.top, b.right, b.bottom).quad for b in boxes]
        annot = self.sheets[index].add_strikeout_annot(quads=quads)
        self._info(annot, note)
        self._named(annot, kind, story, start, end, text=text)

    def underline(self, story: str, start: int, end: int, note: str, kind: str, text: str) -> None:
        index, boxes = self.pages.boxes(story, start, end)
        quads = [pymupdf.Rect(b.left, b.top, b.right, b.bottom).quad for b in boxes]
        annot = self.sheets[index].add_underline_annot(quads=quads)
        self._info(annot, note)
        self._named(annot, kind, story, start, end, text=text)

    def caret(self, story: str, position: int, text: str = "", paragraph: bool = False) -> None:
        """Acrobat's insert text (the caret centred on the place, its note the text) or insert
        paragraph (/Sy /P, no note)."""
        index, boxes = self.pages.boxes(story, position, position + 1)
        box = boxes[0]
        middle = box.top + box.height * 0.55
        annot = self.sheets[index].add_caret_annot((box.left, middle))
        annot.set_rect(pymupdf.Rect(box.left - 4, middle - 5, box.left + 4, middle + 5))
        self._info(annot, text)
        if paragraph:
            self.doc.xref_set_key(annot.xref, "Sy", "/P")
        kind = "new-paragraph" if paragraph else "insert"
        self._named(annot, kind, story, position, position, text=text)

    def sticky_note(self, story: str, start: int, end: int, note: str) -> None:
        """A note dropped on a word: its icon's corner where the reader clicked, mid-word."""
        index, boxes = self.pages.boxes(story, start, end)
        box = boxes[0]
        annot = self.sheets[index].add_text_annot((box.left + box.width / 2 - 2, box.top + box.height / 2 - 2), note)
        self._info(annot, note)
        self._named(annot, "query", story, start, end, text=note, within=True)

    def reply(self, correction_id: str, text: str = "", state: str = "", status: str = "") -> None:
        """A reply or a review state (Accepted, Rejected) to one of our own comments."""
        for page in self.sheets:
            for parent in page.annots():
                if parent.info.get("id") == correction_id and parent.type[1] in ("Highlight", "StrikeOut", "Underline"):
                    point = (parent.rect.x0, parent.rect.y0)
                    annot = page.add_text_annot(point, text or f"{state} set by {VIEWER}")
                    self._info(annot, text or f"{state} set by {VIEWER}")
                    self.doc.xref_set_key(annot.xref, "IRT", f"{parent.xref} 0 R")
                    if state:
                        self.doc.xref_set_key(annot.xref, "State", pymupdf.get_pdf_str(state))
                        self.doc.xref_set_key(annot.xref, "StateModel", pymupdf.get_pdf_str("Review"))
                    else:
                        self.doc.xref_set_key(annot.xref, "RT", "/R")
                    self.aims.append(Aim(correction_id, "", 0, 0, "update", status=status, reply=text))
                    return
        raise AssertionError(f"no comment {correction_id} in the proof")

    def save(self, path: Path) -> None:
        self.doc.save(path)
        self.doc.close()


def annotate(proof: Path, edition: Edition, out: Path) -> list[Aim]:
    """The proofreader's comments on the proof, saved to `out`; what each was made on."""
    pages = Pages(edition)
    viewer = Viewer(proof, pages)
    for story, start, end in pages.hyphenated_words(6):
        viewer.strike(story, start, end)
    for story, picks in (("lead", (1, 4, 7)), ("interview", (2, 9, 20)), ("harbour", (3, 8))):
        places = whole_words(edition.stories[story].text, "the")
        for pick in picks:
            viewer.strike(story, places[pick], places[pick] + 3)
    for story, word, picks in (("lead", "the", (2, 5)), ("interview", "and", (1, 6)), ("soil", "a", (0, 2))):
        places = whole_words(edition.stories[story].text, word)
        for pick in picks:
            viewer.caret(story, places[pick], "very ")
    for story, picks in (("lead", (0, 3)), ("interview", (4,)), ("briefs", (1,))):
        starts = [m.end() for m in re.finditer(r"[.!?”] (?=[A-Z“])", edition.stories[story].text)]
        for pick in picks:
            viewer.caret(story, starts[pick], paragraph=True)
    lead = edition.stories["lead"].text
    faint = lead.index("faint", lead.index("Twelve"))
    viewer.strike("lead", faint, faint + 5, "dim", "replace", "dim")
    its = whole_words(lead, "its")[3]
    viewer.strike("lead", its, its + 3, "should be “their”", "replace", "their")
    viewer.strike("lead", whole_words(lead, "the")[10], whole_words(lead, "the")[10] + 3, "Delete", "delete")
    harbour = edition.stories["harbour"].text
    the = whole_words(harbour, "the")[5]
    viewer.underline("harbour", the, the + 3, "a", "replace", "a")
    the = whole_words(harbour, "the")[9]
    viewer.underline("harbour", the, the + 3, "Check this one", "query", "Check this one")
    the = whole_words(harbour, "the")[12]
    viewer.strike("harbour", the, the + 3, "Why is this here?", "delete")
    for story, word, pick in (("lead", "released", 0), ("interview", "the", 12), ("soil", "soil", 3)):
        i = whole_words(edition.stories[story].text, word)[pick]
        viewer.sticky_note(story, i, i + len(word), f"Check “{word}” here")
    ids = {c.marked: c.id for c in edition.corrections.values()}
    viewer.reply(ids["Sky Survey"], "Yes, it is the survey's own name.")
    viewer.reply(ids["catalogue"], state="Accepted", status="accepted")
    viewer.reply(ids["harbour"], "Keep it roman.")
    viewer.reply(ids["harbour"], state="Rejected", status="rejected")
    viewer.save(out)
    return viewer.aims


# -- what became of each comment ------------------------------------------------------------------


def moved(position: int, story: str, inserted: dict[str, tuple[int, int]]) -> int:
    """Where a place of the proof's edition is in the changed one."""
    if story not in inserted:
        return position
    at, length = inserted[story]
    return position + length if position >= at else position


def figures(result: ImportResult, aims: list[Aim], inserted: dict[str, tuple[int, int]]) -> Figures:
    """Comments made, placed right, listed as not placed, placed wrong (with what went wrong)."""
    edits = result.edit.edits if result.edit is not None else ()
    added = {e.correction.id: e for e in edits if isinstance(e, AddCorrection)}
    updates = {e.new.id: e.new for e in edits if isinstance(e, SetCorrection)}
    found = Figures(made=len(aims))
    for aim in aims:
        if aim.kind == "update":
            _score_update(found, aim, updates.get(aim.name))
            continue
        edit = added.get(aim.name)
        if edit is None:
            found.unplaced += 1
            continue
        start, end = moved(aim.start, aim.story, inserted), moved(aim.end, aim.story, inserted)
        c = edit.correction
        if aim.within:
            right = edit.start == edit.end and start <= edit.start <= end
        else:
            right = (edit.start, edit.end) == (start, end)
        if right and (c.story_id, c.kind, c.text) == (aim.story, aim.kind, aim.text):
            found.right += 1
        else:
            found.wrong.append(f"{aim} → {c.story_id} {edit.start}–{edit.end} {c.kind} {c.text!r}")
    assert found.right + found.unplaced + len(found.wrong) == found.made
    return found


def _score_update(found: Figures, aim: Aim, updated) -> None:
    if updated is None:
        found.unplaced += 1
    elif (aim.status and updated.status != aim.status) or (
        aim.reply and aim.reply not in [r.text for r in updated.replies]
    ):
        found.wrong.append(f"{aim} → {updated}")
    else:
        found.right += 1


def annotated_proof(sample_path, folder: Path) -> tuple[Edition, list[Aim], Path]:
    """The reviewed edition, the proofreader's comments and the annotated proof."""
    edition = reviewed_edition(sample_path)
    proof, annotated = folder / "proof.pdf", folder / "annotated.pdf"
    export_proof(edition, proof)
    return edition, annotate(proof, edition, annotated), annotated


def run_both(edition: Edition, aims: list[Aim], path: Path) -> dict[str, tuple[Figures, ImportResult]]:
    """The annotated proof imported into the unchanged edition and the reflowed one."""
    changed, inserted = with_first_paragraphs(edition)
    out = {}
    for name, target, shifts in (("unchanged", edition, {}), ("first paragraphs", changed, inserted)):
        result = import_comments(copy.deepcopy(target), path)
        out[name] = (figures(result, aims, shifts), result)
    return out


@pytest.fixture(scope="module")
def annotated(sample_path, tmp_path_factory):
    return annotated_proof(sample_path, tmp_path_factory.mktemp("placement"))


@pytest.fixture(scope="module")
def imported(annotated):
    return run_both(*annotated)


@pytest.mark.parametrize("edition", ["unchanged", "first paragraphs"])
def test_every_viewer_comment_lands_on_its_text_and_none_on_other_text(imported, edition):
    found, result = imported[edition]
    assert found.made == 37
    assert found.wrong == []
    assert found.right == found.made, result.unplaced
    assert not result.unplaced and len(result.updated) == 3  # our three comments, each replied to or reviewed


def test_the_edit_applies_and_replies_and_states_update_our_own_corrections(annotated):
    edition, aims, path = annotated
    changed, _ = with_first_paragraphs(edition)
    result = import_comments(changed, path)
    result.edit.apply(changed)
    by_marked = {c.marked: c for c in changed.corrections.values() if c.author == "Ann Proof"}
    assert [r.text for r in by_marked["Sky Survey"].replies] == ["Yes, it is the survey's own name."]
    assert by_marked["catalogue"].status == "accepted" and not by_marked["catalogue"].replies
    harbour = by_marked["harbour"]
    assert harbour.status == "rejected" and [(r.author, r.text) for r in harbour.replies] == [
        (VIEWER, "Keep it roman.")
    ]
    assert sorted(line.rsplit(": ", 1)[1] for line in result.updated) == [
        "c1 updated (1 reply)",
        "c2 updated (status open → accepted)",
        "c3 updated (1 reply, status open → rejected)",
    ]
    again = import_comments(changed, path)  # a second import changes nothing
    assert again.edit is None and not again.updated and not again.unplaced and len(again.skipped) == 36


def test_a_mark_whose_neighbourhood_is_now_in_the_story_twice_is_listed_not_guessed(annotated):
    edition, aims, path = annotated
    aim = next(a for a in aims if a.kind == "delete" and a.story == "lead" and a.end - a.start == 3 and a.start > 600)
    text = edition.stories["lead"].text
    copied = text[aim.start - 300 : aim.end + 300].replace("\n", " ")
    changed, inserted = with_first_paragraphs(edition, copied)
    result = import_comments(changed, path)
    found = figures(result, aims, inserted)
    assert found.wrong == [] and found.unplaced >= 1
    assert [p.line for p in result.to_place] == result.unplaced and result.to_place[0].kind == "delete"
    assert any("“the” fits equally well at 2 places in the story" in line for line in result.unplaced), result.unplaced
    assert all(line.startswith(("page 1: ", "page 2: ")) for line in result.unplaced)


def test_a_mark_whose_words_are_gone_is_listed_with_why(annotated):
    edition, aims, path = annotated
    changed = copy.deepcopy(edition)
    gone = [a for a in aims if a.kind in ("delete", "replace") and a.story == "lead"]
    for aim in sorted(gone, key=lambda a: -a.start):  # each struck word rewritten
        splice_text(changed, "lead", aim.start, aim.end - aim.start, "XXXX").apply(changed)
    result = import_comments(changed, path)
    edits = [e for e in result.edit.edits if isinstance(e, AddCorrection)]
    assert not {e.correction.id for e in edits} & {a.name for a in gone}  # none of them placed elsewhere
    reasons = [line for line in result.unplaced if "StrikeOut" in line]
    assert len(reasons) == len(gone)
    assert all(line.endswith("is in the story, but not among the words that were around it") for line in reasons)
    assert sorted(line.split(": ")[2].split(",")[0] for line in reasons) == [
        *["“faint” is in the story", "“its” is in the story"],
        *["“the” is in the story"] * 4,
    ]


def test_an_older_proof_without_story_texts_still_places_from_its_runs(annotated, tmp_path):
    edition, aims, path = annotated
    older = tmp_path / "older.pdf"
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            stream = page.obj.PieceInfo["/EpaperDesk"].Private
            data = json.loads(zlib.decompress(stream.read_raw_bytes()))
            del data["texts"]
            stream.write(zlib.compress(json.dumps(data).encode()), filter=pikepdf.Name.FlateDecode)
        pdf.save(older)
    changed, inserted = with_first_paragraphs(edition)
    found = figures(import_comments(changed, older), aims, inserted)
    assert found.wrong == [] and found.right == found.made


def test_a_point_query_goes_out_with_its_question_and_comes_back(sample_path, tmp_path):
    edition = load_edition(sample_path)
    text = edition.stories["lead"].text
    at = text.index("catalogue")
    mark_correction(edition, "lead", at, at, "query", "Which catalogue?", "Ann", WHEN).apply(edition)
    mark_correction(edition, "lead", at + 20, at + 20, "insert", " new", "Ann", WHEN).apply(edition)
    path = tmp_path / "proof.pdf"
    export_proof(edition, path)
    with pikepdf.open(path) as pdf:
        contents = sorted(str(a.Contents) for a in pdf.pages[0].Annots if a.Subtype == pikepdf.Name.Caret)
    assert contents == [" new", "Which catalogue?"]
    blank = copy.deepcopy(edition)
    blank.corrections.clear()
    for story in blank.stories.values():
        story.anchors.clear()
    result = import_comments(blank, path)
    result.edit.apply(blank)
    assert blank.corrections == edition.corrections
    assert blank.stories["lead"].anchors == edition.stories["lead"].anchors


@pytest.mark.parametrize(
    "note, text",
    [
        ("dim", "dim"),
        ("should be “dim”", "dim"),
        ("→ the faint ones", "the faint ones"),
        ("replace with: Kestrel's", "Kestrel's"),
        ("read: Kestrel", "Kestrel"),
        ("to be checked", None),
        ("this", "this"),
        ("no", "no"),
        ("del", None),
        ("Delete", None),
        ("check the spelling", None),
        ("Is this right?", None),
        ("stet", None),
        ("ital", None),
        ("close up", None),
        ("x" * 90, None),
    ],
)
def test_a_note_reads_as_new_text_only_when_it_is_one(note, text):
    assert new_text(note) == text


if __name__ == "__main__":
    import sys
    import tempfile

    from tests.conftest import SAMPLE

    with tempfile.TemporaryDirectory() as folder:
        rows = run_both(*annotated_proof(SAMPLE, Path(folder)))
    print("| edition | comments made | placed right | listed as not placed | placed wrong |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (found, _) in rows.items():
        print(f"| {name} | {found.made} | {found.right} | {found.unplaced} | {len(found.wrong)} |")
    for name, (found, result) in rows.items():
        for line in found.wrong:
            print(f"{name}: placed wrong: {line}", file=sys.stderr)
        for line in result.unplaced:
            print(f"{name}: not placed: {line}", file=sys.stderr)
