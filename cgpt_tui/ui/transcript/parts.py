"""What the transcript's key actions (`answer_keys.AnswerKeys`) use of the `Transcript` they
are mixed into: a Protocol, so that module need not import the one that imports it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.events import MouseEvent
from textual.geometry import Offset, Region
from textual.message import Message

from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.layout import TranscriptLayout
from cgpt_tui.ui.transcript.painter import Painted


class TranscriptParts(Protocol):
    # The transcript's messages (classes nested in Transcript, for their handler names).
    @property
    def NearTop(self) -> Callable[[], Message]: ...

    @property
    def CardOpened(self) -> Callable[..., Message]: ...

    @property
    def ReactionRequested(self) -> Callable[..., Message]: ...

    @property
    def CopyRequested(self) -> Callable[..., Message]: ...

    @property
    def RetryRequested(self) -> Callable[..., Message]: ...

    @property
    def CodeCopyRequested(self) -> Callable[..., Message]: ...

    @property
    def AskAgainRequested(self) -> Callable[..., Message]: ...

    @property
    def EditRequested(self) -> Callable[..., Message]: ...

    cursor: int | None
    card_cursor: int | None
    marker_cursor: int | None  # of the selected answer's painted markers
    code_cursor: int | None  # of its painted code blocks
    _layout: TranscriptLayout
    _stick: bool

    @property
    def entries(self) -> list[ChatEntry]: ...

    @property
    def selected_entry(self) -> ChatEntry | None: ...

    # Of the transcript itself.
    def _anchor(self) -> tuple[int, float] | None: ...

    def _content_offset(self, event: MouseEvent) -> Offset | None: ...

    def _settle(
        self, anchor: tuple[int, float] | None, *, follow: bool, budget: float | None = None
    ) -> None: ...

    def _painted(self, index: int) -> Painted: ...

    # Of AnswerKeys, called on `self`.
    def _set_cursor(
        self,
        index: int | None,
        card: int | None = None,
        *,
        marker: int | None = None,
        code: int | None = None,
    ) -> None: ...

    def _scroll_to_entry(self, index: int, card: int | None) -> None: ...

    def _repaint_cursor(self) -> None: ...

    # Of Textual's ScrollView.
    @property
    def scroll_y(self) -> float: ...

    @property
    def scrollable_content_region(self) -> Region: ...

    def scroll_home(self, *, animate: bool = ..., immediate: bool = ...) -> None: ...

    def scroll_end(self, *, animate: bool = ..., immediate: bool = ...) -> None: ...

    def scroll_to(
        self, *, y: float | None = ..., animate: bool = ..., immediate: bool = ...
    ) -> None: ...

    def post_message(self, message: Message) -> bool: ...

    def notify(self, message: str, *, timeout: float | None = ...) -> None: ...

    def focus(self, scroll_visible: bool = ...) -> object: ...
