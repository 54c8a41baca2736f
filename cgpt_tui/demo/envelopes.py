"""The API's response shapes: success and error envelopes, and Laravel-style pages."""

from __future__ import annotations

import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse


class ApiFailure(Exception):
    """Raised by a route to answer with an error envelope."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def success(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse({"status": "success", "data": data}, status_code=status)


def error(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """`{"status": "error", "url": <request url>, "data": {"code": N, "message": ...}}`."""
    body = {
        "status": "error",
        "url": str(request.url),
        "data": {"code": status, "message": message},
    }
    return JSONResponse(body, status_code=status, headers=headers)


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise ApiFailure(400, "The page must be an integer.") from None
    if number < 1:
        raise ApiFailure(400, "The page must be at least 1.")
    return number


def paginate(request: Request, rows: list[Any], per_page: int) -> dict[str, Any]:
    """One page of `rows`, shaped exactly like Laravel's LengthAwarePaginator.

    As in Laravel, the page URLs carry only `page`: other query parameters (filters, order)
    are not repeated in them, so a client must send those again for every page.
    """
    number = page_number(request)
    total = len(rows)
    last_page = max(1, math.ceil(total / per_page))
    start = (number - 1) * per_page
    items = rows[start : start + per_page]
    path = str(request.url.replace(query=""))

    def url(n: int) -> str:
        return f"{path}?page={n}"

    return {
        "current_page": number,
        "data": items,
        "first_page_url": url(1),
        "from": start + 1 if items else None,
        "last_page": last_page,
        "last_page_url": url(last_page),
        "next_page_url": url(number + 1) if number < last_page else None,
        "path": path,
        "per_page": per_page,
        "prev_page_url": url(number - 1) if number > 1 else None,
        "to": start + len(items) if items else None,
        "total": total,
    }
