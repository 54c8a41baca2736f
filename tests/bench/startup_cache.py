"""Startup with a history cache: the same start (`--agent`, `--conversation`) with a full
cache and without one (a fresh, empty one). The cache paints the agents and conversations
into the first frame, and the open conversation's answers right after it; the budget is
what that painting may add to the first frame. Also timed: the first frame showing the
agent list, which the cache brings forward when the server is slow to answer.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.history.files import cache_path
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import sync_history
from tests.bench.standin import StandIn
from tests.bench.startup import AGENT_NAME
from tests.bench.terminal_app import app_in_terminal

CACHED_AGENTS = 1_000
CACHED_MESSAGES = 20  # the open conversation: one page of the API's


def _fill(server: StandIn, data_home: Path) -> int:
    """The profile's cache as `cgpt-tui sync` leaves it; how many messages it holds."""
    path = cache_path("default", server.base_url, data_home / "cgpt-tui")

    async def sync() -> int:
        with HistoryStore(path) as store:
            async with CustomGPTClient(server.base_url, server.api_key) as client:
                await sync_history(client, store)
            return store.count_messages()

    return asyncio.run(sync())


FIRST_FRAME = b"Quit"  # the footer: in every frame, so in the first


def _start(server: StandIn, data_home: Path) -> tuple[float, float]:
    """Seconds to the first frame, and to the first frame showing the agent list."""
    args = ("--agent", str(server.agent_id), "--conversation", server.session_id)
    env = {"XDG_DATA_HOME": str(data_home)}
    with app_in_terminal(server, *args, env=env, installed=True) as terminal:
        started = time.perf_counter()
        terminal.emulate = False
        first = terminal.wait_for_bytes(FIRST_FRAME, 0, timeout=30) - started
        listed = terminal.wait_for_bytes(AGENT_NAME, 0, timeout=30) - started
        return first, listed


@dataclass
class CachedStartup:
    """Medians, in seconds, of the same start with a full cache and without one."""

    first_frame: float
    first_frame_uncached: float
    agent_list: float
    agent_list_uncached: float
    messages: int  # in the cache


def cached_startup_times(runs: int) -> CachedStartup:
    cached, uncached = [], []
    spec = {"history": CACHED_MESSAGES, "agents": CACHED_AGENTS}
    with StandIn(**spec) as server, tempfile.TemporaryDirectory() as full:
        messages = _fill(server, Path(full))
        _start(server, Path(full))  # warms the page cache
        for _ in range(runs):  # alternating, so a slow moment of the machine falls on both
            with tempfile.TemporaryDirectory() as empty:
                uncached.append(_start(server, Path(empty)))
            cached.append(_start(server, Path(full)))
    return CachedStartup(
        statistics.median(t[0] for t in cached),
        statistics.median(t[0] for t in uncached),
        statistics.median(t[1] for t in cached),
        statistics.median(t[1] for t in uncached),
        messages,
    )
