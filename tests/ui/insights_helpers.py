"""Opening the insights screen the way the main screen will: once the agents are listed,
`InsightsScreen(agent)` on top, and wait until it shows what it loaded."""

from __future__ import annotations

from collections.abc import Callable

from cgpt_tui.services.review import ReviewItem
from cgpt_tui.ui.screens.insights import InsightsScreen
from cgpt_tui.ui.screens.main_screen import MainScreen

from .helpers import wait_until

NORTHWIND, LUMEN = 103, 102


async def open_insights(
    pilot, agent_id: int = NORTHWIND, closed: Callable[[ReviewItem | None], None] | None = None
) -> InsightsScreen:
    app = pilot.app
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, MainScreen)
            and any(a.id == agent_id for a in app.screen.agents.agents)
        ),
        what="the agent list",
    )
    agent = next(a for a in app.screen.agents.agents if a.id == agent_id)
    screen = InsightsScreen(agent)
    await app.push_screen(screen, callback=closed)
    await loaded(pilot, screen)
    return screen


async def loaded(pilot, screen: InsightsScreen, count: int = 1) -> None:
    """Until the screen has shown `count` loads (the first, or one after a key)."""
    await wait_until(pilot, lambda: screen.shown >= count, what=f"insights load {count}")
