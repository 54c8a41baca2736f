"""The agents pane: a filter box over a paged list of agents."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from cgpt_tui.api import Agent, CustomGPTError, Page
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.memory import bulk_allocation
from cgpt_tui.ui.widgets.paged_list import PagedList, Rows
from cgpt_tui.ui.widgets.reconnect import Reconnects
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

FILTER_DELAY = 0.25  # seconds of quiet typing before the server is asked


def agent_prompt(agent: Agent) -> Rows:
    name = clean_line(agent.name) or f"Agent {agent.id}"
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
        self._filter_timer: Timer | None = None
        self.selected_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter agents…", id="agent-filter", compact=True)
        yield PagedList(id="agent-options", compact=True)
        yield Static("Loading agents…", id="agent-status", classes="pane-status")

    @property
    def options(self) -> PagedList:
        return self.query_one("#agent-options", PagedList)

    def on_mount(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.agents.clear()
        self._page = 0
        self.options.clear_options()
        self.options.has_more = False
        self._set_status("Loading agents…")
        self._load_page()

    def _set_status(self, text: str) -> None:
        status = self.query_one("#agent-status", Static)
        status.update(Content(text))
        status.display = bool(text)

    @work(group="agents", exclusive=True, exit_on_error=False)
    async def _load_page(self) -> None:
        self.options.loading = True
        try:
            page = await self._fetch_page()
        except CustomGPTError as error:
            self.schedule_reconnect(error)
            self.options.loading = False
            self._set_status(f"Could not load agents. {describe(error, retry_key='ctrl+r')}")
            return
        self.reconnected()
        self._page = page.page
        if not self._name_filter:  # the full list's order, for the cache
            self.app.history.agents(page.items, start=(page.page - 1) * (page.per_page or 0))
        self.add_agents(page.items)
        self.options.page_loaded(page.has_next)
        if not self.agents:
            self._set_status(
                f"No agent matches “{self._name_filter}”."
                if self._name_filter
                else "No agents yet."
            )
        else:
            self._set_status("")
        if self.options.highlighted is None and self.agents:
            self.options.highlighted = 0

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

    @on(Input.Changed, "#agent-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._apply_filter)

    def _apply_filter(self) -> None:
        self._name_filter = self.query_one("#agent-filter", Input).value.strip()
        self.reload()

    @on(Input.Submitted, "#agent-filter")
    def _filter_submitted(self) -> None:
        self.options.focus()

    @on(PagedList.OptionSelected, "#agent-options")
    def _selected(self, event: PagedList.OptionSelected) -> None:
        event.stop()
        self.select(self.agents[event.option_index])

    def select(self, agent: Agent) -> None:
        """Choose an agent (highlighting it if listed), as Enter on it does."""
        index = next((n for n, a in enumerate(self.agents) if a.id == agent.id), None)
        if index is not None:
            self.options.highlighted = index
        self.selected_id = agent.id
        self.post_message(self.Selected(agent))

    def on_key(self, event: Key) -> None:
        """Type to filter: printable keys in the list go to the filter box."""
        if not self.options.has_focus or not event.is_printable or event.character in "jk ":
            return
        filter_box = self.query_one("#agent-filter", Input)
        filter_box.focus()
        filter_box.insert_text_at_cursor(event.character or "")
        event.stop()
        event.prevent_default()
