"""Reads answered 429 are retried after Retry-After; writes and questions never are."""

from __future__ import annotations

import time

import pytest

from cgpt_tui.api import AuthError, CustomGPTClient, RateLimited


async def test_a_read_waits_for_retry_after_and_succeeds(demo_server) -> None:
    demo_server.faults.fail_next(
        n=2, status=429, message="slow down", path="/user", retry_after=0.2
    )
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key, read_retries=3) as client:
        started = time.monotonic()
        user = await client.get_user()
        waited = time.monotonic() - started
    assert user.name == "Dana Demo"
    assert 0.4 <= waited < 2.0, "two waits of Retry-After (0.2 s, plus up to 20 % jitter)"


async def test_a_read_gives_up_after_its_retries(demo_server) -> None:
    demo_server.faults.fail_next(
        n=5, status=429, message="exhausted", path="/user", retry_after=0.05
    )
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key, read_retries=2) as client:
        with pytest.raises(RateLimited) as caught:
            await client.get_user()
    assert caught.value.retry_after == 0.05
    assert demo_server.faults.pending()["requests"], "only 3 of the 5 armed faults were used"


async def test_a_question_is_never_resent(demo_server) -> None:
    demo_server.faults.fail_next(
        n=1, status=429, message="credits exhausted", path="/messages", retry_after=0.05
    )
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key, read_retries=3) as client:
        conversation = await client.create_conversation(103, "Retry")
        with pytest.raises(RateLimited):
            await client.send_message(103, conversation.session_id, "What plans do you offer?")
        history = await client.list_messages(103, conversation.session_id)
    assert history.page.items == ()


def test_retry_waits_are_capped_and_jittered() -> None:
    from cgpt_tui.api.transport import Transport

    wire = Transport(
        "http://x", "k", timeout=1, stream_timeout=None, read_retries=3, max_retry_wait=5
    )
    waits = [wire.retry_wait(None, attempt) for attempt in range(6)]
    assert waits[0] >= 0.5 and waits[1] >= 1.0 and waits[2] >= 2.0
    assert all(wait <= 5 * 1.2 for wait in waits)
    assert wire.retry_wait(60, 0) <= 6.0, "a long Retry-After is capped"


async def test_a_refused_key_is_renewed_once_and_the_call_goes_on(demo_server) -> None:
    asked: list[int] = []

    async def new_key() -> str:
        asked.append(1)
        return "rotated-key"

    async with CustomGPTClient(
        demo_server.base_url, demo_server.api_key, reauthenticate=new_key
    ) as client:
        demo_server.context.api_key = "rotated-key"
        user = await client.get_user()
        assert user.name == "Dana Demo" and asked == [1]
        conversation = await client.create_conversation(103, "After rotation")
        events = [e async for e in client.stream_message(103, conversation.session_id, "plans")]
        assert events and asked == [1], "the new key is used from then on"
        demo_server.context.api_key = "rotated-again"
        with pytest.raises(AuthError) as caught:
            await client.get_user()
        assert asked == [1, 1], "asked once more, and the still-refused call is not retried"
        assert "rotated-key" not in str(caught.value) + repr(caught.value)


async def test_without_a_new_key_the_auth_error_goes_through(demo_server) -> None:
    async def no_key() -> None:
        return None

    async with CustomGPTClient(demo_server.base_url, "wrong", reauthenticate=no_key) as client:
        with pytest.raises(AuthError):
            await client.get_user()
