"""The mouse selecting text in the transcript (the selection itself is selection.py).

Mixed into `Transcript`, before `AnswerKeys`: its click handler runs first and keeps a drag,
a double and a triple click from counting as clicks on an answer or a card. `self` is
`MouseParts`, what it uses of the transcript.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual import events
from textual.geometry import Offset
from textual.screen import Screen
from textual.selection import Selection

from cgpt_tui.ui.transcript.selection import TranscriptSelection


class MouseParts(Protocol):
    _selection: TranscriptSelection
    _pressed_at: Offset | None  # where the mouse went down, to tell a drag from a click

    @property
    def screen(self) -> Screen[Any]: ...

    def refresh(self) -> object: ...


class MouseSelection:
    """Textual's text selection in the transcript's rows."""

    _pressed_at: Offset | None = None

    def get_selection(self: MouseParts, selection: Selection) -> tuple[str, str] | None:
        return self._selection.text(selection), "\n"

    def selection_updated(self: MouseParts, selection: Selection | None) -> None:
        self._selection.updated(selection)
        self.refresh()

    def on_mouse_down(self: MouseParts, event: events.MouseDown) -> None:
        self._pressed_at = event.screen_offset

    def on_click(self: MouseParts, event: events.Click) -> None:
        """A drag is not a click; a double click selects a word, a triple click the entry
        (not Textual's default: everything in the transcript, or around it)."""
        if self._pressed_at is not None and event.screen_offset != self._pressed_at:
            event.prevent_default()  # the end of a drag that selected text
            return
        if event.chain < 2:
            return
        event.prevent_default()
        widget, offset = self.screen.get_widget_and_offset_at(*event.screen_offset)
        if widget is None or widget is not self or offset is None:
            return
        if event.chain == 2:
            selection = self._selection.word(offset.y, offset.x)
        else:
            selection = self._selection.entry(offset.y)
        if selection is not None:
            self.screen.selections = {widget: selection}
