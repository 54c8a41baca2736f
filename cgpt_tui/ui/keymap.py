"""Every key binding of the app, grouped by where it applies: the help screen's table, as the
README's key table is checked against it (tests/ui/test_readme_keys.py).

It imports the app, so nothing in the app imports it: the app builds the same table for its
help screen (`CgptApp.key_areas`, `key_help.key_sections`)."""

from __future__ import annotations

from cgpt_tui.ui.app import CgptApp
from cgpt_tui.ui.key_help import KeySections, key_sections


def binding_sections() -> KeySections:
    """(area, bindings) pairs for every place that has keys of its own."""
    return key_sections(CgptApp.key_areas())
