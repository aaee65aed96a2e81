"""Proofreading: spelling (the one module that imports enchant is spelling.py), bad breaks,
and the PDF-comment round trip of corrections."""
