"""Long lists: 10,000 agents and 10,000 conversations in the side panes.

The records are fetched from the stand-in first (page by page, as scrolling would); then the
pane is given all of them at once, and timed to the first frame that shows the list. End and
Home are timed from the key to the first frame with the highlight at the other end.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass

from cgpt_tui.api import CustomGPTClient
from tests.bench.harness import running_app, until
from tests.bench.standin import StandIn


@dataclass(frozen=True)
class ListRun:
    items: int
    mount_seconds: float
    end_seconds: float
    home_seconds: float


async def _fetch(server: StandIn, items: int) -> tuple[list, list]:
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        agents = [agent async for agent in client.iter_agents()]
        conversations = [c async for c in client.iter_conversations(server.agent_id)]
    assert len(agents) >= items and len(conversations) >= items, "the stand-in lost records"
    return agents, conversations


async def _time_list(pilot, clock, pane, add, records) -> tuple[float, float, float]:
    options = pane.options
    # The pane's own paging stops first: a page still being fetched (or one asked for when the
    # clear moves the highlight) would land among the records given, and End would then go
    # past the row it is timed to reach.
    options.has_more = False
    pane.workers.cancel_node(pane)
    await until(lambda: not any(w.node is pane and not w.is_finished for w in pane.workers))
    options.loading = False
    options.clear_options()
    await pilot.pause()
    given = time.perf_counter()
    add(records)
    options.has_more = False  # every page is in
    shown = await clock.first_frame_after(await until(lambda: options.option_count, step=0))
    last = options.option_count - 1
    options.focus()
    await pilot.pause()
    clock.probe = lambda: options.highlighted
    times = []
    for key, target in (("end", last), ("home", 0)):
        pressed = time.perf_counter()
        await pilot.press(key)
        await until(lambda t=target, p=pressed: clock.first_showing(p, t) is not None, step=0)
        times.append(clock.first_showing(pressed, target) - pressed)
    clock.probe = lambda: None
    return shown - given, times[0], times[1]


async def long_lists(items: int) -> tuple[ListRun, ListRun]:
    """(agents, conversations) with `items` records each."""
    # The garbage of an earlier run (its app's cycles) is not this run's to collect: left,
    # a full pass over it landed in the small run's End (58–91 ms against its usual 12).
    gc.collect()
    with StandIn(agents=items, conversations=items) as server:
        agents, conversations = await _fetch(server, items)
        async with running_app(server, open_conversation=False) as (app, pilot, clock):
            screen = app.screen
            agent_pane = screen.query_one("AgentList")
            conversation_pane = screen.query_one("ConversationList")
            await until(lambda: conversation_pane.conversations and agent_pane.agents)
            await pilot.pause(0.3)
            agent_pane.agents.clear()
            runs = [
                ListRun(
                    len(agents),
                    *await _time_list(pilot, clock, agent_pane, agent_pane.add_agents, agents),
                )
            ]
            conversation_pane.conversations.clear()
            runs.append(
                ListRun(
                    len(conversations),
                    *await _time_list(
                        pilot,
                        clock,
                        conversation_pane,
                        conversation_pane.add_conversations,
                        conversations,
                    ),
                )
            )
            return runs[0], runs[1]
