"""What the main screen does when the agent list asks to create, replicate or delete an
agent, and as an agent indexes: the new agent on top and chosen, a deleted one gone (its
neighbour chosen), the open agent's progress above the chat.

Mixed into `MainScreen` (handlers are named `on_agent_list_…`: `@on` in a mixin that is not
a widget does not register). Changes go through `app.data.workshop`, which refuses at once
offline (NeedsServer); nothing is queued.
"""

from __future__ import annotations

from textual import work

from cgpt_tui.api import Agent, CustomGPTError
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.workshop import NeedsServer
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.screens.main_parts import MainScreenParts
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors
from cgpt_tui.wording import sentence


class MainAgentLifecycle(ReportsWorkerErrors):
    """Create, replicate and delete agents; the open agent's indexing."""

    def _online_for(self: MainScreenParts, what: str) -> bool:
        """Whether the server can be asked to `what` now; offline, says it is needed."""
        if not self.app.offline:
            return True
        needs = NeedsServer(clean_line(self.app.data.offline_reason))
        self.notify(f"Cannot {what}. {sentence(needs.message)}", severity="warning")
        return False

    def _target_agent(self: MainScreenParts) -> Agent | None:
        """The agent a palette command acts on: the open one, else the highlighted one."""
        agent = self.chat.agent or self.agents.highlighted_agent()
        if agent is None:
            self.notify("Pick an agent first.", severity="warning")
        return agent

    # ------------------------------------------------------------ create

    def on_agent_list_create_requested(
        self: MainScreenParts, event: AgentList.CreateRequested
    ) -> None:
        self.action_create_agent()

    def action_create_agent(self: MainScreenParts) -> None:
        if self._online_for("create an agent"):
            # Imported when asked: its form, the file picker and its tree are not in the
            # first frame.
            from cgpt_tui.ui.screens.create_agent_screen import CreateAgentScreen

            self.app.push_screen(CreateAgentScreen(), callback=self._agent_made)

    def _agent_made(self: MainScreenParts, agent: Agent | None) -> None:
        if agent is None:
            return
        self._open_new(agent)
        self.notify(f"Created “{clean_line(agent.name)}”: it answers once its pages are indexed.")

    def _open_new(self: MainScreenParts, agent: Agent) -> None:
        """An agent made here: on top of the list, open, its progress in sight (the chat
        pane, where a narrow screen shows one pane)."""
        self.agents.add_first(agent)
        self.conversations.show_agent(agent)
        self._open_agent(agent)
        if self.narrow:
            self.focus_pane("chat")

    # ------------------------------------------------------------ replicate

    def action_replicate_agent(self: MainScreenParts) -> None:
        if agent := self._target_agent():
            self.post_message(AgentList.ReplicateRequested(agent))

    def on_agent_list_replicate_requested(
        self: MainScreenParts, event: AgentList.ReplicateRequested
    ) -> None:
        self._replicate(event.agent)

    @work(group="agent-lifecycle", exit_on_error=False)
    async def _replicate(self: MainScreenParts, agent: Agent) -> None:
        if not self._online_for("replicate an agent"):
            return
        from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen  # imported when shown

        name = clean_line(agent.name) or f"Agent {agent.id}"
        confirmed = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Replicate “{name}”?",
                "A new agent with its settings and pages (not its conversations); "
                "it indexes before it answers.",
                confirm_label="Replicate",
            )
        )
        if not confirmed:
            return
        try:
            copy = await self.app.data.workshop.replicate_agent(agent.id)
        except CustomGPTError as error:
            self.notify(f"Could not replicate: {describe(error)}", severity="error")
            return
        self._open_new(copy)
        self.notify(f"Replicated as “{clean_line(copy.name)}”.")

    # ------------------------------------------------------------ delete

    def action_delete_agent(self: MainScreenParts) -> None:
        if agent := self._target_agent():
            self.post_message(AgentList.DeleteRequested(agent))

    def on_agent_list_delete_requested(
        self: MainScreenParts, event: AgentList.DeleteRequested
    ) -> None:
        self._delete_agent(event.agent)

    @work(group="agent-lifecycle", exit_on_error=False)
    async def _delete_agent(self: MainScreenParts, agent: Agent) -> None:
        if not self._online_for("delete an agent"):
            return
        from cgpt_tui.ui.screens.delete_agent_screen import DeleteAgentScreen  # when asked

        if not await self.app.push_screen_wait(DeleteAgentScreen(agent)):
            return
        try:
            await self.app.data.workshop.delete_agent(agent.id)  # the cache forgets it too
        except CustomGPTError as error:
            self.notify(f"Could not delete the agent: {describe(error)}", severity="error")
            return
        was_open = self.chat.agent is not None and self.chat.agent.id == agent.id
        neighbour = self.agents.drop(agent.id)
        self.forget_review(agent.id)
        self.notify(f"Deleted “{clean_line(agent.name) or f'Agent {agent.id}'}”.")
        if not was_open:
            return
        if neighbour is not None:  # opened where the user is (the focus stays in the list)
            self.agents.selected_id = neighbour.id
            self.conversations.show_agent(neighbour)
            self._open_agent(neighbour)
            return
        self.conversations.show_agent(None)
        self.chat.clear_agent()
        self.app.remember(None, None)

    # ------------------------------------------------------------ indexing

    def show_indexing(self: MainScreenParts, agent: Agent) -> None:
        """The open agent's indexing as last seen, above the chat."""
        self.chat.index_panel.show(agent, self.agents.watcher.get(agent.id))

    def on_agent_list_indexing_changed(
        self: MainScreenParts, event: AgentList.IndexingChanged
    ) -> None:
        chat = self.chat
        if chat.agent is None or chat.agent.id != event.agent_id:
            return
        if event.agent is not None:
            chat.agent = event.agent  # active once done
        chat.index_panel.update_indexing(event.agent_id, event.indexing)
