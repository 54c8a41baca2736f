"""Routes for an agent's pages (list, delete, reindex, metadata) and sources."""

from __future__ import annotations

import math
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo import content
from cgpt_tui.demo.context import (
    absolute,
    agent_of,
    context,
    int_param,
    json_body,
    query_choice,
    query_limit,
)
from cgpt_tui.demo.envelopes import ApiFailure, paginate, success
from cgpt_tui.demo.forms import body_of
from cgpt_tui.demo.pages import (
    PAGE_STATUSES,
    REFRESH_EXISTING,
    REFRESH_FREQUENCIES,
    SEEDED,
    UPLOADED,
    Page,
    Source,
)
from cgpt_tui.demo.routes_agents import PROJECT
from cgpt_tui.demo.routes_build import NO_SITEMAP, add_content
from cgpt_tui.demo.state import AgentData

STATUS_FILTERS = ("all", *PAGE_STATUSES)
MAX_LIMIT = 100
METADATA_LIMITS = {"title": 255, "url": 2000, "description": 500, "image": 2000}
BOOLEAN_SETTINGS = ("executive_js", "create_new_pages", "remove_unexist_pages")


def page_out(request: Request, row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "page_url": absolute(request, row["page_url"])}


def page_of(request: Request) -> tuple[AgentData, Page]:
    agent = agent_of(request)
    page_id = int_param(request, "page_id", "Page")
    page = context(request).state.content(agent).pages.get(page_id)
    if page is None:
        raise ApiFailure(404, f"Page with id {page_id} not found")
    return agent, page


def source_of(request: Request) -> tuple[AgentData, Source]:
    agent = agent_of(request)
    source_id = int_param(request, "source_id", "Source")
    source = context(request).state.content(agent).sources.get(source_id)
    if source is None:
        raise ApiFailure(404, f"Agent source with id {source_id} not found")
    return agent, source


async def list_pages(request: Request) -> JSONResponse:
    agent = agent_of(request)
    state = context(request).state
    order = query_choice(request, "order", ("asc", "desc"), "desc")
    crawl = query_choice(request, "crawl_status", STATUS_FILTERS, "all")
    index = query_choice(request, "index_status", STATUS_FILTERS, "all")
    limit = query_limit(request, default=20, most=MAX_LIMIT)
    with state.lock:
        by_id = state.content(agent).pages
        ids = sorted(by_id, reverse=order == "desc")  # ints: fast even for 50,000 pages
        if crawl != "all" or index != "all":
            ids = [
                page_id
                for page_id in ids
                if crawl in ("all", by_id[page_id].row["crawl_status"])
                and index in ("all", by_id[page_id].row["index_status"])
            ]
        pages = paginate(request, ids, limit)
        pages["data"] = [page_out(request, by_id[page_id].row) for page_id in pages["data"]]
        return success({"project": agent.row, "pages": pages})


async def delete_page(request: Request) -> JSONResponse:
    agent, page = page_of(request)
    state = context(request).state
    content.delete_page(state, agent, page.id)
    return success({"deleted": True})


async def reindex_page(request: Request) -> JSONResponse:
    agent, page = page_of(request)
    state = context(request).state
    with state.lock:
        if page.row["is_file"] and page.origin == UPLOADED and not page.file_path:
            # the description's message; the page itself says its file was not kept
            raise ApiFailure(403, f"The Document with the id {page.id} couldn't have been updated")
        page.reuse_document = page.origin == SEEDED
        page.preset_failure = None
        content.queue_page(state, agent, page)
    return success({"updated": True})


async def get_metadata(request: Request) -> JSONResponse:
    return success(page_of(request)[1].metadata)


def _metadata_changes(body: dict[str, Any]) -> dict[str, str | None]:
    changes: dict[str, str | None] = {}
    for name, most in METADATA_LIMITS.items():
        if name not in body:
            continue
        value = body[name]
        if value is not None and not isinstance(value, str):
            raise ApiFailure(400, f"The {name} field must be a string.")
        if value is not None and len(value) > most:
            raise ApiFailure(400, f"The {name} field must not be greater than {most} characters.")
        changes[name] = value
    return changes


async def put_metadata(request: Request) -> JSONResponse:
    _, page = page_of(request)
    state = context(request).state
    changes = _metadata_changes(await json_body(request))
    with state.lock:
        page.metadata.update(changes, updated_at=state.now())
        page.metadata_edited = True
    return success(page.metadata)


def source_out(request: Request, agent: AgentData, source: Source) -> dict[str, Any]:
    record = context(request).state.content(agent).source_record(source)
    record["pages"] = [page_out(request, row) for row in record["pages"]]
    return record


async def list_sources(request: Request) -> JSONResponse:
    agent = agent_of(request)
    state = context(request).state
    with state.lock:
        uploads = content.uploads_source(state, agent)
        sources = state.content(agent).sources.values()
        sitemaps = [source_out(request, agent, s) for s in sources if s.row["type"] == "sitemap"]
        return success({"sitemaps": sitemaps, "uploads": source_out(request, agent, uploads)})


async def add_source(request: Request) -> JSONResponse:
    agent = agent_of(request)
    state = context(request).state
    body = await body_of(request)
    if not (body.text("sitemap_path") or body.files.get("file")):
        raise ApiFailure(400, NO_SITEMAP)
    added = await add_content(request, agent, body)
    with state.lock:
        return success(source_out(request, agent, added[0]), status=201)


def _settings_changes(body: dict[str, Any]) -> dict[str, Any]:
    nested = body.get("settings")
    given: dict[str, Any] = nested if isinstance(nested, dict) else body
    changes: dict[str, Any] = {}
    for name in BOOLEAN_SETTINGS:
        if name in given and given[name] is not None:
            if not isinstance(given[name], bool | int):
                raise ApiFailure(400, f"The {name} field must be true or false.")
            changes[name] = bool(given[name])
    for name, choices in (
        ("data_refresh_frequency", REFRESH_FREQUENCIES),
        ("refresh_existing_pages", REFRESH_EXISTING),
    ):
        if name in given and given[name] is not None:
            if given[name] not in choices:
                raise ApiFailure(400, f"The selected {name.replace('_', ' ')} is invalid.")
            changes[name] = given[name]
    return changes


def _schedule(body: dict[str, Any]) -> list[dict[str, Any]] | None:
    raw = body.get("refresh_schedule")
    if raw is None:
        return None
    problem = ApiFailure(
        400, 'The refresh schedule must be a list of {"days": [0-6], "hours": ["HH:MM"]}.'
    )
    if not isinstance(raw, list):
        raise problem
    schedule = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise problem
        days, hours = entry.get("days"), entry.get("hours")
        if not isinstance(days, list) or not isinstance(hours, list):
            raise problem
        if not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in days):
            raise problem
        if not all(isinstance(h, str) and _clock(h) for h in hours):
            raise problem
        schedule.append({"days": days, "hours": hours})
    return schedule


def _clock(text: str) -> bool:
    hour, colon, minute = text.partition(":")
    return (
        bool(colon)
        and len(hour) == 2
        and len(minute) == 2
        and hour.isdigit()
        and minute.isdigit()
        and int(hour) < 24
        and int(minute) < 60
    )


async def update_source(request: Request) -> JSONResponse:
    agent, source = source_of(request)
    state = context(request).state
    body = await json_body(request)
    changes, schedule = _settings_changes(body), _schedule(body)
    with state.lock:
        if not isinstance(source.row["settings"], dict):
            source.row["settings"] = {}
        source.row["settings"].update(changes)
        if schedule is not None:
            source.row["refresh_schedule"] = schedule
        source.row["updated_at"] = state.now()
        record = source_out(request, agent, source)
    return success(record, status=201)


async def delete_source(request: Request) -> JSONResponse:
    agent, source = source_of(request)
    state = context(request).state
    content.delete_source(state, agent, source.id)
    return success({"deleted": True})


async def instant_sync(request: Request) -> JSONResponse:
    """Read the sitemap again; at most once every `state.instant_sync_wait` seconds."""
    agent, source = source_of(request)
    state = context(request).state
    with state.lock:
        if source.row["type"] != "sitemap" or not source.sitemap:
            raise ApiFailure(403, "Agent source can't be synced")
        now = time.monotonic()
        if source.synced_at is not None:
            left = state.instant_sync_wait - (now - source.synced_at)
            if left > 0:
                seconds = math.ceil(left)
                raise ApiFailure(403, f"Next instant sync will be available in {seconds} seconds")
        source.synced_at = now
        content.sync_sitemap(state, agent, source)
        record = source_out(request, agent, source)
    return success(record, status=201)


PAGE = f"{PROJECT}/pages/{{page_id}}"
SOURCE = f"{PROJECT}/sources/{{source_id}}"
ROUTES = [
    Route(f"{PROJECT}/pages", list_pages, methods=["GET"]),
    Route(PAGE, delete_page, methods=["DELETE"]),
    Route(f"{PAGE}/reindex", reindex_page, methods=["POST"]),
    Route(f"{PAGE}/metadata", get_metadata, methods=["GET"]),
    Route(f"{PAGE}/metadata", put_metadata, methods=["PUT"]),
    Route(f"{PROJECT}/sources", list_sources, methods=["GET"]),
    Route(f"{PROJECT}/sources", add_source, methods=["POST"]),
    Route(SOURCE, update_source, methods=["PUT"]),
    Route(SOURCE, delete_source, methods=["DELETE"]),
    Route(f"{SOURCE}/instant-sync", instant_sync, methods=["PUT"]),
]
