"""Routes that build agents: create (from a sitemap or files), update, delete, replicate.

A new agent answers `is_chat_active` null at once, false while its pages index, true once
they are done with at least one indexed (false if all failed). Questions to an agent that is
not active yet are answered from whatever it has indexed (nothing: its no-answer message);
whether the real service refuses them instead is unverified, and answering keeps the chat
working for agents seeded inactive.
"""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo import content
from cgpt_tui.demo.context import agent_of, context
from cgpt_tui.demo.envelopes import ApiFailure, success
from cgpt_tui.demo.extract import content_type_of
from cgpt_tui.demo.forms import Body, body_of, filename_of, store_upload
from cgpt_tui.demo.pages import Source
from cgpt_tui.demo.routes_agents import PROJECT
from cgpt_tui.demo.state import AgentData, DemoState

MAX_NAME = 255
MAX_URL = 2000
NEW_AGENT_SETTINGS: dict[str, Any] = {
    "default_prompt": "Ask Me Anything ...",
    "example_questions": None,
}
NO_NAME = "Agent name can't be empty"
NO_SITEMAP = "Sitemap path can't be empty"
AGENT_LIMIT = "You have reached your agent limit"


def agent_name(body: Body, *, required: bool) -> str | None:
    raw = body.fields.get("project_name")
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise ApiFailure(400, NO_NAME)
    if len(raw.strip()) > MAX_NAME:
        raise ApiFailure(
            400, f"The project name field must not be greater than {MAX_NAME} characters."
        )
    return raw.strip()


def sitemap_of(body: Body) -> str | None:
    url = body.text("sitemap_path")
    if url is None:
        return None
    if len(url) > MAX_URL or not url.lower().startswith(("http://", "https://")):
        raise ApiFailure(400, "The sitemap path field must be a valid URL.")
    return url


async def add_content(request: Request, agent: AgentData, body: Body) -> list[Source]:
    """The body's sitemap and files added to the agent; the sources they went to."""
    state = context(request).state
    added = []
    sitemap = sitemap_of(body)
    if sitemap:
        added.append(content.add_sitemap(state, agent, sitemap))
    kept = bool(body.flag("file_data_retension", True))
    for upload in body.files.get("file", []):
        stored = await store_upload(upload, state.files_dir)
        name = filename_of(upload)
        page = content.add_upload(
            state, agent, stored, name, kept=kept, content_type=content_type_of(name)
        )
        added.append(state.content(agent).sources[page.source_id])
    return added


def _has_content(body: Body) -> bool:
    return bool(body.text("sitemap_path") or body.files.get("file"))


async def create_agent(request: Request) -> JSONResponse:
    state = context(request).state
    body = await body_of(request)
    name = agent_name(body, required=True)
    assert name is not None
    if not _has_content(body):
        raise ApiFailure(400, NO_SITEMAP)
    sitemap_of(body)  # validated before the agent exists
    with state.lock:
        if len(state.agents) >= state.limits["max_projects_num"]:
            raise ApiFailure(400, AGENT_LIMIT)
        agent = content.new_agent(state, name, NEW_AGENT_SETTINGS)
        row = dict(agent.row)  # as created: is_chat_active null
    await add_content(request, agent, body)
    return success(row, status=201)


def share(state: DemoState, agent: AgentData, shared: bool) -> None:
    """Sharing on fills the slug, link and embed codes; off clears them."""
    row = agent.row
    row["is_shared"] = shared
    if not shared:
        row.update(shareable_slug=None, shareable_link=None, embed_code=None, live_chat_code=None)
        return
    slug = (
        row.get("shareable_slug")
        or hashlib.md5(
            f"{agent.id}:{row['created_at']}".encode(), usedforsecurity=False
        ).hexdigest()
    )
    row["shareable_slug"] = slug
    row["shareable_link"] = (
        f"https://app.customgpt.ai/projects/{agent.id}/ask?embed=1&shareable_slug={slug}"
    )
    row["embed_code"] = (
        '<script src="https://cdn.customgpt.ai/js/embed.js" defer="" div_id="customgpt_chat" '
        f'p_id="{agent.id}" p_key="{slug}"></script>'
    )
    row["live_chat_code"] = (
        '<script src="https://cdn.customgpt.ai/js/chat.js" defer=""></script>'
        '<script defer>window.addEventListener("load", () => { CustomGPT.init({'
        f'p_id: "{agent.id}", p_key: "{slug}"}}) }});</script>'
    )


async def update_agent(request: Request) -> JSONResponse:
    agent = agent_of(request)
    state = context(request).state
    body = await body_of(request)
    name = agent_name(body, required=False)
    shared = body.flag("is_shared")
    licenses = body.flag("are_licenses_allowed")
    sitemap_of(body)
    with state.lock:
        if name is not None:
            agent.row["project_name"] = name
        if shared is not None:
            share(state, agent, shared)
        if licenses is not None:
            agent.row["are_licenses_allowed"] = licenses
        agent.row["updated_at"] = state.now()
    if _has_content(body):
        await add_content(request, agent, body)
    return success(agent.row)


async def delete_agent(request: Request) -> JSONResponse:
    agent = agent_of(request)
    state = context(request).state
    content.delete_agent(state, agent)
    return success({"deleted": True})


async def replicate_agent(request: Request) -> JSONResponse:
    agent = agent_of(request)
    state = context(request).state
    with state.lock:
        if len(state.agents) >= state.limits["max_projects_num"]:
            raise ApiFailure(400, AGENT_LIMIT)
        copy = content.replicate(state, agent)
        row = dict(copy.row)
    return success(row, status=201)


ROUTES = [
    Route("/api/v1/projects", create_agent, methods=["POST"]),
    Route(PROJECT, update_agent, methods=["POST"]),
    Route(PROJECT, delete_agent, methods=["DELETE"]),
    Route(f"{PROJECT}/replicate", replicate_agent, methods=["POST"]),
]
