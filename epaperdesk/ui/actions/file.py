"""File menu: open, save, export, bring in photos and copy, quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from epaperdesk.io.images import ImageError
from epaperdesk.io.importers import import_edit
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import EditError, SetFrameProperty
from epaperdesk.model.frame_edits import empty_text_frame
from epaperdesk.model.frames import ImageFrame, TextFrame
from epaperdesk.ui import navigation
from epaperdesk.ui.actions.registry import Command, Workspace
from epaperdesk.ui.import_dialog import ImportDialog
from epaperdesk.ui.placing import IMAGE_FILTER, is_copy, is_picture, place_picture


def report_problems(ctx: Workspace, title: str, problems: list[str]) -> None:
    QMessageBox.warning(ctx.widget(), title, "\n\n".join(problems))


def preflight_allows_export(ctx: Workspace) -> bool:
    """Preflight before a print export; the core's verdict says whether it goes, asks or is
    refused (errors and warnings listed apart)."""
    from epaperdesk.export.preflight import export_verdict

    panel = ctx.docks.preflight_panel
    panel.refresh()
    verdict = export_verdict(panel.findings, panel.profile)
    if verdict.action == "go":
        return True
    text = f"{verdict.headline()}\n\n{verdict.message()}"
    if verdict.action == "refuse":
        choice = refused_choice(ctx, text)
        if choice == "findings":
            ctx.docks.show("preflight")
        return choice == "anyway"
    answer = QMessageBox.question(ctx.widget(), "Export anyway?", f"{text}\n\nExport anyway?")
    return answer == QMessageBox.StandardButton.Yes


def refused_choice(ctx: Workspace, text: str) -> str:
    """What to do when preflight refuses an export: "findings" (show them), "anyway" (export
    a copy that is not for the press, such as a proof of a page with overset type) or "cancel"."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Export refused", text, parent=ctx.widget())
    findings = box.addButton("Show Findings", QMessageBox.ButtonRole.AcceptRole)
    anyway = box.addButton("Export Anyway (Not for Press)", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(findings)
    box.exec()
    clicked = box.clickedButton()
    return "findings" if clicked is findings else "anyway" if clicked is anyway else "cancel"


def export_pdf(ctx: Workspace, path: str | None = None) -> bool:
    """The print PDF: preflight first, then the export options (pages, bleed, marks, colour,
    PDF/X, profile, one file per page) in a dialog — or, given a path, the profile's defaults."""
    from PySide6.QtWidgets import QDialog

    from epaperdesk.export import ExportError, PdfOptions  # ReportLab loads only when needed
    from epaperdesk.export import export_pdf as write_pdf
    from epaperdesk.export.preflight import export_options

    if not preflight_allows_export(ctx):
        return False
    document = ctx.document
    profile = ctx.docks.preflight_panel.profile
    from_profile = export_options(profile) if profile else {}
    jobs = 1
    if path is None:
        from epaperdesk.ui.export_dialog import ExportDialog

        dialog = ExportDialog(
            document.edition, ctx.preferences.units, from_profile, ctx.widget(), folder=str(ctx.files.folder())
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        options = dialog.options()
        if options is None:
            return False
        path, jobs = dialog.output_path(), dialog.jobs()
    else:
        options = PdfOptions(**from_profile)
    try:
        typesetter = None if document.typesetter.draft else document.typesetter
        source: Edition | Path = document.edition
        if jobs > 1 and document.path is not None and not document.is_modified:
            source = document.path  # pages in parallel processes read the saved file
        written = write_pdf(source, path, options, typesetter=typesetter, jobs=jobs)
    except ExportError as error:
        QMessageBox.warning(ctx.widget(), "Cannot export", str(error))
        return False
    ctx.show_message(f"Exported {len(written)} file{'s' if len(written) != 1 else ''}: {written[0]}", 6000)
    return True


def export_epaper(ctx: Workspace, folder: str | None = None) -> bool:
    """The e-paper edition into a folder: RGB PDF with links, page images, articles.json."""
    if folder is None:
        folder = QFileDialog.getExistingDirectory(ctx.widget(), "Export E-paper Edition", str(ctx.files.folder()))
        if not folder:
            return False
    from epaperdesk.export import ExportError
    from epaperdesk.export.epaper import export_epaper as write_epaper

    try:
        result = write_epaper(ctx.document.edition, folder, typesetter=ctx.document.typesetter)
    except ExportError as error:
        QMessageBox.warning(ctx.widget(), "Cannot export the e-paper edition", str(error))
        return False
    ctx.show_message(
        f"E-paper edition in {result.folder}: {result.articles} articles, {len(result.page_images)} page images", 8000
    )
    return True


def place_photo(ctx: Workspace) -> None:
    """Place a picture into the selected photo frame, or as a new frame on the page."""
    path, _ = QFileDialog.getOpenFileName(ctx.widget(), "Place Photo", str(ctx.files.folder()), IMAGE_FILTER)
    if path:
        place_photo_file(ctx, path)


def place_photo_file(ctx: Workspace, path: str) -> str | None:
    view, edition = ctx.view, ctx.document.edition
    selected = view.selected
    target = None
    if len(selected) == 1 and isinstance(edition.frame_by_id(selected[0]), ImageFrame):
        target = selected[0]
    index = view.current_page()
    page = edition.pages[index]
    try:
        frame_id = place_picture(ctx.document, path, index, page.margins.inside, page.margins.top, target)
    except (ImageError, EditError) as error:
        report_problems(ctx, "Cannot place the picture", [str(error)])
        return None
    view.set_selection([frame_id])
    return frame_id


def import_copy(ctx: Workspace, path: str | None = None, frame_id: str | None = None) -> bool:
    """Import a text, Markdown or Word file (asks where and how in a dialog)."""
    editor = ctx.docks.story_editor
    document = ctx.document
    if frame_id:
        frame = document.edition.frame_by_id(frame_id)
        story_id = document.edition.thread_head(frame).story_id if isinstance(frame, TextFrame) else None
        if story_id:
            editor.open_story(story_id)
    has_story = editor.story is not None
    dialog = ImportDialog(document.edition, path, has_story, has_story, ctx.widget())
    if not dialog.exec() or dialog.copy is None:
        return False
    start, end = editor.selection()
    name = Path(dialog.path_edit.text())
    try:
        edit, story_id = import_edit(
            document.edition, dialog.copy, dialog.options(), dialog.target(), editor.story_id, start, end, name.stem
        )
        document.undo_stack.beginMacro("Import copy")
        try:
            document.push(edit, "Import copy")
            empty = empty_text_frame(document.edition, ctx.view.selected)
            if dialog.target() == "new" and empty is not None:
                document.push(SetFrameProperty(empty, "story_id", None, story_id), "Place story")
        finally:
            document.undo_stack.endMacro()
    except EditError as error:
        report_problems(ctx, "Cannot import", [str(error)])
        return False
    navigation.edit_story_at(ctx, story_id, -1)
    ctx.show_message(f"Imported {name.name}" + _pasted_breaks_note(ctx, story_id), 8000)
    return True


def _pasted_breaks_note(ctx: Workspace, story_id: str) -> str:
    """Copy taken out of a PDF keeps its broken words and sentences: said at import, with
    where to join them (Proof dock → Copy)."""
    from epaperdesk.proof.pdf_breaks import find_copy_breaks
    from epaperdesk.proof.spellcheck import accepted_words

    edition = ctx.document.edition
    story = edition.stories.get(story_id)
    if story is None:
        return ""
    checker = ctx.docks.proof_panel.checker
    found = find_copy_breaks(story, checker.word_test(story.language, accepted_words(edition)))
    if not found:
        return ""
    ctx.docks.proof_panel.refresh()
    return f"; {len(found)} word{'s' if len(found) != 1 else ''} or sentences broken as copy from a PDF keeps them: Proof dock → Copy joins them"


def drop_files(ctx: Workspace, paths: list[str], page_index: int, x: float, y: float, frame_id: str) -> None:
    """What happens to files dropped on the canvas: pictures are placed (into the photo
    frame under the pointer, or as new frames stepping down the page), copy dropped on a
    text frame is imported into its story. Problems are reported, one message per file."""
    document = ctx.document
    problems = []
    placed = []
    offset = 0.0
    for path in paths:
        name = Path(path).name
        try:
            if is_picture(path):
                target = (
                    frame_id if frame_id and isinstance(document.edition.frame_by_id(frame_id), ImageFrame) else None
                )
                placed.append(place_picture(document, path, page_index, x + offset, y + offset, target))
                frame_id = ""  # a second picture goes beside, not over the first
                offset += 18.0
            elif is_copy(path) and frame_id and isinstance(document.edition.frame_by_id(frame_id), TextFrame):
                import_copy(ctx, path, frame_id)
            else:
                problems.append(
                    f"{name}: not a picture (JPEG, PNG, TIFF, WebP) or copy (text, Markdown, DOCX)"
                    + (" — drop copy onto a text frame" if is_copy(path) else "")
                )
        except (ImageError, EditError, KeyError) as error:
            problems.append(str(error))
    if placed:
        ctx.view.set_selection(placed)
    if problems:
        report_problems(ctx, "Some files were not placed", problems)


def new_edition(ctx: Workspace) -> bool:
    """File → New: an edition from a template, set up in a dialog."""
    from epaperdesk.io.templates import TemplateError, list_templates, load_template
    from epaperdesk.model.new_edition import new_edition as make_edition
    from epaperdesk.ui.setup_dialogs import NewEditionDialog

    if not ctx.files.maybe_save():
        return False
    dialog = NewEditionDialog(list_templates(), ctx.preferences.units, ctx.widget(), load=load_template)
    if not dialog.exec():
        return False
    setup, name = dialog.setup(), dialog.template_name()
    if setup is None:
        return False
    try:
        edition = make_edition(setup, load_template(name) if name else None)
    except (TemplateError, ValueError) as error:
        QMessageBox.warning(ctx.widget(), "Cannot start the edition", str(error))
        return False
    ctx.files.start_new(edition)
    ctx.show_message(f"New edition “{edition.title}”: {len(edition.pages)} pages", 6000)
    return True


def document_setup(ctx: Workspace) -> bool:
    """File → Document Setup: size, margins, grid, bleed and baseline grid, as one step."""
    from epaperdesk.model.edits import CompositeEdit, Edit, SetEditionField
    from epaperdesk.ui.setup_dialogs import DocumentSetupDialog

    edition = ctx.document.edition
    dialog = DocumentSetupDialog(edition, ctx.preferences.units, ctx.view.current_page(), ctx.widget())
    if not dialog.exec():
        return False
    steps: list[Edit] = [dialog.edit] if dialog.edit is not None else []
    if dialog.facing_changed():
        steps.append(SetEditionField("facing_pages", edition.facing_pages, dialog.facing_box.isChecked()))
    if not steps:
        return False
    try:
        ctx.document.push(CompositeEdit(tuple(steps), "Document setup"), "Document setup")
    except EditError as error:
        QMessageBox.warning(ctx.widget(), "Document setup", str(error))
        return False
    if dialog.outside:
        report_problems(ctx, "Off the page", ["These now lie off the page:", *dialog.outside])
    return True


def save_as_template(ctx: Workspace) -> bool:
    """Keep the edition's house style and master pages as a template for File → New."""
    from PySide6.QtWidgets import QInputDialog

    from epaperdesk.io.templates import TemplateError, save_template

    name, ok = QInputDialog.getText(ctx.widget(), "Save as Template", "Template name:")
    if not ok or not name.strip():
        return False
    try:
        path = save_template(ctx.document.edition, name)
    except TemplateError as error:
        QMessageBox.warning(ctx.widget(), "Cannot save the template", str(error))
        return False
    ctx.show_message(f"Saved the template {name.strip()!r} ({path})", 6000)
    return True


COMMANDS = (
    Command(
        "file.new",
        "&New…",
        new_edition,
        "file",
        0,
        keys=("StandardKey.New",),
        tip="Start an edition from a template: page size, margins, grid, pages",
        toolbar="main",
        icon="document-new",
    ),
    Command(
        "file.open",
        "&Open…",
        lambda ctx: ctx.files.open_file(),
        "file",
        0,
        keys=("StandardKey.Open",),
        tip="Open an edition",
        toolbar="main",
        icon="document-open",
    ),
    Command("file.recent", "Open &Recent", menu="file", section=0, fill=lambda ctx, menu: ctx.files.fill_recent(menu)),
    Command(
        "file.save",
        "&Save",
        lambda ctx: ctx.files.save(),
        "file",
        1,
        keys=("StandardKey.Save",),
        tip="Save the edition",
        toolbar="main",
        icon="document-save",
    ),
    Command(
        "file.save_as",
        "Save &As…",
        lambda ctx: ctx.files.save_as(),
        "file",
        1,
        keys=("StandardKey.SaveAs",),
        tip="Save the edition under a new name",
        icon="document-save-as",
    ),
    Command(
        "file.save_template",
        "Save as &Template…",
        save_as_template,
        "file",
        1,
        tip="Keep this edition's styles, swatches and master pages as a template for File → New",
    ),
    Command("file.export_pdf", "&Export PDF…", export_pdf, "file", 1, keys=("Ctrl+E",), tip="Export a print PDF"),
    Command(
        "file.export_epaper",
        "Export E-&paper Edition…",
        export_epaper,
        "file",
        1,
        keys=("Ctrl+Alt+W",),
        tip="RGB PDF with bookmarks and jump links, page images, the article package",
    ),
    Command(
        "file.document_setup",
        "&Document Setup…",
        document_setup,
        "file",
        2,
        keys=("Ctrl+Alt+Shift+P",),
        tip="Page size, margins, column grid, bleed and baseline grid of the pages",
    ),
    Command(
        "file.place_photo",
        "&Place Photo…",
        place_photo,
        "file",
        2,
        keys=("Ctrl+Shift+D",),
        tip="Put a picture into the selected photo frame, or onto the page",
    ),
    Command(
        "file.import_copy",
        "&Import Copy…",
        import_copy,
        "file",
        2,
        keys=("Ctrl+Shift+I",),
        tip="Bring in a text, Markdown or Word file as a story",
    ),
    Command(
        "file.revert",
        "Re&vert",
        lambda ctx: ctx.files.revert(),
        "file",
        3,
        tip="Go back to the edition as it was last saved (after asking)",
        enabled=lambda ctx: ctx.document.path is not None and ctx.document.is_modified,
    ),
    Command(
        "file.close",
        "&Close",
        lambda ctx: ctx.files.close_edition(),
        "file",
        3,
        keys=("StandardKey.Close",),
        tip="Close the edition (asks about unsaved changes); an empty page stays to start from",
    ),
    Command(
        "file.quit",
        "&Quit",
        lambda ctx: ctx.widget().close(),
        "file",
        3,
        keys=("Ctrl+Q",),
        tip="Quit EpaperDesk",
        icon="application-exit",
    ),
)
