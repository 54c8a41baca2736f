"""An OptionList that asks for its next page when the reader nears its end."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import suppress
from typing import ClassVar, Self

from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.dom import NoScreen
from textual.events import Key
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets._option_list import OptionListContent  # the type add_options takes

from cgpt_tui.ui.memory import freeze_survivors
from cgpt_tui.ui.widgets.filter_box import FilterBox

PREFETCH_ROWS = 5  # ask for more when the highlight or the view is this close to the end
FREEZE_AFTER = 2_000  # rows added since the last freeze from which a full GC pass is long


class Rows(Content):
    """A list prompt that takes as many rows as it has lines.

    OptionList measures every option by wrapping it, which took ~0.5 s for 10,000 agents.
    PagedList never wraps (its style says `text-wrap: nowrap`, long text ends in an
    ellipsis), so a prompt's height is its number of lines.
    """

    __slots__ = ()

    @classmethod
    def of(cls, content: Content) -> Rows:
        return cls(content.plain, list(content.spans), strip_control_codes=False)

    @classmethod
    def build(cls, *parts: str | tuple[str, str]) -> Rows:
        """Text and (text, style) parts joined, like `Content.assemble` at a third of the
        cost: a pane of 10,000 rows makes one per row. Parts must be clean already."""
        spans: list[Span] = []
        offset = 0
        texts: list[str] = []
        for part in parts:
            text, style = (part, None) if isinstance(part, str) else part
            if style is not None and text:
                spans.append(Span(offset, offset + len(text), style))
            texts.append(text)
            offset += len(text)
        return cls("".join(texts), spans, strip_control_codes=False)

    def get_height(self, rules: object, width: int) -> int:
        return self.plain.count("\n") + 1


class _ListMessage(Message):
    """A message about a PagedList (its `control`, for `@on` selectors)."""

    def __init__(self, paged_list: PagedList) -> None:
        super().__init__()
        self.paged_list = paged_list

    @property
    def control(self) -> PagedList:
        return self.paged_list


class PagedList(OptionList):
    """Options loaded page by page; posts `NeedMore` when the end comes into view.

    Options should be `Rows`: their height is then known without wrapping them.
    """

    # Kept with the widget: `Rows` heights are only right when nothing wraps.
    DEFAULT_CSS = """
    PagedList { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
    ]

    class NeedMore(_ListMessage):
        """The end of the options is near the highlight or the view: the next page."""

    class ViewMoved(_ListMessage):
        """Other options may be in sight: the list scrolled or was resized."""

    _focus_when_loaded = False
    has_more = False  # a class default: OptionList's __init__ may highlight before ours runs
    typing_target: FilterBox | None = None  # where letters typed in the list go
    _typing = False  # a word is being typed: the focus is on its way to the filter box
    _rows_not_frozen = 0

    def add_options(self, new_options: Iterable[OptionListContent]) -> Self:
        """Each row is objects every full GC pass walks: with 10,000 conversations listed a
        pass took 40–63 ms, came every few seconds and landed in key presses (End once took
        57 ms in `python -m tests.bench lists`). Once thousands of new rows are shown they
        are collected once and left out of later passes (ui/memory.py)."""
        before = self.option_count
        super().add_options(new_options)
        self._rows_not_frozen += self.option_count - before
        if self._rows_not_frozen >= FREEZE_AFTER:
            self._rows_not_frozen = 0
            self.call_after_refresh(self._freeze_rows)
        return self

    def _freeze_rows(self) -> None:
        # While the app starts collections are held, and what the start made is frozen
        # with its first frame (AppServices.on_ready): nothing to do here then.
        if gc.isenabled():
            freeze_survivors()

    def on_key(self, event: Key) -> None:
        """Type to filter: a printable key that has no job here (j, k, n, / and ? have)
        goes to the filter box, and the focus with it, so the rest of the word follows.

        The focus moves after the keys already sent here: those go to the box too, bound
        or not ("inv" typed fast is a filter, not i, a new conversation, v)."""
        target = self.typing_target
        if target is None or not event.is_printable or not event.character:
            return
        if not self._typing and (
            event.character == " " or event.key in self.screen.active_bindings
        ):
            return
        self._typing = True
        target.focus()
        target.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def _maybe_need_more(self, *, scrolled: bool = False) -> None:
        """Ask for the next page when the end is near the highlight or the view.

        After a page arrives the view test counts options against the widget's height (an
        option is at least one row), not the scroll range, which may not be measured yet: a
        page that cannot fill the view is always followed by the next one.
        """
        if not self.has_more or self.loading:
            return
        near_highlight = (
            self.highlighted is not None and self.highlighted >= self.option_count - PREFETCH_ROWS
        )
        if scrolled:
            near_view = self.scroll_y >= self.max_scroll_y - PREFETCH_ROWS
        else:
            height = self.size.height or self.screen.size.height
            near_view = self.option_count < height + PREFETCH_ROWS
        if near_highlight or near_view:
            self.loading = True
            self.post_message(self.NeedMore(self))

    def focus_when_loaded(self) -> None:
        """Focus now, or as soon as the page being loaded is in: a loading widget cannot
        take the focus, and a page may start loading before the focus is applied.

        The wish lasts until the focus arrives (`on_focus`) or goes elsewhere on purpose
        (`cancel_focus_when_loaded`): the next page may start loading between one page's
        end and the focus being applied, and the focus is asked for again after it."""
        self._focus_when_loaded = True
        self.app.call_later(self._take_wanted_focus)

    def _take_wanted_focus(self) -> None:
        """The focus, if it is still wished for: `Widget.focus` would apply it later even
        after the user went elsewhere (ctrl+n typed right after Enter on an agent)."""
        if self._focus_when_loaded and self.is_attached:
            with suppress(NoScreen):
                self.screen.set_focus(self)

    def on_blur(self) -> None:
        self._typing = False

    def cancel_focus_when_loaded(self) -> None:
        self._focus_when_loaded = False

    def watch_loading(self, loading: bool) -> None:
        # A loading widget's keys do not apply (Textual's Screen._binding_chain skips it):
        # the footer (KeysFooter) looks again when that changes.
        self.refresh_bindings()
        if not loading and self._focus_when_loaded:
            self.app.call_later(self._take_wanted_focus)

    def on_focus(self) -> None:
        """Arriving in a list puts the cursor on its first row, so Enter does something."""
        self._focus_when_loaded = False
        self._typing = False
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._maybe_need_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._maybe_need_more(scrolled=True)
        self.post_message(self.ViewMoved(self))

    def on_resize(self) -> None:
        self.post_message(self.ViewMoved(self))

    def indices_in_view(self) -> range:
        """The indices of the options with a row on screen (none while the list is not
        laid out or not shown)."""
        height = self.scrollable_content_region.height
        lines = self._lines  # OptionList's (option, line) per row: Rows never wrap
        top = round(self.scroll_y)
        if not height or top >= len(lines):
            return range(0)
        bottom = min(len(lines), top + height) - 1
        return range(lines[top][0], lines[bottom][0] + 1)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the option under the highlight (the row as shown, before a page that
        changes the rows is applied)."""
        index = self.highlighted
        if index is None or index >= self.option_count:
            return None
        return self.get_option_at_index(index).id

    def truncate(self, count: int) -> None:
        """Keep only the first `count` options (the rest go, from the end: each removal
        is then cheap, and the options kept are not made again)."""
        for index in range(self.option_count - 1, count - 1, -1):
            self.remove_option_at_index(index)

    def page_loaded(self, has_more: bool) -> None:
        """Call after adding a page's options."""
        self.loading = False
        self.has_more = has_more
        self.call_after_refresh(self._maybe_need_more)
