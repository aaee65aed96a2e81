"""Renderers: draw a display list. `pdf.py` with ReportLab, `qt.py` with QtGui. Neither
measures or breaks text; both reproduce the positions the typesetter computed."""
