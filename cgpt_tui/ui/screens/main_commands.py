"""What the main screen does for the command palette and its own keys: open an agent or a
conversation by name, act on the open conversation, copy, export, show or hide the side panes.

Mixed into `MainScreen`; these methods only call the panes' public methods or post the same
messages the panes post, so a command does exactly what its key does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import SystemCommand

from cgpt_tui.api import Agent, Conversation, CustomGPTError
from cgpt_tui.sanitize import clean_text
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.palette import NameSource
from cgpt_tui.ui.screens.main_parts import MainScreenParts
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.widgets.conversation_list import ConversationList
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors
from cgpt_tui.wording import plural

if TYPE_CHECKING:  # the search's modules are imported when it is first used
    from cgpt_tui.services.data import SearchHit


class MainCommands(NameSource, ReportsWorkerErrors):
    """Actions behind the palette's commands, and what its name search finds."""

    def palette_commands(self: MainScreenParts) -> Iterator[SystemCommand]:
        """The main screen's commands, each doing what its key does."""
        yield SystemCommand("Switch agent", "Go to the agents pane", self.action_focus_agents)
        yield SystemCommand(
            "New conversation", "Start a new chat with this agent", self.action_new_conversation
        )
        yield SystemCommand(
            "Rename conversation", "Rename the open conversation", self.action_rename_conversation
        )
        yield SystemCommand(
            "Delete conversation", "Delete the open conversation", self.action_delete_conversation
        )
        yield SystemCommand(
            "Copy answer",
            "Copy the answer under the cursor (else the newest) to the clipboard",
            self.action_copy_answer,
        )
        yield SystemCommand(
            "Ask again",
            "Send the question of the answer under the cursor (else the newest) again, "
            "for a fresh answer",
            self.action_ask_again,
        )
        yield SystemCommand(
            "Edit and ask",
            "Put the question of the answer under the cursor (else the newest) in the composer",
            self.action_edit_question,
        )
        yield SystemCommand(
            "Write the question in your editor",
            "Edit the composer's text in your own editor (VISUAL, else EDITOR)",
            self.action_external_editor,
        )
        yield SystemCommand(
            "Export conversation",
            "Save every message and its sources to a Markdown file",
            self.action_export_conversation,
        )
        yield SystemCommand(
            "Export conversation as JSON",
            "Save every message and its resolved sources to a JSON file",
            partial(self.action_export_conversation, "json"),
        )
        yield SystemCommand(
            "Toggle side panes",
            "Hide or show the agents and conversations panes",
            self.action_toggle_side_panes,
        )
        yield SystemCommand(
            "Search conversations",
            "Find words in every conversation kept in the history cache",
            self.action_search,
        )
        yield SystemCommand(
            "Agent details",
            "Model, sources, stats, example questions and usage limits",
            self.action_agent_details,
        )
        yield SystemCommand(
            "Workshop: settings, sources, pages",
            "Tune the agent, add or sync its sources, reindex or delete its pages",
            self.action_workshop,
        )
        yield SystemCommand(
            "Insights: what visitors ask",
            "Totals, charts, the most frequent questions and the unanswered ones",
            self.action_insights,
        )
        yield SystemCommand(
            "Review queue: every answer, newest first",
            "Walk the agent's answers with j/k, react with + - 0, filter, export",
            self.action_review,
        )
        yield SystemCommand(
            "New agent", "Create an agent from a sitemap URL or files", self.action_create_agent
        )
        yield SystemCommand(
            "Replicate agent",
            "Copy the open agent with its settings and pages",
            self.action_replicate_agent,
        )
        yield SystemCommand(
            "Delete agent",
            "Delete the open agent and its conversations (type its name to confirm)",
            self.action_delete_agent,
        )

    def loaded_agents(self: MainScreenParts) -> Sequence[Agent]:
        return self.agents.agents

    def loaded_conversations(self: MainScreenParts) -> Sequence[Conversation]:
        return self.conversations.conversations

    def open_agent(self: MainScreenParts, agent: Agent) -> None:
        """As if the agent were chosen in its pane."""
        self.agents.select(agent)

    def open_conversation(self: MainScreenParts, conversation: Conversation) -> None:
        """As if the conversation were chosen in its pane."""
        self.conversations.select(conversation)

    def _open_conversation_or_warn(self: MainScreenParts) -> Conversation | None:
        conversation = self.chat.conversation
        if conversation is None:
            self.notify("Open a conversation first.", severity="warning")
        return conversation

    def action_rename_conversation(self: MainScreenParts) -> None:
        if conversation := self._open_conversation_or_warn():
            self.post_message(ConversationList.RenameRequested(conversation))

    def action_delete_conversation(self: MainScreenParts) -> None:
        if conversation := self._open_conversation_or_warn():
            self.post_message(ConversationList.DeleteRequested(conversation))

    def _chosen_answer(self: MainScreenParts) -> ChatEntry | None:
        """The answer under the cursor in the answers, else the newest one."""
        transcript = self.chat.transcript
        if transcript.selected_entry is not None:
            return transcript.selected_entry
        answered = [e for e in transcript.entries if e.answer_text.strip()]
        return answered[-1] if answered else None

    def action_copy_answer(self: MainScreenParts) -> None:
        entry = self._chosen_answer()
        if entry is None:
            self.notify("There is no answer to copy yet.", severity="warning")
            return
        self.copy_answer(entry)

    def action_ask_again(self: MainScreenParts) -> None:
        """What `a` on an answer does, for the chosen answer."""
        if (entry := self._chosen_answer()) is None:
            self.notify("There is no question to ask again yet.", severity="warning")
            return
        self.chat.ask_again(entry)

    def action_edit_question(self: MainScreenParts) -> None:
        """What `e` on an answer does, for the chosen answer."""
        if (entry := self._chosen_answer()) is None:
            self.notify("There is no question to edit yet.", severity="warning")
            return
        self.chat.edit_question(entry)

    def action_external_editor(self: MainScreenParts) -> None:
        """What ctrl+g in the composer does."""
        self.focus_pane("chat")
        self.chat.composer.action_external_editor()

    def copy_answer(self: MainScreenParts, entry: ChatEntry) -> None:
        """The answer's Markdown to the clipboard (what `c` on an answer does)."""
        text = clean_text(entry.answer_text)
        if not text.strip():
            self.notify("This answer has no text to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the answer ({len(text):,} characters).")

    def action_search(self: MainScreenParts) -> None:
        from cgpt_tui.ui.screens.search_screen import SearchScreen  # when asked

        if not self.app.data.has_cache:
            self.notify("There is no history cache to search.", severity="warning")
            return
        self.app.push_screen(SearchScreen(self.app.data.search), callback=self.open_search_hit)

    def open_search_hit(self: MainScreenParts, hit: SearchHit | None) -> None:
        """Open the conversation of a search result, its message under the cursor."""
        if hit is None:
            return
        self.chat.back_session = None
        self.chat.reveal(hit.message_id)
        self._restore(hit.agent_id, hit.session_id)
        self.app.remember(hit.agent_id, hit.session_id)

    def action_toggle_side_panes(self: MainScreenParts) -> None:
        """Hide the agents and conversations panes for a wide chat, or bring them back."""
        self.side_panes = not self.side_panes

    def action_export_conversation(self: MainScreenParts, format: str = "md") -> None:
        """Every message of the open conversation and its sources, to a file (md or json)."""
        self._export(format)

    @work(group="export", exclusive=True, exit_on_error=False)
    async def _export(self: MainScreenParts, format: str) -> None:
        conversation, agent = self.chat.conversation, self.chat.agent
        if conversation is None or agent is None:
            self.notify("Open a conversation to export it.", severity="warning")
            return
        from cgpt_tui.services.export import export_filename  # imported when first used
        from cgpt_tui.ui.export_file import save_export
        from cgpt_tui.ui.screens.prompt_screen import PromptScreen

        kind = "JSON" if format == "json" else "Markdown"
        suggested = str(Path.cwd() / export_filename(conversation, format))
        answer = await self.app.push_screen_wait(
            PromptScreen(
                f"Export the conversation to a {kind} file",
                suggested,
                ok_label="Export",
                detail="Every message and its sources; an existing file is never overwritten.",
            )
        )
        if not answer:
            return
        try:
            dump = await self.app.data.dump(agent, conversation)
        except CustomGPTError as error:
            self.notify(f"Could not export: {describe(error)}", severity="error")
            return
        path = save_export(answer, dump.render(format), notify=self.notify)
        if path is None:
            return
        self.notify(f"Exported {plural(len(dump.messages), 'message')} to {path}.")
