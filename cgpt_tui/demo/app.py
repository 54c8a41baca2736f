"""The stand-in's ASGI app: routes, the bearer-key check, request faults, error envelopes."""

from __future__ import annotations

import asyncio
import hmac

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from cgpt_tui.demo import (
    routes_account,
    routes_agents,
    routes_build,
    routes_completions,
    routes_faults,
    routes_licenses,
    routes_messages,
    routes_pages,
    routes_plugins,
    routes_reports,
    routes_settings,
)
from cgpt_tui.demo.context import DemoContext
from cgpt_tui.demo.envelopes import ApiFailure, error

UNAUTHORIZED = "API Token is either missing or invalid"


class Gate:
    """Before any route: the bearer key (401), then the armed request faults.

    The fault routes (`/__demo__/...`) need the key too, but are never failed by a fault.
    """

    def __init__(self, app: ASGIApp, demo: DemoContext) -> None:
        self.app = app
        self.demo = demo

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), self.demo.api_key.encode()
        ):
            await error(request, 401, UNAUTHORIZED)(scope, receive, send)
            return
        if not request.url.path.startswith("/__demo__/"):
            delay = self.demo.faults.take_request_delay(request.url.path)
            if delay:
                await asyncio.sleep(delay)
            fault = self.demo.faults.take_request_fault(request.url.path)
            if fault is not None:
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = f"{fault.retry_after:g}"
                await error(request, fault.status, fault.message, headers)(scope, receive, send)
                return
        try:
            await self.app(scope, receive, send)
        finally:
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                self.demo.state.changed.set()  # worth saving (persist.py)


async def _api_failure(request: Request, failure: Exception) -> Response:
    assert isinstance(failure, ApiFailure)
    return error(request, failure.status, failure.message, failure.headers)


async def _http_exception(request: Request, problem: Exception) -> Response:
    """Starlette's own 404 / 405, in the API's envelope and with Laravel's wording."""
    assert isinstance(problem, HTTPException)
    route = request.url.path.lstrip("/")
    if problem.status_code == 404:
        message = f"The route {route} could not be found."
    elif problem.status_code == 405:
        message = f"The {request.method} method is not supported for route {route}."
    else:
        message = problem.detail
    return error(request, problem.status_code, message, dict(problem.headers or {}))


def create_app(demo: DemoContext) -> ASGIApp:
    app = Starlette(
        routes=[
            *routes_agents.ROUTES,
            *routes_build.ROUTES,
            *routes_pages.ROUTES,
            *routes_messages.ROUTES,
            *routes_completions.ROUTES,
            *routes_account.ROUTES,
            *routes_settings.ROUTES,
            *routes_plugins.ROUTES,
            *routes_licenses.ROUTES,
            *routes_reports.ROUTES,
            *routes_faults.ROUTES,
        ],
        exception_handlers={ApiFailure: _api_failure, HTTPException: _http_exception},
    )
    app.state.demo = demo
    return Gate(app, demo)
