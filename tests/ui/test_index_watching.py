"""The agent list polls the indexing of the agents in sight only (a look is six requests,
and a big account has hundreds of agents not active), against a real stand-in."""

from __future__ import annotations

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.ui.screens.main_screen import MainScreen

from .helpers import make_app, wait_until


async def test_only_the_agents_in_sight_are_polled_and_scrolling_brings_the_others() -> None:
    with DemoServer(api_key="sight-key") as server:
        server.state.add_bulk_agents(700)  # every seventh not active: 100 of them
        async with CustomGPTClient(server.base_url, server.api_key) as client:
            every = [agent async for agent in client.iter_agents()]
        app = make_app(server)
        async with app.run_test(size=(140, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            agents = screen.agents
            await wait_until(pilot, lambda: agents.agents, what="the first page")
            agents.add_agents(every)  # all of them listed at once, as the cache paints them
            agents.options.has_more = False
            watcher = agents.watcher

            def inactive_in_sight() -> set[int]:
                rows = agents.options.indices_in_view()
                return {agents.agents[i].id for i in rows if not agents.agents[i].is_active}

            await wait_until(pilot, inactive_in_sight, what="agents not active in the first rows")
            top = inactive_in_sight()
            await wait_until(
                pilot,
                lambda: top <= set(watcher.indexing) and not watcher.followed,
                what="the first look at the agents not active in sight",
            )
            await pilot.pause(0.5)
            inactive = {a.id for a in every if not a.is_active}
            assert len(inactive) >= 100
            assert set(watcher.indexing) <= top | {agents.selected_id}, "polled out of sight"

            agents.options.focus()
            await pilot.press("end")
            await wait_until(pilot, lambda: agents.options.highlighted == len(agents.agents) - 1)
            await wait_until(
                pilot, lambda: inactive_in_sight() - top, what="the view at the bottom rows"
            )
            bottom = inactive_in_sight()
            assert not bottom & top
            await wait_until(
                pilot, lambda: bottom <= set(watcher.indexing), what="the bottom rows looked at"
            )
            never_seen = inactive - top - bottom
            assert not never_seen & set(watcher.indexing), "rows passed by End were polled"
