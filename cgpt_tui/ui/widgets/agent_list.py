"""The agents pane: a filter box over a paged list of agents."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.widgets.option_list import Option

from cgpt_tui.api import Agent, CustomGPTError, Page
from cgpt_tui.ui.connection import SYNC_HINT
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.memory import bulk_allocation
from cgpt_tui.ui.names import shown_agent
from cgpt_tui.ui.widgets.filter_box import FilterBox
from cgpt_tui.ui.widgets.paged_list import PagedList, Rows
from cgpt_tui.ui.widgets.reconnect import Reconnects
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


def agent_prompt(agent: Agent) -> Rows:
    name = shown_agent(agent)
    if agent.is_active:
        return Rows.build(name)
    return Rows.build(name, " ", ("inactive", "$text-warning italic"))


class AgentList(ReportsWorkerErrors, Reconnects, Vertical):
    """Lists the account's agents; posts `AgentList.Selected` when one is chosen."""

    BORDER_TITLE = "Agents"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "reload", "Reload", show=False, id="agents.reload"),
    ]

    class Selected(Message):
        def __init__(self, agent: Agent) -> None:
            super().__init__()
            self.agent = agent

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.agents: list[Agent] = []
        self._page = 0
        self._name_filter = ""
        self.selected_id: int | None = None
        self._keep: int | None = None  # the agent to highlight again once the page is in
        self._confirmed = 0

    def compose(self) -> ComposeResult:
        filter_box = FilterBox(placeholder="Filter agents…", id="agent-filter", compact=True)
        options = PagedList(id="agent-options", compact=True)
        options.typing_target = filter_box
        yield filter_box
        yield options
        yield Static("Loading agents…", id="agent-status", classes="pane-status")

    @property
    def options(self) -> PagedList:
        return self.query_one("#agent-options", PagedList)

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """The first page again: painted from the history cache at once when it has one,
        then from the server (the highlighted agent stays highlighted)."""
        keep = self._highlighted_id()
        self._clear()
        self._set_status("Loading agents…")
        cache = self.app.connection.cached()
        cached = cache.agents(name=self._name_filter) if cache is not None else None
        if cached is not None and cached.items:
            self._show_page(cached, keep=keep, painted=True)
        self._keep = keep
        self._load_page()

    def _clear(self) -> None:
        self.agents.clear()
        self._page = 0
        self._confirmed = 0  # of the agents listed, how many the server's pages have shown
        self.options.clear_options()
        self.options.has_more = False

    def _highlighted_id(self) -> int | None:
        index = self.options.highlighted
        if index is not None and index < len(self.agents):
            return self.agents[index].id
        return self.selected_id

    def _set_status(self, text: str) -> None:
        status = self.query_one("#agent-status", Static)
        status.update(Content(text))
        status.display = bool(text)

    @work(group="agents", exclusive=True, exit_on_error=False)
    async def _load_page(self) -> None:
        if len(self.agents) <= self._confirmed:  # no cached rows ahead to browse meanwhile
            self.options.loading = True
        connection = self.app.connection
        try:
            page = await connection.read(
                self._fetch_page,
                lambda cache: cache.agents(offset=self._confirmed, name=self._name_filter),
            )
        except CustomGPTError as error:
            self.schedule_reconnect(error)
            self.options.loading = False
            self._set_status(f"Could not load agents. {describe(error, retry_key='ctrl+r')}")
            return
        self.reconnected()
        self._take_page(page)
        if not self._name_filter and not connection.offline:  # the full list, for the cache
            self.app.history.agents(page.items, start=(page.page - 1) * (page.per_page or 0))
            if not page.has_next:  # every page seen, in order: the rest were deleted
                self.app.history.all_agents(agent.id for agent in self.agents)

    def _take_page(self, page: Page[Agent]) -> None:
        """A page read from the server (or, offline, the cache). Where the cache painted
        rows ahead, the page confirms them when they are the same agents, and nothing is
        painted again; otherwise the rows from there on are replaced by the page's."""
        keep, self._keep = self._keep, None
        start, fresh = self._confirmed, list(page.items)
        painted = self.agents[start:]
        if painted:
            keep = self._highlighted_id()  # the reader may have moved in the painted rows
            same = painted[: len(fresh)] == fresh
            if not same or (not page.has_next and len(painted) > len(fresh)):
                del self.agents[start:]
                self.options.truncate(start)
        self._confirmed = start + len(fresh)
        self._show_page(page, keep=keep)

    def _show_page(self, page: Page[Agent], *, keep: int | None, painted: bool = False) -> None:
        """Add a page's agents; `painted`: from the cache, while the server is asked."""
        self.add_agents(page.items)
        if not painted:
            self._page = page.page
            self.options.page_loaded(page.has_next)
        if keep is not None and (index := self._index_of(keep)) is not None:
            self.options.highlighted = index
        if not self.agents:
            if self._name_filter:
                self._set_status(f"No agent matches “{self._name_filter}”.")
            elif self.app.offline:
                self._set_status(f"No agents in the history cache. {SYNC_HINT}")
            else:
                self._set_status("No agents yet.")
        else:
            self._set_status("")
        if self.options.highlighted is None and self.agents:
            self.options.highlighted = 0

    def _index_of(self, agent_id: int) -> int | None:
        return next((n for n, a in enumerate(self.agents) if a.id == agent_id), None)

    async def _fetch_page(self) -> Page[Agent]:
        first = self.app.first_agents() if self._page == 0 and not self._name_filter else None
        if first is not None:
            return await first
        return await self.app.client.list_agents(self._page + 1, name=self._name_filter or None)

    def add_agents(self, agents: list[Agent]) -> None:
        """Show more agents below those listed (ones already listed are skipped)."""
        known = {agent.id for agent in self.agents}
        fresh = [agent for agent in agents if agent.id not in known]
        self.agents.extend(fresh)
        with bulk_allocation():
            self.options.add_options(Option(agent_prompt(a), id=str(a.id)) for a in fresh)

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
