"""Streamed answers against the stand-in: faults in the stream, and closing it every way.

The server's `stream_log` records, per stream, how many events it sent, whether it finished
and whether the client went away first: the closing tests read the truth from there.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import pytest

from cgpt_tui.api import (
    Conversation,
    CustomGPTClient,
    NetworkError,
    ProtocolError,
    StreamFailed,
    StreamFinished,
    StreamInterrupted,
    StreamStarted,
    TextDelta,
)
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.demo.sse import StreamRecord

NORTHWIND = 103
QUESTION = "How do I reset my password?"  # a long answer: over a hundred events
SLOW = 20.0  # tokens a second: the whole answer would take several seconds


@pytest.fixture
async def client(demo_server: DemoServer) -> AsyncIterator[CustomGPTClient]:
    async with CustomGPTClient(
        demo_server.base_url, demo_server.api_key, stream_timeout=5.0
    ) as client:
        yield client


@pytest.fixture
async def conversation(client: CustomGPTClient) -> Conversation:
    return await client.create_conversation(NORTHWIND, "Streaming tests")


async def last_stream(server: DemoServer, *, disconnected: bool, within: float = 2.0):
    """The newest stream record, once it shows the client gone (or `within` has passed)."""
    deadline = time.monotonic() + within
    while True:
        record: StreamRecord | None = server.stream_log[-1] if server.stream_log else None
        if record is not None and (record.client_disconnected or not disconnected):
            return record
        if time.monotonic() > deadline:
            return record
        await asyncio.sleep(0.02)


# ---------------------------------------------------------------------- faults in the stream


async def test_a_cut_stream_raises_stream_interrupted_with_the_text_so_far(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.faults.cut_stream_after(6)
    received: list[str] = []
    with pytest.raises(StreamInterrupted) as caught:
        async with client.stream_message(NORTHWIND, conversation.session_id, QUESTION) as stream:
            async for event in stream:
                if isinstance(event, TextDelta):
                    received.append(event.text)
    assert received  # start, an empty progress, then four pieces arrived
    assert caught.value.partial_text == "".join(received)
    assert isinstance(caught.value, ProtocolError)
    assert demo_server.stream_log[-1].cut


async def test_a_malformed_event_is_a_protocol_error(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.faults.malformed_event(at=4)
    events: list = []
    with pytest.raises(ProtocolError) as caught:
        async for event in client.stream_message(NORTHWIND, conversation.session_id, QUESTION):
            events.append(event)
    assert type(caught.value) is ProtocolError
    assert isinstance(events[0], StreamStarted) and len(events) <= 3


async def test_an_error_event_is_a_stream_failed_event_and_the_end(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.faults.error_event(at=5, message="The agent is taking a siesta.")
    async with client.stream_message(NORTHWIND, conversation.session_id, QUESTION) as stream:
        events = [event async for event in stream]
    assert isinstance(events[0], StreamStarted)
    assert events[-1] == StreamFailed("The agent is taking a siesta.")
    assert not any(isinstance(event, StreamFinished) for event in events)
    record = demo_server.stream_log[-1]
    assert record.failed and not record.client_disconnected


async def test_a_stall_longer_than_stream_timeout_is_a_network_error(
    demo_server: DemoServer,
) -> None:
    async with CustomGPTClient(
        demo_server.base_url, demo_server.api_key, timeout=10, stream_timeout=0.3
    ) as client:
        conversation = await client.create_conversation(NORTHWIND, "Stalled")
        demo_server.faults.stall(3.0, after_events=3)
        events: list = []
        started = time.monotonic()
        with pytest.raises(NetworkError):
            async with client.stream_message(
                NORTHWIND, conversation.session_id, QUESTION
            ) as stream:
                async for event in stream:
                    events.append(event)
        assert time.monotonic() - started < 2.5  # gave up on the read timeout, not the stall
        assert len(events) == 2  # start and the first (empty) progress; the third was pending
        assert stream.is_closed


async def test_a_short_stall_within_stream_timeout_is_waited_out(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.faults.stall(0.5, after_events=3)
    events = [e async for e in client.stream_message(NORTHWIND, conversation.session_id, QUESTION)]
    assert isinstance(events[-1], StreamFinished)


# ---------------------------------------------------------------------- closing the stream


async def test_breaking_out_of_async_with_disconnects_from_the_server(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.pace = SLOW
    async with client.stream_message(NORTHWIND, conversation.session_id, QUESTION) as stream:
        async for event in stream:
            if isinstance(event, TextDelta):
                break
    assert stream.is_closed
    record = await last_stream(demo_server, disconnected=True)
    assert record is not None and record.client_disconnected
    assert not record.finished and record.events_sent < 10


async def test_cancelling_the_consuming_task_disconnects_from_the_server(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.pace = SLOW
    first_delta = asyncio.Event()
    received: list = []

    async def consume() -> None:
        async with client.stream_message(NORTHWIND, conversation.session_id, QUESTION) as s:
            async for event in s:
                received.append(event)
                if isinstance(event, TextDelta):
                    first_delta.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first_delta.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    record = await last_stream(demo_server, disconnected=True)
    assert record is not None and record.client_disconnected and not record.finished
    assert not any(isinstance(event, StreamFinished) for event in received)


async def test_cancelling_a_plain_async_for_disconnects_too(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.pace = SLOW
    first_delta = asyncio.Event()

    async def consume() -> None:
        async for event in client.stream_message(NORTHWIND, conversation.session_id, QUESTION):
            if isinstance(event, TextDelta):
                first_delta.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first_delta.wait(), 5)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    record = await last_stream(demo_server, disconnected=True)
    assert record is not None and record.client_disconnected


async def test_aclose_mid_stream_disconnects_and_ends_iteration(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.pace = SLOW
    stream = client.stream_message(NORTHWIND, conversation.session_id, QUESTION)
    assert isinstance(await anext(stream), StreamStarted)
    await stream.aclose()
    with pytest.raises(StopAsyncIteration):
        await anext(stream)
    record = await last_stream(demo_server, disconnected=True)
    assert record is not None and record.client_disconnected


async def test_aclose_from_another_task_ends_the_readers_loop(
    client, conversation, demo_server: DemoServer
) -> None:
    demo_server.pace = SLOW
    stream = client.stream_message(NORTHWIND, conversation.session_id, QUESTION)
    first_delta = asyncio.Event()
    received: list = []

    async def consume() -> str:
        async for event in stream:
            received.append(event)
            if isinstance(event, TextDelta):
                first_delta.set()
        return "ended"

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first_delta.wait(), 5)
    await stream.aclose()
    assert await asyncio.wait_for(task, 5) == "ended"
    assert not any(isinstance(event, StreamFinished) for event in received)
    record = await last_stream(demo_server, disconnected=True)
    assert record is not None and record.client_disconnected


async def test_a_stream_read_to_the_end_is_finished_not_disconnected(
    client, conversation, demo_server: DemoServer
) -> None:
    events = [e async for e in client.stream_message(NORTHWIND, conversation.session_id, QUESTION)]
    assert isinstance(events[-1], StreamFinished)
    record = await last_stream(demo_server, disconnected=False)
    assert record is not None
    assert record.finished and not record.client_disconnected
    assert record.events_sent == len(events) + 1  # the first, empty progress makes no delta


async def test_nothing_is_sent_until_the_stream_is_used(
    client, conversation, demo_server: DemoServer
) -> None:
    stream = client.stream_message(NORTHWIND, conversation.session_id, QUESTION)
    await asyncio.sleep(0.1)
    assert demo_server.stream_log == []
    async with stream:
        assert len(demo_server.stream_log) == 1


async def test_leaving_a_completion_stream_early_disconnects(
    client, demo_server: DemoServer
) -> None:
    demo_server.pace = SLOW
    async with client.stream_chat_completion(
        NORTHWIND, [{"role": "user", "content": QUESTION}]
    ) as stream:
        async for chunk in stream:
            if chunk.content:
                break
    record = await last_stream(demo_server, disconnected=True)
    assert record is not None and record.client_disconnected and not record.finished


async def test_a_cut_completion_stream_raises_stream_interrupted(
    client, demo_server: DemoServer
) -> None:
    demo_server.faults.cut_stream_after(4)
    received: list[str] = []
    with pytest.raises(StreamInterrupted) as caught:
        async for chunk in client.stream_chat_completion(
            NORTHWIND, [{"role": "user", "content": QUESTION}]
        ):
            received.append(chunk.content)
    assert caught.value.partial_text == "".join(received) != ""
