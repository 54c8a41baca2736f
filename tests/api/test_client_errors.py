"""Every error class, driven by the stand-in's fault switches over real HTTP."""

from __future__ import annotations

import socket

import pytest

from cgpt_tui.api import (
    ApiError,
    AuthError,
    CustomGPTClient,
    CustomGPTError,
    NetworkError,
    NotFound,
    PermissionDenied,
    ProtocolError,
    RateLimited,
    ServerError,
    StreamFailed,
    StreamInterrupted,
    TextDelta,
)

NORTHWIND = 103
SECRET = "sk-live-9f8e7d6c5b4a-never-show-me"


def client_for(server, **kwargs) -> CustomGPTClient:
    return CustomGPTClient(server.base_url, server.api_key, timeout=5, **kwargs)


async def test_wrong_key_is_an_auth_error_without_the_key(demo_server) -> None:
    async with CustomGPTClient(demo_server.base_url, SECRET) as client:
        with pytest.raises(AuthError) as caught:
            await client.list_agents()
    error = caught.value
    assert error.status == 401 and error.message == "API Token is either missing or invalid"
    for text in (str(error), repr(error), *map(str, error.args), error.url or ""):
        assert SECRET not in text


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (403, PermissionDenied),
        (404, NotFound),
        (500, ServerError),
        (503, ServerError),
        (400, ApiError),
        (422, ApiError),
    ],
)
async def test_statuses_map_to_error_classes(demo_server, status: int, kind: type) -> None:
    demo_server.faults.fail_next(status=status, message=f"injected {status}", path="/projects")
    async with client_for(demo_server) as client:
        with pytest.raises(kind) as caught:
            await client.list_agents()
        assert caught.value.message == f"injected {status}" and caught.value.status == status
        assert (await client.list_agents()).items, "the fault applied to one request only"


async def test_unknown_agent_is_not_found_with_the_server_message(demo_server) -> None:
    async with client_for(demo_server) as client:
        with pytest.raises(NotFound, match="Agent with id 4242 not found"):
            await client.get_agent(4242)
        with pytest.raises(NotFound, match="Page with id 1 not found"):
            await client.get_citation(NORTHWIND, 1)


async def test_rate_limited_carries_retry_after(demo_server) -> None:
    demo_server.faults.fail_next(
        status=429, message="You have exhausted your current query credits", retry_after=7
    )
    async with client_for(demo_server) as client:
        with pytest.raises(RateLimited) as caught:
            await client.get_user()
    assert caught.value.retry_after == 7.0
    assert "exhausted" in caught.value.message


async def test_closed_port_is_a_network_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with CustomGPTClient(f"http://127.0.0.1:{port}", SECRET, timeout=2) as client:
        with pytest.raises(NetworkError) as caught:
            await client.get_user()
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)


async def test_stall_beyond_the_stream_timeout_is_a_network_error(demo_server) -> None:
    demo_server.faults.stall(3, after_events=3)
    async with client_for(demo_server, stream_timeout=0.5) as client:
        conversation = await client.create_conversation(NORTHWIND, "Stall")
        received = []
        with pytest.raises(NetworkError, match="timed out"):
            async for event in client.stream_message(NORTHWIND, conversation.session_id, "Plans"):
                received.append(event)
    assert len(received) >= 1


async def test_cut_stream_raises_interrupted_with_partial_text(demo_server) -> None:
    demo_server.faults.cut_stream_after(8)
    async with client_for(demo_server) as client:
        conversation = await client.create_conversation(NORTHWIND, "Cut")
        texts = []
        with pytest.raises(StreamInterrupted) as caught:
            async for event in client.stream_message(NORTHWIND, conversation.session_id, "Plans"):
                if isinstance(event, TextDelta):
                    texts.append(event.text)
    assert caught.value.partial_text == "".join(texts) != ""
    assert isinstance(caught.value, ProtocolError)


async def test_malformed_event_is_a_protocol_error(demo_server) -> None:
    demo_server.faults.malformed_event(at=4)
    async with client_for(demo_server) as client:
        conversation = await client.create_conversation(NORTHWIND, "Malformed")
        with pytest.raises(ProtocolError, match="malformed"):
            async for _ in client.stream_message(NORTHWIND, conversation.session_id, "Plans"):
                pass


async def test_error_event_is_a_failed_event(demo_server) -> None:
    demo_server.faults.error_event(at=5, message="The agent is taking a siesta")
    async with client_for(demo_server) as client:
        conversation = await client.create_conversation(NORTHWIND, "Siesta")
        events = [e async for e in client.stream_message(NORTHWIND, conversation.session_id, "x")]
    assert events[-1] == StreamFailed("The agent is taking a siesta")


async def test_error_before_the_stream_starts_is_raised(demo_server) -> None:
    demo_server.faults.fail_next(status=429, message="slow down", path="/messages", retry_after=2)
    async with client_for(demo_server) as client:
        conversation = await client.create_conversation(NORTHWIND, "Limited")
        stream = client.stream_message(NORTHWIND, conversation.session_id, "Plans")
        with pytest.raises(RateLimited):
            async with stream:
                pass
        assert stream.is_closed


async def test_every_error_is_a_customgpt_error() -> None:
    for kind in (
        AuthError,
        PermissionDenied,
        NotFound,
        RateLimited,
        ServerError,
        ApiError,
        NetworkError,
        ProtocolError,
        StreamInterrupted,
    ):
        assert issubclass(kind, CustomGPTError)
