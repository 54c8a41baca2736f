"""The pace at which an answer being streamed is painted into the transcript.

Tokens arrive far faster than anyone reads them (the stand-in, unpaced, sends thousands a
second), and every repaint of the growing answer costs the same whatever it brings. So a
change is not painted when it arrives; it only makes a paint due:

- **At most 8 paints a second** (FLUSH_INTERVAL), a pace for reading: a few words at a
  time at 50-100 tokens a second (at 100 tokens a second each paint costs ~10 ms of CPU all
  told, so the rate is most of what an answer costs). A change is painted once FLUSH_INTERVAL
  has passed since the last paint (at once when it has: the stream is read in batches about
  as far apart, api/streaming.py READ_PAUSE, and waiting a whole interval after each would
  paint every other one); the changes that come before then ride along. The cost of a token
  then does not depend on how the server happens to cut the text, and the event loop keeps
  most of each interval for keys and everything else. A paint sends the terminal only the
  cells that changed (repaint.py): at 100 tokens a second, the new words and a cursor move.
- **Finished blocks are rendered ahead, in slices** (PRERENDER_SLICE). Once the answer has a
  block that can no longer change, it is rendered a few milliseconds at a time between other
  work, so a paint (and a key waiting behind it) pays only for the block still growing, not
  for a long answer's finished blocks all at once.
- **A key typed a moment ago goes first** (KEY_FIRST). Painting the stream right after a key
  in the composer would hold the echo of that key back by a paint and a frame (~25 ms); the
  paint waits until KEY_FIRST has passed since the key instead. The transcript does not know
  the composer: its owner hands it `key_pressed_at`, a callable giving when a key was last
  typed (`time.monotonic()`).

When the stream ends (finished, stopped by the reader, failed) the final state is painted at
once: it has to show, and nothing more is coming to wait for.

The path of one token: the server's Server-Sent Event is parsed by `api/streaming.py` into a
`TextDelta`, which `services/data.py`'s `stream_answer` hands to the chat pane's worker
(`widgets/chat_pane.py`); `ChatEntry.apply` (entry.py) appends it to the answer's Markdown
(`render/blocks.py` splits the finished blocks from the growing one) and the pane tells the
transcript `stream_changed`; here it waits for the next paint, when `Transcript.update_entry`
has `painter.py` render the growing block again into the entry's cached lines, and Textual
draws the lines on screen with `render_line`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from cgpt_tui.ui.transcript.entry import ChatEntry

FLUSH_INTERVAL = 1 / 8  # the stream repaints 8 times a second: for reading, room for keys
PRERENDER_SLICE = 0.004  # seconds of rendering finished blocks at a time
KEY_FIRST = 0.02  # seconds a stream repaint waits after a key typed in the composer


class PacedView(Protocol):
    """What the pacer uses of the transcript it paints into."""

    key_pressed_at: Callable[[], float]

    def update_entry(self, entry: ChatEntry) -> None: ...

    def prerender(self, entry: ChatEntry, seconds: float) -> bool: ...

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> object: ...

    def call_later(self, callback: Callable[[], Any]) -> bool: ...


class StreamPacer:
    """Paints the one entry being streamed into a view, at the pace described above."""

    def __init__(self, view: PacedView, clock: Callable[[], float] = time.monotonic) -> None:
        self._view = view
        self._clock = clock
        self._entry: ChatEntry | None = None  # the entry being streamed, if any
        self._flush_due = False
        self._prerender_due = False
        self._painted_at = -FLUSH_INTERVAL  # clock() at the last paint

    @property
    def streamed(self) -> ChatEntry | None:
        """The entry being streamed, if any."""
        return self._entry

    def start(self, entry: ChatEntry) -> None:
        """Follow `entry` (already in the view) while it is streamed."""
        self._entry = entry
        self._painted_at = self._clock()  # the question was painted as it was added

    def changed(self, entry: ChatEntry) -> None:
        """The entry took text or a new state: paint it soon, and render what is finished."""
        if not self._flush_due:
            self._flush_due = True
            wait = self._painted_at + FLUSH_INTERVAL - self._clock()
            if wait > 0:
                self._view.set_timer(wait, self._flush)
            else:  # a Textual timer of 0 s divides by its interval
                self._view.call_later(self._flush)
        if self._entry is entry and not self._prerender_due and entry.answer.finished:
            self._prerender_due = True
            self._view.call_later(self._prerender)

    def end(self, entry: ChatEntry) -> None:
        """The stream is over: stop following the entry and paint its final state now."""
        # Painted as a finished entry: when its last text (read in one batch with the end)
        # passes the bottom, the view moves on just enough to show it, the answer filling
        # the view (a step of two thirds would leave a finished answer over blank rows).
        if self._entry is entry:
            self._entry = None
        self._paint(entry)

    def _prerender(self) -> None:
        """Render finished blocks a few milliseconds at a time between other work, so that
        a repaint (and a key waiting behind it) only pays for the growing block."""
        entry = self._entry
        if entry is not None and not self._view.prerender(entry, PRERENDER_SLICE):
            self._view.call_later(self._prerender)
            return
        self._prerender_due = False

    def _flush(self) -> None:
        # A key typed a moment ago gets its frame first: painting the stream now would
        # hold the echo of that key back by a repaint and a frame (~25 ms).
        typed_ago = time.monotonic() - self._view.key_pressed_at()
        if typed_ago < KEY_FIRST:
            self._view.set_timer(KEY_FIRST - typed_ago, self._flush)
            return
        self._flush_due = False
        if self._entry is not None:
            self._paint(self._entry)

    def _paint(self, entry: ChatEntry) -> None:
        self._painted_at = self._clock()
        entry.touch()
        self._view.update_entry(entry)
