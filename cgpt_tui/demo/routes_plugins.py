"""`GET|POST|PUT /projects/{id}/plugins`: an agent's one plugin (ProjectPlugin), kept in its
extras under "plugin". GET and PUT answer 404 until a POST has created it (201); a second
POST is refused (400): PUT changes the fields it names (200).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.bodies import as_bool, read_body, required_text
from cgpt_tui.demo.context import agent_of, context
from cgpt_tui.demo.envelopes import ApiFailure, success
from cgpt_tui.demo.state import AgentData

DEFAULT_LOGO = "https://app.customgpt.ai/logo.svg"
TEXT_FIELDS = {"model_name": 255, "human_name": 255, "keywords": 1000, "description": 1000}


def _missing(agent: AgentData) -> ApiFailure:
    return ApiFailure(404, f"Plugin for agent with id {agent.id} not found")


def _fields(body: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, max_length in TEXT_FIELDS.items():
        if creating or body.get(name) is not None:
            fields[name] = required_text(body, name, max_length, status=400)
    if body.get("is_active") is not None:
        fields["is_active"] = as_bool("is_active", body["is_active"])
    elif creating:
        fields["is_active"] = False  # the description's default
    return fields


async def get_plugin(request: Request) -> JSONResponse:
    agent = agent_of(request)
    plugin = agent.extras.get("plugin")
    if plugin is None:
        raise _missing(agent)
    return success(plugin)


async def create_plugin(request: Request) -> JSONResponse:
    agent = agent_of(request)
    fields = _fields(await read_body(request), creating=True)
    with context(request).state.lock:
        if agent.extras.get("plugin") is not None:
            raise ApiFailure(400, f"Plugin for agent with id {agent.id} already exists")
        plugin = {**fields, "logo": DEFAULT_LOGO}
        agent.extras["plugin"] = plugin
    return success(plugin, status=201)


async def update_plugin(request: Request) -> JSONResponse:
    agent = agent_of(request)
    fields = _fields(await read_body(request), creating=False)
    with context(request).state.lock:
        plugin = agent.extras.get("plugin")
        if plugin is None:
            raise _missing(agent)
        plugin.update(fields)
    return success(plugin)


PLUGINS = "/api/v1/projects/{agent_id}/plugins"
ROUTES = [
    Route(PLUGINS, get_plugin, methods=["GET"]),
    Route(PLUGINS, create_plugin, methods=["POST"]),
    Route(PLUGINS, update_plugin, methods=["PUT"]),
]
