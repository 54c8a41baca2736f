"""The fault switches over HTTP, for a client in another process (same bearer key).

`POST /__demo__/faults` arms switches (see FaultSwitches.apply for the JSON), `GET` shows
what is still armed, `DELETE` clears everything.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.context import context, json_body
from cgpt_tui.demo.envelopes import ApiFailure, success


async def set_faults(request: Request) -> JSONResponse:
    faults = context(request).faults
    try:
        faults.apply(await json_body(request))
    except ValueError as problem:
        raise ApiFailure(422, str(problem)) from None
    return success(faults.pending())


async def show_faults(request: Request) -> JSONResponse:
    return success(context(request).faults.pending())


async def clear_faults(request: Request) -> JSONResponse:
    faults = context(request).faults
    faults.clear()
    return success(faults.pending())


ROUTES = [
    Route("/__demo__/faults", set_faults, methods=["POST"]),
    Route("/__demo__/faults", show_faults, methods=["GET"]),
    Route("/__demo__/faults", clear_faults, methods=["DELETE"]),
]
