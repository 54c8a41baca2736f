"""The conversations pane: filters over a paged list of one agent's conversations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Select, Static
from textual.widgets.option_list import Option

from cgpt_tui.api import Agent, Conversation, CustomGPTError, NotFound, Page
from cgpt_tui.ui.connection import SYNC_HINT
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.memory import bulk_allocation
from cgpt_tui.ui.names import shown_conversation
from cgpt_tui.ui.timefmt import exact_time, relative_time
from cgpt_tui.ui.widgets.filter_box import FilterBox
from cgpt_tui.ui.widgets.paged_list import PagedList, Rows
from cgpt_tui.ui.widgets.reconnect import Reconnects
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

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.agent: Agent | None = None
        self.conversations: list[Conversation] = []
        self._page = 0
        self._name_filter = ""
        self._user_filter = "all"
        self.selected_session: str | None = None

    def compose(self) -> ComposeResult:
        filter_box = FilterBox(
            placeholder="Filter by name…", id="conversation-filter", compact=True
        )
        options = PagedList(id="conversation-options", compact=True)
        options.typing_target = filter_box
        yield filter_box
        yield Select(
            USER_FILTERS, value="all", allow_blank=False, id="conversation-owner", compact=True
        )
        yield options
        yield Static("Pick an agent.", id="conversation-status", classes="pane-status")

    @property
    def options(self) -> PagedList:
        return self.query_one("#conversation-options", PagedList)

    def _now(self) -> datetime:
        return self.app.now()

    def show_agent(self, agent: Agent | None, open_session: str | None = None) -> None:
        """List `agent`'s conversations; `open_session`: the one open in the chat (its row
        gets the highlight when listed, so F2 and Delete act on it)."""
        self.agent = agent
        self.selected_session = open_session
        self.reload()

    def mark_open(self, session_id: str) -> None:
        """The chat opened this conversation (at start, by the command line): highlight its
        row, now if listed, else when its page comes."""
        self.selected_session = session_id
        if (index := self._index_of(session_id)) is not None:
            self.options.highlighted = index

    def _index_of(self, session_id: str | None) -> int | None:
        return next(
            (n for n, c in enumerate(self.conversations) if c.session_id == session_id), None
        )

    def _first_highlight(self) -> int:
        """Where the highlight starts on a new list: the open conversation, else the top."""
        index = self._index_of(self.selected_session)
        return 0 if index is None else index

    def reload(self) -> None:
        self.conversations.clear()
        self.border_subtitle = ""
        self._page = 0
        self.options.clear_options()
        self.options.has_more = False
        if self.agent is None:
            self._set_status("Pick an agent.")
            return
        self._set_status("Loading conversations…")
        cached = self._cached_page(0)
        if cached is not None and cached.items:  # at once, while the server is asked
            self.add_conversations(list(cached.items))
            self.options.highlighted = self._first_highlight()
            self._set_status("")
        self._load_page()

    def _cached_page(self, offset: int) -> Page[Conversation] | None:
        """The cache's rows from `offset` on; None when the cache cannot answer (owner
        filters need the server: the cache does not know who the user is)."""
        cache = self.app.connection.cached()
        if cache is None or self.agent is None or self._user_filter != "all":
            return None
        return cache.conversations(self.agent.id, offset=offset, name=self._name_filter)

    def _set_status(self, text: str) -> None:
        status = self.query_one("#conversation-status", Static)
        status.update(Content(text))
        status.display = bool(text)

    def _prompt(self, conversation: Conversation, now: datetime | None = None) -> Rows:
        when = relative_time(conversation.updated_at or conversation.created_at, now or self._now())
        return Rows.build(shown_conversation(conversation), "\n", (when, "$text-muted"))

    @work(group="conversations", exclusive=True, exit_on_error=False)
    async def _load_page(self) -> None:
        agent = self.agent
        if agent is None:
            return
        number = self._page + 1
        painted = number == 1 and bool(self.conversations)  # from the cache: replaced
        if not painted:
            self.options.loading = True
        connection = self.app.connection
        try:
            page = await connection.read(
                lambda: self.app.client.list_conversations(
                    agent.id,
                    number,
                    user_filter=self._user_filter,
                    name=self._name_filter or None,
                    order="desc",
                ),
                lambda cache: self._cached_page(0 if painted else len(self.conversations)),
            )
        except CustomGPTError as error:
            self.schedule_reconnect(error)
            self.options.loading = False
            self._set_status(f"Could not load conversations. {describe(error, retry_key='ctrl+r')}")
            if isinstance(error, NotFound) and agent is self.agent:
                self.post_message(self.AgentGone(agent))
            return
        if agent is not self.agent:
            return
        self.reconnected()
        self._page = page.page
        if not connection.offline:
            complete = not self._name_filter and self._user_filter == "all"
            self.app.history.conversation_page(agent.id, page, complete=complete)
        if painted and list(page.items) != self.conversations:
            self._replace_painted(page.items)
        elif not painted:
            self.add_conversations(page.items)
        self.options.page_loaded(page.has_next)
        if self.options.highlighted is None and self.conversations:
            self.options.highlighted = self._first_highlight()
        self._update_empty_status()

    def _replace_painted(self, conversations: Sequence[Conversation]) -> None:
        """The server's first page in place of the cache's: the highlight stays on its
        conversation when that is still listed."""
        index = self.options.highlighted
        kept = self.conversations[index].session_id if index is not None else None
        self.conversations.clear()
        self.options.clear_options()
        self.add_conversations(list(conversations))
        found = next((n for n, c in enumerate(conversations) if c.session_id == kept), None)
        self.options.highlighted = found if found is not None else (0 if conversations else None)

    def add_conversations(self, conversations: list[Conversation]) -> None:
        """Show more conversations below those listed (ones already listed are skipped)."""
        known = {c.session_id for c in self.conversations}
        fresh = [c for c in conversations if c.session_id not in known]
        self.conversations.extend(fresh)
        now = self._now()
        with bulk_allocation():
            self.options.add_options(Option(self._prompt(c, now), id=c.session_id) for c in fresh)

    def _update_empty_status(self) -> None:
        if self.conversations:
            self._set_status("")
        elif self._name_filter or self._user_filter != "all":
            self._set_status("No conversation matches these filters.")
        elif self.app.offline:
            self._set_status(f"No conversations of this agent in the history cache. {SYNC_HINT}")
        else:
            self._set_status("No conversations yet. Press n or just ask a question.")

    @on(PagedList.NeedMore, "#conversation-options")
    def _need_more(self) -> None:
        self._load_page()

    @on(FilterBox.Settled, "#conversation-filter")
    @on(Select.Changed, "#conversation-owner")
    def _apply_filters(self) -> None:
        self._name_filter = self.query_one("#conversation-filter", FilterBox).value.strip()
        owner = self.query_one("#conversation-owner", Select).value
        self._user_filter = owner if isinstance(owner, str) else "all"
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
        self.conversations.insert(0, conversation)
        self._rebuild()
        self.selected_session = conversation.session_id
        self.options.highlighted = 0
        self._update_empty_status()

    def replace(self, conversation: Conversation) -> None:
        for index, known in enumerate(self.conversations):
            if known.session_id == conversation.session_id:
                self.conversations[index] = conversation
                self.options.replace_option_prompt_at_index(index, self._prompt(conversation))

    def touch(self, session_id: str, when: datetime) -> None:
        """A conversation got a new message: move it to the top with its new time."""
        for index, known in enumerate(self.conversations):
            if known.session_id == session_id:
                updated = replace(known, updated_at=when)
                del self.conversations[index]
                self.conversations.insert(0, updated)
                self._rebuild()
                if self.selected_session == session_id:
                    self.options.highlighted = 0
                return

    def remove(self, session_id: str) -> None:
        self.conversations = [c for c in self.conversations if c.session_id != session_id]
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
