"""The insights screen painting an agent with a big history cache, offline.

The cache is helper B's (`tests.bench.insights.make_cache`): 100,000 messages of one agent
over the year before TODAY. The real app starts on it with no server (so the cache answers,
as it does offline) and the screen is opened on the last 365 days, daily: every message
counts. Each time runs from pushing the screen to the first frame composed after it showed
the insights. The first open also imports plotext (the start path never does); the median
of the opens after it is the figure held to the budget.

The baseline, measured in the same run: a screen holding one Static of the same size,
pushed the same way, to its first frame.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from cgpt_tui.history.store import HistoryStore
from cgpt_tui.ui.app import CgptApp
from cgpt_tui.ui.screens.insights import InsightsScreen
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.session import Session
from tests.bench.harness import SIZE, FrameClock, timed_display, until
from tests.bench.insights import AGENT_ID, TODAY, make_cache

NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing answers, the cache does
YEAR = 3  # the index of "last 365 days" in ranges.SPANS


@dataclass(frozen=True)
class ScreenRun:
    messages: int
    first_seconds: float  # the first open (plotext imported then)
    paint_seconds: float  # the median of the opens after it
    static_seconds: float  # baseline: a screen with one Static of the same size
    queries: str  # what the queries figure showed


class StaticScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        width, height = SIZE
        yield Static("\n".join("x" * width for _ in range(height)))


async def _open(
    app: CgptApp, clock: FrameClock, screen: Screen, shown: Callable[[], object]
) -> float:
    started = time.perf_counter()
    await app.push_screen(screen)
    seen = await until(shown)
    painted = await clock.first_frame_after(seen) - started
    app.pop_screen()
    await until(lambda: isinstance(app.screen, MainScreen))
    return painted


async def screen_times(messages: int, repeats: int = 3) -> ScreenRun:
    with tempfile.TemporaryDirectory() as folder:
        path = make_cache(Path(folder) / "bench.sqlite3", messages)
        now = datetime.combine(TODAY, datetime.min.time(), UTC).replace(hour=12)
        with HistoryStore(path) as store:
            app = CgptApp(
                Session(base_url=NOWHERE, api_key="bench-key", history=store, clock=lambda: now)
            )
            clock = FrameClock()
            timed_display(app, clock)
            async with app.run_test(size=SIZE) as pilot:
                await until(
                    lambda: (
                        isinstance(app.screen, MainScreen)
                        and any(a.id == AGENT_ID for a in app.screen.agents.agents)
                    ),
                )
                await until(lambda: app.offline)
                await pilot.pause(0.5)
                main = app.screen
                assert isinstance(main, MainScreen)
                agent = next(a for a in main.agents.agents if a.id == AGENT_ID)
                times, queries = [], ""
                for _ in range(repeats + 1):
                    screen = InsightsScreen(agent)
                    screen.span, screen.interval = YEAR, "daily"
                    times.append(await _open(app, clock, screen, lambda s=screen: s.shown))
                    assert screen.insight is not None and screen.insight.from_cache
                    queries = screen.figures.value("queries")
                statics = []
                for _ in range(repeats):
                    plain = StaticScreen()
                    statics.append(await _open(app, clock, plain, lambda p=plain: p.is_mounted))
    return ScreenRun(
        messages,
        times[0],
        statistics.median(times[1:]),
        statistics.median(statics),
        queries,
    )


if __name__ == "__main__":
    import asyncio

    run = asyncio.run(screen_times(100_000))
    print(
        f"insights screen, {run.messages:,} cached messages: first open "
        f"{run.first_seconds * 1000:.0f} ms, then {run.paint_seconds * 1000:.0f} ms "
        f"(a Static screen {run.static_seconds * 1000:.0f} ms); queries shown {run.queries}"
    )
