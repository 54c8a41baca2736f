"""The async CustomGPT client: one method per operation, over one httpx.AsyncClient."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from email.message import Message as MimeHeaders
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from cgpt_tui import __version__
from cgpt_tui.api.coerce import as_dict, as_str
from cgpt_tui.api.completions import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatMessage,
    completion_chunks,
    message_payload,
)
from cgpt_tui.api.errors import (
    CustomGPTError,
    NetworkError,
    ProtocolError,
    RateLimited,
    error_class_for,
)
from cgpt_tui.api.pages import MessagePage, Page, walk_pages
from cgpt_tui.api.records import (
    Agent,
    AgentSettings,
    AgentStats,
    Citation,
    Conversation,
    FilePreview,
    Message,
    Reaction,
    UsageLimits,
    User,
)
from cgpt_tui.api.streaming import EventStream, MessageStream, StreamEvent, message_events

API_PREFIX = "/api/v1"


def _seg(value: object) -> str:
    return quote(str(value), safe="")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class CustomGPTClient:
    """`async with CustomGPTClient(base_url, api_key) as client: ...`"""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 30.0,
        stream_timeout: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = httpx.Timeout(timeout)
        self._stream_timeout = httpx.Timeout(
            timeout, read=stream_timeout if stream_timeout is not None else timeout
        )
        self._http = httpx.AsyncClient(
            base_url=self.base_url + API_PREFIX,
            headers={
                "Authorization": f"Bearer {api_key}",
                "Accept": "application/json",
                "User-Agent": f"cgpt-tui/{__version__}",
            },
            timeout=self._timeout,
        )

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
        await self._http.aclose()

    # ------------------------------------------------------------------ plumbing

    def _scrub(self, text: str) -> str:
        """Never let the key into an error message, even if a server echoes it."""
        return text.replace(self._api_key, "[key]") if self._api_key else text

    def _error(self, response: httpx.Response, body: bytes) -> CustomGPTError:
        message = ""
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            data = as_dict(payload.get("data"))
            message = (
                as_str(data.get("message"))
                or as_str(payload.get("message"))
                or as_str(payload.get("error"))
                or ""
            )
        status = response.status_code
        message = self._scrub(message or response.reason_phrase or f"HTTP {status}")
        url = self._scrub(str(response.request.url)) if response.request else None
        kind = error_class_for(status)
        if kind is RateLimited:
            return RateLimited(message, status=status, url=url, retry_after=_retry_after(response))
        return kind(message, status=status, url=url)

    def _network_error(self, error: httpx.HTTPError) -> NetworkError:
        if isinstance(error, httpx.TimeoutException):
            return NetworkError(f"the server did not answer in time ({type(error).__name__})")
        if isinstance(error, httpx.ConnectError):
            return NetworkError(f"cannot connect to {self.base_url}")
        return NetworkError(f"network failure: {type(error).__name__}")

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise self._network_error(error) from None
        if response.is_error:
            raise self._error(response, response.content)
        return response

    async def _data(self, method: str, path: str, **kwargs: Any) -> Any:
        """The `data` of a success envelope."""
        response = await self._send(method, path, **kwargs)
        try:
            payload = response.json()
        except ValueError:
            raise ProtocolError(
                "the server's answer is not JSON", status=response.status_code
            ) from None
        if not isinstance(payload, dict) or "data" not in payload:
            raise ProtocolError("the server's answer has no 'data'", status=response.status_code)
        return payload["data"]

    async def _open_stream(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        request = self._http.build_request(method, path, timeout=self._stream_timeout, **kwargs)
        request.headers["Accept"] = "text/event-stream"
        try:
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError as error:
            raise self._network_error(error) from None
        if response.is_error:
            try:
                body = await response.aread()
            except httpx.HTTPError:
                body = b""
            finally:
                await response.aclose()
            raise self._error(response, body)
        return response

    @staticmethod
    def _params(**values: Any) -> dict[str, Any]:
        return {key: value for key, value in values.items() if value is not None}

    # ------------------------------------------------------------------ agents

    async def list_agents(
        self,
        page: int = 1,
        *,
        name: str | None = None,
        order: str = "desc",
        order_by: str | None = None,
    ) -> Page[Agent]:
        params = self._params(page=page, name=name, order=order, orderBy=order_by)
        return Page.from_api(await self._data("GET", "/projects", params=params), Agent.from_api)

    def iter_agents(
        self, *, name: str | None = None, order: str = "desc", order_by: str | None = None
    ) -> AsyncIterator[Agent]:
        return walk_pages(lambda n: self.list_agents(n, name=name, order=order, order_by=order_by))

    async def get_agent(self, agent_id: int) -> Agent:
        return Agent.from_api(await self._data("GET", f"/projects/{_seg(agent_id)}"))

    async def get_agent_settings(self, agent_id: int) -> AgentSettings:
        data = await self._data("GET", f"/projects/{_seg(agent_id)}/settings")
        return AgentSettings.from_api(data)

    async def get_agent_stats(self, agent_id: int) -> AgentStats:
        return AgentStats.from_api(await self._data("GET", f"/projects/{_seg(agent_id)}/stats"))

    # ------------------------------------------------------------------ conversations

    def _conversations(self, agent_id: int, session_id: str | None = None) -> str:
        path = f"/projects/{_seg(agent_id)}/conversations"
        return f"{path}/{_seg(session_id)}" if session_id is not None else path

    async def list_conversations(
        self,
        agent_id: int,
        page: int = 1,
        *,
        user_filter: str | None = None,
        name: str | None = None,
        order: str = "desc",
        order_by: str | None = None,
    ) -> Page[Conversation]:
        params = self._params(
            page=page, userFilter=user_filter, name=name, order=order, orderBy=order_by
        )
        data = await self._data("GET", self._conversations(agent_id), params=params)
        return Page.from_api(data, Conversation.from_api)

    def iter_conversations(
        self,
        agent_id: int,
        *,
        user_filter: str | None = None,
        name: str | None = None,
        order: str = "desc",
        order_by: str | None = None,
    ) -> AsyncIterator[Conversation]:
        return walk_pages(
            lambda n: self.list_conversations(
                agent_id, n, user_filter=user_filter, name=name, order=order, order_by=order_by
            )
        )

    async def create_conversation(self, agent_id: int, name: str) -> Conversation:
        data = await self._data("POST", self._conversations(agent_id), json={"name": name})
        return Conversation.from_api(data)

    async def rename_conversation(self, agent_id: int, session_id: str, name: str) -> Conversation:
        path = self._conversations(agent_id, session_id)
        return Conversation.from_api(await self._data("PUT", path, json={"name": name}))

    async def delete_conversation(self, agent_id: int, session_id: str) -> None:
        await self._data("DELETE", self._conversations(agent_id, session_id))

    # ------------------------------------------------------------------ messages

    def _messages(self, agent_id: int, session_id: str, message_id: int | None = None) -> str:
        path = f"{self._conversations(agent_id, session_id)}/messages"
        return f"{path}/{_seg(message_id)}" if message_id is not None else path

    async def list_messages(
        self, agent_id: int, session_id: str, page: int = 1, *, order: str = "desc"
    ) -> MessagePage[Message]:
        data = await self._data(
            "GET", self._messages(agent_id, session_id), params={"page": page, "order": order}
        )
        if not isinstance(data, dict):
            raise ProtocolError("expected {'conversation': ..., 'messages': ...}")
        conversation = data.get("conversation")
        return MessagePage(
            conversation=Conversation.from_api(conversation)
            if isinstance(conversation, dict) and conversation.get("session_id")
            else None,
            page=Page.from_api(data.get("messages"), Message.from_api),
        )

    def iter_messages(
        self, agent_id: int, session_id: str, *, order: str = "desc"
    ) -> AsyncIterator[Message]:
        async def fetch(number: int) -> Page[Message]:
            return (await self.list_messages(agent_id, session_id, number, order=order)).page

        return walk_pages(fetch)

    def _send_args(
        self,
        prompt: str,
        *,
        stream: bool,
        lang: str | None,
        external_id: str | None,
        custom_persona: str | None,
        chatbot_model: str | None,
        response_source: str | None,
        fresh: bool,
    ) -> dict[str, Any]:
        body = {"prompt": prompt, "stream": stream} | self._params(
            custom_persona=custom_persona,
            chatbot_model=chatbot_model,
            response_source=response_source,
        )
        params = self._params(stream="true" if stream else None, lang=lang, external_id=external_id)
        headers = {"Cache-Control": "no-cache"} if fresh else {}
        return {"json": body, "params": params, "headers": headers}

    async def send_message(
        self,
        agent_id: int,
        session_id: str,
        prompt: str,
        *,
        lang: str | None = None,
        external_id: str | None = None,
        custom_persona: str | None = None,
        chatbot_model: str | None = None,
        response_source: str | None = None,
        fresh: bool = False,
    ) -> Message:
        args = self._send_args(
            prompt,
            stream=False,
            lang=lang,
            external_id=external_id,
            custom_persona=custom_persona,
            chatbot_model=chatbot_model,
            response_source=response_source,
            fresh=fresh,
        )
        data = await self._data("POST", self._messages(agent_id, session_id), **args)
        return Message.from_api(data)

    def stream_message(
        self,
        agent_id: int,
        session_id: str,
        prompt: str,
        *,
        lang: str | None = None,
        external_id: str | None = None,
        custom_persona: str | None = None,
        chatbot_model: str | None = None,
        response_source: str | None = None,
        fresh: bool = False,
    ) -> MessageStream:
        """Stream an answer. Use `async with` (or contextlib.aclosing) to stop early."""
        args = self._send_args(
            prompt,
            stream=True,
            lang=lang,
            external_id=external_id,
            custom_persona=custom_persona,
            chatbot_model=chatbot_model,
            response_source=response_source,
            fresh=fresh,
        )
        path = self._messages(agent_id, session_id)
        return EventStream[StreamEvent](
            lambda: self._open_stream("POST", path, **args), message_events
        )

    async def get_message(self, agent_id: int, session_id: str, message_id: int) -> Message:
        path = self._messages(agent_id, session_id, message_id)
        return Message.from_api(await self._data("GET", path))

    async def set_reaction(
        self, agent_id: int, session_id: str, message_id: int, reaction: Reaction | str
    ) -> Message:
        path = f"{self._messages(agent_id, session_id, message_id)}/feedback"
        data = await self._data("PUT", path, json={"reaction": Reaction(reaction).value})
        return Message.from_api(data)

    # ------------------------------------------------------------------ sources

    async def get_citation(self, agent_id: int, citation_id: int) -> Citation:
        path = f"/projects/{_seg(agent_id)}/citations/{_seg(citation_id)}"
        return Citation.from_api(await self._data("GET", path))

    async def preview_file(self, file_id: int) -> FilePreview:
        response = await self._send("GET", f"/preview/{_seg(file_id)}")
        return FilePreview(
            content=response.content,
            content_type=response.headers.get("content-type", "application/octet-stream"),
            filename=_filename(response.headers.get("content-disposition")),
        )

    # ------------------------------------------------------------------ account

    async def get_user(self) -> User:
        return User.from_api(await self._data("GET", "/user"))

    async def get_usage_limits(self) -> UsageLimits:
        return UsageLimits.from_api(await self._data("GET", "/limits/usage"))

    # ------------------------------------------------------------------ OpenAI-compatible

    def _completion_body(
        self,
        messages: Sequence[ChatMessage | Mapping[str, Any]],
        *,
        stream: bool,
        lang: str | None,
        external_id: str | None,
        inline_citations: bool,
    ) -> dict[str, Any]:
        return {
            "messages": message_payload(messages),
            "stream": stream,
            "is_inline_citation": inline_citations,
        } | self._params(lang=lang, external_id=external_id)

    async def chat_completion(
        self,
        agent_id: int,
        messages: Sequence[ChatMessage | Mapping[str, Any]],
        *,
        lang: str | None = None,
        external_id: str | None = None,
        inline_citations: bool = False,
    ) -> ChatCompletion:
        body = self._completion_body(
            messages,
            stream=False,
            lang=lang,
            external_id=external_id,
            inline_citations=inline_citations,
        )
        response = await self._send(
            "POST", f"/projects/{_seg(agent_id)}/chat/completions", json=body
        )
        try:
            return ChatCompletion.from_api(response.json())
        except ValueError:
            raise ProtocolError("the completion is not JSON") from None

    def stream_chat_completion(
        self,
        agent_id: int,
        messages: Sequence[ChatMessage | Mapping[str, Any]],
        *,
        lang: str | None = None,
        external_id: str | None = None,
        inline_citations: bool = False,
    ) -> EventStream[ChatCompletionChunk]:
        body = self._completion_body(
            messages,
            stream=True,
            lang=lang,
            external_id=external_id,
            inline_citations=inline_citations,
        )
        path = f"/projects/{_seg(agent_id)}/chat/completions"
        return EventStream[ChatCompletionChunk](
            lambda: self._open_stream("POST", path, json=body), completion_chunks
        )


def _filename(disposition: str | None) -> str | None:
    if not disposition:
        return None
    headers = MimeHeaders()
    headers["content-disposition"] = disposition
    name = headers.get_filename()
    if name:
        return name
    match = re.search(r'filename="?([^";]+)"?', disposition)
    return match.group(1) if match else None
