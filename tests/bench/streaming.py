"""Streaming: a long Markdown answer from the stand-in at unlimited pace, into the chat.

Measured from the first token the app receives to the first frame that shows the finished
answer. The baseline writes the same tokens one by one to stock `Markdown.get_stream()` in a
plain `VerticalScroll`, the way Textual's docs stream Markdown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from cgpt_tui.api import TextDelta
from cgpt_tui.ui.transcript.entry import ChatEntry, EntryStatus
from tests.bench.corpus import markdown_answer, split_tokens
from tests.bench.harness import SIZE, FrameClock, running_app, timed_display, until
from tests.bench.standin import StandIn

QUESTION = "How do I export all my data?"


@dataclass(frozen=True)
class StreamRun:
    tokens: int
    seconds: float  # first token to the first frame of the finished answer

    @property
    def rate(self) -> float:
        return self.tokens / self.seconds


def median_run(runs: list[StreamRun]) -> StreamRun:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


async def stream_in_app(tokens: int, history: int) -> StreamRun:
    """Ask once in a conversation with `history` earlier answers; time the answer."""
    with StandIn(history=history, answers=[tokens]) as server:
        async with running_app(server) as (app, pilot, clock):
            screen = app.screen
            chat = screen.query_one("ChatPane")
            transcript = chat.transcript
            await load_whole_history(pilot, chat, history)
            first_token: list[float] = []
            painted_done: list[float] = []
            append, update = transcript.append, transcript.update_entries

            def watch_entry(entry: ChatEntry) -> None:
                apply = entry.apply

                def timed_apply(event):
                    if not first_token and isinstance(event, TextDelta) and event.text:
                        first_token.append(time.perf_counter())
                    return apply(event)

                entry.apply = timed_apply  # type: ignore[method-assign]
                append(entry)

            def watch_paint(entries: list[ChatEntry]) -> None:
                update(entries)
                if any(e.status is EntryStatus.DONE for e in entries) and not painted_done:
                    painted_done.append(time.perf_counter())

            transcript.append = watch_entry  # type: ignore[method-assign]
            transcript.update_entries = watch_paint  # type: ignore[method-assign]
            chat.composer.text = QUESTION
            chat.composer.focus()
            await pilot.press("enter")
            await until(lambda: painted_done, timeout=600, step=0.005)
            shown = await clock.first_frame_after(painted_done[0])
            entry = transcript.entries[-1]
            assert entry.answer_text == markdown_answer(tokens), "the answer arrived changed"
            return StreamRun(tokens, shown - first_token[0])


async def load_whole_history(pilot, chat, count: int) -> None:
    """Scroll to the top until all `count` earlier answers are in the chat, then go back down."""
    transcript = chat.transcript
    await until(lambda: not chat._history_loading and len(transcript.entries) >= min(count, 1))
    while len(transcript.entries) < count:
        transcript.focus()
        await pilot.press("home")
        await until(lambda: not chat._history_loading)
    await pilot.press("end")
    await pilot.pause()


class _Baseline(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown()


async def stream_into_stock_markdown(tokens: int) -> StreamRun:
    pieces = split_tokens(markdown_answer(tokens))
    app = _Baseline()
    clock = FrameClock()
    timed_display(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        markdown = app.query_one(Markdown)
        stream = Markdown.get_stream(markdown)
        start = time.perf_counter()
        for piece in pieces:
            await stream.write(piece)
        await stream.stop()
        shown = await clock.first_frame_after(time.perf_counter())
        return StreamRun(tokens, shown - start)
