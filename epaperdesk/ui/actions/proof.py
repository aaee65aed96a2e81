"""Proof menu: the proof view, spelling, preflight, correction marks, and proof PDFs with
comments out and back."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from epaperdesk.model.corrections import KINDS, NEEDS_TEXT
from epaperdesk.ui.actions.registry import Command, Workspace

MARK_KEYS = {"delete": "Ctrl+Alt+X", "insert": "Ctrl+Alt+N", "replace": "Ctrl+Alt+R", "query": "Ctrl+Alt+Q"}


def set_proof_view(ctx: Workspace, on: bool) -> None:
    ctx.view.set_proof_view(on)
    if on:
        ctx.docks.proof_panel.refresh()


def check_spelling(ctx: Workspace) -> None:
    ctx.docks.show("proof")
    ctx.docks.proof_panel.tabs.setCurrentIndex(0)
    ctx.docks.proof_panel.refresh()


def run_preflight(ctx: Workspace) -> None:
    ctx.docks.show("preflight")
    ctx.docks.preflight_panel.refresh()


def export_proof(ctx: Workspace, path: str | None = None) -> bool:
    if path is None:
        path, _ = QFileDialog.getSaveFileName(ctx.widget(), "Export Proof PDF", str(ctx.files.folder()), "PDF (*.pdf)")
        if not path:
            return False
    from epaperdesk.export import ExportError
    from epaperdesk.export.proof_pdf import export_proof as write_proof

    try:
        count = write_proof(ctx.document.edition, path, ctx.document.typesetter)
    except ExportError as error:
        QMessageBox.warning(ctx.widget(), "Cannot export the proof", str(error))
        return False
    ctx.show_message(f"Exported {path} with {count} corrections as PDF comments", 6000)
    return True


def import_comments(ctx: Workspace, path: str | None = None) -> bool:
    """Turn the comments of an annotated proof PDF into corrections (one undoable step)."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            ctx.widget(), "Import PDF Comments", str(ctx.files.folder()), "PDF (*.pdf)"
        )
        if not path:
            return False
    from epaperdesk.export.proof_pdf import CommentError
    from epaperdesk.export.proof_pdf import import_comments as read_comments

    document = ctx.document
    try:
        result = read_comments(document.edition, path, document.typesetter, ctx.preferences.user_name)
    except CommentError as error:
        QMessageBox.warning(ctx.widget(), "Cannot import comments", str(error))
        return False
    if result.edit is not None:
        document.push(result.edit, f"Import {len(result.corrections)} PDF comments")
    lines = [f"{len(result.corrections)} comments became corrections."]
    if result.skipped:
        lines.append(f"{len(result.skipped)} were already in the edition.")
    if result.updated:
        lines.append(f"{len(result.updated)} corrections were updated:\n" + "\n".join(result.updated))
    if result.unplaced:
        lines.append("Not placed:\n" + "\n".join(result.unplaced))
    if result.to_place:
        lines.append("Those that ask for a correction are listed under Corrections: select their text and place them.")
    panel = ctx.docks.proof_panel
    ctx.docks.proof_dock.show()
    ctx.docks.proof_dock.raise_()
    panel.tabs.setCurrentIndex(panel.tabs.indexOf(panel.corrections_page))
    panel.show_to_place(result.to_place)
    panel.refresh()
    QMessageBox.information(ctx.widget(), "PDF comments", "\n\n".join(lines))
    return True


def mark(ctx: Workspace, kind: str) -> None:
    ctx.docks.story_dock.show()
    ctx.docks.story_editor.mark(kind)


def _mark_command(kind: str, label: str) -> Command:
    key = MARK_KEYS.get(kind)
    return Command(
        f"proof.mark.{kind}",
        label + ("…" if kind in NEEDS_TEXT else ""),
        lambda ctx: mark(ctx, kind),
        "proof",
        1,
        submenu="&Mark Correction",
        keys=(key,) if key else (),
        tip="Mark a correction on the story editor's selection",
    )


COMMANDS = (
    Command(
        "proof.view",
        "&Proof View",
        lambda ctx: set_proof_view(ctx, not ctx.view.proof_view),
        "proof",
        0,
        keys=("Ctrl+Alt+P",),
        tip="Show unknown words, bad breaks and corrections on the page",
        checkable=True,
        checked=lambda ctx: ctx.view.proof_view,
    ),
    Command(
        "proof.spelling",
        "Check &Spelling",
        check_spelling,
        "proof",
        0,
        keys=("F7",),
        tip="List the edition's unknown words, bad breaks and corrections",
        icon="tools-check-spelling",
    ),
    Command(
        "proof.preflight",
        "P&reflight",
        run_preflight,
        "proof",
        0,
        keys=("Ctrl+Alt+K",),
        tip="Check the edition against the chosen preflight profile",
    ),
    *(_mark_command(kind, label) for kind, label in KINDS.items()),
    Command(
        "proof.export_proof",
        "E&xport Proof PDF…",
        export_proof,
        "proof",
        2,
        keys=("Ctrl+Alt+E",),
        tip="A PDF with the corrections as comments any viewer shows",
    ),
    Command(
        "proof.import_comments",
        "&Import PDF Comments…",
        import_comments,
        "proof",
        2,
        keys=("Ctrl+Alt+M",),
        tip="Turn a proofreader's PDF comments into corrections",
    ),
)
