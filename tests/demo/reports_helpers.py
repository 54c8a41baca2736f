"""Helpers for the report tests: the reports, and what the conversation routes show."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from cgpt_tui.demo.server import DemoServer
from tests.conftest import TEST_KEY

from .test_records import all_pages

P = "/api/v1/projects"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # the snapshots' clock
ALL_FILTERS = {
    "traffic": ("sources",),
    "queries": ("total", "query_status"),
    "conversations": ("total", "average_queries_per_conversation"),
    "analysis": ("queries", "conversations", "queries_per_conversation"),
}


@contextmanager
def served(
    folder: Path | None = None, clock: datetime | None = NOW
) -> Iterator[tuple[DemoServer, httpx.Client]]:
    fixed = (lambda: clock) if clock else None
    with DemoServer(port=0, api_key=TEST_KEY, clock=fixed, data_dir=folder) as server:
        headers = {"Authorization": f"Bearer {TEST_KEY}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as http:
            yield server, http


def get(http: httpx.Client, agent_id: int, name: str, params: Any = None) -> httpx.Response:
    return http.get(f"{P}/{agent_id}/reports/{name}", params=params)


def report(http: httpx.Client, agent_id: int, name: str, *extra: tuple[str, str]) -> Any:
    """The report's data, every filter asked for in PHP's form (`filters[]=...`)."""
    params = [("filters[]", f) for f in ALL_FILTERS.get(name, ())] + list(extra)
    response = get(http, agent_id, name, params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success"
    return body["data"]


def error(response: httpx.Response, status: int = 400) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == "error" and body["data"]["code"] == status
    return body["data"]["message"]


def shown(http: httpx.Client, agent_id: int) -> list[tuple[dict, dict]]:
    """Every (conversation, message) of the agent, as the conversation routes list them."""
    found = []
    for conversation in all_pages(http, f"{P}/{agent_id}/conversations"):
        path = f"{P}/{agent_id}/conversations/{conversation['session_id']}/messages"
        found += [(conversation, message) for message in all_pages(http, path)]
    return found


def no_answer(http: httpx.Client, agent_id: int) -> str:
    return http.get(f"{P}/{agent_id}/settings").json()["data"]["no_answer_message"]


def intelligence(http: httpx.Client, agent_id: int, *extra: tuple[str, str]) -> list[dict]:
    """Every intelligence row, walking the pages in order."""
    rows, page = [], 1
    while True:
        data = report(http, agent_id, "intelligence", ("page", str(page)), *extra)
        rows += data["data"]
        if not data["next_page_url"]:
            return rows
        page += 1


def ask_in(http: httpx.Client, agent_id: int, session_id: str, question: str) -> dict:
    path = f"{P}/{agent_id}/conversations/{session_id}/messages"
    sent = http.post(path, json={"prompt": question})
    assert sent.status_code == 200, sent.text
    return sent.json()["data"]
