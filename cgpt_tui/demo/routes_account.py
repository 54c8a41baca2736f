"""Routes for the account: the key's user and the team's usage limits."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.context import context
from cgpt_tui.demo.envelopes import success


async def get_user(request: Request) -> JSONResponse:
    return success(context(request).state.user)


async def get_limits(request: Request) -> JSONResponse:
    return success(context(request).state.usage())


ROUTES = [
    Route("/api/v1/user", get_user, methods=["GET"]),
    Route("/api/v1/limits/usage", get_limits, methods=["GET"]),
]
