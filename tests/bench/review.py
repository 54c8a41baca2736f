"""The review queue over 10,000 answers: mount, and next / previous answer.

The answers are made up (tests/ui/review_helpers.py) and handed to the real ReviewScreen
(as its load does once they have come from the server or the cache), so what is timed is the
screen: filtering, the list, the detail pane. Each time runs from the call to the first frame
showing the result (for next / previous: the detail pane showing the new answer). The
baseline is a stock OptionList given the same rows with a Static detail pane updated on each
highlight, measured in the same run.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static

from cgpt_tui.services.reading import Origin
from cgpt_tui.services.review import ReviewItem
from cgpt_tui.ui.memory import freeze_survivors
from cgpt_tui.ui.screens.review.detail import detail_text
from cgpt_tui.ui.widgets.review_list import first_line, reaction_mark, short_when
from tests.bench.harness import SIZE, FrameClock, timed_display, until
from tests.ui.review_helpers import made_up_items
from tests.ui.review_host import AGENT, GivenReview, ReviewHost

STEPS = 20  # next / previous moves timed, half each way


@dataclass(frozen=True)
class ReviewRun:
    answers: int
    mount_seconds: float
    step_seconds: float  # median of STEPS moves
    worst_step_seconds: float


async def _frame_after(clock: FrameClock, started: float) -> float:
    return await clock.first_frame_after(time.perf_counter()) - started


async def ours(items: list[ReviewItem]) -> ReviewRun:
    app = ReviewHost()
    clock = FrameClock()
    timed_display(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = GivenReview(AGENT)
        started = time.perf_counter()
        await app.push_screen(screen)
        screen.show_items(items, Origin.SERVER)
        await until(lambda: screen.detail_item is items[0])
        mounted = await _frame_after(clock, started)
        freeze_survivors()
        await pilot.pause()
        steps = []
        for n in range(STEPS):
            step = 1 if n < STEPS // 2 else -1
            queue = screen.queue
            target = queue.items[queue.cursor + step]
            started = time.perf_counter()
            queue.action_cursor(step)
            await until(lambda target=target: screen.detail_item is target)
            steps.append(await _frame_after(clock, started))
            await pilot.pause()
        return ReviewRun(len(items), mounted, statistics.median(steps), max(steps))


def _prompt(item: ReviewItem) -> str:
    return "  ".join(
        (
            short_when(item.created_at),
            reaction_mark(item.reaction),
            item.request_source or "?",
            first_line(item.question),
            first_line(item.answer),
        )
    )


class StockHost(App[None]):
    def __init__(self, items: list[ReviewItem]) -> None:
        super().__init__()
        self.items = items
        self.shown: ReviewItem | None = None

    def compose(self) -> ComposeResult:
        return iter(())

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.shown = self.items[event.option_index]
        self.query_one(Static).update(detail_text(self.shown))


async def stock(items: list[ReviewItem]) -> ReviewRun:
    """A stock OptionList given every row, and a Static detail pane."""
    app = StockHost(items)
    clock = FrameClock()
    timed_display(app, clock)
    prompts = [_prompt(item) for item in items]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options: OptionList = OptionList()
        started = time.perf_counter()
        await app.screen.mount(options, Static())
        options.add_options(prompts)
        options.highlighted = 0
        await until(lambda: app.shown is items[0])
        mounted = await _frame_after(clock, started)
        await pilot.pause()
        steps = []
        for n in range(STEPS):
            down = n < STEPS // 2
            target = items[(options.highlighted or 0) + (1 if down else -1)]
            started = time.perf_counter()
            options.action_cursor_down() if down else options.action_cursor_up()
            await until(lambda target=target: app.shown is target)
            steps.append(await _frame_after(clock, started))
            await pilot.pause()
        return ReviewRun(len(items), mounted, statistics.median(steps), max(steps))


async def review_times(count: int, repeats: int = 1) -> tuple[ReviewRun, ReviewRun]:
    """(ours, the stock OptionList) over `count` answers; ours is the median of `repeats`."""
    items = made_up_items(count)
    runs = [await ours(items) for _ in range(repeats)]
    median = ReviewRun(
        count,
        statistics.median(r.mount_seconds for r in runs),
        statistics.median(r.step_seconds for r in runs),
        statistics.median(r.worst_step_seconds for r in runs),
    )
    return median, await stock(items)
