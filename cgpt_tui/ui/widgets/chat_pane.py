"""The chat pane: the transcript of one conversation, example questions and the composer.

Every API call runs in a worker. Streamed text is gathered in the entry; the transcript paints
it at its own pace (transcript/streaming.py), so the cost of a token does not depend on the
frame rate.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from cgpt_tui.api import (
    Agent,
    AgentSettings,
    Conversation,
    CustomGPTError,
    NotFound,
)
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.feeds import MessageFeed
from cgpt_tui.services.naming import conversation_name
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.chat_drafts import ChatDrafts
from cgpt_tui.ui.chat_history import ChatHistory
from cgpt_tui.ui.chat_questions import ChatQuestions
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.names import shown_agent, shown_conversation
from cgpt_tui.ui.transcript.entry import ChatEntry, EntryStatus
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.widgets.composer import Composer
from cgpt_tui.ui.widgets.index_progress import IndexPanel
from cgpt_tui.ui.widgets.reconnect import Reconnects
from cgpt_tui.ui.widgets.status_line import StatusLine
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


class ChatPane(ChatDrafts, ChatHistory, ChatQuestions, ReportsWorkerErrors, Reconnects, Vertical):
    """Shows a conversation and asks questions in it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Stop / answers", id="chat.escape"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="chat.reload"),
    ]

    class ConversationCreated(Message):
        def __init__(self, conversation: Conversation) -> None:
            super().__init__()
            self.conversation = conversation

    class Gone(Message):
        """The open conversation no longer exists on the server (deleted elsewhere)."""

        def __init__(self, conversation: Conversation) -> None:
            super().__init__()
            self.conversation = conversation

    class BackRequested(Message):
        """Esc on the answers of a conversation opened from the review queue: go back."""

    class ConversationTouched(Message):
        def __init__(self, conversation: Conversation) -> None:
            super().__init__()
            self.conversation = conversation

    app = getters.app(AppServices)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.agent: Agent | None = None
        self.settings: AgentSettings | None = None
        self.conversation: Conversation | None = None
        self.feed: MessageFeed | None = None  # the open conversation's messages
        self._history_loading = False
        # The conversation opened from the review queue: Esc on its answers goes back there.
        self.back_session: str | None = None
        self._stream_worker: Worker | None = None
        self._reveal: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="chat-title")
        yield IndexPanel(id="index-progress")
        yield Transcript(id="transcript")
        yield OptionList(id="example-questions")
        yield StatusLine(id="chat-status", classes="pane-status")
        yield Composer(id="composer", placeholder="Ask a question…")

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def index_panel(self) -> IndexPanel:
        return self.query_one(IndexPanel)

    @property
    def composer(self) -> Composer:
        return self.query_one(Composer)

    @property
    def is_streaming(self) -> bool:
        return self._stream_worker is not None and self._stream_worker.is_running

    def on_mount(self) -> None:
        self.transcript.follow_stream = self.app.settings.follow_stream
        self.transcript.set_reading_width(self.app.settings.reading_width)
        self.transcript.key_pressed_at = lambda: self.composer.key_pressed_at
        self.composer.editor_refusal = lambda: (
            "An answer is still coming in: the editor opens once it is done (esc stops it)."
            if self.is_streaming
            else None
        )
        self.query_one("#example-questions").display = False
        self.refresh_title()
        self._set_status("Pick an agent to start.")

    # ------------------------------------------------------------ what is shown

    def show_agent(self, agent: Agent, settings: AgentSettings | None) -> None:
        """Switch to an agent, on a new conversation."""
        self.keep_draft()
        self.conversation = None
        self.set_agent(agent, settings)
        self.show_conversation(None)

    def set_agent(self, agent: Agent, settings: AgentSettings | None) -> None:
        """The agent's record and settings (fresher ones), leaving the conversation open."""
        self.agent = agent
        self.settings = settings
        self.transcript.agent_name = (
            clean_line((settings.chatbot_title if settings else None) or agent.name) or "Answer"
        )
        placeholder = (settings.default_prompt if settings else None) or f"Ask {agent.name}…"
        self.composer.placeholder = Content(clean_line(placeholder))
        self.refresh_title()

    def reload(self) -> None:
        """Open the current conversation again (after a failure, or by ctrl+r)."""
        if self.conversation is not None and not self.is_streaming:
            self.show_conversation(self.conversation)

    def clear_agent(self) -> None:
        """The agent is gone: show nothing until another is picked."""
        self.show_conversation(None)
        self.agent = None
        self.settings = None
        self.index_panel.show(None, None)
        self._show_examples(False)
        self.refresh_title()
        self._set_status("Pick an agent to start.")

    def show_conversation(self, conversation: Conversation | None) -> None:
        """Open a conversation, or a new empty one when None."""
        if self.is_streaming and self._stream_worker is not None:
            self._stream_worker.cancel()
        self.keep_draft()
        self.conversation = conversation
        self._load_draft()
        self.feed = None
        self.border_subtitle = ""
        self.transcript.set_entries([])
        self.refresh_title()
        if conversation is None or self.agent is None:
            self._set_status("")
            self._show_examples()
        else:
            self._show_examples(False)
            self.feed = feed = self.app.data.messages(self.agent.id, conversation)
            self._set_status("" if self._paint_cached(feed) else "Loading messages…")
            self._history_loading = True
            self._load_history(feed)

    def refresh_title(self) -> None:
        title = self.query_one("#chat-title", Static)
        if self.agent is None:
            title.update(Content("No agent selected"))
        elif self.conversation is None:
            title.update(
                Content.assemble(("New conversation", "bold"), "  ", shown_agent(self.agent))
            )
        else:
            name = shown_conversation(self.conversation, "bold")
            title.update(Content.assemble(name, "  ", shown_agent(self.agent)))

    def _set_status(self, text: str) -> None:
        self.query_one("#chat-status", StatusLine).say(text)

    def _older_note(self, text: str) -> None:
        """In the pane's border, not the status line: showing and hiding that line
        re-arranges the whole screen (~50 ms) twice for every page of older messages."""
        self.border_subtitle = text

    def _show_examples(self, show: bool = True) -> None:
        examples = self.query_one("#example-questions", OptionList)
        questions = list(self.settings.example_questions) if self.settings else []
        show = show and bool(questions) and not self.transcript.entries
        examples.display = show
        if show:
            examples.clear_options()
            examples.add_options(
                Option(Content(clean_line(question)), id=f"example-{index}")
                for index, question in enumerate(questions)
            )
            examples.border_title = "Try asking"

    @on(OptionList.OptionSelected, "#example-questions")
    def _example_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.settings:
            self.ask(self.settings.example_questions[event.option_index])

    # ------------------------------------------------------------ history

    # ------------------------------------------------------------ asking

    @on(Composer.Submitted)
    def _submitted(self, event: Composer.Submitted) -> None:
        event.stop()
        if self.ask(event.text):
            self.composer.clear()
            self.keep_draft()

    def ask(self, question: str, *, fresh: bool = False) -> bool:
        """Send a question; False (and a notification) when it cannot be sent now.
        `fresh`: ask the server for a new answer, not one it cached for the same question."""
        if self.agent is None:
            self.notify("Pick an agent first.", severity="warning")
            return False
        if self.is_streaming:
            self.notify("An answer is still coming in: esc stops it.", severity="warning")
            return False
        if refusal := self.index_panel.refusal():  # the server would answer 400
            self.notify(refusal, severity="warning")
            return False
        if not self.app.require_online("ask"):
            return False
        self._show_examples(False)
        self._set_status("")
        self._stream_worker = self._stream_answer(self.agent, question, fresh)
        return True

    @work(group="stream", exclusive=True, exit_on_error=False)
    async def _stream_answer(self, agent: Agent, question: str, fresh: bool) -> None:
        data = self.app.data
        conversation = self.conversation
        if conversation is None:
            try:
                conversation = await data.create_conversation(agent.id, conversation_name(question))
            except CustomGPTError as error:
                self._restore_question(question)
                self.notify(f"Could not start a conversation. {describe(error)}", severity="error")
                return
            self.conversation = conversation
            self.feed = data.messages(agent.id, conversation)
            self.draft_moves_on()
            self.refresh_title()
            self.post_message(self.ConversationCreated(conversation))
        entry = ChatEntry(question, created_at=self.app.now(), status=EntryStatus.SENDING)
        self.transcript.append(entry)
        if self.transcript.has_focus:  # asked from the answers (r, a): the cursor goes along
            self.transcript.show_entry(len(self.transcript.entries) - 1)
        self.transcript.stream_start(entry)
        self.composer.hold_cursor_still(True)
        settings = self.app.settings
        try:
            if settings.streaming:
                async with data.stream_answer(
                    agent.id, conversation.session_id, question, lang=settings.lang, fresh=fresh
                ) as stream:
                    async for event in stream:
                        if entry.apply(event):
                            self.transcript.stream_changed(entry)
            else:
                message = await data.answer(
                    agent.id, conversation.session_id, question, lang=settings.lang, fresh=fresh
                )
                entry.answered(message)
        except asyncio.CancelledError:
            entry.status = EntryStatus.STOPPED
            raise
        except CustomGPTError as error:
            self._stream_error(entry, question, error)
            if isinstance(error, NotFound):
                self.post_message(self.Gone(conversation))
        else:
            if entry.status.is_active:
                entry.status = EntryStatus.INTERRUPTED
                entry.error = "the answer ended early"
        finally:
            self.transcript.stream_end(entry)
            self.composer.hold_cursor_still(False)
        feed = self.feed  # the answer is kept with the conversation it was asked in
        if (
            entry.message_id is not None
            and feed is not None
            and feed.conversation.session_id == conversation.session_id
        ):
            feed.answered(entry.as_message(), finished=entry.status is EntryStatus.DONE)
        self.post_message(self.ConversationTouched(conversation))
        if entry.cards:
            self._resolve_citations([entry])

    def _stream_error(self, entry: ChatEntry, question: str, error: CustomGPTError) -> None:
        received = bool(entry.answer.text)
        entry.status = EntryStatus.INTERRUPTED if received else EntryStatus.FAILED
        entry.error = error.message
        if not received:
            self._restore_question(question)
        self.notify(f"The answer failed. {describe(error, retry_key='r')}", severity="error")

    def _restore_question(self, question: str) -> None:
        """Give a question that was not answered back to the composer, unless it holds new text."""
        if not self.composer.text.strip():
            self.composer.text = question
            self.composer.move_cursor(self.composer.document.end)

    # ------------------------------------------------------------ keys

    def action_escape(self) -> None:
        if self.is_streaming and self._stream_worker is not None:
            self._stream_worker.cancel()
            return
        conversation = self.conversation
        if (
            self.transcript.has_focus
            and conversation is not None
            and conversation.session_id == self.back_session
        ):
            self.post_message(self.BackRequested())
            return
        if self.transcript.entries:
            self.transcript.focus_last()

    @on(Transcript.RetryRequested)
    def _retry(self, event: Transcript.RetryRequested) -> None:
        if event.entry.status in (EntryStatus.INTERRUPTED, EntryStatus.FAILED, EntryStatus.STOPPED):
            self.ask(event.entry.question)
