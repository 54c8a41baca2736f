"""A list drawn a line at a time (the line API) with a cursor: what the workshop's pages table
and the review queue share. Only the rows on screen are drawn, so ten thousand rows mount as
fast as ten; a subclass says how many rows there are, draws one, and says what the cursor is on.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with "…"."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class CursorLines(ScrollView, can_focus=True):
    """Rows `0 .. row_count - 1` under a cursor moved by the `cursor`, `page`, `first` and
    `last` actions (the subclass binds its keys to them) and by clicks."""

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # row styles by what the row is and whether the cursor is on it: made once a frame
        self._styles: dict[tuple[str, bool], tuple[Style, Style, Style]] = {}

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """Called after every move of the cursor: the subclass posts its message."""

    def watch_cursor(self, cursor: int) -> None:
        self._scroll_to_cursor(later=True)
        self.refresh()
        self.cursor_moved()

    def _scroll_to_cursor(self, later: bool = False) -> None:
        """Bring the cursor's row into view; just after new rows, once the layout knows them
        if it does not yet (until then the scroll is clamped to the old height)."""
        if not self.row_count:
            return
        cursor = self.cursor
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        target = cursor if cursor < top else cursor - height + 1 if cursor >= top + height else top
        if target == top:
            return
        if later and target > self.max_scroll_y:
            self.call_after_refresh(self._scroll_to_cursor)
        else:
            # force: just after new rows, the scrollbar (which allows scrolling) is not there yet
            self.scroll_to(y=target, animate=False, immediate=True, force=True)

    def _move_to(self, row: int) -> None:
        if self.row_count:
            row = max(0, min(row, self.row_count - 1))
            if row != self.cursor:
                self.cursor = row

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._move_to(self.cursor + step * max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self.row_count - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self._move_to(round(self.scroll_offset.y) + offset.y)

    def on_resize(self) -> None:
        self.virtual_size = Size(0, self.row_count)  # rows fit the width: never scrolled sideways

    def render_lines(self, crop: Region) -> list[Strip]:
        self._styles.clear()  # once a frame: the theme or the focus may have changed
        return super().render_lines(crop)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
