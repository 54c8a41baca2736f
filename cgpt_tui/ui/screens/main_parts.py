"""What the main screen's mixins (`main_commands`, `answer_actions`, `main_connection`) use
of the `MainScreen` they are mixed into: a Protocol, so they need not import the screen
that imports them. Their methods annotate `self` with it."""

from __future__ import annotations

from typing import Protocol, TypeVar

from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.worker import Worker

from cgpt_tui.api import Agent, AgentSettings, Conversation, Reaction
from cgpt_tui.services.data import SearchHit
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.conversation_list import ConversationList

W = TypeVar("W", bound=Widget)


class MainScreenParts(Protocol):
    side_panes: bool

    # The screen's panes and its own methods.
    @property
    def agents(self) -> AgentList: ...

    @property
    def conversations(self) -> ConversationList: ...

    @property
    def chat(self) -> ChatPane: ...

    def focus_pane(self, pane: str, *, at_once: bool = False) -> None: ...

    def name_agent(self, agent: Agent) -> None: ...

    def action_focus_agents(self) -> None: ...

    def action_new_conversation(self) -> None: ...

    def action_agent_details(self) -> None: ...

    def action_workshop(self) -> None: ...

    # What one mixin calls of another, or of itself.
    def copy_answer(self, entry: ChatEntry) -> None: ...

    def _open_conversation_or_warn(self) -> Conversation | None: ...

    def _answer_to_copy(self) -> ChatEntry | None: ...

    def open_search_hit(self, hit: SearchHit | None) -> None: ...

    def action_rename_conversation(self) -> None: ...

    def action_delete_conversation(self) -> None: ...

    def action_copy_answer(self) -> None: ...

    def action_toggle_side_panes(self) -> None: ...

    def action_export_conversation(self, format: str = "md") -> None: ...

    def action_search(self) -> None: ...

    def _export(self, format: str) -> Worker[None]: ...

    def _send_reaction(
        self,
        agent: Agent,
        conversation: Conversation,
        entry: ChatEntry,
        reaction: Reaction,
        previous: Reaction | None,
    ) -> Worker[None]: ...

    def _preview(self, file_id: int, title: str) -> Worker[None]: ...

    def _restore(self, agent_id: int, session_id: str | None) -> Worker[None]: ...

    def _reopen(self, agent: Agent | None, conversation: Conversation | None) -> None: ...

    async def _settings_of(self, agent: Agent) -> AgentSettings | None: ...

    def _refresh_settings(self, agent: Agent) -> Worker[None]: ...

    # Of Textual's Screen: the app as its screens see it.
    @property
    def app(self) -> AppServices: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def post_message(self, message: Message) -> bool: ...

    def set_class(self, add: bool, *class_names: str, update: bool = True) -> object: ...

    def has_class(self, *class_names: str) -> bool: ...

    def query_one(self, selector: str, expect_type: type[W]) -> W: ...
