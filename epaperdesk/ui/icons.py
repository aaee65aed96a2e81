"""Icons: the freedesktop icon theme's where the desktop has one, otherwise our own SVGs
(resources/icons), drawn in the window's text colour so that they stay visible in the
high-contrast theme too."""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from epaperdesk.resources import resource

INK = "#000000"  # the colour our SVGs are drawn in, replaced by the palette's
SIZES = (16, 24, 32, 48)

# our icon → the freedesktop name that says the same, where the specification has one
THEME_NAMES = {
    "document-new": "document-new",
    "document-open": "document-open",
    "document-save": "document-save",
    "edit-undo": "edit-undo",
    "edit-redo": "edit-redo",
    "zoom-in": "zoom-in",
    "zoom-out": "zoom-out",
    "zoom-fit-best": "zoom-fit-best",
}


def icon(name: str) -> QIcon:
    """The icon `name`: from the theme when it has it, else ours in the text colour."""
    theme = THEME_NAMES.get(name)
    if theme and QIcon.hasThemeIcon(theme):
        return QIcon.fromTheme(theme)
    colour = _text_colour()
    return _drawn(name, colour)


def _text_colour() -> str:
    app = QGuiApplication.instance()
    palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
    return str(palette.color(QPalette.ColorRole.WindowText).name())


@functools.cache
def _drawn(name: str, colour: str) -> QIcon:
    path = resource("icons", f"{name}.svg")
    try:
        svg = path.read_text(encoding="utf-8").replace(INK, colour)
    except OSError:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(Qt.GlobalColor.transparent))
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def forget_drawn_icons() -> None:
    """After the theme changes colour: draw the icons again."""
    _drawn.cache_clear()
