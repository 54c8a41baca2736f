"""Every page of an agent in one scrolling table, however many: only the rows on screen are drawn.

A DataTable or OptionList builds every row up front (50,000 pages took seconds); this widget
keeps the pages, a list of the indexes that pass the filter, and draws lines on demand
(Textual's line API). Filtering by status compares one precomputed word per page; the search
compares against lowercased text built the first time a search is typed.

Server text (URLs, file names, reasons) is cleaned before it is drawn and never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cgpt_tui.api import AgentPage
from cgpt_tui.sanitize import clean_line

STATUSES = ("ok", "failed", "queued", "limited", "n/a")
STATUS_WIDTH = 16
SIZE_WIDTH = 9
GAP = 1


def page_status(page: AgentPage) -> str:
    """One word for both stages: failed or limited at either beats queued, which beats ok."""
    stages = (page.crawl_status, page.index_status)
    for status in ("failed", "limited", "queued"):
        if status in stages:
            return status
    return "ok" if page.index_status == "ok" else "n/a"


def status_words(page: AgentPage, status: str) -> str:
    """The status in words (never colour alone), with the stage when only one is at fault."""
    if status in ("failed", "limited", "queued"):
        stage = "crawl" if page.crawl_status == status else "index"
        return f"{status} ({stage})"
    return "indexed" if status == "ok" else "n/a"


def page_name(page: AgentPage) -> str:
    """The file name of an upload, else the URL; cleaned for one line."""
    if page.is_file and page.filename:
        return clean_line(page.filename) or f"page {page.id}"
    return clean_line(page.url) or clean_line(page.filename) or f"page {page.id}"


def size_words(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return ""


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with "…"."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def name_column_width(width: int) -> int:
    """The URL takes 3/5 of what the status and size leave; the failure reason the rest."""
    free = width - STATUS_WIDTH - SIZE_WIDTH - 3 * GAP
    return max(free * 3 // 5, 8)


def header_line(width: int) -> str:
    """Column titles lined up with the rows of a table `width` cells wide."""
    name_width = name_column_width(width)
    rest = width - STATUS_WIDTH - name_width - SIZE_WIDTH - 3 * GAP
    gap = " " * GAP
    return (
        fit("Status", STATUS_WIDTH)
        + gap
        + fit("URL or file", name_width)
        + gap
        + "Size".rjust(SIZE_WIDTH)
        + gap
        + fit("Why it failed", max(rest, 0))
    )


class PagesTable(ScrollView, can_focus=True):
    """The pages passing `status_filter` and `search`, one line each, with a cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pages-table--cursor",
        "pages-table--ok",
        "pages-table--failed",
        "pages-table--queued",
        "pages-table--limited",
        "pages-table--n-a",
        "pages-table--muted",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="pages.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="pages.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="pages.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="pages.page_down"),
        Binding("home", "first", "First", show=False, id="pages.first"),
        Binding("end", "last", "Last", show=False, id="pages.last"),
    ]

    class CursorMoved(Message):
        """The page under the cursor changed (None when the table shows nothing)."""

        def __init__(self, page: AgentPage | None) -> None:
            super().__init__()
            self.page = page

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pages: list[AgentPage] = []
        self.statuses: list[str] = []
        self.shown: list[int] = []  # indexes into `pages`, in order
        self.status_filter = "all"
        self.search = ""
        self._search_keys: list[str] | None = None
        self._names: dict[int, str] = {}  # page index → cleaned name, as drawn

    # ------------------------------------------------------------ data

    def set_pages(self, pages: Sequence[AgentPage], *, keep_cursor: bool = False) -> None:
        """Show `pages` under the current filter; with `keep_cursor`, stay near the same row."""
        current = self.current_page
        self.pages = list(pages)
        self.statuses = [page_status(page) for page in self.pages]
        self._search_keys = None
        self._names = {}
        self._refilter(current.id if keep_cursor and current else None)

    def remove_page(self, page_id: int) -> None:
        self.set_pages([page for page in self.pages if page.id != page_id], keep_cursor=True)

    def replace_page(self, page: AgentPage) -> None:
        self.set_pages([page if p.id == page.id else p for p in self.pages], keep_cursor=True)

    def filter(self, status: str | None = None, search: str | None = None) -> None:
        """Show only pages of `status` ("all" for every one) whose name holds `search`."""
        if status is not None:
            self.status_filter = status
        if search is not None:
            self.search = search.strip().lower()
        current = self.current_page
        self._refilter(current.id if current else None)

    def _refilter(self, keep_id: int | None) -> None:
        wanted = self.status_filter
        statuses = self.statuses
        indexes: Sequence[int]
        if wanted == "all":
            indexes = range(len(self.pages))
        else:
            indexes = [n for n, status in enumerate(statuses) if status == wanted]
        if self.search:
            keys = self._keys()
            needle = self.search
            self.shown = [n for n in indexes if needle in keys[n]]
        else:
            self.shown = list(indexes)
        self.virtual_size = Size(self.size.width, len(self.shown))
        row = 0
        if keep_id is not None:
            row = next((r for r, n in enumerate(self.shown) if self.pages[n].id == keep_id), -1)
            if row < 0:
                row = min(self.cursor, max(len(self.shown) - 1, 0))
        self.cursor = row
        self.refresh()

    def _keys(self) -> list[str]:
        if self._search_keys is None:
            self._search_keys = [
                f"{page.url or ''} {page.filename or ''}".lower() for page in self.pages
            ]
        return self._search_keys

    @property
    def current_page(self) -> AgentPage | None:
        if 0 <= self.cursor < len(self.shown):
            return self.pages[self.shown[self.cursor]]
        return None

    def counts(self) -> dict[str, int]:
        """How many pages have each status (all pages, whatever the filter)."""
        found = dict.fromkeys(STATUSES, 0)
        for status in self.statuses:
            found[status] += 1
        return found

    # ------------------------------------------------------------ cursor

    def watch_cursor(self, cursor: int) -> None:
        if self.shown:
            height = max(self.scrollable_content_region.height, 1)
            top = round(self.scroll_offset.y)
            if cursor < top:
                self.scroll_to(y=cursor, animate=False)
            elif cursor >= top + height:
                self.scroll_to(y=cursor - height + 1, animate=False)
        self.refresh()
        self.post_message(self.CursorMoved(self.current_page))

    def _move_to(self, row: int) -> None:
        if self.shown:
            self.cursor = max(0, min(row, len(self.shown) - 1))

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._move_to(self.cursor + step * max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.shown) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self._move_to(round(self.scroll_offset.y) + offset.y)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.shown))

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if row >= len(self.shown):
            return Strip.blank(width, self.rich_style)
        index = self.shown[row]
        page = self.pages[index]
        status = self.statuses[index]
        name = self._names.get(index)
        if name is None:
            name = self._names[index] = page_name(page)
        reason = clean_line(page.failure_reason)
        base = self.rich_style
        if row == self.cursor and self.has_focus:
            base = base + self.get_component_rich_style("pages-table--cursor")
        elif row == self.cursor:
            base = base + Style(reverse=False, underline=True)
        status_style = base + self.get_component_rich_style(
            f"pages-table--{status.replace('/', '-')}", partial=True
        )
        muted = base + self.get_component_rich_style("pages-table--muted", partial=True)
        name_width = name_column_width(width)
        segments = [
            Segment(fit(status_words(page, status), STATUS_WIDTH), status_style),
            Segment(" " * GAP, base),
            Segment(fit(name, name_width), base),
            Segment(" " * GAP, base),
            Segment(size_words(page.filesize).rjust(SIZE_WIDTH)[:SIZE_WIDTH], muted),
        ]
        rest = width - STATUS_WIDTH - name_width - SIZE_WIDTH - 2 * GAP
        if rest > GAP:
            segments += [Segment(" " * GAP, base), Segment(fit(reason, rest - GAP), muted)]
        return Strip(segments).adjust_cell_length(width, base)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
