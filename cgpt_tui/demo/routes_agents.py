"""Routes for agents (projects), their settings and stats, and their conversations."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.context import (
    agent_of,
    context,
    conversation_of,
    json_body,
    query_choice,
)
from cgpt_tui.demo.envelopes import ApiFailure, paginate, success

AGENTS_PER_PAGE = 10
CONVERSATIONS_PER_PAGE = 20
MAX_NAME = 255
USER_FILTERS = ("all", "anonymous", "team_member", "me")


def ordered(request: Request, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`order` asc|desc (desc by default) by `orderBy` id|created_at (id by default)."""
    order = query_choice(request, "order", ("asc", "desc"), "desc")
    order_by = query_choice(request, "orderBy", ("id", "created_at"), "id")
    return sorted(rows, key=lambda row: (row[order_by], row["id"]), reverse=order == "desc")


def name_filter(request: Request, rows: list[dict[str, Any]], field: str) -> list:
    """The `name` filter: a case-insensitive substring of the name."""
    name = request.query_params.get("name", "").strip().casefold()
    return [row for row in rows if name in (row[field] or "").casefold()] if name else rows


async def list_agents(request: Request) -> JSONResponse:
    duration = request.query_params.get("duration")
    if duration is not None and not duration.strip().isdigit():
        raise ApiFailure(400, "The duration must be an integer.")  # accepted, not applied
    state = context(request).state
    with state.lock:
        rows = [agent.row for agent in state.agents.values()]
    rows = ordered(request, name_filter(request, rows, "project_name"))
    return success(paginate(request, rows, AGENTS_PER_PAGE))


async def get_agent(request: Request) -> JSONResponse:
    return success(agent_of(request).row)


async def get_settings(request: Request) -> JSONResponse:
    return success(agent_of(request).settings)


async def get_stats(request: Request) -> JSONResponse:
    """Counters from the agent's pages; words are those of its indexed text."""
    agent = agent_of(request)
    state = context(request).state
    with state.lock:
        counts = state.content(agent).counts()
    return success(
        {
            "pages_found": counts["found"],
            "pages_crawled": counts["crawled"],
            "pages_indexed": counts["indexed"],
            "crawl_credits_used": counts["crawled"],
            "query_credits_used": agent.queries,
            "total_queries": agent.queries,
            "total_words_indexed": counts["words"],
            "total_storage_credits_used": counts["words"] * 6,
        }
    )


def _started_by(user_filter: str, created_by: int | None, me: int) -> bool:
    """`userFilter`: me = the key's user; anonymous = no user (null or 0); team_member = others."""
    if user_filter == "me":
        return created_by == me
    if user_filter == "anonymous":
        return not created_by
    if user_filter == "team_member":
        return bool(created_by) and created_by != me
    return True


async def list_conversations(request: Request) -> JSONResponse:
    agent = agent_of(request)
    state = context(request).state
    user_filter = query_choice(request, "userFilter", USER_FILTERS, "all")
    with state.lock:
        rows = list(agent.conversations.values())
    rows = [row for row in rows if _started_by(user_filter, row["created_by"], state.user_id)]
    rows = ordered(request, name_filter(request, rows, "name"))
    return success(paginate(request, rows, CONVERSATIONS_PER_PAGE))


def _name(body: dict[str, Any], *, required: bool) -> str | None:
    name = body.get("name")
    if not required and (name is None or name == ""):
        return None
    if not isinstance(name, str) or not name.strip():
        raise ApiFailure(422, "The name field is required.")
    if len(name) > MAX_NAME:
        raise ApiFailure(422, f"The name may not be greater than {MAX_NAME} characters.")
    return name.strip()


async def create_conversation(request: Request) -> JSONResponse:
    agent = agent_of(request)
    state = context(request).state
    name = _name(await json_body(request), required=False) or "New conversation"
    row = state.add_conversation(agent, name, created_by=state.user_id)
    return success(row, status=201)


async def rename_conversation(request: Request) -> JSONResponse:
    _, conversation = conversation_of(request)
    name = _name(await json_body(request), required=True)
    assert name is not None
    context(request).state.rename_conversation(conversation, name)
    return success(conversation)


async def delete_conversation(request: Request) -> JSONResponse:
    agent, conversation = conversation_of(request)
    context(request).state.delete_conversation(agent, conversation["session_id"])
    return success({"deleted": True})


PROJECT = "/api/v1/projects/{agent_id}"
CONVERSATION = f"{PROJECT}/conversations/{{session_id}}"
ROUTES = [
    Route("/api/v1/projects", list_agents, methods=["GET"]),
    Route(PROJECT, get_agent, methods=["GET"]),
    Route(f"{PROJECT}/settings", get_settings, methods=["GET"]),
    Route(f"{PROJECT}/stats", get_stats, methods=["GET"]),
    Route(f"{PROJECT}/conversations", list_conversations, methods=["GET"]),
    Route(f"{PROJECT}/conversations", create_conversation, methods=["POST"]),
    Route(CONVERSATION, rename_conversation, methods=["PUT"]),
    Route(CONVERSATION, delete_conversation, methods=["DELETE"]),
]
