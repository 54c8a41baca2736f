"""What every route needs: the server's data, fault switches and settings, and common lookups."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from cgpt_tui.demo.envelopes import ApiFailure
from cgpt_tui.demo.faults import FaultSwitches
from cgpt_tui.demo.sse import StreamRecord
from cgpt_tui.demo.state import AgentData, DemoState


@dataclass
class DemoContext:
    state: DemoState
    api_key: str
    faults: FaultSwitches = field(default_factory=FaultSwitches)
    stream_log: list[StreamRecord] = field(default_factory=list)
    pace: Callable[[], float] = lambda: 0.0


def context(request: Request) -> DemoContext:
    return request.app.state.demo


def int_param(request: Request, name: str, what: str) -> int:
    raw = request.path_params[name]
    try:
        return int(raw)
    except ValueError:
        raise ApiFailure(400, f"The {what} id must be an integer, got '{raw}'.") from None


def agent_of(request: Request) -> AgentData:
    agent_id = int_param(request, "agent_id", "agent")
    agent = context(request).state.agent(agent_id)
    if agent is None:
        raise ApiFailure(404, f"Agent with id {agent_id} not found")
    return agent


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
