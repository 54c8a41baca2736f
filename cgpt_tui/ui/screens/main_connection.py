"""What the main screen does at start and when the connection changes: reopen where the
user left (from the history cache at once, then from the server), say when it is offline,
and refresh every pane when the server is back.

Mixed into `MainScreen`.
"""

from __future__ import annotations

from textual import work
from textual.content import Content
from textual.widgets import Static

from cgpt_tui.api import Agent, AgentSettings, Conversation, CustomGPTError, NetworkError
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.screens.main_parts import MainScreenParts
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


class MainConnection(ReportsWorkerErrors):
    """Reopening at start, the offline banner, settings, going live."""

    def _offline_changed(self: MainScreenParts, offline: bool) -> None:
        """Offline: say so above the panes. Live again: every pane refreshes from the server."""
        was_offline = self.has_class("-offline")
        self.set_class(offline, "-offline")
        if offline:
            data = self.app.data
            shown = "cached history, read-only" if data.has_cache else "no cached history"
            # One line (the rest is cut at the edge): what it means first, the cause last.
            why = clean_line(data.offline_reason)
            banner = f"Offline · {shown} · live again when the server answers · {why}"
            self.query_one("#offline-banner", Static).update(Content(banner))
            return
        if not was_offline:
            return
        self.notify("The server is back: live again.", title="Online")
        self.agents.reload()
        if self.conversations.agent is not None:
            self.conversations.reload()
        if self.chat.agent is not None:
            self._refresh_settings(self.chat.agent)
        self.chat.reload()

    @work(group="agent", exclusive=True, exit_on_error=False)
    async def _restore(self: MainScreenParts, agent_id: int, session_id: str | None) -> None:
        """Open the agent and conversation the user left (or asked for on the command line):
        at once from the history cache when it has them, then from the server."""
        data = self.app.data
        agent = data.cached_agent(agent_id)
        conversation = data.cached_conversation(session_id) if session_id else None
        if agent is not None:
            self._reopen(agent, conversation)
        try:
            fresh = await data.agent(agent_id)
        except CustomGPTError as error:
            if agent is None:
                self.notify(
                    f"Could not reopen agent {agent_id}: {describe(error)}", severity="warning"
                )
            return
        if agent is None:
            self._reopen(fresh, None)
        self.chat.set_agent(fresh, await self._settings_of(fresh))
        self.name_agent(fresh)
        if session_id is None or conversation is not None:
            return
        try:
            opened = await data.conversation(fresh.id, session_id)
        except CustomGPTError as error:
            self.notify(f"Could not reopen the conversation: {describe(error)}", severity="warning")
            return
        self._reopen(None, opened)

    def _reopen(
        self: MainScreenParts, agent: Agent | None, conversation: Conversation | None
    ) -> None:
        if agent is not None:
            self.agents.selected_id = agent.id
            open_session = conversation.session_id if conversation else None
            self.conversations.show_agent(agent, open_session)
            self.chat.show_agent(agent, self.app.data.cached_settings(agent.id))
            self.show_indexing(agent)
            self.name_agent(agent)
        if conversation is not None:
            self.conversations.mark_open(conversation.session_id)
            self.chat.show_conversation(conversation)
            self.focus_pane("chat")

    async def _settings_of(self: MainScreenParts, agent: Agent) -> AgentSettings | None:
        """The agent's settings; offline, the cached ones (None if there are none: the
        banner says why)."""
        try:
            found = await self.app.data.settings(agent.id)
        except NetworkError:
            return None
        except CustomGPTError as error:
            self.notify(
                f"Could not load the agent's settings: {describe(error)}", severity="warning"
            )
            return None
        return found.value

    @work(group="settings", exclusive=True, exit_on_error=False)
    async def _refresh_settings(self: MainScreenParts, agent: Agent) -> None:
        settings = await self._settings_of(agent)
        if settings is not None and self.chat.agent is agent:
            self.chat.set_agent(agent, settings)
