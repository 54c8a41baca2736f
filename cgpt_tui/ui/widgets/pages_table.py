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
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from cgpt_tui.api import AgentPage
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.widgets.cursor_lines import CursorLines, fit

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


def shown_name(page: AgentPage) -> str:
    """What the URL column shows: the name, without the scheme (the column is narrow)."""
    name = page_name(page)
    for scheme in ("https://", "http://"):
        if name.startswith(scheme) and not page.is_file:
            return name[len(scheme) :]
    return name


def fit_middle(text: str, width: int) -> str:
    """`text` in exactly `width` cells; a long one keeps its start and its end (the host and
    the last part of a path say the most), with "…" between."""
    if cell_len(text) <= width or width < 12:
        return fit(text, width)
    head = width // 3
    tail = width - head - 1
    end = text[-tail:]
    while cell_len(end) > tail:
        end = end[1:]
    return set_cell_size(set_cell_size(text, head) + "…" + end, width)


def size_words(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return ""


def name_column_width(width: int, reasons: bool = True) -> int:
    """The URL takes 3/5 of what the status and size leave, the failure reason the rest;
    all of it when no page has a reason."""
    free = width - STATUS_WIDTH - SIZE_WIDTH - 3 * GAP
    return max(free * 3 // 5 if reasons else free + GAP, 8)


def header_line(width: int, reasons: bool = True) -> str:
    """Column titles lined up with the rows of a table `width` cells wide."""
    name_width = name_column_width(width, reasons)
    rest = width - STATUS_WIDTH - name_width - SIZE_WIDTH - 3 * GAP
    gap = " " * GAP
    return (
        fit("Status", STATUS_WIDTH)
        + gap
        + fit("URL or file", name_width)
        + gap
        + "Size".rjust(SIZE_WIDTH)
        + gap
        + (fit("Why it failed", rest) if rest > 0 else "")
    )


class PagesTable(CursorLines):
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pages: list[AgentPage] = []
        self.statuses: list[str] = []
        self.has_reasons = False  # whether any page says why it failed: the column shows
        self.shown: Sequence[int] = []  # indexes into `pages`, in order
        self._by_status: dict[str, list[int]] = {}
        self.status_filter = "all"
        self.search = ""
        self._search_keys: list[str] | None = None
        # page index → (width, the row's cells): cleaning and fitting once a row, not a frame
        self._texts: dict[int, tuple[int, str, str, str, str]] = {}

    # ------------------------------------------------------------ data

    def set_pages(self, pages: Sequence[AgentPage], *, keep_cursor: bool = False) -> None:
        """Show `pages` under the current filter; with `keep_cursor`, stay near the same row."""
        current = self.current_page
        self.pages = list(pages)
        self.statuses = [page_status(page) for page in self.pages]
        self.has_reasons = any(page.failure_reason for page in self.pages)
        self._by_status = {status: [] for status in STATUSES}
        for index, status in enumerate(self.statuses):
            self._by_status[status].append(index)
        self._search_keys = None
        self._texts = {}
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
        every = range(len(self.pages))
        indexes: Sequence[int] = every if wanted == "all" else self._by_status.get(wanted, [])
        if self.search:
            keys = self._keys()
            needle = self.search
            self.shown = [n for n in indexes if needle in keys[n]]
        else:
            self.shown = indexes
        self.virtual_size = Size(0, len(self.shown))  # rows fit the width: never scrolled sideways
        row = 0
        if keep_id is not None:
            pages = self.pages
            row = next((r for r, n in enumerate(self.shown) if pages[n].id == keep_id), -1)
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
        return {status: len(self._by_status.get(status, ())) for status in STATUSES}

    # ------------------------------------------------------------ cursor

    @property
    def row_count(self) -> int:
        return len(self.shown)

    def cursor_moved(self) -> None:
        self.post_message(self.CursorMoved(self.current_page))

    # ------------------------------------------------------------ drawing

    def _row_styles(self, status: str, cursor: bool) -> tuple[Style, Style, Style]:
        """(base, status, muted) styles for a row; Style additions are costly, so kept."""
        key = (status, cursor)
        found = self._styles.get(key)
        if found is None:
            base = self.rich_style
            if cursor and self.has_focus:
                base = base + self.get_component_rich_style("pages-table--cursor")
            elif cursor:
                base = base + Style(underline=True)
            status_class = f"pages-table--{status.replace('/', '-')}"
            found = (
                base,
                base + self.get_component_rich_style(status_class, partial=True),
                base + self.get_component_rich_style("pages-table--muted", partial=True),
            )
            self._styles[key] = found
        return found

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if row >= len(self.shown):
            return Strip.blank(width, self.rich_style)
        index = self.shown[row]
        status = self.statuses[index]
        texts = self._texts.get(index)
        if texts is None or texts[0] != width:
            texts = self._texts[index] = (width, *self._columns(self.pages[index], status, width))
        _, status_text, name_text, size_text, reason_text = texts
        base, status_style, muted = self._row_styles(status, row == self.cursor)
        segments = [
            Segment(status_text, status_style),
            Segment(name_text, base),
            Segment(size_text, muted),
            Segment(reason_text, muted),
        ]
        if reason_text:  # every column is there, each fitted to its cells: `width` in all
            return Strip(segments, width)
        return Strip(segments).adjust_cell_length(width, base)

    def _columns(self, page: AgentPage, status: str, width: int) -> tuple[str, str, str, str]:
        """The row's four cells as text, each padded to its column (gaps included)."""
        name_width = name_column_width(width, self.has_reasons)
        gap = " " * GAP
        rest = width - STATUS_WIDTH - name_width - SIZE_WIDTH - 3 * GAP
        size = size_words(page.filesize).rjust(SIZE_WIDTH)[:SIZE_WIDTH]
        reason = gap + fit(clean_line(page.failure_reason), rest) if rest > 0 else ""
        return (
            fit(status_words(page, status), STATUS_WIDTH),
            gap + fit_middle(shown_name(page), name_width),
            gap + size,
            reason,
        )
