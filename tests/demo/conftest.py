"""Helpers for the stand-in's own tests: a plain httpx client (never cgpt_tui.api)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from .openapi_checker import Checker, load_spec

NORTHWIND, LUMEN, ACME = 103, 102, 101


@pytest.fixture
def http(demo_server) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {demo_server.api_key}"}
    with httpx.Client(base_url=demo_server.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The vendor's API description, patched as openapi_checker.py says (skips without it)."""
    return load_spec()


@pytest.fixture
def check(spec: dict[str, Any]) -> Checker:
    return Checker(spec)


def sse_events(body: str) -> list[tuple[str | None, str]]:
    """(event name, raw data) per SSE event of a whole body."""
    found = []
    for block in body.strip("\n").split("\n\n"):
        name, data = None, []
        for line in block.split("\n"):
            field, _, value = line.partition(": ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
        found.append((name, "\n".join(data)))
    return found


def message_events(body: str) -> list[tuple[str, dict]]:
    return [(name or "", json.loads(data)) for name, data in sse_events(body)]


def joined_text(events: list[tuple[str, dict]]) -> str:
    return "".join(data["message"] for name, data in events if name == "progress")


def new_conversation(http: httpx.Client, agent_id: int = NORTHWIND, name: str = "Test") -> str:
    response = http.post(f"/api/v1/projects/{agent_id}/conversations", json={"name": name})
    assert response.status_code == 201
    return response.json()["data"]["session_id"]


def messages_path(agent_id: int, session_id: str) -> str:
    return f"/api/v1/projects/{agent_id}/conversations/{session_id}/messages"


def wait_for(condition: Callable[[], object], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())
