"""Search every cached conversation of the profile (ctrl+f or /): results as you type.

Results come from the local history cache: what the app has shown, plus everything
`cgpt-tui sync` fetched. Each shows the agent, the conversation, the date and a snippet
with the match marked; Enter opens the conversation at that message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cgpt_tui.services.data import SearchHit, SearchResults
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.names import UNTITLED, Shown, shown_name
from cgpt_tui.ui.timefmt import relative_time

TYPING_PAUSE = 0.12  # seconds of quiet typing before searching
PAGE = 50
NAME_LIMIT = 80  # characters of a conversation's name (an agent's: half), before the row's own cut
EMPTY = "Type words to find in every conversation kept here (cgpt-tui sync keeps them all)."


def _clipped(name: Shown, limit: int) -> Shown:
    """A name cut to `limit` characters with an ellipsis: the list cuts each row at its
    width, and a name of 10,000 characters need not be laid out to be cut."""
    text, style = (name, "") if isinstance(name, str) else name
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return (text, style) if style else text


def hit_prompt(hit: SearchHit, now_text: str) -> Content:
    """Two lines: where (agent · conversation · when), then the snippet, matches marked."""
    agent = shown_name(hit.agent_name, f"Agent {hit.agent_id}", "$text-muted")
    conversation = shown_name(hit.conversation_name, UNTITLED, "bold")
    where = Content.assemble(
        _clipped(agent, NAME_LIMIT // 2),
        " · ",
        _clipped(conversation, NAME_LIMIT),
        " · ",
        (now_text, "$text-muted"),
    )
    snippet = Content(hit.snippet)
    for start, end in hit.marks:
        snippet = snippet.stylize("bold $text-accent underline", start, end)
    return Content.assemble(where, "\n", snippet)


class SearchScreen(ModalScreen[SearchHit | None]):
    """Returns the chosen result, or None when closed."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="search.close"),
    ]

    app = getters.app(AppServices)

    def __init__(self, search: Callable[[str, int], SearchResults | None]) -> None:
        """`search(text, limit)`: the cache's matches (the data service's `search`)."""
        super().__init__()
        self._search = search
        self.hits: list[SearchHit] = []
        self.searched: str | None = None  # the text `hits` are for (a pause may search a prefix)
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search"):
            yield Static(Content("Search every conversation"), classes="dialog-title")
            yield Input(placeholder="Words to find…", id="search-query")
            yield OptionList(id="search-results")
            yield Static(Content(EMPTY), id="search-status", classes="dialog-detail")

    @property
    def results(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    @on(Input.Changed, "#search-query")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(TYPING_PAUSE, self.run_search)

    def run_search(self) -> None:
        text = self.query_one("#search-query", Input).value
        found = self._search(text, PAGE) or SearchResults(problem="There is no history cache.")
        self.hits, self.searched = found.hits, text
        if found.problem is not None:
            self.results.clear_options()
            self.query_one("#search-status", Static).update(Content(found.problem))
            return
        now = self.app.now()
        self.results.clear_options()
        self.results.add_options(
            Option(hit_prompt(hit, relative_time(hit.created_at, now) or "unknown date"))
            for hit in self.hits
        )
        status = self.query_one("#search-status", Static)
        if not text.strip():
            status.update(Content(EMPTY))
        elif not self.hits:
            status.update(Content("No message matches."))
        else:
            more = "+" if len(self.hits) == PAGE else ""
            noun = "message" if len(self.hits) == 1 and not more else "messages"
            status.update(
                Content(f"{len(self.hits)}{more} {noun} · Enter opens the first, ↓ picks another")
            )

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        """Enter in the query opens the best match (↓ picks another)."""
        if self._timer is not None:
            self._timer.stop()
            self.run_search()
        if self.hits:
            self.dismiss(self.hits[0])

    def on_key(self, event: Key) -> None:
        if event.key == "down" and self.query_one("#search-query", Input).has_focus and self.hits:
            event.stop()
            self.results.focus()
            self.results.highlighted = 0

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.hits[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
