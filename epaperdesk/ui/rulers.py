"""Rulers along the top and left of the canvas, in the user's unit; guides are dragged from
them onto a page (and saved with it)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from epaperdesk.geometry import UNITS
from epaperdesk.model.edits import SetGuides
from epaperdesk.model.page import Guide

RULER = 22  # pixels


def tick_step(points_per_pixel_unit: float) -> float:
    """A round tick interval (in units) that leaves at least ~8 pixels between ticks."""
    for step in (0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500):
        if step * points_per_pixel_unit >= 8:
            return step
    return 1000


class Ruler(QWidget):
    def __init__(self, view, orientation: Qt.Orientation, unit: str = "mm") -> None:
        super().__init__()
        self.view = view
        self.orientation = orientation
        self.unit = unit
        self._drag: QPoint | None = None
        horizontal = orientation == Qt.Orientation.Horizontal
        self.setFixedHeight(RULER) if horizontal else self.setFixedWidth(RULER)
        self.setMouseTracking(True)
        self.setAccessibleName("Horizontal ruler" if horizontal else "Vertical ruler")
        self.setToolTip("Drag onto the page to place a guide")
        self.setCursor(Qt.CursorShape.SplitVCursor if horizontal else Qt.CursorShape.SplitHCursor)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.zoom_changed.connect(lambda _: self.update())

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()  # follows the theme (high contrast included)
        painter.fillRect(self.rect(), palette.color(palette.ColorRole.Button))
        painter.setPen(palette.color(palette.ColorRole.ButtonText))
        font = QFont()
        font.setPixelSize(9)
        painter.setFont(font)
        view = self.view
        index = view.current_page()
        origin = view.scene_.page_origin(index)
        unit = UNITS[self.unit]
        horizontal = self.orientation == Qt.Orientation.Horizontal
        # the page origin, in this widget's pixels
        viewport_origin = view.mapFromScene(origin)
        offset = view.viewport().mapTo(self.window(), viewport_origin) - self.mapTo(self.window(), QPoint(0, 0))
        start = offset.x() if horizontal else offset.y()
        pixels_per_unit = view.zoom * unit
        step = tick_step(pixels_per_unit)
        length = self.width() if horizontal else self.height()
        first = math.floor(-start / pixels_per_unit / step) * step
        value = first
        while (value * pixels_per_unit + start) <= length:
            position = value * pixels_per_unit + start
            major = abs(round(value / (step * 10)) * step * 10 - value) < 1e-9
            middle = abs(round(value / (step * 5)) * step * 5 - value) < 1e-9
            size = RULER if major else RULER * 0.5 if middle else RULER * 0.3
            if horizontal:
                painter.drawLine(QPointF(position, RULER), QPointF(position, RULER - size))
                if major:
                    painter.drawText(QPointF(position + 2, 9), f"{value:g}")
            else:
                painter.drawLine(QPointF(RULER, position), QPointF(RULER - size, position))
                if major:
                    painter.save()
                    painter.translate(9, position + 2)
                    painter.rotate(90)
                    painter.drawText(QPointF(0, 0), f"{value:g}")
                    painter.restore()
            value += step
        painter.setPen(QPen(palette.color(palette.ColorRole.Mid)))
        if horizontal:
            painter.drawLine(0, RULER - 1, self.width(), RULER - 1)
        else:
            painter.drawLine(RULER - 1, 0, RULER - 1, self.height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """While a guide is dragged out of the ruler, show where it would go."""
        if self._drag is None:
            return
        view = self.view
        local = view.viewport().mapFromGlobal(self.mapToGlobal(event.position().toPoint()))
        inside = view.viewport().rect().contains(local)
        orientation = "h" if self.orientation == Qt.Orientation.Horizontal else "v"
        view.guide_preview = (orientation, view.mapToScene(local)) if inside else None
        view.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        self._drag = None
        self.view.guide_preview = None
        self.view.viewport().update()
        self.add_guide_at(self.mapToGlobal(event.position().toPoint()))

    def add_guide_at(self, global_point: QPoint) -> bool:
        """Place a guide where a drag from this ruler ended (a point on the canvas)."""
        view = self.view
        local = view.viewport().mapFromGlobal(global_point)
        if not view.viewport().rect().contains(local):
            return False
        scene = view.mapToScene(local)
        index = view.scene_.page_at(scene)
        if index is None:
            return False
        page = view.scene_.pages()[index]
        point = view.to_page(scene, index)
        horizontal = self.orientation == Qt.Orientation.Horizontal
        guide = Guide("h", round(point.y(), 2)) if horizontal else Guide("v", round(point.x(), 2))
        view.document.push(SetGuides(page.id, tuple(page.guides), tuple(page.guides) + (guide,)), "Add guide")
        return True


__all__ = ["Ruler", "RULER"]
