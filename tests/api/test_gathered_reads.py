"""A streamed body read in batches while it trickles in (api/streaming.py GatheredReads):
the events sent during a pause come in one read; a backlog is read without pauses."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx

from cgpt_tui.api.streaming import NETWORK_WAIT, GatheredReads


class Wire(httpx.AsyncByteStream):
    """Chunks as a socket gives them: at once when some were sent, else when the next is."""

    def __init__(self) -> None:
        self.sent: asyncio.Queue[bytes | None] = asyncio.Queue()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while (chunk := await self.sent.get()) is not None:
            yield chunk


async def send(wire: Wire, chunks: list[bytes], every: float) -> None:
    for chunk in chunks:
        wire.sent.put_nowait(chunk)
        await asyncio.sleep(every)
    wire.sent.put_nowait(None)


async def read(stream: GatheredReads) -> tuple[list[bytes], int]:
    """The chunks, and how many of them had to be waited for."""
    chunks, waits = [], 0
    asked = time.monotonic()
    async for chunk in stream:
        waits += time.monotonic() - asked > NETWORK_WAIT
        chunks.append(chunk)
        asked = time.monotonic()
    return chunks, waits


async def test_a_trickle_is_read_in_a_few_waits_not_one_a_chunk() -> None:
    wire = Wire()
    chunks = [f"data: {n}\n\n".encode() for n in range(80)]
    sender = asyncio.create_task(send(wire, chunks, every=0.005))  # 200 a second, for 0.4 s
    got, waits = await read(GatheredReads(wire, pause=0.05))
    await sender
    assert got == chunks
    # Read as they come, each chunk is a wait (80); a pause after each wait gathers the
    # next 0.05 s of chunks into one read: two waits (the pause, the next chunk) per ~10.
    assert waits <= len(chunks) // 3, f"{waits} waits for 80 chunks over 0.4 s"


async def test_a_backlog_is_read_without_pauses() -> None:
    wire = Wire()
    chunks = [b"x" * 100] * 500
    for chunk in chunks:
        wire.sent.put_nowait(chunk)
    wire.sent.put_nowait(None)
    started = time.monotonic()
    got, _ = await read(GatheredReads(wire, pause=0.5))
    assert got == chunks
    assert time.monotonic() - started < 0.4, "a pause was taken with chunks waiting"
