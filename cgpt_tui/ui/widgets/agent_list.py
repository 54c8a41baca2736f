"""The agents pane: a filter box over a paged list of agents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets.option_list import Option

from cgpt_tui.api import Agent, CustomGPTError
from cgpt_tui.services.data import SYNC_HINT, Origin
from cgpt_tui.services.feeds import AgentFeed
from cgpt_tui.services.paging import Change
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.memory import bulk_allocation
from cgpt_tui.ui.names import shown_agent
from cgpt_tui.ui.widgets.filter_box import FilterBox
from cgpt_tui.ui.widgets.index_progress import Indexing
from cgpt_tui.ui.widgets.index_watcher import IndexWatcher
from cgpt_tui.ui.widgets.paged_list import PagedList, Rows
from cgpt_tui.ui.widgets.reconnect import Reconnects
from cgpt_tui.ui.widgets.status_line import StatusLine
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

VIEW_SETTLE = 0.1  # seconds the list stays still before the agents in sight are followed


def agent_prompt(agent: Agent, indexing: Indexing | None = None) -> Rows:
    """The agent's name, then how its indexing goes ("indexing 12/40", muted) while it is
    not active ("inactive" until its progress is known)."""
    name = shown_agent(agent)
    label = indexing.row_label() if indexing is not None else None
    if label is not None:
        return Rows.build(name, " ", label)
    if agent.is_active or indexing is not None:
        return Rows.build(name)
    return Rows.build(name, " ", ("inactive", "$text-warning italic"))


class AgentList(ReportsWorkerErrors, Reconnects, Vertical):
    """Lists the account's agents; posts `AgentList.Selected` when one is chosen."""

    BORDER_TITLE = "Agents"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Only `n` in the footer (it is full at 80 columns); the help screen, the palette
        # and the README say the rest.
        Binding("n", "create", "New agent", id="agents.create"),
        Binding("ctrl+d", "replicate", "Replicate", show=False, id="agents.replicate"),
        Binding("delete", "delete", "Delete agent", show=False, id="agents.delete"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="agents.reload"),
    ]

    class Selected(Message):
        def __init__(self, agent: Agent) -> None:
            super().__init__()
            self.agent = agent

    class IndexingChanged(Message):
        """A newer indexing progress of an agent followed; `agent`: its record if listed
        (active once done), None when the filter hides it."""

        def __init__(self, agent_id: int, indexing: Indexing, agent: Agent | None) -> None:
            super().__init__()
            self.agent_id = agent_id
            self.indexing = indexing
            self.agent = agent

    class CreateRequested(Message):
        """The user wants a new agent (`n`)."""

    class ReplicateRequested(Message):
        def __init__(self, agent: Agent) -> None:
            super().__init__()
            self.agent = agent

    class DeleteRequested(Message):
        def __init__(self, agent: Agent) -> None:
            super().__init__()
            self.agent = agent

    app = getters.app(AppServices)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.feed: AgentFeed | None = None
        self._name_filter = ""
        self._selected_id: int | None = None
        self._keep: int | None = None  # the agent to highlight again once the page is in
        self._view_timer: Timer | None = None
        self.watcher = IndexWatcher(self, lambda: self.app, self.indexing_changed)

    @property
    def selected_id(self) -> int | None:
        """The agent chosen last (open in the chat): always followed, listed or not."""
        return self._selected_id

    @selected_id.setter
    def selected_id(self, agent_id: int | None) -> None:
        self._selected_id = agent_id
        self._view_moved()

    @property
    def agents(self) -> list[Agent]:
        """The agents listed, in the server's order."""
        return self.feed.rows.rows if self.feed is not None else []

    def compose(self) -> ComposeResult:
        filter_box = FilterBox(placeholder="Filter agents…", id="agent-filter", compact=True)
        options = PagedList(id="agent-options", compact=True)
        options.typing_target = filter_box
        yield filter_box
        yield options
        yield StatusLine("Loading agents…", id="agent-status", classes="pane-status")

    @property
    def options(self) -> PagedList:
        return self.query_one("#agent-options", PagedList)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#agent-status", StatusLine)

    def on_mount(self) -> None:
        self.watch(self.app, "offline", self.watcher.offline_changed, init=False)
        self.reload()

    def reload(self) -> None:
        """The first page again: painted from the history cache at once when it has one,
        then from the server (the highlighted agent stays highlighted)."""
        keep = self._highlighted_id()
        self.feed = feed = self.app.data.agents(self._name_filter)
        self.options.clear_options()
        self.options.has_more = False
        self.status.say("Loading agents…")
        cached = feed.cached_first()
        if cached:
            self._show(feed.paint(cached), keep=keep, painted=True)
        self._keep = keep
        self._load_page()

    def _highlighted_id(self) -> int | None:
        """The agent under the highlight, as shown (before a change is applied)."""
        option_id = self.options.highlighted_id
        return int(option_id) if option_id is not None else self.selected_id

    @work(group="agents", exclusive=True, exit_on_error=False)
    async def _load_page(self) -> None:
        feed = self.feed
        if feed is None:
            return
        confirmed = feed.rows.confirmed
        if len(feed.rows) <= confirmed:  # no cached rows ahead to browse meanwhile
            self.options.loading = True
        try:
            change = await feed.more()
        except CustomGPTError as error:
            self.schedule_reconnect(error)
            self.options.loading = False
            self.status.say(f"Could not load agents. {describe(error, retry_key='ctrl+r')}")
            return
        self.reconnected()
        if feed is not self.feed:
            return
        keep, self._keep = self._keep, None
        if self.options.option_count > confirmed:  # the cache painted rows ahead of the server
            keep = self._highlighted_id()  # the reader may have moved in them
        self._show(change, keep=keep)

    def _show(self, change: Change[Agent], *, keep: int | None, painted: bool = False) -> None:
        """Apply a page's change; `painted`: from the cache, while the server is asked."""
        if change.replaces(self.options.option_count):
            self.options.truncate(change.keep)
        self._add(change.added)
        if not painted:
            self.options.page_loaded(change.has_more)
        if keep is not None and (index := self._index_of(keep)) is not None:
            self.options.highlighted = index
        if not self.agents:
            if self._name_filter:
                self.status.say(f"No agent matches “{self._name_filter}”.")
            elif change.origin is Origin.CACHE:
                self.status.say(f"No agents in the history cache. {SYNC_HINT}")
            else:
                self.status.say("No agents yet.")
        else:
            self.status.say("")
        if self.options.highlighted is None and self.agents:
            self.options.highlighted = 0

    def add_agents(self, agents: list[Agent]) -> None:
        """Show more agents below those listed, as the cache paints them (ones already
        listed are skipped); `python -m tests.bench lists` gives a pane 10,000 at once."""
        if self.feed is not None:
            self._add(self.feed.paint(agents).added)

    def _add(self, agents: Sequence[Agent]) -> None:
        """Show rows the feed added, below those listed."""
        with bulk_allocation():
            self.options.add_options(
                Option(agent_prompt(a, self.watcher.get(a.id)), id=str(a.id)) for a in agents
            )
        # Following is six requests per agent not active (a seventh of 1,000 cached ones)
        # in sight: at start, after the first frame, not before it.
        self.app.after_first_frame(lambda: self._follow(agents))

    def _follow(self, agents: Sequence[Agent]) -> None:
        self.watcher.follow(agents)
        self._view_moved()

    @on(PagedList.ViewMoved, "#agent-options")
    def _view_moved(self) -> None:
        """Tell the watcher which agents are in sight, once the list has settled (a long
        scroll, End in 10,000 agents, passes many rows that are never seen)."""
        if not self.is_mounted:
            return  # on mount, the first rows are followed after the first frame
        if self._view_timer is None:
            self._view_timer = self.set_timer(VIEW_SETTLE, self._report_view)
        else:
            self._view_timer.reset()

    def _report_view(self) -> None:
        self._view_timer = None
        agents = self.agents
        in_sight = {agents[i].id for i in self.options.indices_in_view() if i < len(agents)}
        if self.selected_id is not None:  # its bar above the chat, even when not listed
            in_sight.add(self.selected_id)
        self.watcher.view(in_sight)

    def _index_of(self, agent_id: int) -> int | None:
        return self.feed.rows.index_of(agent_id) if self.feed is not None else None

    @on(PagedList.NeedMore, "#agent-options")
    def _need_more(self) -> None:
        self._load_page()

    @on(FilterBox.Settled, "#agent-filter")
    def _filter_settled(self, event: FilterBox.Settled) -> None:
        self._name_filter = event.value
        self.reload()

    @on(FilterBox.Finished, "#agent-filter")
    def _filter_finished(self) -> None:
        self.options.focus_when_loaded()  # the list may be loading the filtered page

    @on(PagedList.OptionSelected, "#agent-options")
    def _selected(self, event: PagedList.OptionSelected) -> None:
        event.stop()
        self.select(self.agents[event.option_index])

    def select(self, agent: Agent) -> None:
        """Choose an agent (highlighting it if listed), as Enter on it does."""
        index = self._index_of(agent.id)
        if index is not None:
            self.options.highlighted = index
        self.selected_id = agent.id
        self.post_message(self.Selected(agent))

    def highlighted_agent(self) -> Agent | None:
        """The agent under the highlight (else the one chosen last, if listed)."""
        agent_id = self._highlighted_id()
        index = self._index_of(agent_id) if agent_id is not None else None
        return self.agents[index] if index is not None else None

    def _acted_on(self) -> Agent | None:
        agent = self.highlighted_agent()
        if agent is None:
            self.notify("Pick an agent first.", severity="warning")
        return agent

    def action_create(self) -> None:
        self.post_message(self.CreateRequested())

    def action_replicate(self) -> None:
        if agent := self._acted_on():
            self.post_message(self.ReplicateRequested(agent))

    def action_delete(self) -> None:
        if agent := self._acted_on():
            self.post_message(self.DeleteRequested(agent))

    # ------------------------------------------------------------ changes made here

    def add_first(self, agent: Agent) -> None:
        """An agent made here (created, replicated): at the top, highlighted and chosen
        (the screen opens it), its indexing followed."""
        if self.feed is None:
            return
        self.feed.rows.insert_first(agent)
        self._rebuild()
        self.options.highlighted = 0
        self.selected_id = agent.id
        self.watcher.follow([agent], always=True)

    def drop(self, agent_id: int) -> Agent | None:
        """The agent was deleted: off the list; the neighbour that takes its place (the
        next row, else the one before), highlighted, or None when the list is empty."""
        self.watcher.forget(agent_id)
        index = self._index_of(agent_id)
        if self.feed is None or index is None:
            return None
        self.feed.rows.remove(agent_id)
        if self.selected_id == agent_id:
            self.selected_id = None
        self._rebuild()
        if not self.agents:
            self.status.say("No agents yet.")
            return None
        neighbour = self.agents[min(index, len(self.agents) - 1)]
        self.options.highlighted = self._index_of(neighbour.id)
        return neighbour

    def replace_agent(self, agent: Agent) -> None:
        """A newer record of a listed agent (renamed, active now): its row in place."""
        if self.feed is None or (index := self._index_of(agent.id)) is None:
            return
        self.feed.rows.replace(agent)
        self.options.replace_option_prompt_at_index(
            index, agent_prompt(agent, self.watcher.get(agent.id))
        )

    def _rebuild(self) -> None:
        """Every row again, in one go (the same frame: no flicker)."""
        highlighted = self.options.highlighted
        self.options.clear_options()
        with bulk_allocation():
            self.options.add_options(
                Option(agent_prompt(a, self.watcher.get(a.id)), id=str(a.id)) for a in self.agents
            )
        if self.agents and highlighted is not None:
            self.options.highlighted = min(highlighted, len(self.agents) - 1)

    def agent_of(self, agent_id: int) -> Agent | None:
        index = self._index_of(agent_id)
        return self.agents[index] if index is not None else None

    def indexing_changed(self, agent_id: int, indexing: Indexing) -> None:
        """IndexWatcher: a newer progress; the row's label follows, and an agent done
        indexing (active) gets its record updated."""
        agent = self.agent_of(agent_id)
        if agent is not None:
            if not indexing.running and indexing.progress.active and not agent.is_active:
                agent = replace(agent, is_active=True, chat_ready=True)
                self.replace_agent(agent)
            elif (index := self._index_of(agent_id)) is not None:
                self.options.replace_option_prompt_at_index(index, agent_prompt(agent, indexing))
        self.post_message(self.IndexingChanged(agent_id, indexing, agent))
