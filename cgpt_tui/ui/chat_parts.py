"""What the chat pane's mixins (`chat_drafts.ChatDrafts`, `chat_history.ChatHistory`) use of
the `ChatPane` they are mixed into: a Protocol, so they need not import the pane that
imports them. Their methods annotate `self` with it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from textual.app import App
from textual.message import Message as TextualMessage
from textual.timer import Timer
from textual.worker import Worker

from cgpt_tui.api import Agent, Conversation, CustomGPTError, Message
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.widgets.composer import Composer


class ChatPaneParts(Protocol):
    @property
    def Gone(self) -> Callable[[Conversation], TextualMessage]: ...  # ChatPane.Gone

    agent: Agent | None
    conversation: Conversation | None
    border_subtitle: str

    # The pane's own.
    _history_page: int
    _history_more: bool
    _history_loading: bool
    _seen: set[int]
    _reveal: int | None

    @property
    def transcript(self) -> Transcript: ...

    @property
    def composer(self) -> Composer: ...

    def show_conversation(self, conversation: Conversation | None) -> None: ...

    def _set_status(self, text: str) -> None: ...

    def _show_examples(self, show: bool = True) -> None: ...

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
    _painted: Sequence[Message]

    def _load_history(self, conversation: Conversation, page_number: int) -> Worker[None]: ...

    def _paint_messages(self, conversation: Conversation, messages: Sequence[Message]) -> None: ...

    def _reveal_when_loaded(self) -> None: ...

    def _load_older(self) -> None: ...

    def _resolve_citations(self, entries: list[ChatEntry]) -> Worker[None]: ...

    # Of Textual's Widget. The app's own services are not typed yet.
    @property
    def app(self) -> App[Any]: ...

    def post_message(self, message: TextualMessage) -> bool: ...

    def set_timer(self, delay: float, callback: Callable[[], object] | None = ...) -> Timer: ...
