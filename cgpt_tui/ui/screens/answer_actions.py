"""What the main screen does with an answer: react to it, copy it, open its sources.

Mixed into `MainScreen` (handlers are named `on_transcript_…`: `@on` in a mixin that is not
a widget does not register).
"""

from __future__ import annotations

from textual import work

from cgpt_tui.api import Agent, Conversation, CustomGPTError, Reaction
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.links import preview_file_id, web_url
from cgpt_tui.ui.screens.main_parts import MainScreenParts
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


def _shown(reaction: Reaction | None) -> Reaction | None:
    """A reaction as the review queue keeps it: neutral is none."""
    return None if reaction is Reaction.NEUTRAL else reaction


class AnswerActions(ReportsWorkerErrors):
    """Reactions, copying and sources of the transcript's answers."""

    def on_transcript_reaction_requested(
        self: MainScreenParts, event: Transcript.ReactionRequested
    ) -> None:
        entry = event.entry
        conversation, agent = self.chat.conversation, self.chat.agent
        if entry.message_id is None or conversation is None or agent is None:
            self.notify("This answer has not finished yet.", severity="warning")
            return
        if not self.app.require_online("save a reaction"):
            return
        previous = entry.reaction
        if (previous or Reaction.NEUTRAL) is event.reaction:
            return
        entry.reaction = event.reaction
        entry.touch()
        self.chat.transcript.update_entry(entry)
        self.tell_review(agent.id, entry.message_id, _shown(event.reaction))
        self._send_reaction(agent, conversation, entry, event.reaction, previous)

    @work(group="reactions", exit_on_error=False)
    async def _send_reaction(
        self: MainScreenParts,
        agent: Agent,
        conversation: Conversation,
        entry: ChatEntry,
        reaction: Reaction,
        previous: Reaction | None,
    ) -> None:
        assert entry.message_id is not None
        try:
            await self.app.data.set_reaction(
                agent.id, conversation.session_id, entry.message_id, reaction
            )
        except CustomGPTError as error:
            if entry.reaction is reaction:
                entry.reaction = previous
                entry.touch()
                self.chat.transcript.update_entry(entry)
                self.tell_review(agent.id, entry.message_id, _shown(previous))
            self.notify(f"Reaction not saved: {describe(error)}", severity="error")

    def on_transcript_copy_requested(
        self: MainScreenParts, event: Transcript.CopyRequested
    ) -> None:
        self.copy_answer(event.entry)

    def on_transcript_code_copy_requested(
        self: MainScreenParts, event: Transcript.CodeCopyRequested
    ) -> None:
        """One code block's code to the clipboard (what `y` on an answer does)."""
        if not event.code.strip():
            self.notify("This code block is empty.", severity="warning")
            return
        self.app.copy_to_clipboard(event.code)
        which = f"code block {event.number + 1} of {event.count}" if event.count > 1 else "code"
        self.notify(f"Copied the {which} ({len(event.code):,} characters).")

    def on_transcript_card_opened(self: MainScreenParts, event: Transcript.CardOpened) -> None:
        card = event.card
        url = clean_line(card.url) if card.url else ""
        file_id = preview_file_id(url)
        if file_id is not None:
            self._preview(file_id, clean_line(card.citation.title if card.citation else None))
        elif web_url(url):
            self.app.open_url(url)
            self.notify(f"Opening {url}")
        elif url:
            self.notify("Only web (http/https) links are opened.", severity="warning")
        else:
            self.notify("This source has no link.", severity="warning")

    @work(group="preview", exclusive=True, exit_on_error=False)
    async def _preview(self: MainScreenParts, file_id: int, title: str) -> None:
        try:
            preview = await self.app.data.preview_file(file_id)
        except CustomGPTError as error:
            self.notify(f"Could not open the file: {describe(error)}", severity="error")
            return
        # Imported when a file is first previewed: it is not needed to start.
        from cgpt_tui.ui.screens.preview_screen import PreviewScreen

        self.app.push_screen(PreviewScreen(title or preview.filename or "Source file", preview))
