"""Key bindings as the help screen lists them: rows of keys and what they do, grouped by
where they apply. Built from the classes' BINDINGS, handed in: this module imports none of
them (the app hands the help screen its table; `keymap.binding_sections` is that table)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding
from textual.dom import DOMNode

from cgpt_tui.api.frozen import record


@record
class KeyHelp:
    keys: str
    description: str
    binding_id: str | None


# (area, the classes whose BINDINGS apply there), and what the help screen shows of them.
KeyAreas = Sequence[tuple[str, Iterable[type[DOMNode]]]]
KeySections = list[tuple[str, list[KeyHelp]]]


def _keys(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    names = {
        "question_mark": "?",
        "slash": "/",
        "plus": "+",
        "minus": "-",
        "equals_sign": "=",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "delete": "Delete",
        "escape": "Esc",
        "enter": "Enter",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "up": "↑",
        "down": "↓",
        "left": "←",
        "right": "→",
    }
    return " / ".join(names.get(key.strip(), key.strip()) for key in binding.key.split(","))


def key_sections(areas: KeyAreas) -> KeySections:
    """(area, rows) for each area: every described binding of its classes, in order."""
    sections = []
    for title, owners in areas:
        rows = [
            KeyHelp(_keys(binding), binding.description, binding.id)
            for owner in owners
            for binding in owner.BINDINGS
            if isinstance(binding, Binding) and binding.description
        ]
        sections.append((title, rows))
    return sections
