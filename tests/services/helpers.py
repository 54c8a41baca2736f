"""What the service tests share: a DataService connected to a stand-in, and a wait."""

from __future__ import annotations

import asyncio
import time

from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.data import DataService


async def no_new_key() -> ApiKey | None:
    return None


def service_for(
    server: DemoServer, store: HistoryStore | None = None, changes: list[bool] | None = None
) -> DataService:
    """`changes`: each offline (True) / online (False) change is appended to it."""
    data = DataService(
        store, warn=lambda text: None, on_offline=(changes if changes is not None else []).append
    )
    data.connect(
        server.base_url,
        ApiKey(server.api_key),
        timeout=5,
        stream_timeout=5,
        reauthenticate=no_new_key,
    )
    return data


async def until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
