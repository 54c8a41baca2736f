"""Moving the focus between the panes (ui/screens/main_focus.py)."""

from __future__ import annotations

from .helpers import main_screen, make_app, wait_until


async def test_a_pane_asked_for_wins_over_a_focus_event_still_on_its_way(demo_server) -> None:
    """The focus moves at once but its event climbs the tree a widget at a time: asked for
    the agents right after the composer took the focus, the screen must end in the agents,
    not take the late event as a choice (under load, test_keys_footer failed that way)."""
    app = make_app(demo_server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await main_screen(pilot)
        agents = screen.agents.options
        await wait_until(pilot, lambda: screen.focused is agents, what="the agent list focused")
        screen.set_focus(screen.chat.composer)  # its DescendantFocus is not handled yet
        screen.focus_pane("agents")
        await pilot.pause(0.2)
        assert screen.focused is agents
        assert screen.current_pane == "agents"


async def test_a_focus_given_after_a_pane_was_asked_for_is_a_choice(demo_server) -> None:
    """A click (any focus given later) still makes its pane the current one."""
    app = make_app(demo_server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await main_screen(pilot)
        screen.focus_pane("agents")
        await pilot.pause(0.1)
        screen.set_focus(screen.chat.composer)
        await wait_until(pilot, lambda: screen.current_pane == "chat", what="chat current")
        assert screen.focused is screen.chat.composer
