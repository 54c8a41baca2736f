"""Every error class, raised by real failures of the stand-in server (or of the network)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

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
    StreamInterrupted,
)
from cgpt_tui.demo.server import DemoServer

NORTHWIND = 103
UNAUTHORIZED = "API Token is either missing or invalid"


@pytest.fixture
async def client(demo_server: DemoServer) -> AsyncIterator[CustomGPTClient]:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        yield client


async def test_a_wrong_key_is_an_auth_error_with_the_servers_message(
    demo_server: DemoServer,
) -> None:
    async with CustomGPTClient(demo_server.base_url, "not-the-key") as client:
        with pytest.raises(AuthError) as caught:
            await client.list_agents()
    error = caught.value
    assert (error.status, error.message) == (401, UNAUTHORIZED)
    assert error.url is not None and error.url.endswith("/api/v1/projects?page=1&order=desc")


async def test_403_is_permission_denied(client: CustomGPTClient, demo_server) -> None:
    demo_server.faults.fail_next(status=403, message="This action is unauthorized.")
    with pytest.raises(PermissionDenied) as caught:
        await client.get_user()
    assert (caught.value.status, caught.value.message) == (403, "This action is unauthorized.")


async def test_404_is_not_found_with_the_servers_message(client: CustomGPTClient) -> None:
    with pytest.raises(NotFound) as caught:
        await client.get_agent(999)
    assert (caught.value.status, caught.value.message) == (404, "Agent with id 999 not found")


async def test_429_is_rate_limited_with_retry_after(client: CustomGPTClient, demo_server) -> None:
    demo_server.faults.fail_next(
        status=429, message="You have exhausted your current query credits.", retry_after=7
    )
    with pytest.raises(RateLimited) as caught:
        await client.list_agents()
    assert caught.value.retry_after == 7.0
    assert caught.value.message == "You have exhausted your current query credits."
    demo_server.faults.fail_next(status=429, message="slow down")
    with pytest.raises(RateLimited) as caught:
        await client.list_agents()
    assert caught.value.retry_after is None


@pytest.mark.parametrize("status", [500, 501, 503])
async def test_5xx_is_a_server_error(client: CustomGPTClient, demo_server, status: int) -> None:
    demo_server.faults.fail_next(status=status, message="boom")
    with pytest.raises(ServerError, match="boom") as caught:
        await client.get_usage_limits()
    assert caught.value.status == status


async def test_other_statuses_are_api_errors(client: CustomGPTClient) -> None:
    conversation = await client.create_conversation(NORTHWIND, "To rename")
    with pytest.raises(ApiError) as caught:
        await client.rename_conversation(NORTHWIND, conversation.session_id, "   ")
    assert (caught.value.status, caught.value.message) == (422, "The name field is required.")
    with pytest.raises(ApiError) as caught:
        await client.get_agent("abc")  # type: ignore[arg-type]
    assert caught.value.status == 400


async def test_an_error_before_a_stream_starts_is_raised_on_entering(
    client: CustomGPTClient, demo_server: DemoServer
) -> None:
    stream = client.stream_message(NORTHWIND, "nope", "Hello?")
    with pytest.raises(NotFound, match="Conversation with id nope not found"):
        async with stream:
            pass
    assert stream.is_closed
    conversation = await client.create_conversation(NORTHWIND, "Streams")
    demo_server.faults.fail_next(status=429, message="credits", retry_after=2.5)
    with pytest.raises(RateLimited) as caught:
        async for _ in client.stream_message(NORTHWIND, conversation.session_id, "Hello?"):
            pass
    assert caught.value.retry_after == 2.5
    assert demo_server.stream_log == []


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_a_closed_port_is_a_network_error() -> None:
    async with CustomGPTClient(f"http://127.0.0.1:{closed_port()}", "k", timeout=5) as client:
        with pytest.raises(NetworkError) as caught:
            await client.get_user()
        assert caught.value.status is None
        with pytest.raises(NetworkError):
            async with client.stream_message(NORTHWIND, "s", "Hello?"):
                pass


# ---------------------------------------------------------------------- the key stays secret

SECRET = "4242|SeCrEt-kEy-ZQXJ-never-show-me"


def all_text(error: BaseException) -> str:
    """Everything an error shows: str, repr, args, its attributes, and what it chains."""
    parts = [str(error), repr(error), repr(error.args), repr(vars(error))]
    for linked in (error.__cause__, error.__context__):
        if linked is not None:
            parts += [str(linked), repr(linked), repr(linked.args)]
    return "\n".join(parts)


async def failures(client: CustomGPTClient, server: DemoServer) -> list[CustomGPTError]:
    """One error of every kind the server can cause, some messages echoing the key."""
    caught: list[CustomGPTError] = []
    for status in (400, 401, 403, 404, 422, 429, 500):
        server.faults.fail_next(status=status, message=f"rejected key {SECRET}", retry_after=1)
        try:
            await client.list_agents()
        except CustomGPTError as error:
            caught.append(error)
    conversation = await client.create_conversation(NORTHWIND, "Secrets")
    server.faults.malformed_event(at=2)
    server.faults.cut_stream_after(3, streams=2)  # the first stream breaks at 2 already
    for _ in range(2):
        try:
            async for _ in client.stream_message(NORTHWIND, conversation.session_id, SECRET):
                pass
        except CustomGPTError as error:
            caught.append(error)
    try:
        await client.get_citation(NORTHWIND, 123456)
    except CustomGPTError as error:
        caught.append(error)
    return caught


async def test_no_error_shows_the_api_key() -> None:
    with DemoServer(port=0, api_key=SECRET) as server:
        async with CustomGPTClient(server.base_url, SECRET) as client:
            caught = await failures(client, server)
    assert len(caught) == 10
    assert {type(e) for e in caught} == {
        ApiError,
        AuthError,
        PermissionDenied,
        NotFound,
        RateLimited,
        ServerError,
        ProtocolError,
        StreamInterrupted,
    }
    for error in caught:
        assert SECRET not in all_text(error), type(error)
    assert "[api key]" in caught[0].message  # the echoed key was masked, not the message lost


async def test_no_error_shows_a_wrong_key(demo_server: DemoServer) -> None:
    async with CustomGPTClient(demo_server.base_url, SECRET) as client:
        with pytest.raises(AuthError) as caught:
            await client.get_user()
        with pytest.raises(AuthError) as streamed:
            async with client.stream_message(NORTHWIND, "s", "Hello?"):
                pass
    for error in (caught.value, streamed.value):
        assert SECRET not in all_text(error)
    async with CustomGPTClient(f"http://127.0.0.1:{closed_port()}", SECRET) as offline:
        with pytest.raises(NetworkError) as unreachable:
            await offline.get_user()
    assert SECRET not in all_text(unreachable.value)
