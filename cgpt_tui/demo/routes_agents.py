"""Routes for agents and their conversations."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.context import agent_of, context, json_body
from cgpt_tui.demo.envelopes import ApiFailure, paginate, success
from cgpt_tui.demo.seed import USER_ID

AGENTS_PER_PAGE = 10
CONVERSATIONS_PER_PAGE = 20
MAX_NAME = 255


def ordered(request: Request, rows: list[dict[str, Any]], fields: tuple[str, ...]) -> list:
    order = request.query_params.get("order", "desc").lower()
    if order not in ("asc", "desc"):
        raise ApiFailure(400, "The order must be asc or desc.")
    order_by = request.query_params.get("orderBy", "id")
    if order_by not in fields:
        raise ApiFailure(400, f"The orderBy must be one of: {', '.join(fields)}.")
    return sorted(rows, key=lambda row: (row[order_by], row["id"]), reverse=order == "desc")


def name_filter(request: Request, rows: list[dict[str, Any]], field: str) -> list:
    name = request.query_params.get("name", "").strip().lower()
    return [row for row in rows if name in (row[field] or "").lower()] if name else rows


async def list_agents(request: Request) -> JSONResponse:
    state = context(request).state
    with state.lock:
        rows = [agent.row for agent in state.agents.values()]
    rows = ordered(request, name_filter(request, rows, "project_name"), ("id", "created_at"))
    return success(paginate(request, rows, AGENTS_PER_PAGE))


async def get_agent(request: Request) -> JSONResponse:
    return success(agent_of(request).row)


async def get_settings(request: Request) -> JSONResponse:
    return success(agent_of(request).settings)


async def get_stats(request: Request) -> JSONResponse:
    agent = agent_of(request)
    documents = agent.library.documents
    words = sum(len(document.text.split()) for document in documents)
    return success(
        {
            "pages_found": len(documents),
            "pages_crawled": len(documents),
            "pages_indexed": len(documents),
            "crawl_credits_used": len(documents),
            "query_credits_used": agent.queries,
            "total_queries": agent.queries,
            "total_words_indexed": words,
            "total_storage_credits_used": words * 6,
        }
    )


def _owner_matches(user_filter: str, created_by: int | None) -> bool:
    if user_filter == "me":
        return created_by == USER_ID
    if user_filter == "anonymous":
        return created_by is None
    if user_filter == "team_member":
        return created_by is not None and created_by != USER_ID
    return True


async def list_conversations(request: Request) -> JSONResponse:
    agent = agent_of(request)
    user_filter = request.query_params.get("userFilter", "all")
    if user_filter not in ("all", "anonymous", "team_member", "me"):
        raise ApiFailure(400, "The userFilter must be one of: all, anonymous, team_member, me.")
    with context(request).state.lock:
        rows = list(agent.conversations.values())
    rows = [row for row in rows if _owner_matches(user_filter, row["created_by"])]
    rows = ordered(request, name_filter(request, rows, "name"), ("id", "created_at"))
    return success(paginate(request, rows, CONVERSATIONS_PER_PAGE))


def _name(body: dict[str, Any], *, required: bool) -> str | None:
    name = body.get("name")
    if name is None and not required:
        return None
    if not isinstance(name, str) or not name.strip():
        raise ApiFailure(422, "The name field is required.")
    if len(name) > MAX_NAME:
        raise ApiFailure(422, f"The name may not be greater than {MAX_NAME} characters.")
    return name.strip()


async def create_conversation(request: Request) -> JSONResponse:
    agent = agent_of(request)
    name = _name(await json_body(request), required=False) or "New conversation"
    row = context(request).state.add_conversation(agent, name, created_by=USER_ID)
    return success(row, status=201)


def conversation_of(request: Request) -> dict[str, Any]:
    agent = agent_of(request)
    session_id = request.path_params["session_id"]
    conversation = agent.conversations.get(session_id)
    if conversation is None:
        raise ApiFailure(404, f"Conversation with id {session_id} not found")
    return conversation


async def rename_conversation(request: Request) -> JSONResponse:
    conversation = conversation_of(request)
    name = _name(await json_body(request), required=True)
    state = context(request).state
    with state.lock:
        conversation["name"] = name
        conversation["updated_at"] = state.now()
    return success(conversation)


async def delete_conversation(request: Request) -> JSONResponse:
    conversation = conversation_of(request)
    context(request).state.delete_conversation(agent_of(request), conversation["session_id"])
    return success({"deleted": True})


PROJECT = "/api/v1/projects/{agent_id}"
ROUTES = [
    Route("/api/v1/projects", list_agents, methods=["GET"]),
    Route(PROJECT, get_agent, methods=["GET"]),
    Route(f"{PROJECT}/settings", get_settings, methods=["GET"]),
    Route(f"{PROJECT}/stats", get_stats, methods=["GET"]),
    Route(f"{PROJECT}/conversations", list_conversations, methods=["GET"]),
    Route(f"{PROJECT}/conversations", create_conversation, methods=["POST"]),
    Route(f"{PROJECT}/conversations/{{session_id}}", rename_conversation, methods=["PUT"]),
    Route(f"{PROJECT}/conversations/{{session_id}}", delete_conversation, methods=["DELETE"]),
]
