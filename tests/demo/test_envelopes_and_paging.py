"""Envelopes, authentication, error statuses, Laravel pages and list filters, over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from .conftest import ACME, LUMEN, NORTHWIND, messages_path

ONBOARDING = "Onboarding the support team"


def test_missing_or_wrong_keys_get_the_exact_401_envelope(demo_server) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic test-key"},
        {"Authorization": "Bearer"},
        {"Authorization": "test-key"},
    ):
        for path in ("/api/v1/projects", "/api/v1/nowhere", "/__demo__/faults"):
            response = httpx.get(f"{demo_server.base_url}{path}", headers=headers)
            assert response.status_code == 401
            assert response.json() == {
                "status": "error",
                "url": f"{demo_server.base_url}{path}",
                "data": {"code": 401, "message": "API Token is either missing or invalid"},
            }


def test_success_envelope_and_unknown_agent(http) -> None:
    response = http.get(f"/api/v1/projects/{LUMEN}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"status", "data"}
    assert response.json()["status"] == "success"
    for path in ("", "/settings", "/stats", "/conversations", "/citations/9001"):
        missing = http.get(f"/api/v1/projects/4242{path}")
        assert missing.status_code == 404
        assert missing.json()["data"] == {"code": 404, "message": "Agent with id 4242 not found"}
        assert missing.json()["url"].endswith(f"/api/v1/projects/4242{path}")


def test_bad_ids_and_parameters_are_400_unknown_routes_404_in_the_envelope(http) -> None:
    conversations = f"/api/v1/projects/{NORTHWIND}/conversations"
    for params in (
        {"page": "x"},
        {"page": "0"},
        {"order": "sideways"},
        {"orderBy": "name"},
        {"userFilter": "robots"},
    ):
        response = http.get(conversations, params=params)
        assert response.status_code == 400, params
        assert response.json()["status"] == "error" and response.json()["data"]["code"] == 400
    assert http.get("/api/v1/projects", params={"duration": "soon"}).status_code == 400
    assert http.get("/api/v1/projects", params={"duration": "90"}).status_code == 200
    bad_id = http.get("/api/v1/projects/abc")
    assert bad_id.status_code == 400
    assert bad_id.json()["data"]["message"] == "Agent id must be integer"
    nowhere = http.get("/api/v1/nowhere")
    assert nowhere.status_code == 404
    assert nowhere.json()["data"] == {
        "code": 404,
        "message": "The route api/v1/nowhere could not be found.",
    }
    wrong_method = http.patch("/api/v1/user")
    assert wrong_method.status_code == 405 and wrong_method.json()["status"] == "error"


def test_agents_page_by_ten_with_every_laravel_field(http, demo_server) -> None:
    demo_server.state.add_bulk_agents(22)  # 25 agents: pages of 10, 10 and 5
    seen: list[int] = []
    url: str | None = f"{demo_server.base_url}/api/v1/projects?page=1"
    pages = 0
    while url:
        page = http.get(url).json()["data"]
        pages += 1
        assert list(page) == [
            "current_page",
            "data",
            "first_page_url",
            "from",
            "last_page",
            "last_page_url",
            "next_page_url",
            "path",
            "per_page",
            "prev_page_url",
            "to",
            "total",
        ]
        number = page["current_page"]
        assert (page["per_page"], page["total"], page["last_page"]) == (10, 25, 3)
        assert page["from"] == (number - 1) * 10 + 1
        assert page["to"] == page["from"] + len(page["data"]) - 1
        assert page["path"] == f"{demo_server.base_url}/api/v1/projects"
        assert page["first_page_url"] == f"{page['path']}?page=1"
        assert page["last_page_url"] == f"{page['path']}?page=3"
        assert page["prev_page_url"] == (
            f"{page['path']}?page={number - 1}" if number > 1 else None
        )
        seen += [agent["id"] for agent in page["data"]]
        url = page["next_page_url"]
    assert pages == 3
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 25  # id desc by default
    empty = http.get("/api/v1/projects", params={"page": 7}).json()["data"]
    assert (empty["data"], empty["from"], empty["to"], empty["next_page_url"]) == (
        [],
        None,
        None,
        None,
    )
    assert empty["current_page"] == 7 and empty["prev_page_url"].endswith("?page=6")


def test_agent_order_and_name_filter(http) -> None:
    def ids(**params) -> list[int]:
        return [a["id"] for a in http.get("/api/v1/projects", params=params).json()["data"]["data"]]

    assert ids() == [NORTHWIND, LUMEN, ACME]
    assert ids(order="asc") == [ACME, LUMEN, NORTHWIND]
    assert ids(orderBy="created_at", order="asc") == [ACME, LUMEN, NORTHWIND]
    assert ids(name="LUMEN") == [LUMEN]
    assert ids(name="in") == [NORTHWIND, ACME]  # "Northwind", "Intranet"
    assert ids(name="no such agent") == []
    filtered = http.get("/api/v1/projects", params={"name": "acme"}).json()["data"]
    assert (filtered["total"], filtered["from"], filtered["to"]) == (1, 1, 1)


def test_conversations_walk_all_pages_and_filters_partition_them(http, demo_server) -> None:
    path = f"/api/v1/projects/{NORTHWIND}/conversations"
    seen, number = [], 1
    while True:
        page = http.get(path, params={"page": number}).json()["data"]
        assert page["per_page"] == 20 and page["total"] == 28 and page["last_page"] == 2
        seen += page["data"]
        if page["next_page_url"] is None:
            break
        assert page["next_page_url"] == f"{demo_server.base_url}{path}?page={number + 1}"
        number += 1
    assert [c["id"] for c in seen] == sorted((c["id"] for c in seen), reverse=True)
    assert len({c["session_id"] for c in seen}) == 28

    def listed(user_filter: str) -> list[dict]:
        rows, page = [], 1
        while True:
            body = http.get(path, params={"userFilter": user_filter, "page": page}).json()["data"]
            rows += body["data"]
            if not body["next_page_url"]:
                return rows
            page += 1

    me, team, anonymous = listed("me"), listed("team_member"), listed("anonymous")
    assert all(c["created_by"] == 1 for c in me) and me
    assert all(c["created_by"] not in (None, 0, 1) for c in team) and team
    assert all(not c["created_by"] for c in anonymous) and anonymous
    assert len(me) + len(team) + len(anonymous) == 28 == len(listed("all"))


def test_conversation_name_filter_and_order_by_created_at(http) -> None:
    path = f"/api/v1/projects/{NORTHWIND}/conversations"
    found = http.get(path, params={"name": "onboarding"}).json()["data"]["data"]
    assert [c["name"] for c in found] == [ONBOARDING]
    visitors = http.get(path, params={"name": "VISITOR:"}).json()["data"]["data"]
    assert visitors and all(c["name"].startswith("Visitor:") for c in visitors)
    oldest = http.get(path, params={"orderBy": "created_at", "order": "asc"}).json()["data"]
    stamps = [c["created_at"] for c in oldest["data"]]
    assert stamps == sorted(stamps) and oldest["data"][0]["name"] == ONBOARDING


def test_messages_page_by_twenty_newest_first(http) -> None:
    conversations = http.get(
        f"/api/v1/projects/{NORTHWIND}/conversations", params={"name": ONBOARDING}
    ).json()["data"]["data"]
    session = conversations[0]["session_id"]
    path = messages_path(NORTHWIND, session)
    first = http.get(path).json()["data"]
    assert first["conversation"]["session_id"] == session
    page = first["messages"]
    assert (page["total"], page["per_page"], page["last_page"]) == (46, 20, 3)
    ids = [m["id"] for m in page["data"]]
    assert ids == sorted(ids, reverse=True)
    last = http.get(path, params={"page": 3}).json()["data"]["messages"]
    assert (len(last["data"]), last["from"], last["to"], last["next_page_url"]) == (6, 41, 46, None)
    ascending = http.get(path, params={"order": "asc"}).json()["data"]["messages"]["data"]
    assert [m["id"] for m in ascending] == sorted(m["id"] for m in ascending)
    assert ascending[0]["id"] == min(ids) - 26  # the oldest of the 46
    past_the_end = http.get(path, params={"page": 4}).json()["data"]["messages"]
    assert past_the_end["data"] == [] and past_the_end["from"] is None


@pytest.mark.parametrize("session", ["nope", "6f1d2f9e-0000-4000-8000-000000000000"])
def test_unknown_conversation_is_404(http, session: str) -> None:
    for method, suffix in (
        ("GET", "/messages"),
        ("PUT", ""),
        ("DELETE", ""),
        ("POST", "/messages"),
    ):
        response = http.request(
            method,
            f"/api/v1/projects/{NORTHWIND}/conversations/{session}{suffix}",
            json={"name": "x", "prompt": "x"},
        )
        assert response.status_code == 404
        assert response.json()["data"]["message"] == f"Conversation with id {session} not found"
