"""The main screen: agents, conversations and chat side by side.

The panes never reach into each other: each posts messages up, and this screen decides what
the others show.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header

from cgpt_tui.api import Agent, Conversation, CustomGPTError, Reaction
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.links import preview_file_id, web_url
from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
from cgpt_tui.ui.screens.preview_screen import PreviewScreen
from cgpt_tui.ui.screens.rename_screen import RenameScreen
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.conversation_list import ConversationList
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


class MainScreen(ReportsWorkerErrors, Screen[None]):
    """Three panes: agents, the selected agent's conversations, and the chat."""

    CSS_PATH = "main_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_conversation", "New chat", id="main.new"),
        # priority: the composer (a TextArea) binds f6 to "select line" and would keep it.
        Binding("f6", "cycle_panes", "Next pane", show=False, priority=True, id="main.next_pane"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield AgentList(id="agents")
            yield ConversationList(id="conversations")
            yield ChatPane(id="chat")
        yield Footer()

    @property
    def agents(self) -> AgentList:
        return self.query_one(AgentList)

    @property
    def conversations(self) -> ConversationList:
        return self.query_one(ConversationList)

    @property
    def chat(self) -> ChatPane:
        return self.query_one(ChatPane)

    def on_mount(self) -> None:
        self.agents.options.focus()
        start = self.app.start
        if start.agent_id is not None:
            self._restore(start.agent_id, start.session_id)

    @work(group="agent", exclusive=True, exit_on_error=False)
    async def _restore(self, agent_id: int, session_id: str | None) -> None:
        """Open the agent and conversation the user left (or asked for on the command line)."""
        client = self.app.client
        try:
            agent = await client.get_agent(agent_id)
        except CustomGPTError as error:
            self.notify(f"Could not reopen agent {agent_id}: {describe(error)}", severity="warning")
            return
        self.agents.selected_id = agent.id
        self.conversations.show_agent(agent)
        try:
            settings = await client.get_agent_settings(agent.id)
        except CustomGPTError:
            settings = None
        self.chat.show_agent(agent, settings)
        self.sub_title = clean_line(agent.name)
        if session_id is None:
            return
        try:
            opened = await client.list_messages(agent.id, session_id, 1)
        except CustomGPTError as error:
            self.notify(f"Could not reopen the conversation: {describe(error)}", severity="warning")
            return
        if opened.conversation is not None:
            self.conversations.selected_session = session_id
            self.chat.show_conversation(opened.conversation)
            self.chat.composer.focus()

    # ------------------------------------------------------------ agents

    @on(AgentList.Selected)
    def _agent_selected(self, event: AgentList.Selected) -> None:
        self.conversations.show_agent(event.agent)
        self._open_agent(event.agent)

    @work(group="agent", exclusive=True, exit_on_error=False)
    async def _open_agent(self, agent: Agent) -> None:
        self.chat.agent = agent
        try:
            settings = await self.app.client.get_agent_settings(agent.id)
        except CustomGPTError as error:
            self.notify(
                f"Could not load the agent's settings: {describe(error)}", severity="warning"
            )
            settings = None
        self.chat.show_agent(agent, settings)
        self.sub_title = clean_line(agent.name)
        self.app.remember(agent.id, None)

    # ------------------------------------------------------------ conversations

    @on(ConversationList.Selected)
    def _conversation_selected(self, event: ConversationList.Selected) -> None:
        self.chat.show_conversation(event.conversation)
        self.chat.composer.focus()
        self.app.remember(
            event.conversation.agent_id or self._agent_id(), event.conversation.session_id
        )

    def _agent_id(self) -> int | None:
        return self.chat.agent.id if self.chat.agent else None

    @on(ConversationList.NewRequested)
    def action_new_conversation(self) -> None:
        if self.chat.agent is None:
            self.notify("Pick an agent first.", severity="warning")
            return
        self.conversations.selected_session = None
        self.chat.show_conversation(None)
        self.chat.composer.focus()

    @on(ChatPane.ConversationCreated)
    def _conversation_created(self, event: ChatPane.ConversationCreated) -> None:
        self.conversations.add_first(event.conversation)
        self.app.remember(self._agent_id(), event.conversation.session_id)

    @on(ChatPane.Gone)
    def _conversation_gone(self, event: ChatPane.Gone) -> None:
        name = clean_line(event.conversation.name) or "This conversation"
        self.notify(f"“{name}” was deleted elsewhere; the list is refreshed.", severity="warning")
        self.conversations.reload()
        self.chat.show_conversation(None)
        self.app.remember(self._agent_id(), None)

    @on(ConversationList.AgentGone)
    def _agent_gone(self, event: ConversationList.AgentGone) -> None:
        name = clean_line(event.agent.name) or "This agent"
        self.notify(f"“{name}” no longer exists; the agent list is refreshed.", severity="warning")
        self.agents.reload()
        self.conversations.show_agent(None)
        self.chat.clear_agent()
        self.app.remember(None, None)

    @on(ChatPane.ConversationTouched)
    def _conversation_touched(self, event: ChatPane.ConversationTouched) -> None:
        self.conversations.touch(event.conversation.session_id, self.app.now())

    @on(ConversationList.RenameRequested)
    @work(group="rename", exit_on_error=False)
    async def _rename(self, event: ConversationList.RenameRequested) -> None:
        conversation = event.conversation
        name = await self.app.push_screen_wait(RenameScreen(clean_line(conversation.name)))
        if not name or name == conversation.name or self.chat.agent is None:
            return
        try:
            renamed = await self.app.client.rename_conversation(
                self.chat.agent.id, conversation.session_id, name
            )
        except CustomGPTError as error:
            self.notify(f"Could not rename: {describe(error)}", severity="error")
            return
        self.conversations.replace(renamed)
        if self.chat.conversation and self.chat.conversation.session_id == renamed.session_id:
            self.chat.conversation = renamed
            self.chat.refresh_title()
        self.notify(f"Renamed to “{clean_line(renamed.name)}”.")

    @on(ConversationList.DeleteRequested)
    @work(group="delete", exit_on_error=False)
    async def _delete(self, event: ConversationList.DeleteRequested) -> None:
        conversation = event.conversation
        name = clean_line(conversation.name) or "this conversation"
        confirmed = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Delete “{name}”?",
                "Its messages are removed from the agent.",
                confirm_label="Delete",
            )
        )
        if not confirmed or self.chat.agent is None:
            return
        try:
            await self.app.client.delete_conversation(self.chat.agent.id, conversation.session_id)
        except CustomGPTError as error:
            self.notify(f"Could not delete: {describe(error)}", severity="error")
            return
        self.conversations.remove(conversation.session_id)
        if self.chat.conversation and self.chat.conversation.session_id == (
            conversation.session_id
        ):
            self.chat.show_conversation(None)
        self.notify(f"Deleted “{name}”.")

    def action_cycle_panes(self) -> None:
        order = [self.agents.options, self.conversations.options, self.chat.composer]
        focused = self.focused
        current = next((n for n, w in enumerate(order) if w is focused), -1)
        order[(current + 1) % len(order)].focus()

    # ------------------------------------------------------------ answers

    @on(Transcript.ReactionRequested)
    def _react(self, event: Transcript.ReactionRequested) -> None:
        entry = event.entry
        conversation, agent = self.chat.conversation, self.chat.agent
        if entry.message_id is None or conversation is None or agent is None:
            self.notify("This answer has not finished yet.", severity="warning")
            return
        previous = entry.reaction
        if (previous or Reaction.NEUTRAL) is event.reaction:
            return
        entry.reaction = event.reaction
        entry.touch()
        self.chat.transcript.update_entry(entry)
        self._send_reaction(agent, conversation, entry, event.reaction, previous)

    @work(group="reactions", exit_on_error=False)
    async def _send_reaction(
        self,
        agent: Agent,
        conversation: Conversation,
        entry: ChatEntry,
        reaction: Reaction,
        previous: Reaction | None,
    ) -> None:
        assert entry.message_id is not None
        try:
            await self.app.client.set_reaction(
                agent.id, conversation.session_id, entry.message_id, reaction
            )
        except CustomGPTError as error:
            if entry.reaction is reaction:
                entry.reaction = previous
                entry.touch()
                self.chat.transcript.update_entry(entry)
            self.notify(f"Reaction not saved: {describe(error)}", severity="error")

    @on(Transcript.CopyRequested)
    def _copy(self, event: Transcript.CopyRequested) -> None:
        text = clean_text(event.entry.answer_text)
        if not text.strip():
            self.notify("This answer has no text to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the answer ({len(text):,} characters).")

    @on(Transcript.CardOpened)
    def _open_card(self, event: Transcript.CardOpened) -> None:
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
    async def _preview(self, file_id: int, title: str) -> None:
        try:
            preview = await self.app.client.preview_file(file_id)
        except CustomGPTError as error:
            self.notify(f"Could not open the file: {describe(error)}", severity="error")
            return
        self.app.push_screen(PreviewScreen(title or preview.filename or "Source file", preview))
