"""What every route needs: the server's data, switches and settings, and common lookups."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from cgpt_tui.demo.envelopes import ApiFailure
from cgpt_tui.demo.faults import FaultSwitches
from cgpt_tui.demo.sse import EventStream, StreamRecord
from cgpt_tui.demo.state import AgentData, DemoState


@dataclass(frozen=True)
class AskRecord:
    """One prompt as the messages route received it (read by tests through `server.ask_log`).

    `no_cache`: the request said `Cache-Control: no-cache`, asking for a fresh answer rather
    than a cached one. The stand-in keeps no answer cache (every answer is retrieved anew),
    so it answers the same either way; the record shows what the client sent."""

    session_id: str
    prompt: str
    no_cache: bool


ASK_LOG_SIZE = 200  # the newest prompts kept in `DemoContext.ask_log`


@dataclass
class DemoContext:
    state: DemoState
    api_key: str
    faults: FaultSwitches = field(default_factory=FaultSwitches)
    stream_log: list[StreamRecord] = field(default_factory=list)
    ask_log: deque[AskRecord] = field(default_factory=lambda: deque(maxlen=ASK_LOG_SIZE))
    pace: Callable[[], float] = lambda: 0.0  # tokens a second, read before each event
    stopping: threading.Event = field(default_factory=threading.Event)


def context(request: Request) -> DemoContext:
    return request.app.state.demo


def absolute(request: Request, url: str | None) -> str | None:
    """A stored relative URL (an uploaded page's preview) with this server's address."""
    if url and url.startswith("/"):
        return str(request.base_url).rstrip("/") + url
    return url


def int_param(request: Request, name: str, what: str) -> int:
    raw = request.path_params[name]
    try:
        return int(raw)
    except ValueError:
        raise ApiFailure(400, f"{what} id must be integer") from None


def agent_of(request: Request) -> AgentData:
    agent_id = int_param(request, "agent_id", "Agent")
    agent = context(request).state.agent(agent_id)
    if agent is None:
        raise ApiFailure(404, f"Agent with id {agent_id} not found")
    return agent


def conversation_of(request: Request) -> tuple[AgentData, dict[str, Any]]:
    agent = agent_of(request)
    session_id = request.path_params["session_id"]
    conversation = agent.conversations.get(session_id)
    if conversation is None:
        raise ApiFailure(404, f"Conversation with id {session_id} not found")
    return agent, conversation


def message_of(request: Request) -> tuple[AgentData, dict[str, Any], dict[str, Any]]:
    agent, conversation = conversation_of(request)
    message_id = int_param(request, "message_id", "Conversation message")
    message = context(request).state.message(agent, conversation["session_id"], message_id)
    if message is None:
        raise ApiFailure(404, f"Conversation message with id {message_id} not found")
    return agent, conversation, message


def query_choice(request: Request, name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(name, default)
    if value not in choices:
        raise ApiFailure(400, f"The {name} must be one of: {', '.join(choices)}.")
    return value


def query_limit(request: Request, *, default: int, most: int) -> int:
    """The `limit` query parameter: an integer from 1 to `most` (`default` when absent)."""
    raw = request.query_params.get("limit", str(default))
    try:
        limit = int(raw)
    except ValueError:
        raise ApiFailure(400, "The limit must be an integer.") from None
    if not 1 <= limit <= most:
        raise ApiFailure(400, f"The limit must be between 1 and {most}.")
    return limit


def open_stream(
    request: Request,
    events: list[bytes],
    *,
    kind: str,
    error: Callable[[str], bytes],
    malformed: bytes,
    unpaced: int,
) -> EventStream:
    """A streamed response of `events`, with the next stream plan applied and logged.

    The first `unpaced` events (the opening, before any text) are sent without waiting.
    """
    demo = context(request)
    plan = demo.faults.take_stream_plan()
    record = StreamRecord(path=request.url.path, kind=kind)
    demo.stream_log.append(record)
    return EventStream(
        events,
        plan=plan,
        record=record,
        pace=demo.pace,
        stopping=demo.stopping,
        error_frame=error(plan.error_message),
        malformed_frame=malformed,
        unpaced=unpaced,
    )


def no_cache(request: Request) -> bool:
    """Whether the request's `Cache-Control` holds the `no-cache` directive (any case, among
    others: `no-cache, max-age=0`)."""
    directives = request.headers.get("cache-control", "").split(",")
    return any(d.split("=", 1)[0].strip().lower() == "no-cache" for d in directives)


def truthy(value: Any) -> bool:
    """`stream` as clients send it: 1, true, "1", "true" (any case)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


async def json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise ApiFailure(400, "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiFailure(400, "The request body must be a JSON object.")
    return body
