"""Routes for the five reports: `GET /api/v1/projects/{id}/reports/<name>` (reports.py).

Every report takes `start_date` and `end_date` (a day or an ISO date-time, UTC, inclusive;
the description lists them for intelligence only). The four summaries need `filters`,
sent as `filters[]=a&filters[]=b` (PHP's form), as repeated `filters=a` (the vendor's SDK),
or as `filters[0]=a`; any mix is read as one list. A bad date, a missing or unknown filter,
a bad interval or limit is a 400 that names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo import reports
from cgpt_tui.demo.context import agent_of, context, query_choice, query_limit
from cgpt_tui.demo.envelopes import ApiFailure, paginate, success
from cgpt_tui.demo.routes_agents import PROJECT
from cgpt_tui.demo.state import AgentData

MAX_LIMIT = 100
FILTER_KEY = re.compile(r"filters(\[\d*\])?")


def filters(request: Request, allowed: tuple[str, ...]) -> list[str]:
    """The requested filters in the order sent (each once); 400 when none or unknown."""
    chosen = [
        value for key, value in request.query_params.multi_items() if FILTER_KEY.fullmatch(key)
    ]
    if not chosen:
        raise ApiFailure(400, "The filters field is required.")
    for value in chosen:
        if value not in allowed:
            raise ApiFailure(
                400, f'The filter "{value}" is invalid: use one of {", ".join(allowed)}.'
            )
    return list(dict.fromkeys(chosen))


def span(request: Request) -> reports.Span:
    ends = {}
    for name, end in (("start_date", False), ("end_date", True)):
        raw = request.query_params.get(name)
        if raw is None or not raw.strip():
            continue
        try:
            ends[name] = reports.parse_when(raw, end=end)
        except ValueError:
            raise ApiFailure(
                400, f"The {name} is not a valid date (YYYY-MM-DD or an ISO date-time)."
            ) from None
    try:
        return reports.Span(ends.get("start_date"), ends.get("end_date"))
    except reports.ReportError as problem:
        raise ApiFailure(400, str(problem)) from None


def _found(request: Request) -> tuple[AgentData, reports.Span, list[reports.Query]]:
    agent = agent_of(request)
    chosen = span(request)
    return agent, chosen, reports.queries(context(request).state, agent, chosen)


def _summary(
    allowed: tuple[str, ...], make: Callable[[list[reports.Query], list[str]], dict[str, Any]]
) -> Callable[[Request], Any]:
    async def route(request: Request) -> JSONResponse:
        agent_of(request)  # an unknown agent is a 404 before any filter is read
        wanted = filters(request, allowed)
        _, _, found = _found(request)
        return success(make(found, wanted))

    return route


async def traffic(request: Request) -> JSONResponse:
    agent_of(request)
    filters(request, reports.TRAFFIC_FILTERS)
    _, _, found = _found(request)
    return success(reports.traffic(found))


async def analysis(request: Request) -> JSONResponse:
    agent_of(request)
    wanted = filters(request, reports.ANALYSIS_FILTERS)
    daily = query_choice(request, "interval", ("daily", "weekly"), "weekly") == "daily"
    interval: reports.Interval = "daily" if daily else "weekly"
    agent, chosen, found = _found(request)
    state = context(request).state
    today = state.clock().astimezone(UTC).date()
    first, last = _days(chosen, reports.first_day(state, agent) or today, today)
    try:
        return success(reports.analysis(found, wanted, interval, first, last))
    except reports.ReportError as problem:
        raise ApiFailure(400, str(problem)) from None


def _days(chosen: reports.Span, first_query: date, today: date) -> tuple[date, date]:
    """The series' first and last day: the range's, else the first query's day and today."""
    last = chosen.end.astimezone(UTC).date() if chosen.end else None
    if chosen.start:
        first = chosen.start.astimezone(UTC).date()
    else:
        first = min(first_query, last) if last else first_query
    if last is None:
        last = max(today, first)
    return first, last


async def intelligence(request: Request) -> JSONResponse:
    """A page of CustomerIntelligence rows, newest first (date, then id)."""
    agent_of(request)
    limit = query_limit(request, default=MAX_LIMIT, most=MAX_LIMIT)
    agent, _, found = _found(request)
    page = paginate(request, reports.newest_first(found), limit)
    page["data"] = [reports.intelligence_row(agent, query) for query in page["data"]]
    return success(page)


REPORTS = f"{PROJECT}/reports"
ROUTES = [
    Route(f"{REPORTS}/traffic", traffic, methods=["GET"]),
    Route(
        f"{REPORTS}/queries",
        _summary(reports.QUERY_FILTERS, reports.query_summary),
        methods=["GET"],
    ),
    Route(
        f"{REPORTS}/conversations",
        _summary(reports.CONVERSATION_FILTERS, reports.conversation_summary),
        methods=["GET"],
    ),
    Route(f"{REPORTS}/analysis", analysis, methods=["GET"]),
    Route(f"{REPORTS}/intelligence", intelligence, methods=["GET"]),
]
