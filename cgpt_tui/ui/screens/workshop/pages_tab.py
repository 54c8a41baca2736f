"""The Pages tab: every page of the agent, filtered by status and searched by URL.

In the table: r reindexes the page under the cursor, Delete deletes it (asks first), e edits
its metadata, / goes to the search box.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Select, Static

from cgpt_tui.api import Agent, AgentPage, CustomGPTError, PageMetadata
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.app_services import FIRST_FRAME_OUT, AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.memory import freeze_survivors
from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
from cgpt_tui.ui.screens.workshop.page_metadata_screen import PageMetadataScreen
from cgpt_tui.ui.screens.workshop.status import TabStatus
from cgpt_tui.ui.widgets.filter_box import FilterBox
from cgpt_tui.ui.widgets.pages_table import PagesTable, header_line, page_name, size_words
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors
from cgpt_tui.wording import plural

FOLLOW_UP_TO = 2_000  # pages an agent may have for the tab to follow its indexing
FOLLOW_EVERY = 3.0  # seconds between two looks while pages are queued
FREEZE_FROM = 5_000  # pages from which a full GC pass is worth avoiding
FILTERS = (
    ("all", "All pages"),
    ("ok", "Indexed"),
    ("failed", "Failed"),
    ("queued", "Queued"),
    ("n/a", "n/a"),
    ("limited", "Limited"),
)


def counts_words(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = [f"{counts['ok']:,} indexed"]
    parts += [f"{counts[s]:,} {s}" for s in ("failed", "queued", "limited", "n/a") if counts[s]]
    return f"{plural(total, 'page')}: {', '.join(parts)}."


class WorkshopPagesTable(PagesTable):
    """The table with the tab's keys (letters, so they live here, not above the search box)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reindex", "Reindex", id="workshop.pages.reindex"),
        Binding("delete,d", "delete", "Delete", id="workshop.pages.delete"),
        Binding("e", "metadata", "Metadata", id="workshop.pages.metadata"),
        Binding("slash", "search", "Search", id="workshop.pages.search"),
    ]

    def action_reindex(self) -> None:
        self.query_ancestor(PagesTab).action_reindex()

    def action_delete(self) -> None:
        self.query_ancestor(PagesTab).action_delete()

    def action_metadata(self) -> None:
        self.query_ancestor(PagesTab).action_metadata()

    def action_search(self) -> None:
        self.query_ancestor(PagesTab).query_one(FilterBox).focus()


class PagesTab(ReportsWorkerErrors, Vertical):
    """Posts `TabStatus` for the screen's status line."""

    app = getters.app(AppServices)

    def __init__(self, agent: Agent, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.agent = agent
        self.loaded = False

    @property
    def table(self) -> WorkshopPagesTable:
        return self.query_one(WorkshopPagesTable)

    def compose(self) -> ComposeResult:
        with Horizontal(id="pages-controls"):
            yield Select(
                [(label, value) for value, label in FILTERS],
                value="all",
                allow_blank=False,
                id="pages-filter",
            )
            yield FilterBox(placeholder="Search URLs and file names", id="pages-search")
        yield Static("", id="pages-header")
        yield WorkshopPagesTable(id="pages-table")
        yield Static("", id="pages-detail")
        yield Static(
            Content("r reindex · Delete delete · e metadata · / search"), classes="field-hint"
        )

    def on_mount(self) -> None:
        self.load()

    def on_resize(self) -> None:
        self._header()

    def _header(self) -> None:
        table = self.table
        width = table.scrollable_content_region.width or table.size.width
        self.query_one("#pages-header", Static).update(
            Content(header_line(width, table.has_reasons))
        )

    @work(group="pages-load", exclusive=True, exit_on_error=False)
    async def load(self, quiet: bool = False) -> None:
        """Fetch every page; `quiet` (following the indexing) says nothing until it is in."""
        if not quiet:
            self.post_message(TabStatus(self, "Loading every page…"))
        try:
            pages = await self.app.data.workshop.all_pages(self.agent.id)
        except CustomGPTError as error:
            self.post_message(TabStatus(self, describe(error, retry_key="ctrl+r"), error=True))
            return
        self.table.set_pages(pages, keep_cursor=True)
        if len(pages) >= FREEZE_FROM:
            # Once the pages show: a full GC pass over 50,000 records took ~150 ms and came
            # at the next filter or key (see ui/memory.py); collected once, then left out.
            self.set_timer(FIRST_FRAME_OUT, freeze_survivors)
        self.loaded = True
        self._header()
        self._say_counts()
        if self.table.counts()["queued"] and len(pages) <= FOLLOW_UP_TO:
            self.set_timer(FOLLOW_EVERY, self._follow)

    def _follow(self) -> None:
        """Load again while pages are queued, so their new status shows (small agents only:
        a walk over every page of a big one is hundreds of requests)."""
        if self.is_attached:
            self.load(quiet=True)

    def _say_counts(self) -> None:
        table = self.table
        shown = len(table.shown)
        total = len(table.pages)
        filtered = f" Showing {shown:,}." if shown != total else ""
        self.post_message(TabStatus(self, counts_words(table.counts()) + filtered))

    @on(PagesTable.CursorMoved)
    def _detail(self, event: PagesTable.CursorMoved) -> None:
        """The page under the cursor in full: the columns cut long URLs and reasons."""
        page = event.page
        detail = self.query_one("#pages-detail", Static)
        if page is None:
            detail.update("")
            return
        reason = clean_line(page.failure_reason)
        size = f" · {size_words(page.filesize)}" if page.filesize is not None else ""
        stages = f"crawl {clean_line(page.crawl_status)}, index {clean_line(page.index_status)}"
        first = Content.assemble(page_name(page), (f"  ({stages}{size})", "$text-muted"))
        detail.update(Content.assemble(first, "\n", (reason, "$text-error")) if reason else first)

    @on(Select.Changed, "#pages-filter")
    def _status_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.table.filter(status=event.value)
            if self.loaded:
                self._say_counts()

    @on(FilterBox.Settled, "#pages-search")
    def _searched(self, event: FilterBox.Settled) -> None:
        self.table.filter(search=event.value)
        if self.loaded:
            self._say_counts()

    @on(FilterBox.Finished, "#pages-search")
    def _search_done(self) -> None:
        self.table.focus()

    # ------------------------------------------------------------ actions

    def _page_or_say(self) -> AgentPage | None:
        page = self.table.current_page
        if page is None:
            self.post_message(TabStatus(self, "No page under the cursor.", error=True))
        return page

    def action_reindex(self) -> None:
        if (page := self._page_or_say()) is not None:
            self.reindex(page)

    @work(group="pages-change", exclusive=True, exit_on_error=False)
    async def reindex(self, page: AgentPage) -> None:
        name = page_name(page)
        try:
            await self.app.data.workshop.reindex_page(self.agent.id, page.id)
        except CustomGPTError as error:
            self.post_message(TabStatus(self, f"Not reindexed: {describe(error)}", error=True))
            return
        self.table.replace_page(dataclasses.replace(page, index_status="queued"))
        self.post_message(TabStatus(self, f"Reindexing {name}."))

    def action_delete(self) -> None:
        page = self._page_or_say()
        if page is None:
            return
        self.app.push_screen(
            ConfirmScreen("Delete this page?", page_name(page), confirm_label="Delete"),
            callback=lambda yes: self._delete_if(yes, page),
        )

    def _delete_if(self, yes: bool | None, page: AgentPage) -> None:
        if yes:
            self.delete(page)

    @work(group="pages-change", exclusive=True, exit_on_error=False)
    async def delete(self, page: AgentPage) -> None:
        try:
            await self.app.data.workshop.delete_page(self.agent.id, page.id)
        except CustomGPTError as error:
            self.post_message(TabStatus(self, f"Not deleted: {describe(error)}", error=True))
            return
        self.table.remove_page(page.id)
        self.post_message(TabStatus(self, f"Deleted {page_name(page)}."))

    def action_metadata(self) -> None:
        page = self._page_or_say()
        if page is None:
            return
        self.app.push_screen(PageMetadataScreen(self.agent.id, page), callback=self._metadata_saved)

    def _metadata_saved(self, saved: PageMetadata | None) -> None:
        if saved is not None:
            self.post_message(TabStatus(self, "Metadata saved."))
