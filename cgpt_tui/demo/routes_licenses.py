"""`/projects/{id}/licenses[/{licenseId}]`: an agent's licences, kept in its extras under
"licenses" (a list of ProjectLicense rows with their `id`).

As the notes record, the envelopes differ: the list and the creation answer in `data`
(creation as `{license, licenseKey}`), while GET and PUT of one licence answer
`{"status": "success", "license": {...}}` with no `data`. Validation errors are 422.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.bodies import read_body, required_text
from cgpt_tui.demo.context import agent_of, context
from cgpt_tui.demo.envelopes import ApiFailure, success
from cgpt_tui.demo.state import AgentData

MAX_NAME = 255


def _licenses(agent: AgentData) -> list[dict[str, Any]]:
    licenses: list[dict[str, Any]] = agent.extras.setdefault("licenses", [])
    return licenses


def _license_of(request: Request) -> tuple[AgentData, dict[str, Any]]:
    agent = agent_of(request)
    raw = request.path_params["license_id"]
    try:
        license_id = int(raw)
    except ValueError:
        raise ApiFailure(422, "License id must be integer") from None
    for row in _licenses(agent):
        if row["id"] == license_id:
            return agent, row
    raise ApiFailure(404, f"Agent license with id {license_id} not found")


def _bare(row: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse({"status": "success", "license": row}, status_code=status)


async def list_licenses(request: Request) -> JSONResponse:
    agent = agent_of(request)
    with context(request).state.lock:
        return success(list(_licenses(agent)))


async def create_license(request: Request) -> JSONResponse:
    agent = agent_of(request)
    name = required_text(await read_body(request), "name", MAX_NAME, status=422)
    state = context(request).state
    now = state.now()
    row = {
        "id": state.next_id("license"),
        "name": name,
        "key": str(uuid.uuid4()),
        "project_id": agent.id,
        "created_at": now,
        "updated_at": now,
    }
    with state.lock:
        _licenses(agent).append(row)
    return success({"license": row, "licenseKey": row["key"]}, status=201)


async def get_license(request: Request) -> JSONResponse:
    _, row = _license_of(request)
    return _bare(row)


async def update_license(request: Request) -> JSONResponse:
    _, row = _license_of(request)
    name = required_text(await read_body(request), "name", MAX_NAME, status=422)
    state = context(request).state
    with state.lock:
        row.update(name=name, updated_at=state.now())
    return _bare(row)


async def delete_license(request: Request) -> JSONResponse:
    agent, row = _license_of(request)
    with context(request).state.lock:
        _licenses(agent).remove(row)
    return success({"deleted": True})


LICENSES = "/api/v1/projects/{agent_id}/licenses"
LICENSE = f"{LICENSES}/{{license_id}}"
ROUTES = [
    Route(LICENSES, list_licenses, methods=["GET"]),
    Route(LICENSES, create_license, methods=["POST"]),
    Route(LICENSE, get_license, methods=["GET"]),
    Route(LICENSE, update_license, methods=["PUT"]),
    Route(LICENSE, delete_license, methods=["DELETE"]),
]
