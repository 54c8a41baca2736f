"""Long history: opening a conversation of many messages, and scrolling to its very top.

Opening is timed from the moment the conversation is chosen to the first frame showing its
newest messages. Then the reader goes to the top with Home until every page is loaded,
while a 5 ms ticker measures the longest the event loop was kept busy. Memory is this
process's resident size before opening and after every page is in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tests.bench.harness import LoopWatch, resident_mb, running_app, until
from tests.bench.standin import StandIn


@dataclass(frozen=True)
class HistoryRun:
    messages: int
    open_seconds: float  # chosen -> first frame with the newest messages
    memory_mb: float  # resident growth with every message loaded
    worst_stall: float  # seconds, while scrolling to the top and loading every page
    presses: int  # of Home, until every page was in


async def browse_history(messages: int) -> HistoryRun:
    with StandIn(history=messages) as server:
        async with running_app(server, open_conversation=False) as (app, pilot, clock):
            screen = app.screen
            conversations = screen.query_one("ConversationList")
            chat = screen.query_one("ChatPane")
            transcript = chat.transcript
            await until(
                lambda: any(c.session_id == server.session_id for c in conversations.conversations)
            )
            conversation = next(
                c for c in conversations.conversations if c.session_id == server.session_id
            )
            await pilot.pause()
            before = resident_mb()
            chosen = time.perf_counter()
            chat.show_conversation(conversation)  # what Enter on the conversation does
            loaded = await until(lambda: transcript.entries, step=0.0005)
            shown = await clock.first_frame_after(loaded)
            presses = 0
            transcript.focus()
            with LoopWatch() as watch:
                while len(transcript.entries) < messages:
                    await pilot.press("home")
                    await until(lambda: not chat._history_loading)
                    presses += 1
                    assert presses <= messages // 20 + 5, "older pages stopped loading"
                await until(lambda: None not in transcript._layout.painted)
                await pilot.pause(0.1)
            after = resident_mb()
            return HistoryRun(messages, shown - chosen, after - before, watch.worst, presses)
