"""Whatever httpx raises while building or sending a request leaves the client as a
CustomGPTError: a base URL it cannot parse, a port past 65535 (OverflowError inside anyio's
connect, wrapped in an ExceptionGroup), and the key is in none of it."""

from __future__ import annotations

import traceback

import pytest

from cgpt_tui.api import CustomGPTClient, NetworkError, RequestFailed
from cgpt_tui.secret import ApiKey

KEY = "sk-test-Zq9/x7+secret"
BAD_ADDRESSES = {
    "http://localhost:99999": "port must be 0-65535",
    "http://127.0.0.1:abc": "Invalid port: 'abc'",
    "http://[::1": "Invalid",
    "https://x:0x50": "Invalid port: '0x50'",
}


def everything_said(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(error) + str(error.args)


@pytest.mark.parametrize("base_url", sorted(BAD_ADDRESSES))
async def test_a_call_to_a_bad_base_url_raises_request_failed(base_url: str) -> None:
    async with CustomGPTClient(base_url, KEY) as client:
        with pytest.raises(RequestFailed) as caught:
            await client.list_agents()
    error = caught.value
    assert isinstance(error, NetworkError)  # the server counts as unreachable
    assert BAD_ADDRESSES[base_url] in error.message
    assert error.message.startswith(f"the request to {base_url} could not be sent (")
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__  # no frames of httpx
    said = everything_said(error)
    assert KEY not in said and "Bearer" not in said


@pytest.mark.parametrize("base_url", ["http://localhost:99999", "http://127.0.0.1:abc"])
async def test_a_streamed_question_to_a_bad_base_url_raises_request_failed(base_url: str) -> None:
    async with CustomGPTClient(base_url, ApiKey(KEY)) as client:
        with pytest.raises(RequestFailed) as caught:
            async with client.stream_message(1, "session", "Hello?") as stream:
                async for _ in stream:
                    pass
    assert BAD_ADDRESSES[base_url] in caught.value.message
    assert KEY not in everything_said(caught.value)


async def test_the_key_shows_in_no_repr_or_str() -> None:
    key = ApiKey(KEY)
    assert KEY not in repr(key) + str(key) + f"{key}" + f"{key!r}" + repr([key])
    assert key.reveal() == KEY
    assert key.scrub(f"a {KEY} b sk-test-Zq9%2Fx7%2Bsecret c") == "a [redacted] b [redacted] c"


async def test_a_base_url_of_only_the_scheme_is_named_as_typed() -> None:
    async with CustomGPTClient("http://", KEY) as client:
        assert client.base_url == "http://"
        with pytest.raises(NetworkError) as caught:
            await client.list_agents()
    assert "http://" in caught.value.message and "http: " not in caught.value.message
