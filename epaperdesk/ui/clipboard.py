"""Edit → Cut, Copy, Paste, Paste in Place and Step and Repeat: the Qt side of the clipboard.

What a copy takes along and what a paste adds is decided by the core (model/clipboard.py);
the bytes of a clip are a small .epd (io/clip.py). Here the clip goes onto the system
clipboard, so it reaches other EpaperDesk windows and programs alike, in three forms:

- "application/x-epaperdesk-frames": the clip itself, which only EpaperDesk reads back;
- "image/png" (and Qt's image, which each platform offers in its own bitmap format): the
  copied frames drawn at 150 dpi on white, cropped to their bounds;
- "application/pdf": the clip's page as an RGB PDF without marks, cropped to the frames.

Paste reads only our own type; anything else on the clipboard is refused with a message.
The functions take the workspace (the window: `document`, `view`, `show_message`, `widget`).
"""

from __future__ import annotations

import io
import math
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMimeData, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.geometry import Rect, format_length
from epaperdesk.io.clip import ClipError, clip_from_bytes, clip_to_bytes
from epaperdesk.model.clipboard import (
    MAX_REPEAT,
    PASTE_OFFSET,
    bounds,
    copy_frames,
    paste_clip,
    paste_offset,
    repeat_frames,
    repeat_problems,
)
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import EditError
from epaperdesk.model.frame_edits import delete_frames, with_followers
from epaperdesk.render.qt import QtPageRenderer
from epaperdesk.typeset.layout import Typesetter
from epaperdesk.ui.fields import LengthEdit, ProblemLabel

FRAMES_MIME = "application/x-epaperdesk-frames"
PNG_MIME = "image/png"
PDF_MIME = "application/pdf"
PNG_DPI = 150.0
MAX_PNG_PIXELS = 40_000_000  # a larger picture of the copied frames is drawn at a lower resolution
MESSAGE_TIME = 8000  # milliseconds: notes about a copy or paste stay a little longer


# -- the clip's forms ----------------------------------------------------------------------------


def clip_bounds(clip: Edition) -> Rect:
    """The rectangle (page points) the clip's frames cover."""
    return bounds(frame.rect for page in clip.pages for frame in page.frames)


def clip_image(clip: Edition, dpi: float = PNG_DPI, typesetter: Typesetter | None = None) -> QImage:
    """The copied frames drawn on white at `dpi` (less for a huge clip), cropped to them."""
    box = clip_bounds(clip)
    scale = dpi / 72.0
    pixels = box.width * scale * box.height * scale
    if pixels > MAX_PNG_PIXELS:
        scale *= math.sqrt(MAX_PNG_PIXELS / pixels)
    width, height = max(1, math.ceil(box.width * scale)), max(1, math.ceil(box.height * scale))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    dots_per_metre = round(scale * 72.0 / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    display = (typesetter or Typesetter()).layout(clip).pages[0]
    if display is not None:
        painter = QPainter(image)
        try:
            painter.scale(scale, scale)
            painter.translate(-box.x, -box.y)
            QtPageRenderer(clip.images).draw(painter, display, QRectF(box.x, box.y, box.width, box.height))
        finally:
            painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # (the stubs ask bytes; Qt takes str)
        raise ClipError("the picture of the copied frames could not be made")
    return bytes(buffer.data().data())


def clip_pdf(clip: Edition, typesetter: Typesetter | None = None) -> bytes:
    """The clip's page as an RGB PDF without marks or bleed, its boxes cropped to the frames."""
    import pikepdf

    from epaperdesk.export import PdfOptions
    from epaperdesk.export.print_pdf import finished_document

    options = PdfOptions(colour="rgb", marks=False, bleed=0.0, slug=0.0)
    data = finished_document(clip, options, typesetter)
    box = clip_bounds(clip)
    height = clip.pages[0].height  # the PDF's y goes up from the page's foot
    crop = [box.left, height - box.bottom, box.right, height - box.top]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        for key in ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
            if key == "/MediaBox" or key in page.obj:
                page.obj[pikepdf.Name(key)] = pikepdf.Array(crop)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def clip_mime_data(clip: Edition) -> tuple[QMimeData, list[str]]:
    """The clipboard's content for a clip, and what could not be made of it (the picture or
    the PDF for other programs: the frames themselves are always there). ClipError when the
    clip itself cannot go on the clipboard."""
    mime = QMimeData()
    mime.setData(FRAMES_MIME, clip_to_bytes(clip))
    problems: list[str] = []
    typesetter = Typesetter()
    try:
        image = clip_image(clip, typesetter=typesetter)
        mime.setImageData(image)  # each platform's own bitmap format
        mime.setData(PNG_MIME, png_bytes(image))
    except Exception as error:  # a picture for other programs is a nicety: the copy still works
        problems.append(f"no picture of them for other programs: {error}")
    try:
        mime.setData(PDF_MIME, clip_pdf(clip, typesetter))
    except Exception as error:
        problems.append(f"no PDF of them for other programs: {error}")
    return mime, problems


def clip_on_clipboard() -> Edition:
    """The frames on the system clipboard (copied in this or another EpaperDesk window);
    ClipError saying what is there instead when there are none, or when they are damaged."""
    clipboard = QApplication.clipboard()
    mime = clipboard.mimeData() if clipboard is not None else None
    if mime is None or not mime.hasFormat(FRAMES_MIME):
        raise ClipError(_what_is_there(mime))
    return clip_from_bytes(bytes(mime.data(FRAMES_MIME).data()))


def _what_is_there(mime: QMimeData | None) -> str:
    if mime is not None and mime.hasImage():
        return "the clipboard holds a picture, not frames: place photos with File → Place Photo"
    if mime is not None and mime.hasText() and mime.text().strip():
        return "the clipboard holds text, not frames: paste text in the story editor, or import it"
    return "the clipboard holds no frames copied in EpaperDesk"


def can_paste() -> bool:
    """Whether the clipboard holds our frames (for the Paste commands' enabled state)."""
    clipboard = QApplication.clipboard()
    mime = clipboard.mimeData() if clipboard is not None else None
    return mime is not None and mime.hasFormat(FRAMES_MIME)


# -- the commands -------------------------------------------------------------------------------


def _say(workspace: Any, text: str) -> None:
    workspace.show_message(text, MESSAGE_TIME)


def _frames(count: int) -> str:
    return f"{count} frame{'s' if count != 1 else ''}"


def _with_notes(text: str, notes: list[str]) -> str:
    return " ".join([text, *notes])


def _copy(workspace: Any, verb: str) -> tuple[int, list[str]] | None:
    """Put the selected frames on the clipboard: how many went, and notes for the user (None,
    with the reason said, when nothing could be copied)."""
    selected = list(workspace.view.selected)
    if not selected:
        _say(workspace, f"Select the frames to {verb}.")
        return None
    try:
        clip, notes = copy_frames(workspace.document.edition, selected)
        mime, problems = clip_mime_data(clip)
    except (EditError, ClipError) as error:
        _say(workspace, f"Cannot {verb}: {error}")
        return None
    clipboard = QApplication.clipboard()
    if clipboard is None:
        _say(workspace, f"Cannot {verb}: there is no clipboard")
        return None
    clipboard.setMimeData(mime)
    return len(clip.pages[0].frames), notes + [f"({problem})" for problem in problems]


def copy_selection(workspace: Any) -> bool:
    """Edit → Copy: the selected frames (with their photos' captions, stories and images)
    onto the system clipboard. Changes nothing in the document."""
    done = _copy(workspace, "copy")
    if done is None:
        return False
    count, notes = done
    _say(workspace, _with_notes(f"Copied {_frames(count)}.", notes))
    return True


def cut_selection(workspace: Any) -> bool:
    """Edit → Cut: copy the selected frames, then delete them as one undoable step (threads
    are joined around deleted frames, as Delete does). Locked frames are copied, not cut."""
    view, document = workspace.view, workspace.document
    selected = list(view.selected)
    done = _copy(workspace, "cut")
    if done is None:
        return False
    edition = document.edition
    frames = with_followers(edition, selected)
    locked = [fid for fid in frames if _locked(edition, fid)]
    edit = delete_frames(edition, selected)
    if edit is not None:
        try:
            document.push(edit, "Cut")
        except EditError as error:
            _say(workspace, f"Copied, but could not cut: {error}")
            return False
    view.set_selection(locked)
    text = f"Cut {_frames(len(frames) - len(locked))}."
    if locked:
        text += f" Locked, so copied but left in place: {', '.join(locked)}."
    _say(workspace, _with_notes(text, done[1]))
    return True


def _locked(edition: Edition, frame_id: str) -> bool:
    try:
        return edition.frame_by_id(frame_id).locked
    except KeyError:
        return False


def paste(workspace: Any, in_place: bool = False) -> list[str]:
    """Edit → Paste (one step right and down, further when copies are there already) or
    Paste in Place (where the frames were) onto the page shown; selects the pasted frames.
    Returns their ids (none when nothing was pasted, the reason said in the status bar)."""
    try:
        clip = clip_on_clipboard()
    except ClipError as error:
        _say(workspace, f"Cannot paste: {error}.")
        return []
    view, document = workspace.view, workspace.document
    pages = view.scene_.pages()
    if not pages:
        _say(workspace, "Cannot paste: the edition has no page.")
        return []
    page = pages[max(0, min(view.current_page(), len(pages) - 1))]
    edition = document.edition
    offset = 0.0 if in_place else paste_offset(edition, clip, page.id, PASTE_OFFSET)
    try:
        edit, new_ids, notes = paste_clip(edition, clip, page.id, offset, offset)
        if edit is None:
            _say(workspace, _with_notes("Nothing to paste.", notes))
            return []
        document.push(edit, "Paste in Place" if in_place else "Paste")
    except EditError as error:
        _say(workspace, f"Cannot paste: {error}")
        return []
    view.set_selection(new_ids)
    _say(workspace, _with_notes(f"Pasted {_frames(len(new_ids))}.", notes))
    return new_ids


def step_and_repeat(workspace: Any, count: int, dx: float, dy: float) -> list[str]:
    """Object → Step and Repeat: `count` copies of the selected frames (with their stories and
    captions), each (dx, dy) points from the one before, as one undoable step; selects them."""
    view, document = workspace.view, workspace.document
    if not view.selected:
        _say(workspace, "Select the frames to repeat.")
        return []
    try:
        edit, new_ids, notes = repeat_frames(document.edition, list(view.selected), count, dx, dy)
        if edit is None:
            return []
        document.push(edit, "Step and Repeat")
    except EditError as error:
        _say(workspace, f"Cannot step and repeat: {error}")
        return []
    view.set_selection(new_ids)
    _say(workspace, _with_notes(f"Made {count} cop{'ies' if count != 1 else 'y'} ({_frames(len(new_ids))}).", notes))
    return new_ids


# -- Step and Repeat dialog ------------------------------------------------------------------------

_last_repeat: tuple[int, float, float] = (1, PASTE_OFFSET, PASTE_OFFSET)  # what the dialog offers next


class StepAndRepeatDialog(QDialog):
    """How many copies and how far apart (in the user's unit; negative: left or up), with
    what stops the command said in place before it is made."""

    def __init__(
        self,
        edition: Edition,
        frame_ids: list[str],
        unit: str = "mm",
        values: tuple[int, float, float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Step and Repeat")
        self.edition = edition
        self.frame_ids = list(frame_ids)
        count, dx, dy = values or _last_repeat
        self.count = QSpinBox()
        self.count.setRange(1, MAX_REPEAT)
        self.count.setValue(max(1, min(MAX_REPEAT, count)))
        self.count.setAccessibleName("Number of copies")
        self.horizontal = LengthEdit(dx, unit, minimum=None)
        self.horizontal.setAccessibleName("Horizontal offset")
        self.horizontal.setToolTip("How far right each copy goes from the one before (negative: left)")
        self.vertical = LengthEdit(dy, unit, minimum=None)
        self.vertical.setAccessibleName("Vertical offset")
        self.vertical.setToolTip("How far down each copy goes from the one before (negative: up)")
        form = QFormLayout()
        form.addRow("&Copies:", self.count)
        form.addRow("&Horizontal offset:", self.horizontal)
        form.addRow("&Vertical offset:", self.vertical)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem_label = ProblemLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.unit = unit
        self.count.valueChanged.connect(lambda *_: self._check())
        self.horizontal.changed.connect(lambda *_: self._check())
        self.vertical.changed.connect(lambda *_: self._check())
        self._check()

    def values(self) -> tuple[int, float, float] | None:
        """(copies, dx, dy) in points, or None while a field is not a length."""
        dx, dy = self.horizontal.value(), self.vertical.value()
        if dx is None or dy is None:
            return None
        return self.count.value(), dx, dy

    def problems(self) -> list[str]:
        found = []
        for name, field in (("horizontal offset", self.horizontal), ("vertical offset", self.vertical)):
            if field.value() is None:
                found.append(f"{name}: {field.problem or 'not a length'}")
        values = self.values()
        if values is not None:
            found += repeat_problems(self.edition, self.frame_ids, *values)
        return found

    def _check(self) -> None:
        problems = self.problems()
        self.problem_label.show_problems(problems)
        values = self.values()
        if values is not None:
            count, dx, dy = values
            step = f"{format_length(dx, self.unit)} right, {format_length(dy, self.unit)} down"
            self.summary.setText(f"{count} cop{'ies' if count != 1 else 'y'}, each {step} from the one before.")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not problems)


def step_and_repeat_dialog(workspace: Any) -> list[str]:
    """Object → Step and Repeat…: ask how many copies and how far apart, then make them."""
    global _last_repeat
    view = workspace.view
    if not view.selected:
        _say(workspace, "Select the frames to repeat.")
        return []
    preferences = getattr(workspace, "preferences", None)
    unit = getattr(workspace, "unit", None) or getattr(preferences, "units", None) or "mm"
    dialog = StepAndRepeatDialog(workspace.document.edition, list(view.selected), unit, parent=workspace.widget())
    if not dialog.exec():
        return []
    values = dialog.values()
    if values is None:
        return []
    _last_repeat = values
    return step_and_repeat(workspace, *values)
