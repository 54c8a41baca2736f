"""What the chat pane's mixins (`chat_drafts.ChatDrafts`, `chat_history.ChatHistory`,
`chat_questions.ChatQuestions`) use of the `ChatPane` they are mixed into: a Protocol, so
they need not import the pane that imports them. Their methods annotate `self` with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.message import Message as TextualMessage
from textual.timer import Timer
from textual.worker import Worker

from cgpt_tui.api import Agent, Conversation, CustomGPTError, Message
from cgpt_tui.services.feeds import MessageFeed
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.widgets.composer import Composer


class ChatPaneParts(Protocol):
    @property
    def Gone(self) -> Callable[[Conversation], TextualMessage]: ...  # ChatPane.Gone

    agent: Agent | None
    conversation: Conversation | None

    # The pane's own.
    feed: MessageFeed | None
    _history_loading: bool
    _reveal: int | None

    @property
    def transcript(self) -> Transcript: ...

    @property
    def composer(self) -> Composer: ...

    def show_conversation(self, conversation: Conversation | None) -> None: ...

    def ask(self, question: str, *, fresh: bool = False) -> bool: ...

    def _set_status(self, text: str) -> None: ...

    def _show_examples(self, show: bool = True) -> None: ...

    def _older_note(self, text: str) -> None: ...

    # Of Reconnects.
    def schedule_reconnect(self, error: CustomGPTError) -> None: ...

    def reconnected(self) -> None: ...

    # Of ChatDrafts, called on `self`.
    _draft_for: str | None
    _draft_changed_at: float
    _draft_save_due: bool

    def _draft_key(self) -> str: ...

    def keep_draft(self) -> None: ...

    def _save_draft(self) -> None: ...

    # Of ChatHistory, called on `self`.
    def _load_history(self, feed: MessageFeed) -> Worker[None]: ...

    def _paint_messages(self, feed: MessageFeed, messages: list[Message]) -> None: ...

    def _reveal_when_loaded(self) -> None: ...

    def _load_older(self) -> None: ...

    def _resolve_citations(self, entries: list[ChatEntry]) -> Worker[None]: ...

    # Of ChatQuestions, called on `self`.
    def ask_again(self, entry: ChatEntry) -> None: ...

    def edit_question(self, entry: ChatEntry) -> None: ...

    def _replace_draft_with(self, question: str, draft: str) -> Worker[None]: ...

    def _put_question(self, question: str) -> None: ...

    # Of Textual's Widget: the app as its widgets see it.
    @property
    def app(self) -> AppServices: ...

    def post_message(self, message: TextualMessage) -> bool: ...

    def set_timer(self, delay: float, callback: Callable[[], object] | None = ...) -> Timer: ...
