"""The chat pane's drafts: what the composer holds belongs to one conversation, is put
aside when another is opened, and is written soon after typing stops.

Mixed into `ChatPane`; `self` is `chat_parts.ChatPaneParts`, what it uses of the pane.
"""

from __future__ import annotations

import time

from textual.widgets import TextArea

from cgpt_tui.local.drafts import draft_key
from cgpt_tui.ui.chat_parts import ChatPaneParts

DRAFT_SAVED_AFTER = 0.7  # seconds after the composer's last change its draft is written


class ChatDrafts:
    """Which draft the composer holds, and keeping it."""

    _draft_for: str | None = None  # the draft key of what the composer holds
    _draft_changed_at = 0.0
    _draft_save_due = False

    def _draft_key(self: ChatPaneParts) -> str:
        return draft_key(
            self.agent.id if self.agent else None,
            self.conversation.session_id if self.conversation else None,
        )

    def keep_draft(self: ChatPaneParts) -> None:
        """Put what the composer holds aside for the conversation it was typed in.

        That is the conversation whose draft the composer was last given, not the one
        `agent` and `conversation` name now: they change first when the user switches."""
        if self._draft_for is not None:
            self.app.drafts.put(self._draft_for, self.composer.text)

    def _load_draft(self: ChatPaneParts) -> None:
        self._draft_for = self._draft_key() if self.agent is not None else None
        self.composer.text = self.app.drafts.get(self._draft_for) if self._draft_for else ""
        self.composer.move_cursor(self.composer.document.end)

    def draft_moves_on(self: ChatPaneParts) -> None:
        """The new conversation was just created: what was typed meanwhile goes with it."""
        self.keep_draft()
        if self._draft_for is not None:
            text = self.app.drafts.get(self._draft_for)
            self.app.drafts.put(self._draft_for, "")
            self._draft_for = self._draft_key()
            self.app.drafts.put(self._draft_for, text)

    def drop_conversation(self: ChatPaneParts) -> None:
        """The open conversation was deleted elsewhere: a new one, keeping what was typed."""
        typed = self.composer.text if self._draft_for else ""
        if self._draft_for is not None:
            self.app.drafts.put(self._draft_for, "")
            self._draft_for = None
        self.show_conversation(None)
        if typed.strip():
            waiting = self.composer.text.strip()  # the new conversation's own draft
            self.composer.text = f"{waiting}\n\n{typed}" if waiting else typed
            self.composer.move_cursor(self.composer.document.end)
            self.keep_draft()

    def on_text_area_changed(self: ChatPaneParts, event: TextArea.Changed) -> None:
        """Write the draft once typing pauses: a kill -9 or a lost terminal keeps it."""
        if event.text_area is not self.composer:
            return
        self._draft_changed_at = time.monotonic()
        if not self._draft_save_due:
            self._draft_save_due = True
            self.set_timer(DRAFT_SAVED_AFTER, self._save_draft)

    def _save_draft(self: ChatPaneParts) -> None:
        quiet = time.monotonic() - self._draft_changed_at
        if quiet < DRAFT_SAVED_AFTER:
            self.set_timer(DRAFT_SAVED_AFTER - quiet, self._save_draft)
            return
        self._draft_save_due = False
        self.app.save_drafts()
