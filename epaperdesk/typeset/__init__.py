"""Typesetting: fonts and metrics, hyphenation, line breaking, frame flow → display list.

Imports neither Qt nor ReportLab: the canvas and the PDF only draw what this computes.
"""
