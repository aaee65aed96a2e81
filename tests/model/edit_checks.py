"""What every test of an edit checks: it applies to a sound edition, and its inverse takes
the edition back exactly (and applying it again gives the same result)."""

from __future__ import annotations

import copy

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import Edit
from epaperdesk.model.validate import find_problems


def round_trip(edition: Edition, edit: Edit) -> Edition:
    """Apply, check, undo, check, apply again: returns the edition, edited."""
    original = copy.deepcopy(edition)
    edit.apply(edition)
    assert find_problems(edition) == []
    edited = copy.deepcopy(edition)
    edit.inverse().apply(edition)
    assert edition == original
    edit.apply(edition)
    assert edition == edited
    return edition
