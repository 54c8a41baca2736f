"""The stream's pace (transcript/streaming.py), against a view that only records what it is
asked: timers and callbacks run when the test says so."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from cgpt_tui.api import TextDelta
from cgpt_tui.ui.transcript.entry import ChatEntry, EntryStatus
from cgpt_tui.ui.transcript.streaming import FLUSH_INTERVAL, KEY_FIRST, StreamPacer


class RecordingView:
    def __init__(self) -> None:
        self.key_pressed_at: Callable[[], float] = lambda: 0.0
        self.painted: list[tuple[ChatEntry, int]] = []  # the entry and its version, per paint
        self.timers: list[tuple[float, Callable[[], Any]]] = []
        self.later: list[Callable[[], Any]] = []
        self.prerendered: list[ChatEntry] = []
        self.now = 0.0  # the pacer's clock: it moves when the test moves it

    def clock(self) -> float:
        return self.now

    def update_entry(self, entry: ChatEntry) -> None:
        self.painted.append((entry, entry.version))

    def prerender(self, entry: ChatEntry, seconds: float) -> bool:
        self.prerendered.append(entry)
        return len(self.prerendered) >= 2  # two slices render everything finished

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> object:
        self.timers.append((delay, callback))
        return callback

    def call_later(self, callback: Callable[[], Any]) -> bool:
        self.later.append(callback)
        return True

    def fire_timers(self) -> list[float]:
        timers, self.timers = self.timers, []
        for _delay, callback in timers:
            callback()
        return [delay for delay, _callback in timers]

    def run_later(self) -> None:
        while self.later:
            self.later.pop(0)()


def streamed(pacer: StreamPacer, view: RecordingView, *texts: str) -> ChatEntry:
    entry = ChatEntry("Why?", status=EntryStatus.SENDING)
    pacer.start(entry)
    for text in texts:
        if entry.apply(TextDelta(text)):
            pacer.changed(entry)
    return entry


def test_tokens_between_two_paints_are_painted_once() -> None:
    view = RecordingView()
    pacer = StreamPacer(view, clock=view.clock)
    entry = streamed(pacer, view, "one ", "two ", "three")
    assert view.painted == []
    assert view.fire_timers() == [FLUSH_INTERVAL]
    assert view.painted == [(entry, 1)]
    if entry.apply(TextDelta(" four")):
        pacer.changed(entry)
    assert [delay for delay, _callback in view.timers] == [FLUSH_INTERVAL]


def test_a_key_just_typed_holds_the_paint_back() -> None:
    view = RecordingView()
    pacer = StreamPacer(view, clock=view.clock)
    streamed(pacer, view, "one ")
    typed = time.monotonic()
    view.key_pressed_at = lambda: typed
    view.fire_timers()
    assert view.painted == []
    (delay,) = [delay for delay, _callback in view.timers]
    assert 0 < delay <= KEY_FIRST
    view.key_pressed_at = lambda: 0.0
    view.fire_timers()
    assert len(view.painted) == 1


def test_finished_blocks_are_rendered_in_slices() -> None:
    view = RecordingView()
    pacer = StreamPacer(view, clock=view.clock)
    entry = streamed(pacer, view, "First paragraph.\n\n", "Second paragraph.\n")
    assert entry.answer.finished
    view.run_later()
    assert view.prerendered == [entry, entry]


def test_the_end_paints_at_once_and_a_late_timer_paints_nothing() -> None:
    view = RecordingView()
    pacer = StreamPacer(view, clock=view.clock)
    entry = streamed(pacer, view, "cut sho")
    entry.status = EntryStatus.STOPPED
    pacer.end(entry)
    assert view.painted == [(entry, 1)]
    view.fire_timers()
    assert view.painted == [(entry, 1)]


def test_a_change_waits_out_what_is_left_of_the_interval_since_the_last_paint() -> None:
    view = RecordingView()
    pacer = StreamPacer(view, clock=view.clock)
    entry = streamed(pacer, view, "one ")
    view.now += FLUSH_INTERVAL / 2  # the first text, half an interval after the question
    view.fire_timers()
    assert view.painted == [(entry, 1)]
    view.now += FLUSH_INTERVAL * 0.3
    if entry.apply(TextDelta("two ")):
        pacer.changed(entry)
    (delay,) = view.fire_timers()
    assert abs(delay - FLUSH_INTERVAL * 0.7) < 1e-9
    view.now += FLUSH_INTERVAL * 3  # a batch read long after the last paint: painted now
    if entry.apply(TextDelta("three")):
        pacer.changed(entry)
    assert view.timers == [], "no timer of 0 s (Textual's divides by its interval)"
    view.run_later()
    assert len(view.painted) == 3
