"""Running an app for a benchmark: frames are timed as Textual hands them to the terminal.

`FrameClock` keeps the time of every screen update; `first_frame_after(t)` is when the user
could first see the state the app was in at `t`. Apps run headless: every frame is still
composed (each widget's lines are rendered), only the bytes are not written.
"""

from __future__ import annotations

import asyncio
import gc
import resource
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from textual.app import App
from textual.pilot import Pilot

from cgpt_tui.local.state import Location
from cgpt_tui.ui.app import CgptApp
from cgpt_tui.ui.session import Session
from tests.bench.standin import StandIn

SIZE = (140, 45)


class FrameClock:
    def __init__(self) -> None:
        self.frames: list[float] = []
        self.waiters: list[tuple[float, asyncio.Future[float]]] = []
        self.probe: Callable[[], object] = lambda: None  # what a frame showed, kept with it
        self.shown: list[tuple[float, object]] = []

    def first_showing(self, after: float, value: object) -> float | None:
        """The first frame after `after` whose probe gave `value`."""
        return next((t for t, seen in self.shown if t >= after and seen == value), None)

    def tick(self) -> None:
        now = time.perf_counter()
        self.frames.append(now)
        self.shown.append((now, self.probe()))
        for waiter in [w for w in self.waiters if w[0] <= now]:
            self.waiters.remove(waiter)
            if not waiter[1].done():
                waiter[1].set_result(now)

    async def first_frame_after(self, moment: float, timeout: float = 60.0) -> float:
        for frame in self.frames:
            if frame >= moment:
                return frame
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters.append((moment, future))
        return await asyncio.wait_for(future, timeout)


def timed_display(app: App, clock: FrameClock) -> None:
    """Make `app` tell `clock` about every frame it composes."""
    display = app._display

    def _display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            clock.tick()

    app._display = _display  # type: ignore[method-assign]


@asynccontextmanager
async def running_app(
    server: StandIn, *, open_conversation: bool = True, size: tuple[int, int] = SIZE
) -> AsyncIterator[tuple[CgptApp, Pilot, FrameClock]]:
    """The real app against `server`, opened on its benchmark conversation."""
    app = CgptApp(
        Session(
            base_url=server.base_url,
            api_key=server.api_key,
            start=Location(server.agent_id, server.session_id if open_conversation else None),
        )
    )
    clock = FrameClock()
    timed_display(app, clock)
    async with app.run_test(size=size) as pilot:
        yield app, pilot, clock


async def until(
    predicate: Callable[[], object], timeout: float = 60.0, step: float = 0.001
) -> float:
    """Wait (letting the app run) until `predicate()` holds; the time it was first seen."""
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"benchmark waited {timeout} s for {predicate}")
        await asyncio.sleep(step)
    return time.perf_counter()


def resident_mb() -> float:
    """This process's resident memory now, in MB (from /proc; ru_maxrss only grows)."""
    gc.collect()
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


class LoopWatch:
    """The longest time the event loop was kept from running a 5 ms ticker."""

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.period)
            self.worst = max(self.worst, time.perf_counter() - before - self.period)

    def __enter__(self) -> LoopWatch:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()
