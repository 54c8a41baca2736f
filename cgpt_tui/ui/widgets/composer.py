"""The composer: a multi-line box where Enter sends, ctrl+j starts a new line and ctrl+g
opens the text in the user's editor."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

from cgpt_tui.ui.external_editor import edit_in_editor

NEWLINE_KEYS = frozenset({"ctrl+j", "shift+enter", "alt+enter", "ctrl+enter"})


class Composer(TextArea):
    """Posts `Composer.Submitted` with the text when Enter is pressed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter and the newline keys are handled in _on_key (TextArea consumes them before
        # bindings run); these entries put them in the footer and the help screen.
        Binding("enter", "submit", "Send", id="composer.send"),
        Binding("ctrl+j", "newline", "Newline", id="composer.newline"),
        Binding(
            "ctrl+g", "external_editor", "Write in your editor", show=False, id="composer.editor"
        ),
    ]

    class Submitted(Message):
        def __init__(self, composer: Composer, text: str) -> None:
            super().__init__()
            self.composer = composer
            self.text = text

        @property
        def control(self) -> Composer:
            return self.composer

    def __init__(self, **kwargs) -> None:
        self.key_pressed_at = 0.0  # time.monotonic() of the last key typed here
        # Why the editor cannot be opened now, or None (the chat pane sets it: not while an
        # answer streams, as the suspended app reads nothing and the stream would time out).
        self.editor_refusal: Callable[[], str | None] = lambda: None
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("show_line_numbers", False)
        kwargs.setdefault("tab_behavior", "focus")
        super().__init__(**kwargs)

    def hold_cursor_still(self, still: bool) -> None:
        """A steady cursor (`still`) while an answer streams: each blink is a frame of its
        own, twice a second (the composer's row to the terminal, a pass of the compositor)."""
        self.cursor_blink = not still

    async def _on_key(self, event: events.Key) -> None:
        self.key_pressed_at = time.monotonic()
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_submit()
            return
        if event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.action_newline()
            return
        await super()._on_key(event)

    def action_submit(self) -> None:
        text = self.text.strip()
        if text:
            self.post_message(self.Submitted(self, text))

    def action_newline(self) -> None:
        self.insert("\n")

    def action_external_editor(self) -> None:
        """The text in `$VISUAL` / `$EDITOR`, the app suspended meanwhile; what the editor
        saves comes back here (not sent), as an edit that ctrl+z undoes."""
        if refusal := self.editor_refusal():
            self.notify(refusal, severity="warning")
            return
        try:
            with self.app.suspend():
                edited = edit_in_editor(self.text)
        except SuspendNotSupported:
            self.notify(
                "This terminal cannot be handed to an editor; the text stays here.",
                severity="warning",
            )
            return
        if edited.text is None:
            self.notify(f"{edited.problem} The text is as it was.", severity="error")
            return
        if edited.text != self.text:
            self.replace(edited.text, (0, 0), self.document.end)
        self.move_cursor(self.document.end)
        self.focus()
