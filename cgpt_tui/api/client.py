"""The async CustomGPT client: one method per operation, over one httpx.AsyncClient.

    async with CustomGPTClient("https://app.customgpt.ai", key) as client:
        agents = await client.list_agents()
        async with client.stream_message(agent_id, session_id, "Hi") as stream:
            async for event in stream:
                ...

Every method raises a CustomGPTError subclass (see errors.py) and nothing else, apart from
cancellation (and ValueError for arguments no request could carry). Records are parsed once,
at the edge (records.py, content_records.py). The methods live by area: agents.py, chat.py,
content.py (pages and sources), account.py (user, plugins, licences), reports.py
(the five reports).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING

from cgpt_tui.api.account import AccountEndpoints
from cgpt_tui.api.agents import AgentEndpoints
from cgpt_tui.api.chat import ChatEndpoints, ChatMessages, UserFilter
from cgpt_tui.api.content import ContentEndpoints
from cgpt_tui.api.endpoint import Order
from cgpt_tui.api.reports import ReportEndpoints
from cgpt_tui.api.site import site_url
from cgpt_tui.secret import ApiKey

if TYPE_CHECKING:
    from cgpt_tui.api.transport import Transport

__all__ = ["ChatMessages", "CustomGPTClient", "Order", "UserFilter"]


class CustomGPTClient(
    AgentEndpoints, ChatEndpoints, ContentEndpoints, AccountEndpoints, ReportEndpoints
):
    """`async with CustomGPTClient(base_url, api_key) as client: ...`

    `base_url` is the site (`https://app.customgpt.ai`); paths go under `/api/v1/`.
    `timeout` bounds each request; `stream_timeout` is the longest wait between two pieces
    of a streamed answer (default: `timeout`).
    """

    def __init__(
        self,
        base_url: str,
        api_key: ApiKey | str,
        *,
        timeout: float = 30.0,
        stream_timeout: float | None = None,
        read_retries: int = 0,
        reauthenticate: Callable[[], Awaitable[ApiKey | str | None]] | None = None,
    ) -> None:
        """`read_retries`: how often a GET answered 429 is tried again (see Transport.send).
        `reauthenticate`: asked for a new key when the server refuses the current one; the
        refused call is then made once more with it (see Transport._renew_key)."""
        self.base_url = site_url(base_url)
        self._key = ApiKey.of(api_key)
        self._timeout = timeout
        self._stream_timeout = stream_timeout
        self._read_retries = read_retries
        self._reauthenticate = reauthenticate
        self._transport: Transport | None = None

    def open(self) -> None:
        """Make the HTTP client now rather than at the first request (the app does it right
        after its first frame, so that a user's first request does not wait for httpx)."""
        self._wire  # noqa: B018  (the property makes it)

    @property
    def _wire(self) -> Transport:
        """Made at the first request (or `open`): it imports httpx, which the app's start
        leaves until after its first frame (see prefetch.py)."""
        if self._transport is None:
            from cgpt_tui.api.transport import Transport

            self._transport = Transport(
                self.base_url,
                self._key,
                timeout=self._timeout,
                stream_timeout=self._stream_timeout,
                read_retries=self._read_retries,
                reauthenticate=self._reauthenticate,
            )
        return self._transport

    def __repr__(self) -> str:
        return f"CustomGPTClient({self.base_url!r})"

    async def __aenter__(self) -> CustomGPTClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()
