"""The conversations pane: filters over a paged list of one agent's conversations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Select
from textual.widgets.option_list import Option

from cgpt_tui.api import Agent, Conversation, CustomGPTError, NotFound
from cgpt_tui.services.data import SYNC_HINT, Origin
from cgpt_tui.services.feeds import ConversationFeed, UserFilter, user_filter
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.memory import bulk_allocation
from cgpt_tui.ui.names import shown_conversation
from cgpt_tui.ui.timefmt import exact_time, relative_time
from cgpt_tui.ui.widgets.filter_box import FilterBox
from cgpt_tui.ui.widgets.paged_list import PagedList, Rows
from cgpt_tui.ui.widgets.reconnect import Reconnects
from cgpt_tui.ui.widgets.status_line import StatusLine
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

USER_FILTERS: list[tuple[str, str]] = [
    ("Everyone", "all"),
    ("Mine", "me"),
    ("Visitors", "anonymous"),
    ("Team members", "team_member"),
]


class ConversationList(ReportsWorkerErrors, Reconnects, Vertical):
    """Lists conversations newest first; posts messages when one is chosen or acted on."""

    BORDER_TITLE = "Conversations"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="conversations.new"),
        Binding("f2", "rename", "Rename", id="conversations.rename"),
        Binding("delete", "delete", "Delete", id="conversations.delete"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="conversations.reload"),
    ]

    class Selected(Message):
        def __init__(self, conversation: Conversation) -> None:
            super().__init__()
            self.conversation = conversation

    class AgentGone(Message):
        """The agent no longer exists on the server (deleted elsewhere)."""

        def __init__(self, agent: Agent) -> None:
            super().__init__()
            self.agent = agent

    class NewRequested(Message):
        pass

    class RenameRequested(Message):
        def __init__(self, conversation: Conversation) -> None:
            super().__init__()
            self.conversation = conversation

    class DeleteRequested(Message):
        def __init__(self, conversation: Conversation) -> None:
            super().__init__()
            self.conversation = conversation

    app = getters.app(AppServices)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.agent: Agent | None = None
        self.feed: ConversationFeed | None = None
        self._name_filter = ""
        self._user_filter: UserFilter = "all"
        self.selected_session: str | None = None

    @property
    def conversations(self) -> list[Conversation]:
        """The conversations listed, newest first."""
        return self.feed.rows.rows if self.feed is not None else []

    def compose(self) -> ComposeResult:
        filter_box = FilterBox(
            placeholder="Filter by name…", id="conversation-filter", compact=True
        )
        options = PagedList(id="conversation-options", compact=True)
        options.typing_target = filter_box
        yield filter_box
        yield options
        yield StatusLine("Pick an agent.", id="conversation-status", classes="pane-status")

    @property
    def options(self) -> PagedList:
        return self.query_one("#conversation-options", PagedList)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#conversation-status", StatusLine)

    def _now(self) -> datetime:
        return self.app.now()

    def show_agent(self, agent: Agent | None, open_session: str | None = None) -> None:
        """List `agent`'s conversations; `open_session`: the one open in the chat (its row
        gets the highlight when listed, so F2 and Delete act on it)."""
        self.agent = agent
        self.selected_session = open_session
        if agent is not None:
            self._show_owner_filter()
        self.reload()

    def _show_owner_filter(self) -> None:
        """The filter by who started a conversation, below the name filter, from the first
        agent on: before one is picked it has nothing to filter. Textual's Select is six
        widgets; built at start, it was ~3 % of the work to the first frame (cachegrind:
        83 M of 2.5 G instructions)."""
        if self.query("#conversation-owner"):
            return
        owner = Select(
            USER_FILTERS,
            value=self._user_filter,
            allow_blank=False,
            id="conversation-owner",
            compact=True,
        )
        self.mount(owner, after="#conversation-filter")

    def mark_open(self, session_id: str) -> None:
        """The chat opened this conversation (at start, by the command line): highlight its
        row, now if listed, else when its page comes."""
        self.selected_session = session_id
        if (index := self._index_of(session_id)) is not None:
            self.options.highlighted = index

    def _index_of(self, session_id: str | None) -> int | None:
        if self.feed is None or session_id is None:
            return None
        return self.feed.rows.index_of(session_id)

    def _first_highlight(self) -> int:
        """Where the highlight starts on a new list: the open conversation, else the top."""
        index = self._index_of(self.selected_session)
        return 0 if index is None else index

    def reload(self) -> None:
        self.border_subtitle = ""
        self.options.clear_options()
        self.options.has_more = False
        agent = self.agent
        if agent is None:
            self.feed = None
            self.status.say("Pick an agent.")
            return
        self.feed = feed = self.app.data.conversations(
            agent.id, name=self._name_filter, user_filter=self._user_filter
        )
        self.status.say("Loading conversations…")
        cached = feed.cached_first()
        if cached:  # at once, while the server is asked
            self._add(feed.paint(cached).added)
            self.options.highlighted = self._first_highlight()
            self.status.say("")
        self._load_page()

    def _prompt(self, conversation: Conversation, now: datetime | None = None) -> Rows:
        when = relative_time(conversation.updated_at or conversation.created_at, now or self._now())
        return Rows.build(shown_conversation(conversation), "\n", (when, "$text-muted"))

    @work(group="conversations", exclusive=True, exit_on_error=False)
    async def _load_page(self) -> None:
        agent, feed = self.agent, self.feed
        if agent is None or feed is None:
            return
        if not (feed.page == 0 and self.conversations):  # the cache's rows are browsed meanwhile
            self.options.loading = True
        try:
            change = await feed.more()
        except CustomGPTError as error:
            self.schedule_reconnect(error)
            self.options.loading = False
            self.status.say(f"Could not load conversations. {describe(error, retry_key='ctrl+r')}")
            if isinstance(error, NotFound) and agent is self.agent:
                self.post_message(self.AgentGone(agent))
            return
        if feed is not self.feed:
            return
        self.reconnected()
        if change.replaces(self.options.option_count):
            # The cache painted other rows: the highlight stays on its conversation when
            # that is still listed.
            kept = self.options.highlighted_id
            self.options.truncate(change.keep)
            self._add(change.added)
            found = self._index_of(kept)
            self.options.highlighted = (
                found if found is not None else (0 if self.conversations else None)
            )
        else:
            self._add(change.added)
        self.options.page_loaded(change.has_more)
        if self.options.highlighted is None and self.conversations:
            self.options.highlighted = self._first_highlight()
        self._update_empty_status(change.origin)

    def add_conversations(self, conversations: list[Conversation]) -> None:
        """Show more conversations below those listed, as the cache paints them (ones
        already listed are skipped); `python -m tests.bench lists` gives 10,000 at once."""
        if self.feed is not None:
            self._add(self.feed.paint(conversations).added)

    def _add(self, conversations: Sequence[Conversation]) -> None:
        """Show rows the feed added, below those listed."""
        now = self._now()
        with bulk_allocation():
            self.options.add_options(
                Option(self._prompt(c, now), id=c.session_id) for c in conversations
            )

    def _update_empty_status(self, origin: Origin = Origin.SERVER) -> None:
        if self.conversations:
            self.status.say("")
        elif self._name_filter or self._user_filter != "all":
            self.status.say("No conversation matches these filters.")
        elif origin is Origin.CACHE:
            self.status.say(f"No conversations of this agent in the history cache. {SYNC_HINT}")
        else:
            self.status.say("No conversations yet. Press n or just ask a question.")

    @on(PagedList.NeedMore, "#conversation-options")
    def _need_more(self) -> None:
        self._load_page()

    @on(FilterBox.Settled, "#conversation-filter")
    @on(Select.Changed, "#conversation-owner")
    def _apply_filters(self) -> None:
        self._name_filter = self.query_one("#conversation-filter", FilterBox).value.strip()
        for owner in self.query("#conversation-owner").results(Select):
            self._user_filter = user_filter(owner.value)
        self.reload()

    @on(FilterBox.Finished, "#conversation-filter")
    def _filter_finished(self) -> None:
        self.options.focus_when_loaded()  # the list may be loading the filtered page

    @on(PagedList.OptionHighlighted, "#conversation-options")
    def _highlighted(self) -> None:
        """The list says "3 min ago"; the pane's lower border gives the exact time."""
        conversation = self.highlighted_conversation
        when = conversation and (conversation.updated_at or conversation.created_at)
        self.border_subtitle = exact_time(when) if when else ""

    @on(PagedList.OptionSelected, "#conversation-options")
    def _selected(self, event: PagedList.OptionSelected) -> None:
        event.stop()
        self.select(self.conversations[event.option_index])

    def select(self, conversation: Conversation) -> None:
        """Choose a conversation (highlighting it if listed), as Enter on it does."""
        index = self._index_of(conversation.session_id)
        if index is not None:
            self.options.highlighted = index
        self.selected_session = conversation.session_id
        self.post_message(self.Selected(conversation))

    # ---------------------------------------------------------------- changes

    @property
    def highlighted_conversation(self) -> Conversation | None:
        index = self.options.highlighted
        if index is None or index >= len(self.conversations):
            return None
        return self.conversations[index]

    def add_first(self, conversation: Conversation) -> None:
        """Show a conversation created here at the top, selected."""
        if self.feed is None:
            return
        self.feed.rows.insert_first(conversation)
        self._rebuild()
        self.selected_session = conversation.session_id
        self.options.highlighted = 0
        self._update_empty_status()

    def replace(self, conversation: Conversation) -> None:
        if self.feed is None or (index := self._index_of(conversation.session_id)) is None:
            return
        self.feed.rows.replace(conversation)
        self.options.replace_option_prompt_at_index(index, self._prompt(conversation))

    def touch(self, session_id: str, when: datetime) -> None:
        """A conversation got a new message: move it to the top with its new time."""
        if self.feed is None or (index := self._index_of(session_id)) is None:
            return
        touched = replace(self.conversations[index], updated_at=when)
        if index == 0:  # on top already (the usual case): its row in place; a rebuild lays
            # out the screen, and the transcript, whose size a streamed answer changed, is
            # then drawn again whole (~8 KB to the terminal)
            self.replace(touched)
            return
        self.feed.rows.insert_first(touched)
        self._rebuild()
        if self.selected_session == session_id:
            self.options.highlighted = 0

    def drop(self, session_id: str) -> None:
        """The conversation was deleted: off the list."""
        if self.feed is not None:
            self.feed.rows.remove(session_id)
        if self.selected_session == session_id:
            self.selected_session = None
        self._rebuild()
        self._update_empty_status()

    def _rebuild(self) -> None:
        highlighted = self.options.highlighted
        self.options.clear_options()
        now = self._now()
        with bulk_allocation():
            self.options.add_options(
                Option(self._prompt(c, now), id=c.session_id) for c in self.conversations
            )
        if self.conversations and highlighted is not None:
            self.options.highlighted = min(highlighted, len(self.conversations) - 1)

    # ---------------------------------------------------------------- actions

    def action_new(self) -> None:
        self.post_message(self.NewRequested())

    def action_rename(self) -> None:
        conversation = self.highlighted_conversation
        if conversation is not None:
            self.post_message(self.RenameRequested(conversation))

    def action_delete(self) -> None:
        conversation = self.highlighted_conversation
        if conversation is not None:
            self.post_message(self.DeleteRequested(conversation))
