"""A list's name filter: the box above the agents and the conversations lists.

It says when to filter (`Settled`), once typing pauses: each change would otherwise ask the
server for a page. Enter and Escape filter at once and hand the focus back to the list
(`Finished`); Escape also empties the box, so the whole list shows again. Typing in the
list itself lands here too (`PagedList.typing_target`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

FILTER_DELAY = 0.25  # seconds of quiet typing before the list is filtered


class FilterBox(Input):
    """Posts `Settled` with the filter to apply, and `Finished` when the user is done."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear the filter", show=False, id="filter.clear"),
    ]

    class Settled(Message):
        """Filter the list by `value` (stripped; "" for everything)."""

        def __init__(self, filter_box: FilterBox, value: str) -> None:
            super().__init__()
            self.filter_box = filter_box
            self.value = value

        @property
        def control(self) -> FilterBox:
            return self.filter_box

    class Finished(Message):
        """Enter or Escape: the list may take the focus back."""

        def __init__(self, filter_box: FilterBox) -> None:
            super().__init__()
            self.filter_box = filter_box

        @property
        def control(self) -> FilterBox:
            return self.filter_box

    _timer: Timer | None = None
    settled = ""  # the filter last announced

    def __init__(self, **kwargs) -> None:
        # Typing in the list puts its first letter here before the focus arrives: selecting
        # the text on focus would let the second letter replace the first.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(**kwargs)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FILTER_DELAY, self.settle)

    def settle(self) -> None:
        """Announce the filter now (nothing when it is the one announced last)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        value = self.value.strip()
        if value != self.settled:
            self.settled = value
            self.post_message(self.Settled(self, value))

    async def action_submit(self) -> None:
        await super().action_submit()
        self.settle()
        self.post_message(self.Finished(self))

    def action_clear_filter(self) -> None:
        self.value = ""
        self.settle()
        self.post_message(self.Finished(self))
