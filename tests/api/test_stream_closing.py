"""A streamed answer's HTTP response is closed as soon as the consumer stops."""

from __future__ import annotations

import asyncio
import contextlib

from cgpt_tui.api import CustomGPTClient, TextDelta

from ..ui.helpers import wait_for_thread

NORTHWIND = 103


async def _conversation(client: CustomGPTClient) -> str:
    return (await client.create_conversation(NORTHWIND, "Closing")).session_id


async def test_leaving_async_with_closes_the_stream(demo_server) -> None:
    demo_server.pace = 20
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        session = await _conversation(client)
        async with client.stream_message(NORTHWIND, session, "What plans do you offer?") as stream:
            async for event in stream:
                if isinstance(event, TextDelta):
                    break
        assert stream.is_closed
        record = demo_server.stream_log[-1]
        assert await wait_for_thread(lambda: record.client_disconnected, timeout=3)
        assert not record.finished


async def test_aclosing_a_plain_iterator_closes_the_stream(demo_server) -> None:
    demo_server.pace = 20
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        session = await _conversation(client)
        async with contextlib.aclosing(
            client.stream_message(NORTHWIND, session, "How do I export my data?")
        ) as stream:
            async for _ in stream:
                break
        assert await wait_for_thread(lambda: demo_server.stream_log[-1].client_disconnected, 3)


async def test_cancelling_the_consumer_task_closes_the_stream(demo_server) -> None:
    demo_server.pace = 20
    received: list[object] = []
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        session = await _conversation(client)
        stream = client.stream_message(NORTHWIND, session, "What are the API rate limits?")

        async def consume() -> None:
            async for event in stream:
                received.append(event)

        task = asyncio.create_task(consume())
        while len(received) < 3:
            await asyncio.sleep(0.01)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert stream.is_closed
        record = demo_server.stream_log[-1]
        assert await wait_for_thread(lambda: record.client_disconnected, timeout=3)
        assert not record.finished and record.events_sent < 40


async def test_a_finished_stream_is_closed(demo_server) -> None:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        session = await _conversation(client)
        stream = client.stream_message(NORTHWIND, session, "Plans")
        events = [event async for event in stream]
        assert events and stream.is_closed
        assert demo_server.stream_log[-1].finished
