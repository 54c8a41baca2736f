"""Asking an answer's question again: as it was (`a`, for a fresh answer), or edited (`e`,
the question back in the composer).

Mixed into `ChatPane` (handlers are named `on_transcript_…`: `@on` in a mixin that is not a
widget does not register); `self` is `chat_parts.ChatPaneParts`, what it uses of the pane.
"""

from __future__ import annotations

from textual import work

from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.ui.chat_parts import ChatPaneParts
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

DRAFT_QUOTED = 60  # characters of a draft quoted when asking whether to replace it


class ChatQuestions(ReportsWorkerErrors):
    """Ask again and edit and ask."""

    def on_transcript_ask_again_requested(
        self: ChatPaneParts, event: Transcript.AskAgainRequested
    ) -> None:
        event.stop()
        self.ask_again(event.entry)

    def on_transcript_edit_requested(self: ChatPaneParts, event: Transcript.EditRequested) -> None:
        event.stop()
        self.edit_question(event.entry)

    def ask_again(self: ChatPaneParts, entry: ChatEntry) -> None:
        """The same question in the same conversation, as a new message; `Cache-Control:
        no-cache` asks the server not to hand back an answer it cached for it."""
        if entry.question.strip():
            self.ask(entry.question, fresh=True)

    def edit_question(self: ChatPaneParts, entry: ChatEntry) -> None:
        """The question into the composer to edit. A draft there is not replaced unasked."""
        question = clean_text(entry.question).strip()
        if not question:
            return
        draft = self.composer.text.strip()
        if draft and draft != question:
            self._replace_draft_with(question, draft)
        else:
            self._put_question(question)

    @work(group="edit-question", exclusive=True, exit_on_error=False)
    async def _replace_draft_with(self: ChatPaneParts, question: str, draft: str) -> None:
        from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen  # imported when shown

        quoted = clean_line(draft)
        if len(quoted) > DRAFT_QUOTED:
            quoted = quoted[: DRAFT_QUOTED - 1].rstrip() + "…"
        replace = await self.app.push_screen_wait(
            ConfirmScreen(
                "Replace your draft with this question?",
                f"The composer holds “{quoted}”. After replacing, ctrl+z in the composer "
                "brings it back.",
                confirm_label="Replace",
            )
        )
        if replace:
            self._put_question(question)
        else:
            self.composer.focus()

    def _put_question(self: ChatPaneParts, question: str) -> None:
        """The composer holds `question`, the cursor at its end, the focus there. Replaced
        as an edit, not loaded: ctrl+z gives back what was there."""
        composer = self.composer
        if composer.text != question:
            composer.replace(question, (0, 0), composer.document.end)
        composer.move_cursor(composer.document.end)
        composer.focus()
