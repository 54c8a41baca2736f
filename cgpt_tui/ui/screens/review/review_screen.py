"""The review queue: every answer of one agent, newest first, worked from the keyboard.

`j`/`k` walk it, `+` / `-` / `0` react (shown at once, sent as the chat sends them, rolled
back with a notification when refused), Enter opens the conversation at that answer (the
screen is dismissed with the item; the main screen keeps this instance, so coming back finds
the same selection, filters and counter). The filter keys narrow it; `x` exports what shows.

The answers come from `app.data.insights.review_items` (the server, or offline the history
cache, which the status line then says); the filters are applied here, over the whole list,
with `filter_items`. A reaction does not take an answer out of the list at once (walking
"not reacted to" answers would jump): the next filter change or reload does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from cgpt_tui.api import Agent, CustomGPTError, Reaction
from cgpt_tui.api.report_records import DateRange
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.export import UNSAFE_FILENAME
from cgpt_tui.services.reading import Origin
from cgpt_tui.services.review import ReviewItem, filter_items, sources_of
from cgpt_tui.services.review_export import format_for, render_review
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.export_file import save_export
from cgpt_tui.ui.screens.prompt_screen import PromptScreen
from cgpt_tui.ui.screens.review.detail import detail_text
from cgpt_tui.ui.screens.review.filter_bar import FilterBar, QueueFilters
from cgpt_tui.ui.widgets.keys_footer import KeysFooter
from cgpt_tui.ui.widgets.review_list import ReviewList, header_line
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors
from cgpt_tui.wording import plural

FROM_CACHE = "computed from the history cache"
LOADING = {"intelligence": "answers", "conversations": "their conversations"}


class ReviewScreen(ReportsWorkerErrors, Screen[ReviewItem | None]):
    """Dismissed with the answer to open in its conversation, or None (Esc)."""

    CSS_PATH = Path(__file__).with_name("review.tcss")  # also for subclasses elsewhere
    AUTO_FOCUS = "ReviewList"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="review.close"),
        Binding("enter", "open", "Open", id="review.open"),
        Binding("plus,equals_sign", "react('liked')", "Like", key_display="+", id="review.like"),
        Binding("minus", "react('disliked')", "Dislike", key_display="-", id="review.dislike"),
        Binding("0", "react('neutral')", "Clear", id="review.neutral"),
        Binding("u", "filter('unanswered')", "Unanswered", show=False, id="review.unanswered"),
        Binding("d", "filter('disliked')", "Disliked", show=False, id="review.disliked"),
        Binding("n", "filter('unreacted')", "Not reacted", show=False, id="review.unreacted"),
        Binding("s", "cycle_source", "Source", show=False, id="review.source"),
        Binding("w", "cycle_starter", "Who started", show=False, id="review.who"),
        Binding("r", "cycle_days", "Date range", show=False, id="review.dates"),
        Binding("x", "export", "Export", id="review.export"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="review.reload"),
    ]

    app = getters.app(AppServices)

    def __init__(self, agent: Agent) -> None:
        super().__init__()
        self.agent = agent
        self.items: list[ReviewItem] = []  # every answer, newest first
        self.shown: list[ReviewItem] = []  # those the filters keep
        self.filters = QueueFilters()
        self.reviewed: set[int] = set()  # message ids reacted to or opened, while the app runs
        self.origin: Origin | None = None
        self.loaded = False
        self._status = ""
        self.detail_item: ReviewItem | None = None  # what the detail pane shows

    def compose(self) -> ComposeResult:
        name = clean_line(self.agent.name) or f"Agent {self.agent.id}"
        yield Static(Content(f"Review queue: {name}"), id="review-title")
        yield Static("", id="review-status")
        yield FilterBar(id="review-filters")
        yield Static("", id="review-header")
        yield ReviewList(id="review-list")
        with VerticalScroll(id="review-detail"):
            yield Static("", id="review-detail-text")
        yield KeysFooter()

    @property
    def queue(self) -> ReviewList:
        return self.query_one(ReviewList)

    def on_mount(self) -> None:
        self._show_filters()
        self.load()

    def on_resize(self) -> None:
        self.query_one("#review-header", Static).update(
            Content(header_line(self.queue.scrollable_content_region.width))
        )

    # ------------------------------------------------------------ loading

    def load(self, keep: int | None = None) -> None:
        self._load(keep)

    @work(group="review-load", exclusive=True, exit_on_error=False)
    async def _load(self, keep: int | None) -> None:
        self._say("Loading answers…")
        try:
            found = await self.app.data.insights.review_items(
                self.agent, dates=DateRange(), progress=self._progress
            )
        except CustomGPTError as error:
            self._say(f"Could not load the answers: {describe(error)}", error=True)
            return
        self.show_items(found.value, found.origin, keep=keep)

    def show_items(
        self, items: Sequence[ReviewItem], origin: Origin, *, keep: int | None = None
    ) -> None:
        """Every answer (newest first), as loaded: shown under the filters."""
        self.items, self.origin, self.loaded = list(items), origin, True
        self.filters.sources = sources_of(self.items)
        self._refilter(keep)

    def _progress(self, section: str, done: int, total: int | None) -> None:
        what = LOADING.get(section, clean_line(section))
        of = f" of {total:,}" if total else ""
        self._say(f"Loading {what}… page {done:,}{of}")

    def action_reload(self) -> None:
        current = self.queue.current
        self.load(current.message_id if current else None)

    # ------------------------------------------------------------ filters and counter

    def _today(self) -> date:
        return self.app.now().date()

    def _refilter(self, keep: int | None = None) -> None:
        if keep is None and self.queue.current is not None:
            keep = self.queue.current.message_id
        self.shown = filter_items(self.items, self.filters.review_filter(self._today()))
        self.queue.set_items(self.shown, keep=keep)
        self._show_filters()
        self._show_counter()

    def _show_filters(self) -> None:
        self.query_one(FilterBar).show(self.filters, self._today())

    def counter_text(self) -> str:
        """ "12 of 87 reviewed this session": of the answers the filters keep."""
        reviewed = self.reviewed
        done = sum(1 for item in self.shown if item.message_id in reviewed)
        return f"{done:,} of {len(self.shown):,} reviewed this session"

    def _show_counter(self) -> None:
        if not self.loaded:
            return
        parts = [self.counter_text()]
        if len(self.shown) != len(self.items):
            parts.append(f"{plural(len(self.items), 'answer')} in all")
        if self.origin is Origin.CACHE:
            parts.append(FROM_CACHE)
        self._say(" · ".join(parts))

    def _say(self, text: str, *, error: bool = False) -> None:
        self._status = text
        line = self.query_one("#review-status", Static)
        line.update(Content(text))
        line.set_class(error, "-error")

    @property
    def status_text(self) -> str:
        return self._status

    def action_filter(self, name: str) -> None:
        self.filters.toggle(name)
        self._refilter()

    def action_cycle_source(self) -> None:
        self.filters.cycle_source()
        self._refilter()

    def action_cycle_starter(self) -> None:
        self.filters.cycle_starter()
        self._refilter()

    def action_cycle_days(self) -> None:
        self.filters.cycle_days()
        self._refilter()

    @on(ReviewList.CursorMoved)
    def _cursor_moved(self, event: ReviewList.CursorMoved) -> None:
        self.detail_item = event.item
        self.query_one("#review-detail-text", Static).update(detail_text(event.item))
        self.query_one("#review-detail", VerticalScroll).scroll_home(animate=False)

    # ------------------------------------------------------------ open, react

    def action_close(self) -> None:
        self.dismiss(None)

    def action_open(self) -> None:
        item = self.queue.current
        if item is None:
            return
        if item.session_id is None:
            self.notify("This answer's conversation is not known here.", severity="warning")
            return
        self.reviewed.add(item.message_id)
        self._show_counter()
        self.dismiss(item)

    def action_react(self, value: str) -> None:
        item = self.queue.current
        if item is None:
            return
        reaction = Reaction(value)
        if item.session_id is None:
            self.notify("This answer's conversation is not known here.", severity="warning")
            return
        if not self.app.require_online("save a reaction"):
            return
        previous = item.reaction
        if (previous or Reaction.NEUTRAL) is reaction:
            self.reviewed.add(item.message_id)
            self._show_counter()
            return
        self._set_reaction(item, reaction)
        self.reviewed.add(item.message_id)
        self._show_counter()
        self._send_reaction(item.message_id, item.session_id, reaction, previous)

    def _set_reaction(self, item: ReviewItem, reaction: Reaction | None) -> ReviewItem:
        """`item` with `reaction` (None for none), in the lists and on screen."""
        changed = replace(item, reaction=None if reaction is Reaction.NEUTRAL else reaction)
        for items in (self.items, self.shown):
            for n, known in enumerate(items):
                if known.message_id == item.message_id:
                    items[n] = changed
                    break
        self.queue.replace_item(changed)
        return changed

    def reaction_changed(self, message_id: int, reaction: Reaction | None) -> None:
        """An answer was reacted to elsewhere (in its conversation, opened from here)."""
        item = self._item(message_id)
        if item is not None and item.reaction is not reaction:
            self._set_reaction(item, reaction)

    def _item(self, message_id: int) -> ReviewItem | None:
        return next((item for item in self.items if item.message_id == message_id), None)

    @work(group="review-reactions", exit_on_error=False)
    async def _send_reaction(
        self, message_id: int, session_id: str, reaction: Reaction, previous: Reaction | None
    ) -> None:
        try:
            await self.app.data.set_reaction(self.agent.id, session_id, message_id, reaction)
        except CustomGPTError as error:
            item = self._item(message_id)
            now = (item.reaction if item else None) or Reaction.NEUTRAL
            if item is not None and now is reaction:  # not changed again since
                self._set_reaction(item, previous)
            self.notify(f"Reaction not saved: {describe(error)}", severity="error")

    # ------------------------------------------------------------ export

    def action_export(self) -> None:
        if not self.loaded:
            self.notify("The answers are still loading.", severity="warning")
            return
        self._export()

    def suggested_path(self) -> Path:
        name = clean_line(self.agent.name).translate(UNSAFE_FILENAME).strip(" .-")[:60]
        return Path.cwd() / f"review-{name or self.agent.id}.md"

    @work(group="review-export", exclusive=True, exit_on_error=False)
    async def _export(self) -> None:
        answer = await self.app.push_screen_wait(
            PromptScreen(
                f"Export the {plural(len(self.shown), 'answer')} shown",
                str(self.suggested_path()),
                ok_label="Export",
                detail="A .csv or .md file, by its extension; an existing file is never "
                "overwritten.",
            )
        )
        if not answer:
            return
        format = format_for(Path(answer).name)
        if format is None:
            self.notify("Name a .csv or .md file.", severity="warning")
            return
        text = render_review(
            self.shown,
            format,
            agent_name=clean_line(self.agent.name),
            filters_text=self.filters.text(self._today()),
        )
        written = save_export(answer, text, notify=self.notify)
        if written is None:
            return
        self.notify(f"Exported {plural(len(self.shown), 'answer')} to {written}.")
