"""SVG snapshots of the review queue at 80x24: Northwind's seeded answers from a stand-in
with a fixed clock, the second answer selected and filtered to the web source.

Update with `pytest tests/ui/test_review_snapshots.py --snapshot-update`, then look at the
SVGs in tests/ui/__snapshots__/ before committing.
"""

from __future__ import annotations

from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.review import ReviewScreen

from .helpers import make_app, wait_until
from .test_snapshots import still_server  # noqa: F401
from .workshop_helpers import NORTHWIND

SMALL = (80, 24)


async def open_queue(pilot) -> ReviewScreen:
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    await wait_until(pilot, lambda: any(a.id == NORTHWIND for a in main.agents.agents))
    main.agents.select(next(a for a in main.agents.agents if a.id == NORTHWIND))
    await wait_until(pilot, lambda: main.chat.agent is not None, what="the agent open")
    await pilot.press("f8")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), what="queue")
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_until(pilot, lambda: screen.loaded, timeout=20, what="the answers")
    return screen


def test_review_queue_80x24(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await open_queue(pilot)
        await pilot.press("j")
        await pilot.pause(0.3)

    assert snap_compare(
        make_app(still_server, demo=True), terminal_size=SMALL, run_before=run_before
    )


def test_review_queue_filtered_80x24(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await open_queue(pilot)
        await pilot.press("s", "w", "r", "r")  # web, mine, last 30 days
        await pilot.pause(0.3)

    assert snap_compare(
        make_app(still_server, demo=True), terminal_size=SMALL, run_before=run_before
    )
