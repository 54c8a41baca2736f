"""Where the focus is at start: on the agent list, once its first page is in, however late
that page comes; Enter the moment the agents show opens the first one.

On a slow link the list was still loading when the screen asked to focus it (a loading
widget cannot take the focus), and Textual's auto focus had put it in the filter box: the
Enter went there and only moved the focus to the list (tests/e2e/test_ways_out.py failed
so on busy CI machines)."""

from __future__ import annotations

import pytest

from .helpers import main_screen, make_app, wait_until


@pytest.mark.parametrize("delay", [0.0, 0.5], ids=["quick", "slow link"])
async def test_enter_as_soon_as_the_agents_show_opens_the_first(demo_server, delay) -> None:
    if delay:
        demo_server.faults.delay_next(delay, path="/projects$")
    app = make_app(demo_server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await main_screen(pilot)
        options = screen.agents.options
        await wait_until(pilot, lambda: options.option_count > 0, what="the agents listed")
        assert screen.focused is not screen.query_one("#agent-filter")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.chat.agent is not None, what="an agent opened")
        assert screen.chat.agent is not None and screen.chat.agent.name == "Northwind Help Center"
        assert demo_server.faults.pending()["delays"] == []
