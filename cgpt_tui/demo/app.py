"""The stand-in's ASGI app: routes, bearer-key check, request faults, error envelopes."""

from __future__ import annotations

import hmac

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from cgpt_tui.demo import routes_account, routes_agents, routes_messages
from cgpt_tui.demo.context import DemoContext
from cgpt_tui.demo.envelopes import ApiFailure, error

UNAUTHORIZED = "API Token is either missing or invalid"


class Gate:
    """Checks the bearer key, then applies request faults, before any route runs."""

    def __init__(self, app: ASGIApp, demo: DemoContext) -> None:
        self.app = app
        self.demo = demo

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), self.demo.api_key.encode()
        ):
            await error(request, 401, UNAUTHORIZED)(scope, receive, send)
            return
        if not request.url.path.startswith("/__demo__/"):
            fault = self.demo.faults.take_request_fault(request.url.path)
            if fault is not None:
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = f"{fault.retry_after:g}"
                await error(request, fault.status, fault.message, headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _api_failure(request: Request, failure: Exception) -> Response:
    assert isinstance(failure, ApiFailure)
    return error(request, failure.status, failure.message, failure.headers)


async def _http_exception(request: Request, problem: Exception) -> Response:
    assert isinstance(problem, HTTPException)
    messages = {404: "Not found", 405: "Method not allowed"}
    return error(request, problem.status_code, messages.get(problem.status_code, problem.detail))


def create_app(demo: DemoContext) -> ASGIApp:
    app = Starlette(
        routes=[*routes_agents.ROUTES, *routes_messages.ROUTES, *routes_account.ROUTES],
        exception_handlers={ApiFailure: _api_failure, HTTPException: _http_exception},
    )
    app.state.demo = demo
    return Gate(app, demo)
