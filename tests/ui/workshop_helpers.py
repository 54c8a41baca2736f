"""Opening the workshop the way the user does: pick the agent, press f5."""

from __future__ import annotations

from textual.widgets import Static, TabbedContent

from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.workshop import WorkshopScreen

from .helpers import wait_until

NORTHWIND, ACME = 103, 101


async def open_workshop(pilot, agent_id: int = NORTHWIND, tab: str = "settings") -> WorkshopScreen:
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    await wait_until(pilot, lambda: any(a.id == agent_id for a in main.agents.agents), what="agent")
    main.agents.select(next(a for a in main.agents.agents if a.id == agent_id))
    await wait_until(
        pilot, lambda: main.chat.agent is not None and main.chat.agent.id == agent_id, what="open"
    )
    await pilot.press("f5")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WorkshopScreen), what="workshop")
    screen = pilot.app.screen
    assert isinstance(screen, WorkshopScreen)
    tabs = screen.query_one(TabbedContent)
    await wait_until(pilot, lambda: tabs.active == "settings", what="the tabs")
    if tab != "settings":
        tabs.active = tab
        await wait_until(pilot, lambda: tabs.active == tab, what=tab)
    return screen


def status(screen: WorkshopScreen) -> str:
    return str(screen.query_one("#workshop-status", Static).render())


async def wait_status(pilot, screen: WorkshopScreen, words: str) -> None:
    try:
        await wait_until(pilot, lambda: words in status(screen))
    except AssertionError:
        raise AssertionError(f"status {status(screen)!r}, not {words!r}") from None


def shown(screen: WorkshopScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())
