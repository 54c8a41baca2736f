"""The main screen: agents, conversations and chat side by side.

The panes never reach into each other: each posts messages up, and this screen decides what
the others show.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from cgpt_tui.api import Agent, CustomGPTError
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.palette import AgentSearch, ConversationSearch
from cgpt_tui.ui.screens.answer_actions import AnswerActions
from cgpt_tui.ui.screens.main_agents import MainAgentLifecycle
from cgpt_tui.ui.screens.main_commands import MainCommands
from cgpt_tui.ui.screens.main_connection import MainConnection
from cgpt_tui.ui.screens.main_focus import PANES, MainPaneFocus
from cgpt_tui.ui.screens.main_review import MainReview
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.conversation_list import ConversationList
from cgpt_tui.ui.widgets.keys_footer import KeysFooter
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:  # the pane tabs are built the first time the screen is narrow
    from textual.widgets import Tabs

NARROW_WIDTH = 100  # columns below which one pane shows at a time, with a switcher
WIDE_WIDTH = 180  # columns from which the side panes get wider


class MainScreen(
    MainPaneFocus,
    MainCommands,
    MainReview,
    MainAgentLifecycle,
    AnswerActions,
    MainConnection,
    ReportsWorkerErrors,
    Screen[None],
):
    """Three panes: agents, the selected agent's conversations, and the chat.

    Below NARROW_WIDTH columns the panes take turns: tabs above them say which one shows,
    and the pane holding the focus is the one shown.
    """

    CSS_PATH = Path(__file__).with_name("main_screen.tcss")  # absolute: the app reads it too
    AUTO_FOCUS = "#agent-options"  # not the first focusable widget, the agents' filter box
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        AgentSearch,
        ConversationSearch,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: run as the key is read, so the composer has the focus before the keys
        # typed after it are handed out (a fast typist, a paste).
        Binding("ctrl+n", "new_conversation", "New chat", priority=True, id="main.new"),
        # priority: the composer (a TextArea) binds f6 to "select line" and would keep it.
        Binding("f6", "cycle_panes", "Next pane", show=False, priority=True, id="main.next_pane"),
        Binding("f3", "agent_details", "Agent", id="main.agent_details"),
        Binding("f5", "workshop", "Workshop", id="main.workshop"),
        # priority: the composer binds f7 to "select all" and would keep it.
        Binding("f7", "insights", "Insights", show=False, priority=True, id="main.insights"),
        Binding("f8", "review", "Review queue", show=False, priority=True, id="main.review"),
        Binding("f4", "toggle_side_panes", "Panes", priority=True, id="main.side_panes"),
        Binding("ctrl+s", "export_conversation", "Export", show=False, id="main.export"),
        Binding("ctrl+f", "search", "Search", id="main.search"),
        Binding("slash", "search", "Search", show=False, id="main.search_slash"),
    ]

    app = getters.app(AppServices)

    side_panes: reactive[bool] = reactive(True)
    narrow: reactive[bool] = reactive(False)
    current_pane: reactive[str] = reactive("agents")

    def compose(self) -> ComposeResult:
        yield Header()
        # Here, when the screen is narrow: the pane tabs (_show_pane_tabs).
        yield Static(id="offline-banner")
        with Horizontal(id="panes"):
            yield AgentList(id="agents")
            yield ConversationList(id="conversations")
            yield ChatPane(id="chat")
        yield KeysFooter()

    @property
    def agents(self) -> AgentList:
        return self.query_one(AgentList)

    @property
    def conversations(self) -> ConversationList:
        return self.query_one(ConversationList)

    @property
    def chat(self) -> ChatPane:
        return self.query_one(ChatPane)

    def _compositor_refresh(self) -> None:
        """While Textual holds frames back at start (the app's on_mount builds this screen),
        it paints each frame and drops it (App._display): ~25 ms of a ~0.6 s start painted
        for nothing. What changed stays marked instead, and the first frame after the hold
        paints it (AppServices.on_ready marks the whole screen for it)."""
        if self.app._batch_count and self.app.first_frame_pending:
            return
        super()._compositor_refresh()

    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Textual's own handler (Screen._on_screen_resume), which restyles every
        node of a resumed screen: right after this screen was built, each node was styled as
        it mounted (and again for each class or focus change since), so the first time that
        is ~18 ms of a start for nothing. Later resumes restyle as Textual does."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """Every change of focus goes through here (Widget.focus, clicks, tab, a widget
        hidden or removed): counted for MainPaneFocus.on_descendant_focus. A call that
        changes nothing (the widget focused already, or loading) is not counted."""
        focused = self.focused
        super().set_focus(widget, scroll_visible, from_app_focus)
        if self.focused is not focused:
            self.focus_changes += 1

    def keep_draft(self) -> None:
        """What the composer holds, kept for the next start (see AppServices.save_drafts)."""
        self.chat.keep_draft()

    def on_mount(self) -> None:
        # The agent list, once its first page is in (see focus_pane): on a slow link it is
        # still loading now (an Enter typed as the agents showed went to the filter box).
        self.focus_pane("agents")
        self.watch(self.app, "offline", self._offline_changed)  # it may be offline already
        start = self.app.start
        if start.agent_id is not None:
            self._restore(start.agent_id, start.session_id)

    # ------------------------------------------------------------ agents

    @on(AgentList.Selected)
    def _agent_selected(self, event: AgentList.Selected) -> None:
        self.chat.back_session = None
        self.conversations.show_agent(event.agent)
        self._open_agent(event.agent)
        self.focus_pane("conversations")  # the next step (the pane shown, when narrow)

    @work(group="agent", exclusive=True, exit_on_error=False)
    async def _open_agent(self, agent: Agent) -> None:
        self.chat.agent = agent
        settings = await self._settings_of(agent)
        self.chat.show_agent(agent, settings)
        self.show_indexing(agent)
        self.name_agent(agent)
        self.app.remember(agent.id, None)

    # ------------------------------------------------------------ conversations

    @on(ConversationList.Selected)
    def _conversation_selected(self, event: ConversationList.Selected) -> None:
        self.chat.back_session = None
        self.chat.show_conversation(event.conversation)
        self.focus_pane("chat")
        self.app.remember(
            event.conversation.agent_id or self._agent_id(), event.conversation.session_id
        )

    def name_agent(self, agent: Agent) -> None:
        """The open agent's name, under the title."""
        self.sub_title = clean_line(agent.name)

    def _agent_id(self) -> int | None:
        return self.chat.agent.id if self.chat.agent else None

    @on(ConversationList.NewRequested)
    def action_new_conversation(self) -> None:
        if self.chat.agent is None:
            self.notify("Pick an agent first.", severity="warning")
            return
        self.conversations.selected_session = None
        self.chat.back_session = None
        self.chat.show_conversation(None)
        self.focus_pane("chat", at_once=True)

    @on(ChatPane.ConversationCreated)
    def _conversation_created(self, event: ChatPane.ConversationCreated) -> None:
        self.conversations.add_first(event.conversation)
        self.app.remember(self._agent_id(), event.conversation.session_id)

    @on(ChatPane.Gone)
    def _conversation_gone(self, event: ChatPane.Gone) -> None:
        name = clean_line(event.conversation.name) or "This conversation"
        self.notify(f"“{name}” was deleted elsewhere; the list is refreshed.", severity="warning")
        self.app.data.forget(event.conversation.session_id)
        self.conversations.reload()
        self.chat.drop_conversation()
        self.app.remember(self._agent_id(), None)

    @on(ConversationList.AgentGone)
    def _agent_gone(self, event: ConversationList.AgentGone) -> None:
        name = clean_line(event.agent.name) or "This agent"
        self.notify(f"“{name}” no longer exists; the agent list is refreshed.", severity="warning")
        self.agents.reload()
        self.conversations.show_agent(None)
        self.chat.clear_agent()
        self.app.remember(None, None)
        self.forget_review(event.agent.id)

    @on(ChatPane.ConversationTouched)
    def _conversation_touched(self, event: ChatPane.ConversationTouched) -> None:
        self.conversations.touch(event.conversation.session_id, self.app.now())

    @on(ConversationList.RenameRequested)
    @work(group="rename", exit_on_error=False)
    async def _rename(self, event: ConversationList.RenameRequested) -> None:
        conversation = event.conversation
        if not self.app.require_online("rename a conversation"):
            return
        from cgpt_tui.ui.screens.rename_screen import RenameScreen  # imported when shown

        shown = clean_line(conversation.name)
        name = await self.app.push_screen_wait(RenameScreen(shown))
        # Unedited is unchanged, though the prompt shows a multi-line name on one line.
        if not name or name in (shown, conversation.name) or self.chat.agent is None:
            return
        try:
            renamed = await self.app.data.rename_conversation(
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
        if not self.app.require_online("delete a conversation"):
            return
        from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen  # imported when shown

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
            await self.app.data.delete_conversation(self.chat.agent.id, conversation.session_id)
        except CustomGPTError as error:
            self.notify(f"Could not delete: {describe(error)}", severity="error")
            return
        self.conversations.drop(conversation.session_id)
        if self.chat.conversation and self.chat.conversation.session_id == (
            conversation.session_id
        ):
            self.chat.show_conversation(None)
        self.notify(f"Deleted “{name}”.")

    # ------------------------------------------------------------ layout

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = event.size.width < NARROW_WIDTH
        self.set_class(event.size.width >= WIDE_WIDTH, "-wide")

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")
        if narrow and self._pane_tabs is None:
            self._show_pane_tabs()

    _pane_tabs: Tabs | None = None

    def _show_pane_tabs(self) -> None:
        """The tabs that say which pane shows when only one does. Built the first time the
        screen is narrow (before the frame that needs them), not at every start: eight
        widgets (styled, laid out) of a first frame that does not show them."""
        from textual.widgets import Tab, Tabs

        current = f"{self.current_pane}-tab"
        tabs = Tabs(
            Tab("Agents", id="agents-tab"),
            Tab("Conversations", id="conversations-tab"),
            Tab("Chat", id="chat-tab"),
            id="pane-tabs",
            active=current,
        )
        tabs.can_focus = False
        self._pane_tabs = tabs
        self.mount(tabs, before="#offline-banner")

    def watch_side_panes(self, shown: bool) -> None:
        self.set_class(not shown, "-no-side-panes")
        if not shown and not self.narrow:
            self.chat.composer.focus()

    def watch_current_pane(self, pane: str) -> None:
        for name in PANES:
            self.query_one(f"#{name}").set_class(name == pane, "-current")
        tabs = self._pane_tabs
        if tabs is not None and tabs.active != f"{pane}-tab":
            tabs.active = f"{pane}-tab"

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tabs is not self._pane_tabs:
            return
        event.stop()
        if event.tab.id != event.tabs.active:
            return  # a stale activation: the current pane has moved on since
        pane = (event.tab.id or "").removesuffix("-tab")
        if pane in PANES and pane != self.current_pane:
            self.focus_pane(pane)

    def action_focus_agents(self) -> None:
        self.side_panes = True
        self.focus_pane("agents")

    def action_agent_details(self) -> None:
        agent = self.chat.agent
        if agent is None:
            self.notify("Pick an agent first.", severity="warning")
            return
        from cgpt_tui.ui.screens.agent_details_screen import AgentDetailsScreen  # when asked

        self.app.push_screen(AgentDetailsScreen(agent), callback=self._ask_example)

    def action_workshop(self) -> None:
        agent = self.chat.agent
        if agent is None:
            self.notify("Pick an agent first.", severity="warning")
            return
        from cgpt_tui.ui.screens.workshop import WorkshopScreen  # when asked

        self.app.push_screen(WorkshopScreen(agent), callback=self._workshop_closed)

    def _workshop_closed(self, agent: Agent | None) -> None:
        """Show what was saved (name, example questions) when it was for the open agent;
        its content may have changed: its indexing is looked at again."""
        current = self.chat.agent
        if current is not None:
            self.agents.watcher.follow([current], always=True, patient=False)
        if agent is not None:
            self.agents.replace_agent(agent)  # renamed: its row says so
        if agent is not None and current is not None and current.id == agent.id:
            self._open_agent(agent)

    def _ask_example(self, question: str | None) -> None:
        if question:
            self.chat.ask(question)
            self.focus_pane("chat")

    def action_cycle_panes(self) -> None:
        order = [self._pane_target(pane) for pane in PANES]
        focused = self.focused
        current = next((n for n, w in enumerate(order) if w is focused), -1)
        self.focus_pane(PANES[(current + 1) % len(PANES)])
